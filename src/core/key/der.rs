//! Just enough DER to read and write the three envelopes keys come in (PKCS#8,
//! SubjectPublicKeyInfo, X.509 certificates). Bounded and non-recursive: a hostile file
//! can't exhaust the stack. The cryptography itself is aws-lc-rs's.

pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const NULL: u8 = 0x05;
pub(crate) const OID: u8 = 0x06;

/// Object identifiers, as their DER content bytes.
pub(crate) mod oid {
    pub const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    pub const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
    pub const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    pub const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    pub const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
    pub const P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
    pub const SECP256K1: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x0a];
    pub const X25519: &[u8] = &[0x2b, 0x65, 0x6e];
    pub const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    pub const ED448: &[u8] = &[0x2b, 0x65, 0x71];
}

/// One tag-length-value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
}

/// Reads one TLV from the front of `input`; returns it and what follows.
pub(crate) fn read(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    if tag & 0x1f == 0x1f {
        return None; // multi-byte tags never appear in key envelopes
    }
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let (content, rest) = rest.split_at(len);
    Some((Tlv { tag, content }, rest))
}

/// Reads exactly one TLV that fills `input`.
pub(crate) fn read_all(input: &[u8]) -> Option<Tlv<'_>> {
    match read(input)? {
        (tlv, []) => Some(tlv),
        _ => None,
    }
}

/// The TLVs inside a constructed value's content.
pub(crate) fn children(content: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let mut out = Vec::new();
    let mut rest = content;
    while !rest.is_empty() {
        let (tlv, next) = read(rest)?;
        out.push(tlv);
        rest = next;
    }
    Some(out)
}

/// The children of a SEQUENCE that fills `input`.
pub(crate) fn sequence(input: &[u8]) -> Option<Vec<Tlv<'_>>> {
    let tlv = read_all(input)?;
    (tlv.tag == SEQUENCE).then_some(())?;
    children(tlv.content)
}

/// Encodes one TLV.
pub(crate) fn write(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(u8::try_from(len).unwrap_or(0));
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | u8::try_from(bytes.len() - skip).unwrap_or(0));
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(content);
    out
}

/// The algorithm OID and its parameters from an AlgorithmIdentifier.
pub(crate) fn algorithm_identifier<'a>(alg: &Tlv<'a>) -> Option<(&'a [u8], Option<Tlv<'a>>)> {
    if alg.tag != SEQUENCE {
        return None;
    }
    let parts = children(alg.content)?;
    let oid = parts.first().filter(|t| t.tag == OID)?;
    Some((oid.content, parts.get(1).copied()))
}

/// A SubjectPublicKeyInfo: (algorithm OID, parameters, key bytes).
pub(crate) struct Spki<'a> {
    pub algorithm: &'a [u8],
    pub parameters: Option<Tlv<'a>>,
    pub key: &'a [u8],
}

pub(crate) fn spki(input: &[u8]) -> Option<Spki<'_>> {
    let parts = sequence(input)?;
    spki_from_parts(&parts)
}

fn spki_from_parts<'a>(parts: &[Tlv<'a>]) -> Option<Spki<'a>> {
    let [alg, bits] = parts else { return None };
    let (algorithm, parameters) = algorithm_identifier(alg)?;
    if bits.tag != BIT_STRING {
        return None;
    }
    let (&unused, key) = bits.content.split_first()?;
    (unused == 0).then_some(Spki {
        algorithm,
        parameters,
        key,
    })
}

/// A PKCS#8 PrivateKeyInfo: (algorithm OID, parameters, the inner private key).
pub(crate) struct Pkcs8<'a> {
    pub algorithm: &'a [u8],
    pub parameters: Option<Tlv<'a>>,
    pub private_key: &'a [u8],
}

pub(crate) fn pkcs8(input: &[u8]) -> Option<Pkcs8<'_>> {
    let parts = sequence(input)?;
    let version = parts.first().filter(|t| t.tag == INTEGER)?;
    if version.content.len() != 1 || version.content[0] > 1 {
        return None;
    }
    let (algorithm, parameters) = algorithm_identifier(parts.get(1)?)?;
    let key = parts.get(2).filter(|t| t.tag == OCTET_STRING)?;
    Some(Pkcs8 {
        algorithm,
        parameters,
        private_key: key.content,
    })
}

/// The SubjectPublicKeyInfo inside an X.509 certificate's tbsCertificate.
pub(crate) fn certificate_spki(input: &[u8]) -> Option<Vec<u8>> {
    let cert = sequence(input)?;
    let tbs = cert.first().filter(|t| t.tag == SEQUENCE)?;
    // tbsCertificate: [0] version?, serial, signature, issuer, validity, subject, spki, ...
    children(tbs.content)?.into_iter().find_map(|t| {
        if t.tag != SEQUENCE {
            return None;
        }
        let parts = children(t.content)?;
        spki_from_parts(&parts)?;
        Some(write(SEQUENCE, t.content))
    })
}

/// Encodes a SubjectPublicKeyInfo.
pub(crate) fn write_spki(algorithm: &[u8], parameters: Option<&[u8]>, key: &[u8]) -> Vec<u8> {
    let mut alg = write(OID, algorithm);
    match parameters {
        Some(p) => alg.extend(write(OID, p)),
        None if algorithm == oid::RSA_ENCRYPTION => alg.extend(write(NULL, &[])),
        None => {}
    }
    let mut bits = vec![0u8];
    bits.extend_from_slice(key);
    let mut body = write(SEQUENCE, &alg);
    body.extend(write(BIT_STRING, &bits));
    write(SEQUENCE, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_lengths() {
        for len in [0usize, 1, 127, 128, 255, 256, 70_000] {
            let content = vec![7u8; len];
            let enc = write(OCTET_STRING, &content);
            let tlv = read_all(&enc);
            assert_eq!(tlv.map(|t| t.content.len()), Some(len));
        }
    }

    #[test]
    fn rejects_truncated_and_hostile_input() {
        assert!(read(&[0x30]).is_none());
        assert!(read(&[0x30, 0x85, 1, 2, 3, 4, 5]).is_none());
        assert!(read(&[0x30, 0x82, 0xff, 0xff]).is_none());
        assert!(read(&[0x1f, 0x01, 0x00]).is_none());
        let nested = [0x30u8, 0x80].repeat(100_000);
        assert!(spki(&nested).is_none());
        assert!(pkcs8(&nested).is_none());
        assert!(certificate_spki(&nested).is_none());
    }

    #[test]
    fn spki_round_trip() {
        let der = write_spki(oid::ED25519, None, &[9u8; 32]);
        let parsed = spki(&der);
        assert_eq!(parsed.as_ref().map(|s| s.algorithm), Some(oid::ED25519));
        assert_eq!(parsed.map(|s| s.key.to_vec()), Some(vec![9u8; 32]));
    }
}
