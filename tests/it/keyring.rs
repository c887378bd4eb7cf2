//! Profiles and their secrets through tokenbench's own store, against a real Secret Service:
//! each test starts a private D-Bus session and gnome-keyring (never the user's keyring).
//! Without dbus-daemon and gnome-keyring-daemon the keyring test says it skipped, unless
//! `TOKENBENCH_REQUIRE_KEYRING=1` (as in CI).

use std::path::Path;

use std::process::Command;

use crate::support::keyring::{PrivateKeyring, run_cmd};
use crate::support::{CONNECT_SECRET, Run};

fn grep_tree(dir: &Path, needle: &str) -> Vec<String> {
    let mut hits = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            hits.extend(grep_tree(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle)) {
            hits.push(path.display().to_string());
        }
    }
    hits
}

#[test]
fn store_read_replace_and_delete_secrets_and_keys() {
    let Some(kr) = PrivateKeyring::start() else {
        return;
    };
    let ok = |r: &Run| assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    let name = "Connect — staging";

    ok(&kr.run(
        &[
            "profile",
            "add",
            name,
            "--preset",
            "amazon-connect",
            "--claim",
            "sub=widget-1",
            "--attr",
            "tier=gold",
        ],
        None,
    ));
    ok(&kr.run(
        &["profile", "set-secret", name],
        Some(format!("{CONNECT_SECRET}\n").as_bytes()),
    ));
    let list = kr.run(&["profile", "list", "--json"], None).json();
    assert_eq!(list[0]["name"], name);
    assert_eq!(list[0]["secret"], "stored");
    let shown = kr.run(&["profile", "show", name, "--json"], None);
    assert!(
        !shown.stdout.contains(CONNECT_SECRET),
        "show never prints the secret"
    );
    assert_eq!(shown.json()["secret"]["stored"], true);
    assert_eq!(shown.json()["secret"]["store"], "Secret Service");
    assert_eq!(shown.json()["secret"]["characters"], 44);

    // Read back: mint and verify with the profile's key (and its preset and values).
    let minted = kr.run(&["mint", "--profile", name, "--json"], None);
    ok(&minted);
    let out = minted.json();
    assert_eq!(out["payload"]["sub"], "widget-1");
    assert_eq!(out["payload"]["attributes"]["tier"], "gold");
    let token = out["token"].as_str().unwrap().to_string();
    let v = kr.run(&["verify", &token, "--profile", name, "--json"], None);
    ok(&v);
    assert_eq!(v.json()["preset"], "amazon-connect");
    let all = kr.run(&["inspect", &token, "--all-profiles", "--json"], None);
    ok(&all);
    assert_eq!(all.json()["profiles"]["signed_by"][0], name);

    // Replace: the old token no longer verifies, a new one does.
    ok(&kr.run(
        &["profile", "set-secret", name],
        Some(b"another-secret-of-at-least-32-bytes!!"),
    ));
    let v = kr.run(&["verify", &token, "--profile", name, "--json"], None);
    assert_eq!(v.code, 1);
    assert_eq!(v.json()["signature_valid"], false);
    let none = kr.run(&["inspect", &token, "--all-profiles", "--json"], None);
    assert_eq!(none.code, 1, "no stored key signs it any more");
    assert_eq!(
        none.json()["profiles"]["signed_by"]
            .as_array()
            .map(Vec::len),
        Some(0)
    );

    // A private key (PEM) in the keyring for an RS256 vendor.
    let pem = kr.dir.path().join("omni.pem");
    ok(&kr.run(
        &["keygen", "--alg", "RS256", "--out", pem.to_str().unwrap()],
        None,
    ));
    ok(&kr.run(
        &[
            "profile",
            "add",
            "Omnichannel — prod",
            "--preset",
            "microsoft-omnichannel",
            "--claim",
            "iss=contoso.com",
            "--claim",
            "sub=aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb",
        ],
        None,
    ));
    ok(&kr.run(
        &[
            "profile",
            "set-secret",
            "Omnichannel — prod",
            "--key-file",
            pem.to_str().unwrap(),
        ],
        None,
    ));
    let rs = kr.run(&["mint", "--profile", "Omnichannel — prod", "--json"], None);
    ok(&rs);
    assert_eq!(rs.json()["header"]["alg"], "RS256");
    let rs_token = rs.json()["token"].as_str().unwrap().to_string();
    let pubkey = format!("{}.pub", pem.display());
    ok(&kr.run(&["verify", &rs_token, "--key-file", &pubkey], None));

    // Nothing secret outside the keyring.
    std::fs::remove_file(&pem).unwrap();
    let private_pem_marker = "PRIVATE KEY";
    assert_eq!(
        grep_tree(&kr.config(), CONNECT_SECRET),
        Vec::<String>::new()
    );
    assert_eq!(
        grep_tree(&kr.config(), "another-secret"),
        Vec::<String>::new()
    );
    assert_eq!(
        grep_tree(&kr.config(), private_pem_marker),
        Vec::<String>::new()
    );

    // Delete: the profile and its keyring entry go; the key can't be read any more.
    ok(&kr.run(&["profile", "remove", name], None));
    let gone = kr.run(&["mint", "--profile", name], None);
    gone.assert_one_line_error();
    ok(&kr.run(&["profile", "remove", "Omnichannel — prod"], None));
    assert_eq!(
        kr.run(&["profile", "list", "--json"], None).json(),
        serde_json::json!([])
    );
}

#[test]
fn without_a_keyring_profiles_work_and_secrets_are_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: Option<&[u8]>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tokenbench"));
        cmd.args(args)
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}/no-bus-here", dir.path().display()),
            )
            .env("TOKENBENCH_CONFIG_DIR", dir.path());
        run_cmd(cmd, stdin)
    };
    let add = run(&["profile", "add", "p", "--preset", "intercom"], None);
    assert_eq!(add.code, 0, "{}", add.stderr);
    let set = run(
        &["profile", "set-secret", "p"],
        Some(b"a-secret-a-secret-a-secret-a-secret"),
    );
    set.assert_one_line_error();
    assert!(
        set.stderr.contains("no keyring is available"),
        "{}",
        set.stderr
    );
    let mint = run(&["mint", "--profile", "p", "--claim", "user_id=1"], None);
    mint.assert_one_line_error();
    let show = run(&["profile", "show", "p", "--json"], None);
    assert_eq!(
        show.code, 0,
        "show works without a keyring: {}",
        show.stderr
    );
    assert!(
        show.json()["secret"]["error"]
            .as_str()
            .unwrap_or_default()
            .contains("no keyring")
    );
    let unknown = run(&["mint", "--profile", "nope"], None);
    unknown.assert_one_line_error();
    assert!(
        unknown.stderr.contains("\"p\""),
        "lists the profiles: {}",
        unknown.stderr
    );
    let dup = run(&["profile", "add", "P", "--preset", "intercom"], None);
    dup.assert_one_line_error();
    assert!(grep_tree(dir.path(), "a-secret-a-secret").is_empty());
}

#[test]
fn a_damaged_profiles_file_is_kept_aside_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("profiles.json"), "{ not json").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tokenbench"));
    cmd.args(["profile", "list"])
        .env("TOKENBENCH_CONFIG_DIR", dir.path());
    let r = run_cmd(cmd, None);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("damaged") && r.stderr.contains(".broken-"),
        "{}",
        r.stderr
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("profiles.json.broken-")
        })
        .collect();
    assert_eq!(kept.len(), 1);
}

#[test]
fn an_identity_hash_profile_makes_and_recognises_its_hash() {
    let Some(kr) = PrivateKeyring::start() else {
        return;
    };
    let ok = |r: &Run| assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    // The one that made the value is not the first tried, and another vendor's profile
    // hashes the same text with another secret.
    for (name, preset, field, secret) in [
        (
            "marketing site",
            "intercom-user-hash",
            "user_id=Message",
            "third",
        ),
        ("sales inbox", "chatwoot", "identifier=Message", "another"),
        ("support inbox", "chatwoot", "identifier=Message", "secret"),
    ] {
        ok(&kr.run(
            &["profile", "add", name, "--preset", preset, "--claim", field],
            None,
        ));
        ok(&kr.run(&["profile", "set-secret", name], Some(secret.as_bytes())));
    }
    // Intercom's published value for HMAC-SHA256("secret", "Message").
    let made = kr.run(&["mint", "--profile", "support inbox"], None);
    ok(&made);
    let value = made.stdout.trim().to_string();
    assert_eq!(
        value,
        "aa747c502a898200f9e4fa21bac68136f886a0e27aec70ba06daf2e2a5cb5597"
    );
    ok(&kr.run(&["verify", &value, "--profile", "support inbox"], None));
    let other = kr.run(
        &["verify", &value, "--profile", "sales inbox", "--json"],
        None,
    );
    assert_eq!(other.code, 1, "{}", other.stdout);
    let all = kr.run(
        &[
            "verify",
            &value,
            "--preset",
            "chatwoot",
            "--all-profiles",
            "--json",
        ],
        None,
    );
    ok(&all);
    assert_eq!(all.json()["profiles"]["made_by"][0], "support inbox");
    assert_eq!(all.json()["profiles"]["tried"], 2);
    assert_eq!(all.json()["status"], "valid");
    // No preset named: every identity-hash profile, each with its own vendor.
    let any = kr.run(&["verify", &value, "--all-profiles", "--json"], None);
    ok(&any);
    assert_eq!(any.json()["preset"], "chatwoot");
    assert_eq!(any.json()["profiles"]["made_by"][0], "support inbox");
    assert_eq!(any.json()["profiles"]["tried"], 3);
    let text = kr.run(&["verify", &value, "--all-profiles"], None);
    ok(&text);
    assert!(
        text.stdout.contains("made by support inbox (of 3 tried)"),
        "{}",
        text.stdout
    );
    let stranger = "0".repeat(64);
    let none = kr.run(&["verify", &stranger, "--all-profiles"], None);
    assert_eq!(none.code, 1, "{}", none.stderr);
    assert!(
        none.stdout
            .contains("none of the 3 stored identity-hash profiles made it"),
        "{}",
        none.stdout
    );
    let shown = kr.run(&["profile", "show", "support inbox", "--json"], None);
    assert!(
        !shown.stdout.contains("\"secret\":\"secret\""),
        "never the secret"
    );
}

/// A profile keeps the vendor's encryption key beside its signing key: LivePerson's public
/// key in the profile, a shared key in the keyring; `mint --profile` then encrypts, and
/// forgetting the key (or removing the profile) stops it.
#[test]
fn a_profile_keeps_the_vendors_encryption_key() {
    let Some(kr) = PrivateKeyring::start() else {
        return;
    };
    let ok = |r: &Run| assert_eq!(r.code, 0, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    let dir = kr.dir.path();
    let (brand, lp) = (dir.join("brand.pem"), dir.join("lp.pem"));
    for key in [&brand, &lp] {
        ok(&kr.run(
            &["keygen", "--alg", "RS256", "--out", key.to_str().unwrap()],
            None,
        ));
    }
    let name = "LivePerson — brand";
    ok(&kr.run(
        &[
            "profile",
            "add",
            name,
            "--preset",
            "liveperson",
            "--claim",
            "iss=https://brand.example",
            "--claim",
            "sub=customer-7",
        ],
        None,
    ));
    ok(&kr.run(
        &[
            "profile",
            "set-secret",
            name,
            "--key-file",
            brand.to_str().unwrap(),
        ],
        None,
    ));
    // Signed only, until the vendor's key is kept.
    let plain = kr.run(&["mint", "--profile", name], None);
    ok(&plain);
    assert_eq!(plain.stdout.trim().split('.').count(), 3);

    // LivePerson's public key; its private key file given by mistake keeps only the public half.
    let kept = kr.run(
        &[
            "profile",
            "set-encryption-key",
            name,
            "--key-file",
            lp.to_str().unwrap(),
        ],
        None,
    );
    ok(&kept);
    assert!(
        kept.stderr.contains("RSA-OAEP-256 + A128CBC-HS256"),
        "{}",
        kept.stderr
    );
    let shown = kr.run(&["profile", "show", name, "--json"], None).json();
    assert_eq!(shown["encryption"]["key"], "public");
    assert_eq!(shown["encryption"]["jwk"]["use"], "enc");
    assert!(shown["encryption"]["jwk"].get("d").is_none(), "{shown}");
    assert_eq!(grep_tree(&kr.config(), "PRIVATE KEY"), Vec::<String>::new());
    let text = kr.run(&["profile", "show", name], None);
    assert!(
        text.stdout
            .contains("Encryption  the vendor's RSA 2048-bit public key"),
        "{}",
        text.stdout
    );
    let minted = kr.run(&["mint", "--profile", name, "--json"], None);
    ok(&minted);
    let out = minted.json();
    let jwe = out["token"].as_str().unwrap().to_string();
    assert_eq!(jwe.split('.').count(), 5, "{jwe}");
    assert_eq!(out["jwe"]["header"]["alg"], "RSA-OAEP-256");
    let opened = kr.run(
        &[
            "verify",
            &jwe,
            "--profile",
            name,
            "--decrypt-key",
            lp.to_str().unwrap(),
            "--json",
        ],
        None,
    );
    ok(&opened);
    assert_eq!(opened.json()["payload"]["sub"], "customer-7");
    // --encrypt-key on the command line wins over the profile's.
    let other = dir.join("other.pem");
    ok(&kr.run(
        &["keygen", "--alg", "RS256", "--out", other.to_str().unwrap()],
        None,
    ));
    let over = kr.run(
        &[
            "mint",
            "--profile",
            name,
            "--encrypt-key",
            &format!("{}.pub", other.display()),
        ],
        None,
    );
    ok(&over);
    let wrong = kr.run(
        &[
            "inspect",
            over.stdout.trim(),
            "--decrypt-key",
            lp.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        wrong.code, 1,
        "not sealed for the profile's key: {}",
        wrong.stdout
    );

    // A shared key goes to the keyring, never to a file.
    let shared = "0123456789abcdef";
    ok(&kr.run(
        &[
            "profile",
            "add",
            "Generic sealed",
            "--preset",
            "generic",
            "--claim",
            "sub=u-1",
        ],
        None,
    ));
    ok(&kr.run(
        &["profile", "set-secret", "Generic sealed"],
        Some(CONNECT_SECRET.as_bytes()),
    ));
    ok(&kr.run(
        &["profile", "set-encryption-key", "Generic sealed"],
        Some(format!("{shared}\n").as_bytes()),
    ));
    let shown = kr.run(&["profile", "show", "Generic sealed", "--json"], None);
    assert_eq!(shown.json()["encryption"]["key"], "shared");
    assert!(!shown.stdout.contains(shared));
    assert_eq!(grep_tree(&kr.config(), shared), Vec::<String>::new());
    let minted = kr.run(&["mint", "--profile", "Generic sealed", "--json"], None);
    ok(&minted);
    assert_eq!(minted.json()["jwe"]["header"]["alg"], "dir");
    assert_eq!(minted.json()["jwe"]["header"]["enc"], "A128GCM");
    let jwe = minted.json()["token"].as_str().unwrap().to_string();
    let opened = kr.run(
        &["inspect", &jwe, "--decrypt-secret-stdin", "--json"],
        Some(shared.as_bytes()),
    );
    ok(&opened);
    assert_eq!(opened.json()["payload"]["sub"], "u-1");

    // A vendor that seals with the profile's own key takes no second one.
    ok(&kr.run(&["profile", "add", "Chaskiq", "--preset", "chaskiq"], None));
    kr.run(
        &["profile", "set-encryption-key", "Chaskiq"],
        Some(shared.as_bytes()),
    )
    .assert_one_line_error();

    // Forgotten: signed only again.
    ok(&kr.run(&["profile", "forget-encryption-key", name], None));
    let plain = kr.run(&["mint", "--profile", name], None);
    ok(&plain);
    assert_eq!(plain.stdout.trim().split('.').count(), 3);
    assert!(kr.run(&["profile", "show", name, "--json"], None).json()["encryption"].is_null());
    ok(&kr.run(&["profile", "remove", "Generic sealed"], None));
}
