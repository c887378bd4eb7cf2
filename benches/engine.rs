//! tokenbench's engine against raw jsonwebtoken, in the same run.
//!
//! cargo bench --bench engine
//!
//! - mint/<alg>: tokenbench builds the claims from a preset and signs, vs jsonwebtoken::encode
//!   of the same claims already built (`jsonwebtoken`) and built per call with `json!`
//!   (`jsonwebtoken+claims`, what a hand-written minting function does).
//! - verify/<alg>: tokenbench decodes leniently, verifies, runs the preset's checks and builds
//!   the report, vs jsonwebtoken::decode with exp validation.
//! - inspect-4k: the same with a 4 KB Connect token.
//! - snippet-4k/<kind>: filling each snippet for that token; `mask`: demo mode's masking.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Figures for people: sizes and times shown as f64, byte values made from counters.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use serde_json::{Value, json};
use tokenbench::core::alg::Alg;
use tokenbench::core::decode::decode;
use tokenbench::core::key::{Key, KeySet, KeySpec, generate};
use tokenbench::core::mask::mask_payload;
use tokenbench::core::mint::{ClaimValue, MintRequest, Minted, mint};
use tokenbench::core::preset::{Preset, Presets};
use tokenbench::core::report::{Inspect, inspect};
use tokenbench::core::secret::{Secret, SecretEncoding};
use tokenbench::core::snippet;

const NOW: i64 = 1_800_000_000;
const SECRET: &[u8] = b"kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=";

struct Case {
    alg: Alg,
    preset: Preset,
    key: Key,
    encoding: EncodingKey,
    decoding: DecodingKey,
    request: MintRequest,
}

fn pem(key: &Key) -> (EncodingKey, DecodingKey) {
    let private = key.private_pkcs8_pem().expect("private pem");
    let public = key.public_pem().expect("public pem");
    match key.family() {
        tokenbench::core::alg::Family::Rsa => (
            EncodingKey::from_rsa_pem(private.expose()).expect("rsa"),
            DecodingKey::from_rsa_pem(public.as_bytes()).expect("rsa"),
        ),
        tokenbench::core::alg::Family::Ec => (
            EncodingKey::from_ec_pem(private.expose()).expect("ec"),
            DecodingKey::from_ec_pem(public.as_bytes()).expect("ec"),
        ),
        _ => (
            EncodingKey::from_ed_pem(private.expose()).expect("ed"),
            DecodingKey::from_ed_pem(public.as_bytes()).expect("ed"),
        ),
    }
}

fn cases() -> Vec<Case> {
    let presets = Presets::builtin();
    let connect = presets.get("amazon-connect").expect("connect").clone();
    let generic = presets.get("generic").expect("generic").clone();
    let request = MintRequest {
        claims: vec![("sub".into(), ClaimValue::Text("widget-1234".into()))],
        attributes: vec![
            ("customerId".into(), "42".into()),
            ("name".into(), "Jane Doe".into()),
            ("tier".into(), "gold".into()),
        ],
        ..MintRequest::default()
    };
    let mut out = vec![Case {
        alg: Alg::HS256,
        preset: connect,
        key: Key::hmac(Secret::new(SECRET.to_vec())),
        encoding: EncodingKey::from_secret(SECRET),
        decoding: DecodingKey::from_secret(SECRET),
        request: request.clone(),
    }];
    let generic_request = MintRequest {
        claims: vec![
            ("sub".into(), ClaimValue::Text("widget-1234".into())),
            (
                "attributes".into(),
                ClaimValue::Json(json!({"customerId": "42", "name": "Jane Doe", "tier": "gold"})),
            ),
        ],
        ..MintRequest::default()
    };
    for (alg, spec) in [
        (Alg::RS256, KeySpec::Rsa(2048)),
        (Alg::ES256, KeySpec::Ec(tokenbench::core::alg::Curve::P256)),
        (Alg::EdDSA, KeySpec::Ed25519),
    ] {
        let key = generate(spec).expect("keygen");
        let (encoding, decoding) = pem(&key);
        out.push(Case {
            alg,
            preset: generic.clone(),
            key,
            encoding,
            decoding,
            request: generic_request.clone(),
        });
    }
    out
}

fn mint_vs_encode(c: &mut Criterion) {
    let mut group = c.benchmark_group("mint");
    for case in cases() {
        let minted = mint(&case.preset, &case.request, &case.key, NOW).expect("mint");
        let claims = Value::Object(minted.payload.clone());
        let header = Header::new(case.alg.to_string().parse().expect("alg"));
        group.bench_function(format!("tokenbench/{}", case.alg), |b| {
            b.iter(|| {
                mint(
                    black_box(&case.preset),
                    black_box(&case.request),
                    &case.key,
                    NOW,
                )
                .expect("mint")
            });
        });
        group.bench_function(format!("jsonwebtoken/{}", case.alg), |b| {
            b.iter(|| {
                jsonwebtoken::encode(black_box(&header), black_box(&claims), &case.encoding)
                    .expect("encode")
            });
        });
        // What a hand-written minting function does: build the claims, then encode.
        group.bench_function(format!("jsonwebtoken+claims/{}", case.alg), |b| {
            b.iter(|| {
                let iat = black_box(NOW);
                let claims = json!({
                    "sub": "widget-1234",
                    "iat": iat,
                    "exp": iat + 500,
                    "attributes": {"customerId": "42", "name": "Jane Doe", "tier": "gold"},
                });
                jsonwebtoken::encode(black_box(&header), &claims, &case.encoding).expect("encode")
            });
        });
    }
    group.finish();
}

fn validation(alg: Alg) -> Validation {
    let mut v = Validation::new(alg.to_string().parse().expect("alg"));
    v.validate_exp = true;
    v.leeway = 0;
    v.required_spec_claims.clear();
    v
}

fn verify_vs_decode(c: &mut Criterion) {
    let presets = Presets::builtin();
    let mut group = c.benchmark_group("verify");
    for case in cases() {
        // Signed now so that jsonwebtoken (which reads the clock) sees a live token.
        let now = jsonwebtoken::get_current_timestamp().cast_signed();
        let token = mint(&case.preset, &case.request, &case.key, now)
            .expect("mint")
            .token;
        let keys = KeySet::single(case.key.public().unwrap_or_else(|| case.key.clone()));
        let with = Inspect {
            preset: Some(&case.preset),
            keys: Some(&keys),
            algorithms: None,
            presets: Some(&presets),
            now,
            leeway: 0,
        };
        let decoded = decode(&token);
        assert_eq!(inspect(&decoded, &with).signature_valid, Some(true));
        let v = validation(case.alg);
        group.bench_function(format!("tokenbench/{}", case.alg), |b| {
            b.iter(|| {
                let decoded = decode(black_box(&token));
                black_box(inspect(&decoded, &with).status)
            });
        });
        group.bench_function(format!("jsonwebtoken/{}", case.alg), |b| {
            b.iter(|| {
                jsonwebtoken::decode::<Value>(black_box(&token), &case.decoding, &v)
                    .expect("decode")
            });
        });
    }
    group.finish();
}

fn inspect_4k(c: &mut Criterion) {
    let presets = Presets::builtin();
    let connect = presets.get("amazon-connect").expect("connect");
    let key = Key::hmac(Secret::new(SECRET.to_vec()));
    let attributes: Vec<(String, String)> = (0..60)
        .map(|i| {
            (
                format!("attribute{i:02}"),
                format!("value-{i:02}-{}", "x".repeat(30)),
            )
        })
        .collect();
    let request = MintRequest {
        claims: vec![("sub".into(), ClaimValue::Text("widget-1234".into()))],
        attributes,
        ..MintRequest::default()
    };
    let now = jsonwebtoken::get_current_timestamp().cast_signed();
    let minted = mint(connect, &request, &key, now).expect("mint");
    snippets_4k(c, connect, &minted, now);
    let token = minted.token;
    assert!(
        (4000..6144).contains(&token.len()),
        "a 4 KB token: {}",
        token.len()
    );
    let keys = KeySet::single(key);
    let with = Inspect {
        preset: Some(connect),
        keys: Some(&keys),
        algorithms: None,
        presets: Some(&presets),
        now,
        leeway: 0,
    };
    let decoded = decode(&token);
    let report = inspect(&decoded, &with);
    assert_eq!(report.signature_valid, Some(true));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let decoding = DecodingKey::from_secret(SECRET);
    let v = validation(Alg::HS256);
    let mut group = c.benchmark_group("inspect-4k");
    group.bench_function("tokenbench", |b| {
        b.iter(|| {
            let decoded = decode(black_box(&token));
            black_box(inspect(&decoded, &with).status)
        });
    });
    group.bench_function("jsonwebtoken", |b| {
        b.iter(|| jsonwebtoken::decode::<Value>(black_box(&token), &decoding, &v).expect("decode"));
    });
    group.finish();
}

/// Filling each snippet kind (and demo mode's masked payload) for a 4 KB Connect token: what
/// the window does once per edit.
fn snippets_4k(c: &mut Criterion, preset: &Preset, minted: &Minted, now: i64) {
    let settings = std::collections::BTreeMap::new();
    let inputs = snippet::Inputs {
        preset,
        minted,
        now,
        encoding: SecretEncoding::Utf8,
        server_url: "http://127.0.0.1:3000",
        settings: &settings,
    };
    let mut group = c.benchmark_group("snippet-4k");
    for kind in snippet::Kind::ALL {
        assert!(snippet::render(kind, &inputs).is_ok(), "{kind:?}");
        group.bench_function(kind.id(), |b| {
            b.iter(|| black_box(snippet::render(kind, black_box(&inputs))))
        });
    }
    group.bench_function("mask", |b| {
        b.iter(|| black_box(mask_payload(Some(preset), black_box(&minted.payload))))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = mint_vs_encode, verify_vs_decode, inspect_4k
}
criterion_main!(benches);
