//! Identity hashes against the bare HMAC, in the same run.
//!
//! cargo bench --bench identity_hash
//!
//! - make/hmac: aws-lc-rs's HMAC-SHA256 of the identifier, written as hex (the floor);
//!   make/tokenbench: the same from the preset and the form's values (fields typed, the
//!   vendor's field chosen, the value written the vendor's way).
//! - verify/match: a matching value checked (with the preset's field checks);
//!   verify/diagnosed: a value made with a usual mistake (the email hashed where the user id
//!   is wanted), recognised among every mistake tokenbench knows.
//! - search: the vendor list's search over every preset, as each keystroke runs it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use aws_lc_rs::hmac;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use tokenbench::core::hash::{self, mint_hash};
use tokenbench::core::key::Key;
use tokenbench::core::mint::{ClaimValue, MintRequest};
use tokenbench::core::preset::Presets;
use tokenbench::core::secret::Secret;

const SECRET: &[u8] = b"a-shared-identity-secret-0123456789";

fn bench(c: &mut Criterion) {
    let presets = Presets::builtin();
    let intercom = presets.get("intercom-user-hash").expect("preset").clone();
    let key = Key::hmac(Secret::new(SECRET.to_vec()));
    let req = MintRequest {
        claims: vec![
            ("user_id".into(), ClaimValue::Text("u-1842".into())),
            ("email".into(), ClaimValue::Text("ada@example.com".into())),
        ],
        ..MintRequest::default()
    };
    let mut g = c.benchmark_group("make");
    g.bench_function("hmac", |b| {
        b.iter(|| {
            let k = hmac::Key::new(hmac::HMAC_SHA256, black_box(SECRET));
            hex::encode(hmac::sign(&k, black_box(b"u-1842")).as_ref())
        });
    });
    g.bench_function("tokenbench", |b| {
        b.iter(|| mint_hash(&intercom, black_box(&req), &key, 0).expect("hash"));
    });
    g.finish();

    let fields = json!({"user_id": "u-1842", "email": "ada@example.com"});
    let fields = fields.as_object().expect("object");
    let good = mint_hash(&intercom, &req, &key, 0).expect("hash").value;
    let by_email = hex::encode(hash::mac(
        tokenbench::core::preset::Mac::Sha256,
        SECRET,
        b"ada@example.com",
    ));
    let mut g = c.benchmark_group("verify");
    g.bench_function("match", |b| {
        b.iter(|| hash::verify(&intercom, black_box(&good), fields, SECRET, None, 0));
    });
    g.bench_function("diagnosed", |b| {
        b.iter(|| {
            let c = hash::verify(&intercom, black_box(&by_email), fields, SECRET, None, 0);
            assert!(!c.matches);
            c
        });
    });
    g.finish();

    c.bench_function("search", |b| {
        b.iter(|| presets.search(black_box("hash intercom")).len());
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
