//! Encrypted tokens (JWE) on the command line: the decryption options every command that
//! reads tokens takes, the encryption options of `mint`, and the report on a JWE that holds
//! no signed token.

use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use super::key_options::{read_file, read_stdin, strip_newline};
use super::{Fail, Outcome, error_line, exit, print_out, render};
use crate::core::jwe::{Enc, KeyAlg, Opened};
use crate::core::key::{Key, parse_encryption_key};
use crate::core::report::Report;
use crate::core::secret::Secret;
use crate::store::secrets::SecretStore;

/// The key that decrypts a JWE. A shared secret is never an argument.
#[derive(Args, Debug, Clone, Default)]
pub struct DecryptArgs {
    /// Decrypt a JWE with this private key or JWK file (RSA for RSA-OAEP, EC for ECDH-ES, or
    /// an "oct" JWK for dir and AES key wrap).
    #[arg(long, value_name = "PEM_OR_JWK", group = "decrypt")]
    pub decrypt_key: Option<PathBuf>,
    /// Decrypt a JWE with the shared key in this environment variable (its text's bytes, as
    /// Chaskiq uses its 16-character key).
    #[arg(long, value_name = "VAR", group = "decrypt")]
    pub decrypt_secret_env: Option<String>,
    /// Decrypt a JWE with the shared key in this file (one trailing newline is ignored).
    #[arg(long, value_name = "FILE", group = "decrypt")]
    pub decrypt_secret_file: Option<PathBuf>,
    /// Decrypt a JWE with the shared key read from standard input.
    #[arg(long, group = "decrypt")]
    pub decrypt_secret_stdin: bool,
}

impl DecryptArgs {
    pub fn given(&self) -> bool {
        self.decrypt_key.is_some()
            || self.decrypt_secret_env.is_some()
            || self.decrypt_secret_file.is_some()
            || self.decrypt_secret_stdin
    }

    pub fn uses_stdin(&self) -> bool {
        self.decrypt_secret_stdin
    }

    /// The decryption key the options name, if any.
    pub fn load(&self) -> Result<Option<Key>, Fail> {
        if let Some(path) = &self.decrypt_key {
            return key_file(path).map(Some);
        }
        shared_secret(
            self.decrypt_secret_env.as_deref(),
            self.decrypt_secret_file.as_deref(),
            self.decrypt_secret_stdin,
            "decryption key",
        )
    }
}

/// How `mint` encrypts the token it signs.
#[derive(Args, Debug, Clone, Default)]
pub struct EncryptArgs {
    /// Encrypt the signed token for this recipient's public key or JWK file (the vendor's key).
    #[arg(long, value_name = "PEM_OR_JWK", group = "encrypt")]
    pub encrypt_key: Option<PathBuf>,
    /// Encrypt the signed token with the shared key in this environment variable.
    #[arg(long, value_name = "VAR", group = "encrypt")]
    pub encrypt_secret_env: Option<String>,
    /// The JWE key management algorithm (default: the preset's, else by the key: RSA-OAEP-256,
    /// ECDH-ES+A256KW, dir).
    #[arg(long, value_name = "ALG")]
    pub jwe_alg: Option<KeyAlg>,
    /// The JWE content encryption (default: the preset's, else A256GCM; A128GCM for a
    /// 16-byte shared key).
    #[arg(long, value_name = "ENC")]
    pub jwe_enc: Option<Enc>,
}

impl EncryptArgs {
    /// Whether any encryption option was given.
    pub fn given(&self) -> bool {
        self.encrypt_key.is_some()
            || self.encrypt_secret_env.is_some()
            || self.jwe_alg.is_some()
            || self.jwe_enc.is_some()
    }

    /// The recipient's key the options name, if any.
    pub fn load(&self) -> Result<Option<Key>, Fail> {
        if let Some(path) = &self.encrypt_key {
            return key_file(path).map(Some);
        }
        shared_secret(
            self.encrypt_secret_env.as_deref(),
            None,
            false,
            "encryption key",
        )
    }
}

/// A signed token sealed for the vendor: the JWE and its protected header.
pub struct Sealed {
    pub token: String,
    pub header: serde_json::Map<String, Value>,
}

/// The key to encrypt for: the options', else the one the profile keeps.
pub fn encryption_key(
    args: &EncryptArgs,
    profile: Option<&crate::store::profiles::Profile>,
) -> Result<Option<Key>, Fail> {
    if let Some(key) = args.load()? {
        return Ok(Some(key));
    }
    let Some(p) = profile.filter(|p| p.encryption.is_some()) else {
        return Ok(None);
    };
    let keyring = |account: &str| {
        super::stored::keyring()
            .map_err(|e| e.0)?
            .get(account)
            .map_err(|e| e.to_string())
    };
    p.encryption_key(&keyring)
        .map_err(|e| Fail(format!("profile \"{}\": its encryption key: {e}", p.name)))
}

/// Encrypts `jws` as the options (and the preset's `[encryption]`, and the profile's key)
/// say; None when no encryption key is given and the preset does not require one.
pub fn seal(
    args: &EncryptArgs,
    preset: &crate::core::preset::Preset,
    jws: &str,
    profile: Option<&crate::store::profiles::Profile>,
) -> Result<Option<Sealed>, Fail> {
    let rules = preset.encryption.as_ref();
    let Some(key) = encryption_key(args, profile)? else {
        if rules.is_some_and(|r| r.mode == crate::core::preset::EncryptionMode::Required) {
            return Err(Fail(format!(
                "{} takes tokens encrypted: pass the vendor's key with --encrypt-key PEM_OR_JWK or --encrypt-secret-env VAR, or keep it in a profile (tokenbench profile set-encryption-key NAME)",
                preset.vendor
            )));
        }
        if args.jwe_alg.is_some() || args.jwe_enc.is_some() {
            return Err(Fail(
                "--jwe-alg and --jwe-enc need a key to encrypt for: --encrypt-key PEM_OR_JWK or --encrypt-secret-env VAR".into(),
            ));
        }
        return Ok(None);
    };
    let (alg, enc) = crate::core::jwe::choose(
        &key,
        args.jwe_alg.or(rules.map(|r| r.alg)),
        args.jwe_enc.or(rules.map(|r| r.enc)),
    );
    let token =
        crate::core::jwe::seal_token(jws, &key, alg, enc).map_err(|e| Fail(e.to_string()))?;
    let header = crate::core::jwe::Jwe::parse(&token)
        .map(|j| j.header)
        .map_err(|e| Fail(e.to_string()))?;
    Ok(Some(Sealed { token, header }))
}

fn key_file(path: &std::path::Path) -> Result<Key, Fail> {
    let bytes = read_file(path, "key file")?;
    parse_encryption_key(&bytes).map_err(|e| Fail(format!("{}: {e}", path.display())))
}

fn shared_secret(
    env: Option<&str>,
    file: Option<&std::path::Path>,
    stdin: bool,
    what: &str,
) -> Result<Option<Key>, Fail> {
    let bytes = if let Some(var) = env {
        std::env::var_os(var)
            .ok_or_else(|| Fail(format!("the environment variable {var} is not set")))?
            .into_encoded_bytes()
    } else if let Some(path) = file {
        strip_newline(read_file(path, what)?)
    } else if stdin {
        strip_newline(read_stdin(what)?)
    } else {
        return Ok(None);
    };
    if bytes.is_empty() {
        return Err(Fail(format!("the {what} is empty")));
    }
    Ok(Some(Key::hmac(Secret::new(bytes))))
}

/// The token to judge in `text`: itself, or for an encrypted token (JWE) the signed token
/// inside, opened with `key`. Err: a JWE that can't be opened, or holds no signed token.
pub fn signed_inside(
    text: &str,
    name: &str,
    key: Option<&Key>,
) -> Result<crate::core::decode::Decoded, Fail> {
    use crate::core::jwe::NotSigned;
    crate::core::jwe::signed_inside(text, key).map_err(|e| match e {
        NotSigned::Failed(e) => Fail(format!(
            "{name}: the encrypted token could not be decrypted: {e}"
        )),
        NotSigned::Sealed(needs) => Fail(format!(
            "{name} is encrypted: give {needs} (--decrypt-key or --decrypt-secret-env/-file/-stdin)"
        )),
        NotSigned::Plain => Fail(format!(
            "{name} is encrypted JSON, not a signed token: inspect it with its key to read the claims"
        )),
    })
}

/// Prints the report on a JWE that holds no signed token (still sealed, or JSON or text
/// inside) and gives the exit code: sealed without a key is 0 for `inspect` (nothing to
/// check) and 2 for `verify`; a key that fails is 1.
pub fn print_unsigned(
    report: &Report<'_>,
    opened: &Opened,
    json: bool,
    verifying: bool,
) -> Outcome {
    if json {
        let mut value = serde_json::to_value(report)?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("jwe".into(), serde_json::to_value(opened)?);
        }
        print_out(&serde_json::to_string_pretty(&value)?);
    } else {
        let mut text = jwe_lines(opened);
        if let Some(plain) = &opened.text {
            text.push_str(&format!("Plaintext  {}\n", super::terminal_safe(plain)));
        }
        let missing = if opened.decrypted {
            ["(none: nothing inside is signed)", "(not JSON claims)"]
        } else {
            ["(encrypted)", "(encrypted)"]
        };
        text.push_str(&render::report_with(report, None, verifying, missing));
        print_out(&text);
    }
    Ok(match (&opened.error, opened.decrypted) {
        (Some(e), _) => {
            error_line(e);
            exit::INVALID
        }
        (None, true) if verifying && !opened.authenticated() => {
            error_line(
                "nothing inside is signed, and anyone with the recipient's public key could have encrypted it: there is nothing to verify",
            );
            exit::INVALID
        }
        (None, false) if verifying => {
            error_line(&format!(
                "this token is encrypted: verifying it needs {} (--decrypt-key or --decrypt-secret-env/-file/-stdin)",
                opened.needs
            ));
            exit::USAGE
        }
        _ if report.has_errors() || report.status != crate::core::report::Status::Valid => {
            exit::INVALID
        }
        _ => exit::OK,
    })
}

/// The lines that say what the encryption is, above the inner token's report.
pub fn jwe_lines(opened: &Opened) -> String {
    let header = Value::Object(opened.header.clone());
    let state = match (opened.decrypted, opened.plaintext_kind, &opened.error) {
        (true, Some(crate::core::jwe::PlaintextKind::Jws), _) => {
            "decrypted: a signed token inside".to_string()
        }
        (true, Some(crate::core::jwe::PlaintextKind::Json), _) => {
            "decrypted: JSON claims inside, signed by nothing".to_string()
        }
        (true, _, _) => "decrypted: text inside".to_string(),
        (false, _, Some(_)) => "NOT decrypted with the key given".to_string(),
        (false, _, None) => format!("not decrypted: needs {}", opened.needs),
    };
    format!(
        "Encrypted  JWE {}: {}\nJWE header {}\n",
        super::terminal_safe(&opened.algorithms()),
        super::terminal_safe(&state),
        super::terminal_safe(&header.to_string())
    )
}
