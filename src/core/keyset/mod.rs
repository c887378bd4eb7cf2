//! Key-set checks: what each key in a JWKS, a JWK, a PEM file or a vendor's key list
//! (Omnichannel's) is, and what is wrong with the set (generic rules, then the vendor's from the preset).

mod entry;
mod rules;

use serde::Serialize;
use serde_json::Value;

use super::finding::{Finding, Part, Severity};
use super::key::{CertInfo, KeyListFormat};
use super::preset::Preset;

pub use entry::thumbprint_of_jwk;
pub use rules::issuer_rule;

/// What the set's text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jwks,
    Jwk,
    Pem,
    /// A vendor's key list, as a preset describes it.
    List(&'static KeyListFormat),
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::Jwks => "JWKS",
            Format::Jwk => "one JWK",
            Format::Pem => "PEM",
            Format::List(list) => &list.name,
        }
    }
}

/// `"jwks"`, `"jwk"`, `"pem"`, or the list's id and `_list` (`"omnichannel_list"`).
impl Serialize for Format {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Format::Jwks => s.serialize_str("jwks"),
            Format::Jwk => s.serialize_str("jwk"),
            Format::Pem => s.serialize_str("pem"),
            Format::List(list) => s.serialize_str(&format!("{}_list", list.id)),
        }
    }
}

/// One key of the set, as a person reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KeyInfo {
    /// Where it is in the set: `/keys/0`, `/0`, `PEM block 1`.
    pub at: String,
    pub kty: Option<String>,
    pub alg: Option<String>,
    #[serde(rename = "use")]
    pub use_: Option<String>,
    pub kid: Option<String>,
    /// RSA modulus size in bits.
    pub bits: Option<usize>,
    pub curve: Option<String>,
    /// RFC 7638 SHA-256 thumbprint (not for secret `oct` keys).
    pub thumbprint: Option<String>,
    /// The first `x5c` certificate (or the PEM certificate).
    pub certificate: Option<CertInfo>,
    /// A listed key's expiry (Unix seconds).
    pub expiry: Option<i64>,
    /// Why the key can't be used to verify, when it can't.
    pub unusable: Option<String>,
    /// JSON member names present (for the vendor's required members).
    #[serde(skip)]
    pub members: Vec<String>,
    /// The `x5c` certificate holds another public key than the JWK.
    #[serde(skip)]
    pub x5c_mismatch: bool,
}

impl KeyInfo {
    /// "kid k1" or "key 2" (1-based), for messages.
    pub fn name(&self, index: usize) -> String {
        match &self.kid {
            Some(kid) => format!("kid \"{kid}\""),
            None => format!("key {}", index + 1),
        }
    }

    /// "RSA 2048-bit", "EC P-256", "OKP Ed25519".
    pub fn shape(&self) -> String {
        let kty = self.kty.as_deref().unwrap_or("?");
        match (self.bits, &self.curve) {
            (Some(bits), _) => format!("{kty} {bits}-bit"),
            (None, Some(curve)) => format!("{kty} {curve}"),
            _ => kty.to_string(),
        }
    }
}

/// A key set and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeySetCheck {
    pub format: Format,
    pub keys: Vec<KeyInfo>,
    pub findings: Vec<Finding>,
    /// The preset whose rules were applied.
    pub preset: Option<String>,
}

impl KeySetCheck {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// What to check a set against.
#[derive(Clone, Copy, Default)]
pub struct Against<'a> {
    pub preset: Option<&'a Preset>,
    /// The key set's issuer (OIDC discovery's `issuer`) and a token's `iss`, when known.
    pub issuer: Option<&'a str>,
    pub token_iss: Option<&'a str>,
    pub now: i64,
}

/// Reads and checks a key set. Err: the text is not a key set at all (one line).
pub fn check(bytes: &[u8], with: &Against<'_>) -> Result<KeySetCheck, String> {
    let (format, keys) = entry::read(bytes)?;
    let mut findings = Vec::new();
    generic(&keys, with.now, &mut findings);
    if let Some(preset) = with.preset {
        rules::vendor(preset, format, &keys, with, &mut findings);
    }
    Ok(KeySetCheck {
        format,
        keys,
        findings,
        preset: with.preset.map(|p| p.id.clone()),
    })
}

/// A JSON pointer to the key's member (`/keys/0/alg`), or where the key is.
fn at(key: &KeyInfo, member: &str) -> String {
    let pointer = key.at.is_empty() || key.at.starts_with('/');
    match (pointer, member.is_empty()) {
        (true, false) => format!("{}/{member}", key.at),
        (true, true) if key.at.is_empty() => "the key".to_string(),
        _ => key.at.clone(),
    }
}

pub(super) fn finding(
    severity: Severity,
    rule: &str,
    key: Option<(&KeyInfo, &str)>,
    message: String,
) -> Finding {
    let f = Finding::new(severity, Part::Key, rule, message);
    match key {
        Some((k, member)) => f.claim(&at(k, member)),
        None => f,
    }
}

/// Rules for every key set (RFC 7517, RFC 7518 §3.3, RFC 8725).
fn generic(keys: &[KeyInfo], now: i64, out: &mut Vec<Finding>) {
    use Severity::{Error, Info, Warning};
    let many = keys.len() > 1;
    for (i, k) in keys.iter().enumerate() {
        let name = k.name(i);
        if let Some(why) = &k.unusable {
            out.push(finding(
                Warning,
                "key-unusable",
                Some((k, "")),
                format!("{name} can't be used to verify: {why}."),
            ));
        }
        if many && k.kid.is_none() {
            out.push(finding(Warning, "kid-missing", Some((k, "kid")), format!("{name} has no \"kid\": with several keys a verifier can't tell which one a token means.")));
        }
        if k.alg.is_none() && k.members.iter().any(|m| m == "kty") {
            out.push(finding(Warning, "alg-missing", Some((k, "alg")), format!("{name} has no \"alg\": verifiers must guess its algorithm (RFC 8725 §3.1 advises pinning it).")));
        }
        if let Some(bits) = k.bits.filter(|b| *b < 2048) {
            out.push(finding(Error, "rsa-too-small", Some((k, "n")), format!("{name} is a {bits}-bit RSA key: under the 2048 bits RFC 7518 §3.3 requires for RS/PS algorithms.")));
        }
        let private: Vec<&str> = ["d", "p", "q", "dp", "dq", "qi", "k"]
            .into_iter()
            .filter(|m| k.members.iter().any(|have| have == m))
            .collect();
        if k.kty.as_deref() == Some("oct") {
            out.push(finding(Error, "published-secret", Some((k, "k")), format!("{name} is a symmetric key (\"kty\": \"oct\"): a key set is public, so anyone who reads it can sign HS tokens that verify with it. tokenbench never verifies with a key fetched by URL that is a secret; remove it and change the secret.")));
        } else if !private.is_empty() {
            out.push(finding(Error, "private-member", Some((k, private[0])), format!("{name} carries private members ({}) in what should be a public key set: anyone who reads it can sign tokens. Replace the key.", private.join(", "))));
        }
        if k.use_.as_deref() == Some("enc") {
            out.push(finding(Info, "use-enc", Some((k, "use")), format!("{name} is an encryption key (\"use\": \"enc\"); signatures are not checked with it.")));
        }
        if k.x5c_mismatch {
            out.push(finding(Error, "x5c-mismatch", Some((k, "x5c")), format!("{name}'s x5c certificate holds a different public key than the JWK (RFC 7517 §4.7): verifiers that use the certificate will reject tokens.")));
        }
        if let Some(cert) = &k.certificate {
            if cert.not_after < now {
                out.push(finding(
                    Error,
                    "certificate-expired",
                    Some((k, "x5c")),
                    format!(
                        "{name}'s certificate ({}) expired on {}.",
                        cert.subject,
                        day_text(cert.not_after)
                    ),
                ));
            } else if cert.not_before > now {
                out.push(finding(
                    Warning,
                    "certificate-not-yet-valid",
                    Some((k, "x5c")),
                    format!(
                        "{name}'s certificate is not valid before {}.",
                        day_text(cert.not_before)
                    ),
                ));
            }
        }
    }
    for (i, k) in keys.iter().enumerate() {
        let Some(kid) = &k.kid else { continue };
        let before = keys[..i]
            .iter()
            .filter(|o| o.kid.as_ref() == Some(kid))
            .count();
        if before == 1 {
            let count = keys.iter().filter(|o| o.kid.as_ref() == Some(kid)).count();
            out.push(finding(Error, "kid-duplicate", Some((k, "kid")), format!("{count} keys share the kid \"{kid}\": a verifier picking by kid may take the wrong one.")));
        }
    }
}

/// "2026-12-12" for a Unix time.
pub fn day_text(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::macros::format_description!("[year]-[month]-[day]"))
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}

/// A JSON member as a string, when it is one.
pub(super) fn text(v: &serde_json::Map<String, Value>, name: &str) -> Option<String> {
    v.get(name).and_then(Value::as_str).map(str::to_string)
}

#[cfg(test)]
mod tests;
