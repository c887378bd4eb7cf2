//! The KEY options: where a secret or key comes from. A secret is never an argument.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use clap::Args;

use super::Fail;
use crate::core::key::{Key, KeySet, parse_key_file};
use crate::core::secret::{Secret, SecretEncoding};
pub use crate::store::files::io_reason;
use crate::web::KeySource;

/// Largest secret or token read from a file or stdin.
const MAX_INPUT: u64 = 16 << 20;

#[derive(Args, Debug, Clone, Default)]
pub struct KeyArgs {
    /// Read the HMAC secret from this environment variable.
    #[arg(long, value_name = "VAR", group = "key")]
    pub secret_env: Option<String>,
    /// Read the HMAC secret from this file (one trailing newline is ignored).
    #[arg(long, value_name = "FILE", group = "key")]
    pub secret_file: Option<PathBuf>,
    /// Read the HMAC secret from standard input (one trailing newline is ignored).
    #[arg(long, group = "key")]
    pub secret_stdin: bool,
    /// A PEM (PKCS#1, PKCS#8, SEC1, SPKI, certificate), JWK or JWKS key file.
    #[arg(long, value_name = "PEM_OR_JWK", group = "key")]
    pub key_file: Option<PathBuf>,
    /// Fetch the public keys from this URL: a JWKS, a JWK, a PEM, a certificate or
    /// Omnichannel's key list (https; plain http only on loopback). Cached as the server allows.
    #[arg(long, value_name = "URL", group = "key")]
    pub jwks_url: Option<String>,
    /// Fetch the public keys of this OpenID issuer (ISSUER/.well-known/openid-configuration,
    /// then its jwks_uri).
    #[arg(long, value_name = "ISSUER", group = "key")]
    pub oidc: Option<String>,
    /// How the secret's text becomes key bytes: utf8 (the text's bytes, as vendors do), base64, base64url or hex.
    #[arg(long, value_name = "ENC")]
    pub secret_encoding: Option<SecretEncoding>,
    /// Use a profile's key from the OS keyring (and its preset and values as defaults).
    #[arg(long, value_name = "NAME", group = "key")]
    pub profile: Option<String>,
    /// Not accepted: secrets on the command line end up in shell history and `ps`.
    #[arg(long, hide = true, value_name = "VALUE", group = "key")]
    pub secret: Option<String>,
}

impl KeyArgs {
    pub fn given(&self) -> bool {
        self.secret_env.is_some()
            || self.secret_file.is_some()
            || self.secret_stdin
            || self.key_file.is_some()
            || self.jwks_url.is_some()
            || self.oidc.is_some()
            || self.profile.is_some()
            || self.secret.is_some()
    }

    /// The profile `--profile` names, if given.
    pub fn profile_entry(&self) -> Result<Option<crate::store::profiles::Profile>, Fail> {
        let Some(name) = &self.profile else {
            return Ok(None);
        };
        super::stored::named_profile(name).map(Some)
    }

    pub fn uses_stdin(&self) -> bool {
        self.secret_stdin
    }

    /// Reads the key to sign with the options name, if any. `default_encoding` is the
    /// preset's. A public key given as the secret is refused here: it never signs.
    pub fn load(
        &self,
        default_encoding: SecretEncoding,
        profile: Option<&crate::store::profiles::Profile>,
    ) -> Result<Option<Loaded>, Fail> {
        // Signing needs the profile's own key: its published (public) keys can't mint.
        let loaded = if self.jwks_url.is_none() && self.oidc.is_none() {
            self.load_secret(default_encoding, profile)?
        } else {
            self.load_for(default_encoding, profile, None)?
        };
        for key in loaded.iter().flat_map(|l| &l.keys.keys) {
            key.usable().map_err(|e| Fail(e.to_string()))?;
        }
        Ok(loaded)
    }

    /// The URL (or issuer) the options name.
    fn published(&self) -> Option<KeySource> {
        if let Some(url) = &self.jwks_url {
            return Some(KeySource::Url(url.clone()));
        }
        self.oidc.clone().map(KeySource::Oidc)
    }

    /// As `load`, for checking a token: keys by URL (fetched again past the cache when the
    /// token's `kid` is not in the cached set), or every key a profile has: its keyring key
    /// and the keys published at its key URL, each tried with what it fits.
    pub fn load_for(
        &self,
        default_encoding: SecretEncoding,
        profile: Option<&crate::store::profiles::Profile>,
        kid: Option<&str>,
    ) -> Result<Option<Loaded>, Fail> {
        if let Some(source) = self.published() {
            let (keys, fetched) = crate::web::load_keys(&source, kid).map_err(|e| Fail(e.0))?;
            return Ok(Some(Loaded {
                keys,
                secret_text: None,
                fetched: Some(fetched),
            }));
        }
        match profile {
            Some(p) if p.jwks_url.is_some() => self.profile_keys(p, kid).map(Some),
            _ => self.load_secret(default_encoding, profile),
        }
    }

    /// A profile with a key URL: its published keys, with its keyring key beside them when
    /// it keeps one there.
    fn profile_keys(
        &self,
        p: &crate::store::profiles::Profile,
        kid: Option<&str>,
    ) -> Result<Loaded, Fail> {
        let url = KeySource::Url(p.jwks_url.clone().unwrap_or_default());
        let published = crate::web::load_keys(&url, kid);
        let stored = if p.has_secret {
            Some(super::stored::profile_key(p, self.secret_encoding))
        } else {
            None
        };
        let (mut loaded, fetched) = match (stored, published) {
            (Some(Ok(stored)), Ok((keys, fetched))) => {
                let mut loaded = stored;
                loaded.keys.keys.extend(keys.keys);
                loaded.keys.source = keys.source;
                (loaded, Some(fetched))
            }
            (_, Ok((keys, fetched))) => (
                Loaded {
                    keys,
                    secret_text: None,
                    fetched: None,
                },
                Some(fetched),
            ),
            (Some(Ok(stored)), Err(e)) => {
                super::warning_line(&format!("profile \"{}\": {e}", p.name));
                (stored, None)
            }
            (Some(Err(_)) | None, Err(e)) => {
                return Err(Fail(format!("profile \"{}\": {e}", p.name)));
            }
        };
        loaded.fetched = fetched;
        Ok(loaded)
    }

    /// The secret or key file the options name, or the profile's keyring key.
    fn load_secret(
        &self,
        default_encoding: SecretEncoding,
        profile: Option<&crate::store::profiles::Profile>,
    ) -> Result<Option<Loaded>, Fail> {
        if self.secret.is_some() {
            return Err(Fail(
                "secrets are never taken as a command-line argument (they end up in shell history and the process list): use --secret-env VAR, --secret-file FILE or --secret-stdin".into(),
            ));
        }
        if let Some(p) = profile {
            return super::stored::profile_key(p, self.secret_encoding).map(Some);
        }
        let encoding = self.secret_encoding.unwrap_or(default_encoding);
        let text = if let Some(var) = &self.secret_env {
            let value = std::env::var_os(var)
                .ok_or_else(|| Fail(format!("the environment variable {var} is not set")))?;
            value.into_encoded_bytes()
        } else if let Some(path) = &self.secret_file {
            strip_newline(read_file(path, "secret file")?)
        } else if self.secret_stdin {
            strip_newline(read_stdin("secret")?)
        } else if let Some(path) = &self.key_file {
            let bytes = read_file(path, "key file")?;
            let keys =
                parse_key_file(&bytes).map_err(|e| Fail(format!("{}: {e}", path.display())))?;
            let mut keys = keys;
            keys.source = Some(path.display().to_string());
            return Ok(Some(Loaded {
                keys,
                secret_text: None,
                fetched: None,
            }));
        } else {
            return Ok(None);
        };
        let text = Secret::new(text);
        if text.is_empty() {
            return Err(Fail("the secret is empty".into()));
        }
        let secret = encoding.decode(text.expose())?;
        Ok(Some(Loaded {
            keys: KeySet::single(Key::hmac(secret)),
            secret_text: Some((text, encoding)),
            fetched: None,
        }))
    }
}

/// A key as read from the options, with the secret's text for the diagnosis.
pub struct Loaded {
    pub keys: KeySet,
    /// The HMAC secret as typed, and how it was read.
    pub secret_text: Option<(Secret, SecretEncoding)>,
    /// Keys fetched by URL: from where, and how fresh.
    pub fetched: Option<crate::web::Fetched>,
}

impl Loaded {
    /// The secret diagnosis for `alg` (an HMAC algorithm), when the key is a secret.
    pub fn diagnose(
        &self,
        alg: crate::core::alg::Alg,
        shape: Option<&crate::core::secret::SecretShape>,
    ) -> Option<crate::core::secret::SecretDiagnosis> {
        let (text, encoding) = self.secret_text.as_ref()?;
        Some(crate::core::secret::diagnose(
            text.expose(),
            *encoding,
            alg,
            shape,
        ))
    }
}

/// The bytes without one trailing newline (`\n` or `\r\n`), as files and stdin end.
pub fn strip_newline(mut bytes: Vec<u8>) -> Vec<u8> {
    if bytes.ends_with(b"\n") {
        bytes.pop();
        if bytes.ends_with(b"\r") {
            bytes.pop();
        }
    }
    bytes
}

pub fn read_file(path: &std::path::Path, what: &str) -> Result<Vec<u8>, Fail> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Fail(format!(
            "{}: can't read the {what}: {}",
            path.display(),
            io_reason(&e)
        ))
    })?;
    if meta.is_dir() {
        return Err(Fail(format!(
            "{}: is a folder, not a {what}",
            path.display()
        )));
    }
    if meta.len() > MAX_INPUT {
        return Err(Fail(format!(
            "{}: {} bytes is too large for a {what}",
            path.display(),
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| {
        Fail(format!(
            "{}: can't read the {what}: {}",
            path.display(),
            io_reason(&e)
        ))
    })
}

/// Reads all of stdin, bounded.
pub fn read_stdin(what: &str) -> Result<Vec<u8>, Fail> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!("Reading the {what} from standard input (end with Ctrl-D)…");
    }
    let mut buf = Vec::new();
    stdin
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(|e| {
            Fail(format!(
                "can't read the {what} from standard input: {}",
                io_reason(&e)
            ))
        })?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(Fail(format!(
            "the {what} on standard input is larger than {MAX_INPUT} bytes"
        )));
    }
    Ok(buf)
}
