//! What a cached key set adds to `verify`: reading the cached JWKS and parsing it, against
//! verifying with keys already in memory and with a key file, in the same run.
//!
//! cargo bench --bench keys
//!
//! - verify-rs256/in-memory: decode, verify and report with the key set already parsed.
//! - verify-rs256/key-file: read a PEM file and parse it first (what `--key-file` does).
//! - verify-rs256/cached-url: take a three-key JWKS from the cache (fresh, so no network)
//!   and parse it first (what `--jwks-url` does once the set is cached).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Figures for people: sizes and times shown as f64, byte values made from counters.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value, json};
use tokenbench::core::alg::Alg;
use tokenbench::core::decode::decode;
use tokenbench::core::key::{Key, KeySet, KeySpec, generate, jwks, parse_key_file};
use tokenbench::core::report::{Inspect, inspect};
use tokenbench::web::cache::{Cache, Entry};
use tokenbench::web::{Fetcher, KeySource};

const URL: &str = "https://login.acme.example/.well-known/jwks.json";

fn rsa(kid: &str) -> Key {
    generate(KeySpec::for_alg(Alg::RS256, None).unwrap())
        .unwrap()
        .with_kid(Some(kid.to_string()))
}

fn verify(token: &str, keys: &KeySet) -> bool {
    let decoded = decode(token);
    let report = inspect(
        &decoded,
        &Inspect {
            keys: Some(keys),
            now: 1_800_000_000,
            ..Inspect::default()
        },
    );
    report.signature_valid == Some(true)
}

fn benches(c: &mut Criterion) {
    let signer = rsa("k2");
    let keys = [rsa("k1"), signer.clone(), rsa("k3")];
    let public: Vec<Key> = keys.iter().filter_map(Key::public).collect();
    let header: Map<String, Value> = json!({"alg": "RS256", "typ": "JWT", "kid": "k2"})
        .as_object()
        .cloned()
        .unwrap();
    let payload = json!({"sub": "u-1", "iss": "https://acme.example", "iat": 1_800_000_000, "exp": 1_800_000_600});
    let token =
        tokenbench::core::jws::sign(&header, payload.as_object().unwrap(), &signer, Alg::RS256)
            .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("keys"));
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .cast_signed();
    cache
        .write(&Entry {
            url: URL.into(),
            fetched_at: now,
            max_age: Some(86_400),
            no_cache: false,
            etag: None,
            body: jwks(&public).to_string(),
        })
        .unwrap();
    let fetcher = Fetcher::new(Some(cache));
    let source = KeySource::Url(URL.into());
    let pem_path = dir.path().join("k2.pem");
    std::fs::write(&pem_path, signer.public().unwrap().public_pem().unwrap()).unwrap();
    let in_memory = KeySet {
        keys: public,
        ..KeySet::default()
    };
    assert!(verify(&token, &in_memory));

    let mut group = c.benchmark_group("verify-rs256");
    group.bench_function("in-memory", |b| {
        b.iter(|| assert!(verify(black_box(&token), &in_memory)));
    });
    group.bench_function("key-file", |b| {
        b.iter(|| {
            let keys = parse_key_file(&std::fs::read(&pem_path).unwrap()).unwrap();
            assert!(verify(black_box(&token), &keys));
        });
    });
    group.bench_function("cached-url", |b| {
        b.iter(|| {
            let (keys, fetched) = fetcher.load_keys(&source, Some("k2")).unwrap();
            assert!(fetched.from_cache());
            assert!(verify(black_box(&token), &keys));
        });
    });
    group.finish();
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(50);
    targets = benches
}
criterion_main!(group);
