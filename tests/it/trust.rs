//! A verdict you can trust, tried as an attacker and as an unlucky user would: nothing the
//! user made is lost or shown to others, no key confusion, no input that wins.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use crate::support::{Run, Tb};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn names(tb: &Tb) -> Vec<String> {
    let list = tb.run(&["profile", "list", "--json"]);
    assert_eq!(list.code, 0, "{}", list.stderr);
    list.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

fn add(tb: &Tb, name: &str) -> Run {
    tb.run(&["profile", "add", name, "--preset", "tiledesk"])
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Runs `tokenbench ARGS` on `dir` as a user whom permissions bind: this user, or `nobody`
/// when the tests run as root (root reads a file whatever its mode). The binary is copied
/// into `dir` so that `nobody` can run it wherever the build is.
fn run_unprivileged(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = if is_root() {
        let bin = dir.join("tokenbench-copy");
        if !bin.exists() {
            std::fs::copy(env!("CARGO_BIN_EXE_tokenbench"), &bin).unwrap();
            set_mode(&bin, 0o755);
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&bin);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_tokenbench"))
    };
    let out = cmd
        .args(args)
        .env("TOKENBENCH_CONFIG_DIR", dir)
        .env("HOME", dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run tokenbench");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Hands `dir` and everything in it to `nobody` when running as root.
fn give_to_unprivileged(dir: &Path) {
    if is_root() {
        let status = Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[test]
fn a_profiles_file_that_cant_be_read_stops_every_change() {
    let tb = Tb::new();
    let dir = tb.dir();
    give_to_unprivileged(dir);
    for name in ["Alpha", "Bravo"] {
        let r = run_unprivileged(dir, &["profile", "add", name, "--preset", "tiledesk"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let file = dir.join("profiles.json");
    let before = std::fs::read(&file).unwrap();
    set_mode(&file, 0o000);
    let add = run_unprivileged(dir, &["profile", "add", "Charlie", "--preset", "tiledesk"]);
    add.assert_one_line_error();
    assert!(add.stderr.contains("can't be read"), "{}", add.stderr);
    assert!(add.stderr.contains("permission denied"), "{}", add.stderr);
    // Every other change and every read says the same, and none of them writes.
    for args in [
        &["profile", "remove", "Alpha"][..],
        &["profile", "rename", "Alpha", "Zulu"],
        &["profile", "list"],
        &["mint", "--profile", "Alpha"],
    ] {
        let r = run_unprivileged(dir, args);
        r.assert_one_line_error();
        assert!(r.stderr.contains("can't be read"), "{args:?}: {}", r.stderr);
    }
    set_mode(&file, 0o600);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the file is untouched"
    );
    assert_eq!(names(&tb), ["Alpha", "Bravo"]);
}

#[test]
fn a_profiles_file_that_is_a_folder_is_not_an_empty_list() {
    // An I/O error every user meets, root included.
    let tb = Tb::new();
    std::fs::create_dir(tb.dir().join("profiles.json")).unwrap();
    std::fs::write(tb.dir().join("profiles.json").join("keep"), "x").unwrap();
    let r = add(&tb, "Charlie");
    r.assert_one_line_error();
    assert!(r.stderr.contains("can't be read"), "{}", r.stderr);
    assert!(tb.dir().join("profiles.json").join("keep").exists());
}

#[test]
fn files_and_folders_tokenbench_makes_are_the_users_alone() {
    let tb = Tb::new();
    // A config folder tokenbench creates itself.
    let config = tb.dir().join("fresh").join("tokenbench");
    let here = Tb::at(&config);
    let r = add(&here, "Alpha");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(mode(&config), 0o700, "the folder it created");
    assert_eq!(mode(&tb.dir().join("fresh")), 0o700, "and its parent");
    assert_eq!(mode(&config.join("profiles.json")), 0o600);
    assert_eq!(mode(&config.join("profiles.json.lock")), 0o600);
    // A user's (or an older version's) wider mode is undone by the next write.
    set_mode(&config.join("profiles.json"), 0o644);
    assert_eq!(add(&here, "Bravo").code, 0);
    assert_eq!(mode(&config.join("profiles.json")), 0o600);
    assert_eq!(names(&here), ["Alpha", "Bravo"]);

    // The key cache: folders 0700, entries 0600.
    let set = r#"{"keys":[{"kty":"EC","crv":"P-256","kid":"k","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#;
    let stub = crate::support::stub::Stub::http(move |_| crate::support::stub::Reply::json(set));
    let keys = here.run(&["keys", &stub.url("/jwks")]);
    assert!(keys.code <= 1, "{}", keys.stderr);
    let cache = config.join("cache").join("keys");
    assert_eq!(mode(&config.join("cache")), 0o700);
    assert_eq!(mode(&cache), 0o700);
    let entries: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(mode(&entries[0]), 0o600);
}

/// A fresh RS256 key pair in `tb`'s folder: (private path, public path).
fn rsa_pair(tb: &Tb) -> (String, String) {
    let private = tb.dir().join("rsa.pem");
    let private = private.to_str().unwrap().to_string();
    let r = tb.run(&["keygen", "--alg", "RS256", "--out", &private]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let public = format!("{private}.pub");
    (private, public)
}

fn rules(run: &Run) -> Vec<String> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

const EC_PUBLIC_JWK: &str = r#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
const OPENSSH_PUBLIC: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl support@example";

#[test]
fn a_public_key_given_as_an_hmac_secret_never_verifies_anything() {
    let tb = Tb::new();
    let (_, public) = rsa_pair(&tb);
    let pem = std::fs::read_to_string(&public).unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["widget.example".to_string()])
        .unwrap()
        .cert
        .pem();
    // The SPKI's DER, as base64 (what a "base64 secret" of a public key is).
    let der_b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let claims = serde_json::json!({"sub": "admin", "exp": 4_000_000_000_i64});
    let cases: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "PEM public key",
            pem.trim_end_matches('\n').to_string(),
            vec![],
        ),
        (
            "PEM, utf8 said outright",
            pem.trim_end_matches('\n').to_string(),
            vec!["--secret-encoding", "utf8"],
        ),
        (
            "certificate",
            cert.trim_end_matches('\n').to_string(),
            vec![],
        ),
        ("public JWK", EC_PUBLIC_JWK.to_string(), vec![]),
        ("OpenSSH public key", OPENSSH_PUBLIC.to_string(), vec![]),
        (
            "DER as base64",
            der_b64.clone(),
            vec!["--secret-encoding", "base64"],
        ),
    ];
    for (what, text, extra) in &cases {
        // The secret's bytes as tokenbench reads them: what the attacker signs with.
        let bytes = if extra.contains(&"base64") {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .unwrap()
        } else {
            text.as_bytes().to_vec()
        };
        let forged = crate::support::forge_hs256(&bytes, &claims);
        let file = tb.file("secret.txt", format!("{text}\n"));
        for command in ["verify", "inspect"] {
            let mut args = vec![
                command,
                forged.as_str(),
                "--preset",
                "generic",
                "--secret-file",
            ];
            args.push(file.to_str().unwrap());
            args.extend(extra.iter().copied());
            let human = tb.run(&args);
            assert_eq!(
                human.code, 1,
                "{what}, {command}: {}{}",
                human.stdout, human.stderr
            );
            assert!(
                human.stdout.contains("Status     INVALID"),
                "{what}: {}",
                human.stdout
            );
            assert!(
                human.stdout.contains("key confusion"),
                "{what}: {}",
                human.stdout
            );
            args.push("--json");
            let json = tb.run(&args);
            assert_eq!(json.code, 1, "{what}");
            assert_eq!(json.json()["signature_valid"], false, "{what}");
            assert_eq!(json.json()["status"], "invalid", "{what}");
            assert!(
                rules(&json).contains(&"key-confusion".to_string()),
                "{what}"
            );
        }
        // Nothing signs or serves with it, and no profile keeps it as its secret.
        let mut mint = vec![
            "mint",
            "--preset",
            "generic",
            "--claim",
            "sub=x",
            "--secret-file",
        ];
        mint.push(file.to_str().unwrap());
        mint.extend(extra.iter().copied());
        let r = tb.run(&mint);
        r.assert_one_line_error();
        assert!(
            r.stderr.contains("key confusion") || r.stderr.contains("not a secret"),
            "{what}: {}",
            r.stderr
        );
        mint[0] = "serve";
        let r = tb.run(&mint);
        r.assert_one_line_error();
        assert!(r.stderr.contains("key confusion"), "{what}: {}", r.stderr);
    }
    assert_eq!(add(&tb, "Alpha").code, 0);
    for (what, text, _) in &cases[..5] {
        let r = tb.run_stdin(&["profile", "set-secret", "Alpha"], Some(text.as_bytes()));
        r.assert_one_line_error();
        assert!(r.stderr.contains("not a secret"), "{what}: {}", r.stderr);
    }
}

#[test]
fn a_secret_published_in_a_key_set_is_never_used_to_verify() {
    let tb = Tb::new();
    let secret = b"published-by-mistake-0123456789ab";
    let oct = {
        use base64::Engine;
        serde_json::json!({"kty": "oct", "kid": "s1", "k": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)})
    };
    let forged = crate::support::forge_hs256(secret, &serde_json::json!({"sub": "admin"}));
    // With an RSA key beside it, and alone.
    let mixed = serde_json::json!({"keys": [oct, {"kty": "RSA", "kid": "r1", "n": "sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw", "e": "AQAB"}]});
    let only = serde_json::json!({"keys": [oct]});
    let (m, o) = (mixed.to_string(), only.to_string());
    let server = crate::support::stub::Stub::http(move |seen| match seen.path.as_str() {
        "/mixed" => crate::support::stub::Reply::json(&m),
        _ => crate::support::stub::Reply::json(&o),
    });
    let run = tb.run(&[
        "verify",
        &forged,
        "--jwks-url",
        &server.url("/mixed"),
        "--json",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json()["signature_valid"], false);
    let run = tb.run(&["verify", &forged, "--jwks-url", &server.url("/only")]);
    run.assert_one_line_error();
    assert!(
        run.stderr.contains("never used to verify"),
        "{}",
        run.stderr
    );
    // `keys` says what is wrong with the set.
    let keys = tb.run(&["keys", &server.url("/mixed"), "--json"]);
    assert_eq!(keys.code, 1, "{}", keys.stderr);
    assert!(
        rules(&keys).contains(&"published-secret".to_string()),
        "{}",
        keys.stdout
    );
    // The user's own secret in a local JWK file is a key like any other.
    let local = tb.file("mine.jwk", only.to_string());
    let run = tb.run(&["verify", &forged, "--key-file", local.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

/// A `generic` token for `sub=u` signed with the secret in `S`, with `extra` options.
fn mint_generic(tb: &Tb, extra: &[&str]) -> String {
    let mut args = vec![
        "mint",
        "--preset",
        "generic",
        "--secret-env",
        "S",
        "--claim",
        "sub=u",
    ];
    args.extend_from_slice(extra);
    let mint = tb.run(&args);
    assert_eq!(mint.code, 0, "{}", mint.stderr);
    mint.stdout.trim().to_string()
}

#[test]
fn without_a_key_the_verdict_says_not_verified() {
    let tb = Tb::new().env("S", "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=");
    let token = &mint_generic(&tb, &["--lifetime", "5m"]);
    let r = tb.run(&["inspect", token]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Status     NOT VERIFIED: no key given; times valid for "),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Status     VALID"), "{}", r.stdout);
    let json = tb.run(&["inspect", token, "--json"]).json();
    assert_eq!(json["status"], "valid", "the contract's status");
    assert_eq!(json["signature_valid"], serde_json::Value::Null);
    let r = tb.run(&["verify", token, "--secret-env", "S"]);
    assert!(
        // The clock may tick between mint and verify: "5m" or "4m 59s".
        r.stdout.contains("Status     VALID: valid for "),
        "{}",
        r.stdout
    );
    // A scan says the same of what it finds.
    let log = tb.file("app.log", format!("token={token}\n"));
    let r = tb.run(&["scan", log.to_str().unwrap()]);
    assert!(
        r.stdout.contains("NOT VERIFIED: no key given"),
        "{}",
        r.stdout
    );
}

/// A fresh RS256 key pair: the private key's path, and its public half as a JWKS under
/// `kid` (no "alg": the key serves RS and PS alike).
fn rsa_with_jwks(tb: &Tb, name: &str, kid: &str) -> (String, String) {
    let private = tb.dir().join(format!("{name}.pem"));
    let private = private.to_str().unwrap().to_string();
    let r = tb.run(&[
        "keygen",
        "--alg",
        "RS256",
        "--out",
        &private,
        "--kid",
        kid,
        "--public-format",
        "jwks",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut set: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{private}.pub")).unwrap()).unwrap();
    for k in set["keys"].as_array_mut().unwrap() {
        k.as_object_mut().unwrap().remove("alg");
    }
    (private, set.to_string())
}

fn sign(tb: &Tb, args: &[&str]) -> String {
    let mut all = vec!["mint", "--preset", "generic", "--claim", "sub=visitor-1"];
    all.extend_from_slice(args);
    let r = tb.run(&all);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    r.stdout.trim().to_string()
}

/// "Which profile signed it?" asked of the command line and of the window's model, for
/// profiles with only a secret, only a key URL, or both, and tokens in and out of the
/// preset's algorithms: the same answer every time.
#[test]
#[cfg(feature = "gui")]
fn the_command_line_and_the_window_name_the_same_signers() {
    let Some(kr) = crate::support::keyring::PrivateKeyring::start() else {
        return;
    };
    let tb = Tb::at(&kr.config())
        .env("S1", "connect-secret-0123456789abcdef0123456789")
        .env("S2", "both-secret-0123456789abcdef0123456789abcd");
    let (key1, set1) = rsa_with_jwks(&tb, "url-only", "k1");
    let (key2, set2) = rsa_with_jwks(&tb, "both", "k2");
    let rsa = [key1, key2];
    let server = crate::support::stub::Stub::http(move |seen| match seen.path.as_str() {
        "/one" => crate::support::stub::Reply::json(&set1),
        _ => crate::support::stub::Reply::json(&set2),
    });
    let ok = |r: Run| assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let url1 = server.url("/one");
    let url2 = server.url("/two");
    ok(kr.run(
        &[
            "profile",
            "add",
            "Secret only",
            "--preset",
            "amazon-connect",
        ],
        None,
    ));
    ok(kr.run(
        &["profile", "set-secret", "Secret only"],
        Some(b"connect-secret-0123456789abcdef0123456789\n"),
    ));
    ok(kr.run(
        &[
            "profile",
            "add",
            "URL only",
            "--preset",
            "salesforce-miaw",
            "--jwks-url",
            &url1,
        ],
        None,
    ));
    ok(kr.run(
        &[
            "profile",
            "add",
            "Both",
            "--preset",
            "generic",
            "--jwks-url",
            &url2,
        ],
        None,
    ));
    ok(kr.run(
        &["profile", "set-secret", "Both"],
        Some(b"both-secret-0123456789abcdef0123456789abcd\n"),
    ));
    let tokens = [
        (
            "HS256 with the Connect secret",
            sign(&tb, &["--secret-env", "S1"]),
        ),
        (
            "HS512 with the Connect secret",
            sign(&tb, &["--secret-env", "S1", "--alg", "HS512"]),
        ),
        (
            "RS256 with the URL-only key",
            sign(&tb, &["--key-file", &rsa[0], "--kid", "k1"]),
        ),
        (
            "PS256 with the URL-only key",
            sign(
                &tb,
                &["--key-file", &rsa[0], "--kid", "k1", "--alg", "PS256"],
            ),
        ),
        (
            "RS256 with the key of Both",
            sign(&tb, &["--key-file", &rsa[1], "--kid", "k2"]),
        ),
        (
            "HS256 with the secret of Both",
            sign(&tb, &["--secret-env", "S2"]),
        ),
    ];

    // The window's model, as its store worker gathers the keys: the same profiles file,
    // the same secrets (from its keyring), the same key URLs.
    let presets = tokenbench::core::preset::Presets::builtin();
    let profiles = tokenbench::store::profiles::ProfileFile::new(kr.config().join("profiles.json"))
        .read()
        .profiles;
    assert_eq!(profiles.len(), 3);
    let secrets: Vec<(String, &str)> = profiles
        .iter()
        .map(|p| {
            let text = match p.name.as_str() {
                "Secret only" => "connect-secret-0123456789abcdef0123456789",
                _ => "both-secret-0123456789abcdef0123456789abcd",
            };
            (p.id.clone(), text)
        })
        .collect();
    let keyring = |id: &str| {
        secrets
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, t)| tokenbench::core::secret::Secret::new(t.as_bytes().to_vec()))
    };
    let cache = tempfile::tempdir().unwrap();
    let fetcher =
        tokenbench::web::Fetcher::new(Some(tokenbench::web::cache::Cache::new(cache.path())));
    let mut publisher = |url: &str, kid: Option<&str>| {
        fetcher
            .load_keys(&tokenbench::web::KeySource::Url(url.to_string()), kid)
            .map(|(k, _)| k)
            .map_err(|e| e.0)
    };
    let mut answers = Vec::new();
    for preset in ["amazon-connect", "salesforce-miaw", "generic"] {
        for (what, token) in &tokens {
            let cli = kr.run(
                &[
                    "verify",
                    token,
                    "--all-profiles",
                    "--preset",
                    preset,
                    "--json",
                ],
                None,
            );
            assert!(cli.code <= 1, "{what}: {}", cli.stderr);
            let json = cli.json();
            let cli_signers: Vec<String> = json["profiles"]["signed_by"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect();
            let cli_tried = json["profiles"]["tried"].as_u64().unwrap();

            let mut workbench = tokenbench::ui::workbench::Workbench::new(presets.clone());
            workbench.select_preset(preset);
            workbench.set_inspect_text(token.clone());
            workbench.refresh(1_800_000_000);
            let kid = tokenbench::core::decode::decode(token)
                .kid()
                .map(str::to_string);
            let keys = tokenbench::store::profile_keys::gather(
                &profiles,
                &keyring,
                &mut publisher,
                &tokenbench::core::mint::MintRequest::default(),
                kid.as_deref(),
            );
            workbench.check_signers(&keys);
            let window = workbench.derived.signers.clone().expect("checked");
            assert_eq!(window.signed_by, cli_signers, "{preset}, {what}");
            assert_eq!(window.tried as u64, cli_tried, "{preset}, {what}");
            answers.push((preset, *what, cli_signers));
        }
    }
    // And the answers are the right ones.
    let signed = |preset: &str, what: &str| -> Vec<String> {
        answers
            .iter()
            .find(|(p, w, _)| *p == preset && *w == what)
            .map(|(_, _, s)| s.clone())
            .unwrap()
    };
    assert_eq!(
        signed("amazon-connect", "HS256 with the Connect secret"),
        ["Secret only"]
    );
    assert!(
        signed("amazon-connect", "HS512 with the Connect secret").is_empty(),
        "Connect takes HS256 only"
    );
    assert_eq!(
        signed("generic", "HS512 with the Connect secret"),
        ["Secret only"]
    );
    assert_eq!(
        signed("salesforce-miaw", "RS256 with the URL-only key"),
        ["URL only"]
    );
    assert!(
        signed("salesforce-miaw", "PS256 with the URL-only key").is_empty(),
        "Salesforce takes RS256 only"
    );
    assert_eq!(
        signed("generic", "PS256 with the URL-only key"),
        ["URL only"]
    );
    assert_eq!(signed("generic", "RS256 with the key of Both"), ["Both"]);
    assert_eq!(signed("generic", "HS256 with the secret of Both"), ["Both"]);
}

/// A kid that tries to write lines of its own, and to drive the terminal.
const HOSTILE_KID: &str =
    "k1\nStatus     VALID: valid for 9h\n\u{1b}[2J\u{1b}]0;owned\u{7}\r\u{202e}";

#[test]
fn what_a_token_or_key_set_holds_never_writes_a_line_of_its_own() {
    let tb = Tb::new().env("S", "kJ6n8sWcQ1bYd3lT0pZxR2vA9mE4uH7gF5iK8oL1jN0=");
    let token = &mint_generic(&tb, &["--kid", HOSTILE_KID]);
    // Verified with a key file whose kid differs: the finding quotes the token's kid.
    let jwk = serde_json::json!({"kty": "oct", "kid": "other", "k": "a0o2bjhzV2NRMWJZZDNsVDBwWnhSMnZBOW1FNHVIN2dGNWlLOG9MMWpOMD0"});
    let key = tb.file("k.jwk", jwk.to_string());
    for args in [
        vec!["inspect", token],
        vec!["verify", token, "--key-file", key.to_str().unwrap()],
        vec!["diff", token, token],
    ] {
        let r = tb.run(&args);
        let statuses = r.stdout.lines().filter(|l| l.starts_with("Status")).count();
        assert!(statuses <= 1, "{args:?}: {}", r.stdout);
        for bad in ['\u{1b}', '\u{7}', '\r', '\u{202e}'] {
            assert!(!r.stdout.contains(bad), "{args:?}: {:?}", r.stdout);
        }
    }
    // JSON stays exact.
    let json = tb.run(&["inspect", token, "--json"]).json();
    assert_eq!(json["header"]["kid"], HOSTILE_KID);
    // A key set's kid, from a file or a URL, alike.
    let set = serde_json::json!({"keys": [{"kty": "EC", "crv": "P-256", "kid": HOSTILE_KID, "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]});
    let file = tb.file("set.json", set.to_string());
    let r = tb.run(&["keys", file.to_str().unwrap()]);
    assert!(
        r.stdout.lines().filter(|l| l.starts_with("Status")).count() == 1,
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
    assert!(
        r.stdout.contains("\\u{1b}"),
        "escaped, so still readable: {}",
        r.stdout
    );
}
