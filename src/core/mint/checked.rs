//! Minting as every face does it (the command line, the server, the window): sign, read the
//! token back, and check it against the preset's rules. Also the raw editor's way in: the
//! header and payload JSON as typed, signed in the order they are written.

use serde_json::Value;

use super::{MintError, MintRequest, Minted, Object, choose_alg, mint};
use crate::core::alg::Alg;
use crate::core::check::{CheckOptions, check};
use crate::core::decode::{Decoded, decode};
use crate::core::finding::Finding;
use crate::core::json::{JsonError, parse_object};
use crate::core::jws;
use crate::core::key::Key;
use crate::core::preset::Preset;

/// A fresh token, decoded again, with the preset's findings about it.
#[derive(Clone, Debug)]
pub struct Checked {
    pub minted: Minted,
    pub decoded: Decoded,
    pub findings: Vec<Finding>,
}

/// Mints with `preset` and `req`, then checks the token as `inspect` would.
pub fn mint_checked(
    preset: &Preset,
    req: &MintRequest,
    key: &Key,
    opts: &CheckOptions<'_>,
) -> Result<Checked, MintError> {
    let minted = mint(preset, req, key, opts.now)?;
    Ok(checked(preset, minted, opts))
}

fn checked(preset: &Preset, minted: Minted, opts: &CheckOptions<'_>) -> Checked {
    let decoded = decode(&minted.token);
    // Sealed claims are checked as the claims they are (the JWE itself is not a JWS).
    let findings = if preset.sealed_claims().is_some() {
        crate::core::check::check_values(preset, &minted.payload)
    } else {
        check(&decoded, Some(preset), opts)
    };
    Checked {
        minted,
        decoded,
        findings,
    }
}

/// Which JSON text of the raw editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawPart {
    Header,
    Payload,
}

impl RawPart {
    pub fn name(self) -> &'static str {
        match self {
            RawPart::Header => "header",
            RawPart::Payload => "payload",
        }
    }
}

/// Why the raw editor's JSON can't be signed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RawError {
    #[error("the {} JSON has an error: {error}", part.name())]
    Json { part: RawPart, error: JsonError },
    #[error(transparent)]
    Mint(#[from] MintError),
}

/// The raw editor's texts as JSON objects, in the order written.
pub fn parse_raw(header: &str, payload: &str) -> Result<(Object, Object), RawError> {
    let read = |part: RawPart, text: &str| {
        parse_object(text)
            .map(|p| p.object)
            .map_err(|error| RawError::Json { part, error })
    };
    Ok((
        read(RawPart::Header, header)?,
        read(RawPart::Payload, payload)?,
    ))
}

/// Signs a header and payload exactly as given: the algorithm is the header's `alg` when the
/// preset and the key allow it, else the preset's that fits the key.
pub fn sign_raw(
    preset: &Preset,
    header: Object,
    payload: Object,
    key: &Key,
    opts: &CheckOptions<'_>,
) -> Result<Checked, RawError> {
    if preset.sealed_claims().is_some() {
        return Ok(checked(
            preset,
            super::seal_claims(preset, payload, key)?,
            opts,
        ));
    }
    let wanted = header
        .get("alg")
        .and_then(Value::as_str)
        .and_then(Alg::from_jose);
    let alg = choose_alg(preset, key, wanted)?;
    let token = jws::sign(&header, &payload, key, alg).map_err(MintError::from)?;
    let mut header = header;
    header.insert("alg".into(), Value::from(alg.name()));
    let minted = Minted {
        token,
        header,
        payload,
        alg,
    };
    Ok(checked(preset, minted, opts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::preset::Presets;

    fn connect() -> Preset {
        Presets::builtin()
            .get("amazon-connect")
            .cloned()
            .expect("preset")
    }

    #[test]
    fn a_checked_mint_carries_its_findings() {
        let preset = connect();
        let key = Key::hmac(crate::core::secret::Secret::new(
            b"kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=".to_vec(),
        ));
        let req = MintRequest {
            claims: vec![("sub".into(), super::super::ClaimValue::Text("w-1".into()))],
            lifetime: Some(3600),
            ..MintRequest::default()
        };
        let opts = CheckOptions {
            now: 1_800_000_000,
            ..CheckOptions::default()
        };
        let c = mint_checked(&preset, &req, &key, &opts).expect("mint");
        assert_eq!(c.decoded.compact, c.minted.token);
        assert!(
            c.findings.iter().any(|f| f.rule.contains("lifetime")),
            "an hour breaks Connect's ten-minute limit: {:?}",
            c.findings
        );
    }

    #[test]
    fn raw_json_is_signed_in_the_order_written() {
        let preset = connect();
        let key = Key::hmac(crate::core::secret::Secret::new(
            b"kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=".to_vec(),
        ));
        let (h, p) = parse_raw(
            r#"{"typ": "JWT", "alg": "HS256"}"#,
            r#"{"z": 1, "sub": "w-1", "a": 2}"#,
        )
        .expect("json");
        let c = sign_raw(&preset, h, p, &key, &CheckOptions::default()).expect("sign");
        let keys: Vec<&String> = c.minted.payload.keys().collect();
        assert_eq!(keys, ["z", "sub", "a"]);
        let payload_json = c.decoded.payload.text.clone().unwrap_or_default();
        assert!(payload_json.starts_with(r#"{"z":1"#), "{payload_json}");
        let err = parse_raw("{}", "{\"sub\" \"x\"}").expect_err("broken");
        match err {
            RawError::Json { part, error } => {
                assert_eq!(part, RawPart::Payload);
                assert_eq!(error.line, 1);
            }
            other => panic!("{other:?}"),
        }
    }
}
