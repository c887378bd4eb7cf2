//! `tokenbench profile …` and `--profile NAME`: saved widget setups whose keys live in the
//! OS keyring.

mod encryption;
mod show;

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::Value;

use super::key_options::read_stdin;
use super::source::page_setting;
use super::stored::{keyring, named_profile, profile_file};
use super::{Fail, Outcome, exit, find_preset, load_presets, split_assignment, warning_line};
use crate::core::alg::Alg;
use crate::core::key::parse_key_file;
use crate::core::secret::{Secret, SecretEncoding};
use crate::core::time::parse_duration;
use crate::store::profiles::{Change, Profile, Updated, check_name, key_from_text};
use crate::store::secrets::{SecretStore, StoreKind};

#[derive(Subcommand, Debug)]
pub enum ProfileCommand {
    /// List the profiles.
    List {
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show a profile (never its secret).
    Show {
        /// The profile's name (any case).
        name: String,
        /// Print it as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add a profile: a preset and the values filled every time.
    Add {
        /// A name to find it by: "Connect — staging".
        name: String,
        /// The vendor preset (see `tokenbench presets`).
        #[arg(long, value_name = "ID")]
        preset: String,
        /// A claim value to fill every time (repeatable).
        #[arg(long = "claim", value_name = "NAME=VALUE")]
        claims: Vec<String>,
        /// An entry of the preset's attribute map (repeatable).
        #[arg(long = "attr", value_name = "NAME=VALUE")]
        attrs: Vec<String>,
        /// Token lifetime: 600, 10m, 1h30m (default: the preset's).
        #[arg(long, value_name = "DURATION")]
        lifetime: Option<String>,
        /// The header's key id.
        #[arg(long, value_name = "KID")]
        kid: Option<String>,
        /// The algorithm, when the preset accepts several.
        #[arg(long, value_name = "ALG")]
        alg: Option<Alg>,
        /// How the secret's text becomes key bytes: utf8, base64, base64url or hex.
        #[arg(long, value_name = "ENC")]
        secret_encoding: Option<SecretEncoding>,
        /// A demo-page value that is not a claim (the preset's page settings: Connect's snippet_id, …).
        #[arg(long = "setting", value_name = "NAME=VALUE")]
        settings: Vec<String>,
        /// Where the public keys are published (JWKS, PEM, certificate or key-list URL, or an
        /// OpenID issuer): verifying with this profile fetches them. No secret needed.
        #[arg(long, value_name = "URL")]
        jwks_url: Option<String>,
    },
    /// Store the profile's secret (read from stdin) or key file in the OS keyring.
    SetSecret {
        /// The profile's name.
        name: String,
        /// Store this private key file instead of reading a secret from stdin.
        #[arg(long, value_name = "PEM_OR_JWK")]
        key_file: Option<PathBuf>,
    },
    /// Keep the vendor's key this profile's tokens are encrypted for (LivePerson's public
    /// key): a public key file (kept in the profile), or a shared key read from stdin (kept
    /// in the OS keyring). `mint` and `serve` with the profile then encrypt.
    SetEncryptionKey {
        /// The profile's name.
        name: String,
        /// The vendor's public key (PEM or JWK) instead of a shared key on stdin.
        #[arg(long, value_name = "PEM_OR_JWK")]
        key_file: Option<PathBuf>,
    },
    /// Stop encrypting this profile's tokens: forget the vendor's encryption key.
    ForgetEncryptionKey {
        /// The profile's name.
        name: String,
    },
    /// Rename a profile (its key stays with it).
    Rename {
        /// The profile's name now.
        name: String,
        /// Its new name.
        new_name: String,
    },
    /// Remove a profile and its keyring entry.
    Remove {
        /// The profile's name.
        name: String,
    },
}

pub fn run(cmd: &ProfileCommand) -> Outcome {
    match cmd {
        ProfileCommand::List { json } => show::list(*json),
        ProfileCommand::Show { name, json } => show::show(name, *json),
        ProfileCommand::Add { .. } => add(cmd),
        ProfileCommand::SetSecret { name, key_file } => set_secret(name, key_file.as_ref()),
        ProfileCommand::Rename { name, new_name } => {
            let p = named_profile(name)?;
            change(Change::Rename {
                id: p.id,
                name: new_name.clone(),
            })?;
            eprintln!("Renamed profile \"{}\" to \"{}\".", p.name, new_name.trim());
            Ok(exit::OK)
        }
        ProfileCommand::Remove { name } => remove(name),
        ProfileCommand::SetEncryptionKey { name, key_file } => {
            encryption::set(name, key_file.as_deref())
        }
        ProfileCommand::ForgetEncryptionKey { name } => encryption::forget(name),
    }
}

/// Writes `change` to the profiles file as it is now (under its lock).
pub(super) fn change(change: Change) -> Result<Updated, Fail> {
    let updated = profile_file()?
        .update(change)
        .map_err(|e| Fail(e.to_string()))?;
    if let Some(problem) = &updated.now.problem {
        warning_line(problem);
    }
    Ok(updated)
}

fn add(cmd: &ProfileCommand) -> Outcome {
    let ProfileCommand::Add {
        name,
        preset,
        claims,
        attrs,
        lifetime,
        kid,
        alg,
        secret_encoding,
        settings,
        jwks_url,
    } = cmd
    else {
        return Ok(exit::USAGE);
    };
    let presets = load_presets();
    let p = find_preset(&presets, preset)?;
    check_name(name, &[], None).map_err(Fail)?;
    let mut profile = Profile::new(name, &p.id);
    for c in claims {
        let (k, v) = split_assignment("--claim", c)?;
        profile.claims.insert(k, Value::String(v));
    }
    if !attrs.is_empty() && p.attribute_claim().is_none() {
        return Err(Fail(format!(
            "the {} preset has no attribute map for --attr",
            p.id
        )));
    }
    for a in attrs {
        let (k, v) = split_assignment("--attr", a)?;
        profile.attributes.insert(k, Value::String(v));
    }
    profile.lifetime = lifetime.as_deref().map(parse_duration).transpose()?;
    profile.kid.clone_from(kid);
    profile.alg = *alg;
    if let Some(url) = jwks_url {
        crate::web::target::Target::parse(url)?;
        profile.jwks_url = Some(url.trim().to_string());
    }
    profile.secret_encoding = secret_encoding.unwrap_or(p.key.secret_encoding);
    for s in settings {
        let (k, v) = page_setting(p, s)?;
        profile.settings.insert(k, v);
    }
    let by_url = profile.jwks_url.is_some();
    change(Change::add(profile))?;
    if by_url {
        eprintln!(
            "Added profile \"{}\"; its keys are fetched from the URL when verifying. To mint, store the private key with: tokenbench profile set-secret \"{}\" --key-file KEY",
            name.trim(),
            name.trim()
        );
    } else {
        eprintln!(
            "Added profile \"{}\". Store its key with: tokenbench profile set-secret \"{}\"",
            name.trim(),
            name.trim()
        );
    }
    Ok(exit::OK)
}

fn set_secret(name: &str, key_file: Option<&PathBuf>) -> Outcome {
    let p = named_profile(name)?;
    let text = match key_file {
        Some(file) => {
            let bytes = std::fs::read(file).map_err(|e| {
                Fail(format!(
                    "{}: {}",
                    file.display(),
                    super::key_options::io_reason(&e)
                ))
            })?;
            parse_key_file(&bytes).map_err(|e| Fail(format!("{}: {e}", file.display())))?;
            Secret::new(bytes)
        }
        None => {
            let mut bytes = read_stdin("secret")?;
            if bytes.ends_with(b"\n") {
                bytes.pop();
                if bytes.ends_with(b"\r") {
                    bytes.pop();
                }
            }
            let text = Secret::new(bytes);
            if text.is_empty() {
                return Err(Fail("the secret on standard input is empty".into()));
            }
            if let Some(what) = crate::core::key::public_key_in(text.expose()) {
                return Err(Fail(format!(
                    "not stored: the secret on standard input is {what}, not a secret (a public key is anyone's: as an HMAC key it would let anyone sign, RFC 8725 §2.1); store a private key with --key-file, or the vendor's shared secret"
                )));
            }
            let keys = key_from_text(&text, p.secret_encoding)
                .map_err(|e| Fail(format!("not stored: {e}")))?;
            for key in &keys.keys {
                key.usable().map_err(|e| Fail(format!("not stored: {e}")))?;
            }
            text
        }
    };
    let store = keyring()?;
    store
        .set(&p.id, &p.keyring_label(), &text)
        .map_err(|e| Fail(format!("not stored: {e}")))?;
    if let Err(e) = change(Change::Key {
        id: p.id.clone(),
        stored: true,
    }) {
        // Removed meanwhile (by a window or another command): its key goes with it.
        let _ = store.delete(&p.id);
        return Err(Fail(format!("not stored: {}", e.0)));
    }
    let where_ = match store.kind() {
        StoreKind::Keyring(n) => n,
        StoreKind::Memory => "memory".into(),
    };
    eprintln!(
        "Stored the key of profile \"{}\" in the {where_} keyring.",
        p.name
    );
    Ok(exit::OK)
}

/// Removes the profile, then its keyring entry: a key is only ever deleted with its profile.
fn remove(name: &str) -> Outcome {
    let p = named_profile(name)?;
    let store = match keyring() {
        Ok(store) => Some(store),
        Err(e)
            if p.has_secret
                || p.encryption
                    == Some(crate::store::profiles::ProfileEncryption::SharedInKeyring) =>
        {
            return Err(Fail(format!(
                "profile \"{}\" was not removed: its secret is in the keyring, which is not reachable ({})",
                p.name, e.0
            )));
        }
        Err(_) => None,
    };
    change(Change::Remove { id: p.id.clone() })?;
    if let Some(store) = &store
        && p.encryption == Some(crate::store::profiles::ProfileEncryption::SharedInKeyring)
        && let Err(e) = store.delete(&p.encryption_account())
    {
        warning_line(&format!(
            "profile \"{}\" was removed, but its encryption key's keyring entry (service tokenbench, account {}) could not be deleted: {e}",
            p.name,
            p.encryption_account()
        ));
    }
    if let Some(store) = store
        && let Err(e) = store.delete(&p.id)
    {
        warning_line(&format!(
            "profile \"{}\" was removed, but its keyring entry (service tokenbench, account {}) could not be deleted: {e}",
            p.name, p.id
        ));
        return Ok(exit::OK);
    }
    eprintln!("Removed profile \"{}\" and its keyring entry.", p.name);
    Ok(exit::OK)
}
