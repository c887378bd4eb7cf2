//! A "secret" that is really a public key: a PEM public key or certificate, a JWK or JWKS
//! with public members, an OpenSSH public key, or the DER of one. Used as an HMAC key, it
//! lets anyone who has the public key sign tokens that verify: the RS256→HS256 key
//! confusion of RFC 8725 §2.1. tokenbench never signs or verifies with such a key.

use serde_json::Value;

/// What the bytes are, when they are a public key ("an RSA public key (PEM)"); None for
/// anything else, a private key included (not anyone's, though an odd secret).
pub fn public_key_in(bytes: &[u8]) -> Option<String> {
    let text = bytes.trim_ascii();
    if let Some(label) = pem_label(text) {
        return public_pem(label);
    }
    if text.starts_with(b"---- BEGIN SSH2 PUBLIC KEY ----") {
        return Some("an SSH public key (RFC 4716)".into());
    }
    if let Some(kind) = openssh(text) {
        return Some(format!("an OpenSSH {kind} public key"));
    }
    if text.starts_with(b"{") || text.starts_with(b"[") {
        return public_jwk(text);
    }
    if text.first() == Some(&0x30) {
        return public_der(bytes);
    }
    None
}

/// The label of the first PEM block: `-----BEGIN LABEL-----`.
fn pem_label(text: &[u8]) -> Option<&[u8]> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let at = memchr::memmem::find(text, BEGIN)?;
    let rest = &text[at + BEGIN.len()..];
    let end = memchr::memmem::find(rest, b"-----")?;
    Some(rest[..end].trim_ascii())
}

fn public_pem(label: &[u8]) -> Option<String> {
    let label = String::from_utf8_lossy(label).to_ascii_uppercase();
    if label.contains("CERTIFICATE") {
        return Some("a certificate (PEM), which carries a public key".into());
    }
    if !label.contains("PUBLIC KEY") {
        return None;
    }
    let kind = match label.split_whitespace().next() {
        Some("RSA") => "an RSA public key",
        Some("EC") => "an EC public key",
        Some("SSH2") => "an SSH public key",
        _ => "a public key",
    };
    Some(format!("{kind} (PEM)"))
}

/// `ssh-rsa AAAA…`, `ecdsa-sha2-nistp256 AAAA…`, `ssh-ed25519 AAAA…` (as in
/// `authorized_keys` or a `.pub` file).
fn openssh(text: &[u8]) -> Option<&'static str> {
    let first = text.split(u8::is_ascii_whitespace).next()?;
    let blob = text
        .get(first.len()..)?
        .trim_ascii_start()
        .starts_with(b"AAAA");
    let kind = match first {
        b"ssh-rsa" | b"ssh-rsa-cert-v01@openssh.com" => "RSA",
        b"ssh-dss" => "DSA",
        b"ssh-ed25519" | b"sk-ssh-ed25519@openssh.com" => "Ed25519",
        b"ssh-ed448" => "Ed448",
        k if k.starts_with(b"ecdsa-sha2-") || k.starts_with(b"sk-ecdsa-sha2-") => "ECDSA",
        _ => return None,
    };
    blob.then_some(kind)
}

/// A JWK with `kty` other than `oct` and no private member, or a JWKS holding one.
fn public_jwk(text: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(text).ok()?;
    let is_public = |k: &Value| {
        let kind = k.get("kty").and_then(Value::as_str)?;
        (kind != "oct" && k.get("d").is_none()).then(|| kind.to_string())
    };
    if let Some(kind) = is_public(&value) {
        return Some(format!("a public JWK (kty {kind})"));
    }
    let keys = match &value {
        Value::Array(keys) => keys,
        Value::Object(o) => o.get("keys").and_then(Value::as_array)?,
        _ => return None,
    };
    let kind = keys.iter().find_map(is_public)?;
    Some(format!("a JWKS with public keys (kty {kind})"))
}

/// DER that reads as a public key or certificate and holds nothing private.
fn public_der(bytes: &[u8]) -> Option<String> {
    let set = super::parse_key_file(bytes).ok()?;
    let all_public = !set.keys.is_empty() && set.keys.iter().all(|k| !k.is_private());
    all_public.then(|| "a public key (DER)".to_string())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::core::key::{KeySpec, generate};

    #[test]
    fn every_form_of_a_public_key_is_recognised() {
        let pair = generate(KeySpec::Rsa(2048)).unwrap();
        let public_pem = pair.public_pem().unwrap();
        assert_eq!(
            public_key_in(public_pem.as_bytes()).as_deref(),
            Some("a public key (PEM)")
        );
        let rsa = "-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEA\n-----END RSA PUBLIC KEY-----\n";
        assert_eq!(
            public_key_in(rsa.as_bytes()).as_deref(),
            Some("an RSA public key (PEM)")
        );
        let cert = "\n  -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assert!(
            public_key_in(cert.as_bytes())
                .unwrap()
                .contains("certificate")
        );
        let ssh = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host\n";
        assert_eq!(
            public_key_in(ssh.as_bytes()).as_deref(),
            Some("an OpenSSH Ed25519 public key")
        );
        let ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY=";
        assert!(public_key_in(ecdsa.as_bytes()).is_some());
        let rfc4716 = "---- BEGIN SSH2 PUBLIC KEY ----\nAAAAB3Nza\n---- END SSH2 PUBLIC KEY ----";
        assert!(public_key_in(rfc4716.as_bytes()).is_some());
        let jwk = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
        assert_eq!(
            public_key_in(jwk.as_bytes()).as_deref(),
            Some("a public JWK (kty EC)")
        );
        let jwks = format!(r#"{{"keys":[{{"kty":"oct","k":"c2VjcmV0"}},{jwk}]}}"#);
        assert!(public_key_in(jwks.as_bytes()).unwrap().contains("JWKS"));
        let der = pair.public_spki_der().unwrap();
        assert_eq!(public_key_in(&der).as_deref(), Some("a public key (DER)"));
    }

    #[test]
    fn secrets_and_private_keys_are_not_public_keys() {
        for secret in [
            &b"kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0="[..],
            b"secret",
            b"ssh-rsa is what my password starts with",
            br#"{"kty":"oct","k":"c2VjcmV0"}"#,
            br#"{"kty":"EC","crv":"P-256","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#,
            b"0\x82\x01\x22 not DER at all",
            b"",
        ] {
            assert_eq!(
                public_key_in(secret),
                None,
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        let pair = generate(KeySpec::Ec(crate::core::alg::Curve::P256)).unwrap();
        let private = pair.private_pkcs8_pem().unwrap();
        assert_eq!(public_key_in(private.expose()), None);
    }
}
