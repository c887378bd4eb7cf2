//! `tokenbench profile list` and `profile show`: what is saved, never the secret.

use serde_json::{Value, json};

use super::super::stored::{find, load_profiles};
use super::super::{Outcome, exit, load_presets, print_out};
use crate::core::alg::Alg;
use crate::core::secret::diagnose;
use crate::core::time::human_span;
use crate::store::profiles::key_from_text;
use crate::store::secrets::{OsKeyring, SecretStore, StoreKind};

pub fn list(as_json: bool) -> Outcome {
    let all = load_profiles()?;
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

pub fn show(name: &str, as_json: bool) -> Outcome {
    let all = load_profiles()?;
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
            "jwks_url": p.jwks_url,
            "secret_encoding": p.secret_encoding,
            "settings": p.settings,
            "secret": secret,
            "encryption": encryption_json(p),
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
    if let Some(url) = &p.jwks_url {
        out.push_str(&format!("Keys from   {url}\n"));
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
    if let Some(e) = &p.encryption {
        out.push_str(&format!("Encryption  {}\n", e.describe()));
    }
    print_out(&out);
    Ok(exit::OK)
}

/// The vendor's encryption key the profile keeps: `{"key": "public", "jwk"}` (anyone's, so
/// shown), `{"key": "shared"}` (in the keyring, never shown), or null.
fn encryption_json(p: &crate::store::profiles::Profile) -> Value {
    use crate::store::profiles::ProfileEncryption;
    match &p.encryption {
        None => Value::Null,
        Some(ProfileEncryption::PublicJwk(jwk)) => json!({"key": "public", "jwk": jwk}),
        Some(ProfileEncryption::SharedInKeyring) => json!({"key": "shared"}),
    }
}
