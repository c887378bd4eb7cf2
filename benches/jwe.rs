//! Encrypted tokens: decrypt and encrypt beside a signed token's verification and beside
//! Python's joserfc, in the same run.
//!
//! cargo bench --bench jwe          (joserfc's column needs python3 with joserfc)
//!
//! - jws verify: an RS256 token decoded, verified and checked (`decode` + `inspect`), the
//!   work every token gets; the floor a JWE adds to.
//! - RSA-OAEP-256 + A128CBC-HS256 (LivePerson's shape, a signed token inside) and dir +
//!   A128GCM (Chaskiq's, JSON inside): `Jwe::parse` + `decrypt`, and `seal_token`/`encrypt`.
//!
//! Each figure is the median of five runs of N operations, in microseconds per operation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use serde_json::{Map, Value};
use tokenbench::core::decode::decode;
use tokenbench::core::jwe::{Enc, Jwe, KeyAlg, encrypt, seal_token};
use tokenbench::core::key::{Key, KeySet, KeySpec, generate};
use tokenbench::core::mint::mint;
use tokenbench::core::preset::Presets;
use tokenbench::core::report::{Inspect, inspect};
use tokenbench::core::secret::Secret;

const N: u32 = 400;

fn per_op(mut f: impl FnMut()) -> f64 {
    let mut runs: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..N {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(N)
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[2]
}

fn main() {
    let presets = Presets::builtin();
    let generic = presets.get("generic").expect("generic preset").clone();
    let signer = generate(KeySpec::Rsa(2048)).expect("key");
    let now = 1_796_650_000;
    let request = tokenbench::core::mint::MintRequest::default();
    let jws = mint(&generic, &request, &signer, now).expect("mint").token;
    let keys = KeySet::single(signer.public().expect("public"));
    let with = Inspect {
        preset: Some(&generic),
        keys: Some(&keys),
        algorithms: None,
        presets: Some(&presets),
        now,
        leeway: 0,
    };
    let verify = per_op(|| {
        let d = decode(black_box(&jws));
        black_box(inspect(&d, &with).signature_valid);
    });

    let recipient = generate(KeySpec::Rsa(2048)).expect("key");
    let recipient_public = recipient.public().expect("public");
    let shared = Key::hmac(Secret::new(b"a3f1c09b2e7d4c55".to_vec()));
    let claims = r#"{"email":"ada@example.com","properties":{"plan":"pro"}}"#;
    let rsa_token = seal_token(
        &jws,
        &recipient_public,
        KeyAlg::RsaOaep256,
        Enc::A128CbcHs256,
    )
    .expect("seal");
    let dir_token = encrypt(
        claims.as_bytes(),
        &shared,
        KeyAlg::Dir,
        Enc::A128Gcm,
        &Map::new(),
    )
    .expect("enc");
    let ours = [
        per_op(|| {
            black_box(Jwe::parse(&rsa_token).and_then(|j| j.decrypt(&recipient))).expect("open");
        }),
        per_op(|| {
            black_box(seal_token(
                &jws,
                &recipient_public,
                KeyAlg::RsaOaep256,
                Enc::A128CbcHs256,
            ))
            .expect("seal");
        }),
        per_op(|| {
            black_box(Jwe::parse(&dir_token).and_then(|j| j.decrypt(&shared))).expect("open");
        }),
        per_op(|| {
            black_box(encrypt(
                claims.as_bytes(),
                &shared,
                KeyAlg::Dir,
                Enc::A128Gcm,
                &Map::new(),
            ))
            .expect("enc");
        }),
    ];
    let theirs = joserfc(&recipient, &recipient_public, &rsa_token, &dir_token, &jws);

    println!("µs per operation (median of 5 runs of {N})");
    println!(
        "{:<48} {:>11} {:>11} {:>9}",
        "", "tokenbench", "joserfc", "ratio"
    );
    println!(
        "{:<48} {:>11.1}",
        "JWS RS256 decode + verify + checks", verify
    );
    let names = [
        ("RSA-OAEP-256 + A128CBC-HS256 decrypt", "rsa_decrypt"),
        (
            "RSA-OAEP-256 + A128CBC-HS256 encrypt (nested)",
            "rsa_encrypt",
        ),
        ("dir + A128GCM decrypt", "dir_decrypt"),
        ("dir + A128GCM encrypt", "dir_encrypt"),
    ];
    for ((label, field), ours) in names.iter().zip(ours) {
        let theirs = theirs.as_ref().and_then(|t| t[*field].as_f64());
        let (col, ratio) = theirs.map_or(("—".to_string(), "—".to_string()), |t| {
            (format!("{t:.1}"), format!("{:.1}×", t / ours))
        });
        println!("{label:<48} {ours:>11.1} {col:>11} {ratio:>9}");
    }
}

/// joserfc's figures for the same operations, or None when it is not installed.
fn joserfc(private: &Key, public: &Key, rsa: &str, dir: &str, jws: &str) -> Option<Value> {
    let dir_path = std::env::temp_dir().join(format!("tb-jwe-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir_path).ok()?;
    let write = |name: &str, bytes: &[u8]| {
        let p = dir_path.join(name);
        std::fs::write(&p, bytes).map(|()| p.to_string_lossy().into_owned())
    };
    let private_pem = private.private_pkcs8_pem().ok()?;
    let args = [
        write("private.pem", private_pem.expose()).ok()?,
        write("public.pem", public.public_pem()?.as_bytes()).ok()?,
        write("shared", b"a3f1c09b2e7d4c55").ok()?,
        rsa.to_string(),
        dir.to_string(),
        jws.to_string(),
        (N / 4).to_string(),
    ];
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/support/jwe_joserfc.py"
    );
    let out = Command::new("python3")
        .arg(script)
        .args(&args)
        .output()
        .ok();
    let _ = std::fs::remove_dir_all(&dir_path);
    let out = out.filter(|o| o.status.success())?;
    serde_json::from_slice(&out.stdout).ok()
}
