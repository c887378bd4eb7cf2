//! `tokenbench profile …` and `--profile NAME`: saved widget setups whose keys live in the
//! OS keyring.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::{Value, json};

use super::keys::{Loaded, read_stdin};
use super::{Fail, Outcome, exit, find_preset, load_presets, print_out, split_assignment};
use crate::core::alg::Alg;
use crate::core::key::parse_key_file;
use crate::core::secret::{Secret, SecretEncoding, diagnose};
use crate::core::time::{human_span, parse_duration};
use crate::store::profiles::{self, Profile, check_name, key_from_text};
use crate::store::secrets::{OsKeyring, SecretStore, StoreKind};

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
    },
    /// Store the profile's secret (read from stdin) or key file in the OS keyring.
    SetSecret {
        /// The profile's name.
        name: String,
        /// Store this private key file instead of reading a secret from stdin.
        #[arg(long, value_name = "PEM_OR_JWK")]
        key_file: Option<PathBuf>,
    },
    /// Remove a profile and its keyring entry.
    Remove {
        /// The profile's name.
        name: String,
    },
}

/// The profiles file and what it holds; a damaged file is reported (and kept aside).
pub fn load_profiles() -> Result<(PathBuf, Vec<Profile>), Fail> {
    let path = profiles::default_path()
        .ok_or_else(|| Fail("there is no config directory to keep profiles in".into()))?;
    let loaded = profiles::load(&path);
    if let Some(problem) = loaded.problem {
        super::warning_line(&problem);
    }
    Ok((path, loaded.profiles))
}

pub fn find<'a>(profiles: &'a [Profile], name: &str) -> Result<&'a Profile, Fail> {
    profiles
        .iter()
        .find(|p| p.name == name)
        .or_else(|| profiles.iter().find(|p| p.name.eq_ignore_ascii_case(name)))
        .ok_or_else(|| {
            let names: Vec<String> = profiles.iter().map(|p| format!("\"{}\"", p.name)).collect();
            Fail(if names.is_empty() {
                format!("no profile \"{name}\" (there are none yet: tokenbench profile add NAME --preset ID)")
            } else {
                format!("no profile \"{name}\" (profiles: {})", names.join(", "))
            })
        })
}

/// The OS keyring, or a one-line reason.
pub fn keyring() -> Result<OsKeyring, Fail> {
    OsKeyring::open().map_err(|e| {
        Fail(format!(
            "{e}: tokenbench keeps secrets only in the system keyring"
        ))
    })
}

/// The profile's key from the keyring.
pub fn profile_key(profile: &Profile, encoding: Option<SecretEncoding>) -> Result<Loaded, Fail> {
    let store = keyring()?;
    let text = store
        .get(&profile.id)
        .map_err(|e| Fail(format!("profile \"{}\": {e}", profile.name)))?
        .ok_or_else(|| {
            Fail(format!(
                "profile \"{}\" has no secret in the keyring: store one with tokenbench profile set-secret \"{}\"",
                profile.name, profile.name
            ))
        })?;
    let encoding = encoding.unwrap_or(profile.secret_encoding);
    let keys = key_from_text(&text, encoding)
        .map_err(|e| Fail(format!("profile \"{}\": {e}", profile.name)))?;
    let is_secret = keys.keys.first().is_some_and(|k| k.secret_len().is_some());
    Ok(Loaded {
        keys,
        secret_text: is_secret.then_some((text, encoding)),
    })
}

pub fn run(cmd: &ProfileCommand) -> Outcome {
    match cmd {
        ProfileCommand::List { json } => list(*json),
        ProfileCommand::Show { name, json } => show(name, *json),
        ProfileCommand::Add {
            name,
            preset,
            claims,
            attrs,
            lifetime,
            kid,
            alg,
            secret_encoding,
            settings,
        } => {
            let presets = load_presets();
            let p = find_preset(&presets, preset)?;
            let (path, mut all) = load_profiles()?;
            check_name(name, &all, None).map_err(Fail)?;
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
            profile.secret_encoding = secret_encoding.unwrap_or(p.key.secret_encoding);
            for s in settings {
                let (k, v) = super::mint::page_setting(p, s)?;
                profile.settings.insert(k, v);
            }
            all.push(profile);
            profiles::save(&path, &all).map_err(|e| Fail(format!("{}: {e}", path.display())))?;
            eprintln!(
                "Added profile \"{}\". Store its key with: tokenbench profile set-secret \"{}\"",
                name.trim(),
                name.trim()
            );
            Ok(exit::OK)
        }
        ProfileCommand::SetSecret { name, key_file } => set_secret(name, key_file.as_ref()),
        ProfileCommand::Remove { name } => remove(name),
    }
}

fn list(as_json: bool) -> Outcome {
    let (_, all) = load_profiles()?;
    if as_json {
        let items: Vec<Value> = all
            .iter()
            .map(|p| json!({"name": p.name, "preset": p.preset, "secret": if p.has_secret { "stored" } else { "none" }}))
            .collect();
        print_out(&serde_json::to_string_pretty(&items)?);
        return Ok(exit::OK);
    }
    if all.is_empty() {
        print_out("No profiles yet. Add one: tokenbench profile add NAME --preset ID");
        return Ok(exit::OK);
    }
    let w = all
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let pw = all.iter().map(|p| p.preset.len()).max().unwrap_or(6).max(6);
    let mut out = format!("{:<w$}  {:<pw$}  SECRET\n", "NAME", "PRESET");
    for p in &all {
        let pad = w - p.name.chars().count();
        out.push_str(&format!(
            "{}{}  {:<pw$}  {}\n",
            p.name,
            " ".repeat(pad),
            p.preset,
            if p.has_secret { "stored" } else { "none" }
        ));
    }
    print_out(&out);
    Ok(exit::OK)
}

fn show(name: &str, as_json: bool) -> Outcome {
    let (_, all) = load_profiles()?;
    let p = find(&all, name)?;
    let presets = load_presets();
    let preset = presets.get(&p.preset);
    // What the keyring says, without the secret: where, and its shape.
    let secret = match OsKeyring::open() {
        Err(e) => {
            json!({"stored": if p.has_secret { Value::Null } else { Value::Bool(false) }, "error": e.to_string()})
        }
        Ok(store) => match store.get(&p.id) {
            Ok(Some(text)) => {
                let store_name = match store.kind() {
                    StoreKind::Keyring(n) => n,
                    StoreKind::Memory => "memory".into(),
                };
                let mut v = json!({"stored": true, "store": store_name, "characters": String::from_utf8_lossy(text.expose()).chars().count()});
                match key_from_text(&text, p.secret_encoding) {
                    Ok(keys) => {
                        v["key"] = json!(keys.describe());
                        let alg = preset
                            .and_then(|pr| pr.algorithms().first().copied())
                            .unwrap_or(Alg::HS256);
                        if keys.keys.first().is_some_and(|k| k.secret_len().is_some()) {
                            let d = diagnose(
                                text.expose(),
                                p.secret_encoding,
                                alg,
                                preset.and_then(|pr| pr.key.secret_shape.as_ref()),
                            );
                            v["notes"] = json!(d.notes);
                        }
                    }
                    Err(e) => v["error"] = json!(e),
                }
                v
            }
            Ok(None) => json!({"stored": false}),
            Err(e) => json!({"stored": Value::Null, "error": e.to_string()}),
        },
    };
    if as_json {
        let out = json!({
            "name": p.name,
            "preset": p.preset,
            "claims": p.claims,
            "attributes": p.attributes,
            "lifetime": p.lifetime,
            "kid": p.kid,
            "alg": p.alg,
            "secret_encoding": p.secret_encoding,
            "settings": p.settings,
            "secret": secret,
        });
        print_out(&serde_json::to_string_pretty(&out)?);
        return Ok(exit::OK);
    }
    let mut out = format!("Name        {}\n", p.name);
    out.push_str(&format!(
        "Preset      {}{}\n",
        p.preset,
        preset
            .map(|pr| format!(" ({})", pr.name))
            .unwrap_or_else(|| " (not installed)".into())
    ));
    for (title, map) in [("Claims", &p.claims), ("Attributes", &p.attributes)] {
        for (i, (k, v)) in map.iter().enumerate() {
            let head = if i == 0 { title } else { "" };
            out.push_str(&format!(
                "{head:<12}{k} = {}\n",
                v.as_str().map_or_else(|| v.to_string(), str::to_string)
            ));
        }
    }
    let lifetime = p
        .lifetime
        .or_else(|| preset.map(crate::core::preset::Preset::default_lifetime));
    if let Some(l) = lifetime {
        out.push_str(&format!(
            "Lifetime    {}{}\n",
            human_span(l),
            if p.lifetime.is_none() {
                " (the preset's)"
            } else {
                ""
            }
        ));
    }
    for (i, (k, v)) in p.settings.iter().enumerate() {
        let head = if i == 0 { "Page" } else { "" };
        out.push_str(&format!("{head:<12}{k} = {v}\n"));
    }
    if let Some(kid) = &p.kid {
        out.push_str(&format!("Key id      {kid}\n"));
    }
    if let Some(alg) = p.alg {
        out.push_str(&format!("Algorithm   {alg}\n"));
    }
    out.push_str(&format!("Encoding    {}\n", p.secret_encoding));
    let secret_line = match (secret.get("stored"), secret.get("error")) {
        (Some(Value::Bool(true)), _) => format!(
            "stored in the {} keyring ({} characters{})",
            secret["store"].as_str().unwrap_or("system"),
            secret["characters"],
            secret
                .get("key")
                .and_then(Value::as_str)
                .map(|k| format!("; {k}"))
                .unwrap_or_default()
        ),
        (Some(Value::Bool(false)), _) => format!(
            "none (store one: tokenbench profile set-secret \"{}\")",
            p.name
        ),
        (_, Some(e)) => format!("unknown: {}", e.as_str().unwrap_or("the keyring failed")),
        _ => "unknown".into(),
    };
    out.push_str(&format!("Secret      {secret_line}\n"));
    for note in secret
        .get("notes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.push_str(&format!(
            "            {}\n",
            note.as_str().unwrap_or_default()
        ));
    }
    print_out(&out);
    Ok(exit::OK)
}

fn set_secret(name: &str, key_file: Option<&PathBuf>) -> Outcome {
    let (path, mut all) = load_profiles()?;
    let p = find(&all, name)?.clone();
    let text = match key_file {
        Some(file) => {
            let bytes = std::fs::read(file).map_err(|e| {
                Fail(format!(
                    "{}: {}",
                    file.display(),
                    super::keys::io_reason(&e)
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
            key_from_text(&text, p.secret_encoding)
                .map_err(|e| Fail(format!("not stored: {e}")))?;
            text
        }
    };
    let store = keyring()?;
    store
        .set(&p.id, &p.keyring_label(), &text)
        .map_err(|e| Fail(format!("not stored: {e}")))?;
    if let Some(slot) = all.iter_mut().find(|q| q.id == p.id) {
        slot.has_secret = true;
    }
    profiles::save(&path, &all).map_err(|e| Fail(format!("{}: {e}", path.display())))?;
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

fn remove(name: &str) -> Outcome {
    let (path, mut all) = load_profiles()?;
    let p = find(&all, name)?.clone();
    match OsKeyring::open() {
        Ok(store) => store.delete(&p.id).map_err(|e| {
            Fail(format!(
                "profile \"{}\" was not removed: its keyring entry could not be deleted: {e}",
                p.name
            ))
        })?,
        Err(e) if p.has_secret => {
            return Err(Fail(format!(
                "profile \"{}\" was not removed: its secret is in the keyring, which is not reachable ({e})",
                p.name
            )));
        }
        Err(_) => {}
    }
    all.retain(|q| q.id != p.id);
    profiles::save(&path, &all).map_err(|e| Fail(format!("{}: {e}", path.display())))?;
    eprintln!("Removed profile \"{}\" and its keyring entry.", p.name);
    Ok(exit::OK)
}
