//! Recipes: profiles exported as JSON without their secrets, so a teammate gets the same
//! widget setup and supplies the key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::profiles::{Profile, new_id};
use crate::core::alg::Alg;
use crate::core::preset::Presets;
use crate::core::secret::SecretEncoding;

const KIND: &str = "tokenbench-recipe";
const VERSION: u32 = 1;

/// A profile as shared: no id, no secret, no "has a secret" flag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedProfile {
    name: String,
    preset: String,
    #[serde(default)]
    claims: Map<String, Value>,
    #[serde(default)]
    attributes: Map<String, Value>,
    #[serde(default)]
    lifetime: Option<i64>,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    alg: Option<Alg>,
    #[serde(default)]
    secret_encoding: SecretEncoding,
    /// Page settings (an app id): not secret, and what a teammate needs for the demo page.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    settings: BTreeMap<String, String>,
    /// Where the public keys are published: public, and what a teammate verifies with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jwks_url: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct RecipeFile {
    kind: String,
    version: u32,
    profiles: Vec<SharedProfile>,
}

/// The recipe for `profiles`, as pretty JSON. Contains no secret.
pub fn export(profiles: &[&Profile]) -> String {
    let file = RecipeFile {
        kind: KIND.into(),
        version: VERSION,
        profiles: profiles
            .iter()
            .map(|p| SharedProfile {
                name: p.name.clone(),
                preset: p.preset.clone(),
                claims: p.claims.clone(),
                attributes: p.attributes.clone(),
                lifetime: p.lifetime,
                kid: p.kid.clone(),
                alg: p.alg,
                secret_encoding: p.secret_encoding,
                settings: p.settings.clone(),
                jwks_url: p.jwks_url.clone(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// New profiles from a recipe's text: fresh ids, no secrets, names made unique against
/// `existing` (" (imported)"). A foreign or malformed file, or an unknown preset, is an
/// error and yields nothing. What a recipe may not bring is left out and said: a page
/// setting its preset doesn't have, a URL setting off the vendor's hosts (a widget script
/// from a stranger's site would run on the demo page beside `/token`), a key URL that is
/// not https.
pub fn import(text: &str, presets: &Presets, existing: &[Profile]) -> Result<Imported, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "this is not a tokenbench recipe: not JSON ({} at line {}, column {})",
            e.to_string().split(" at line").next().unwrap_or("invalid"),
            e.line(),
            e.column()
        )
    })?;
    if value.get("kind").and_then(Value::as_str) != Some(KIND) {
        return Err(
            "this is not a tokenbench recipe (it has no \"kind\": \"tokenbench-recipe\")".into(),
        );
    }
    let file: RecipeFile =
        serde_json::from_value(value).map_err(|e| format!("the recipe is damaged: {e}"))?;
    if file.version > VERSION {
        return Err(format!(
            "the recipe is version {}; this tokenbench reads version {VERSION}",
            file.version
        ));
    }
    if file.profiles.is_empty() {
        return Err("the recipe holds no profiles".into());
    }
    let unknown: Vec<String> = file
        .profiles
        .iter()
        .filter(|p| presets.get(&p.preset).is_none())
        .map(|p| format!("\"{}\" uses preset \"{}\"", p.name, p.preset))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "the recipe needs presets this tokenbench doesn't have: {} (add them to the presets folder first)",
            unknown.join("; ")
        ));
    }
    let mut taken: Vec<String> = existing.iter().map(|p| p.name.to_lowercase()).collect();
    let mut out = Imported::default();
    for mut shared in file.profiles {
        let base = shared.name.trim().to_string();
        if base.is_empty() {
            return Err("a profile in the recipe has no name".into());
        }
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name.to_lowercase()) {
            name = if n == 1 {
                format!("{base} (imported)")
            } else {
                format!("{base} (imported {n})")
            };
            n += 1;
        }
        taken.push(name.to_lowercase());
        let preset = presets.get(&shared.preset);
        let vendor = preset.map_or(shared.preset.as_str(), |p| p.vendor.as_str());
        let mut dropped = Vec::new();
        shared.settings.retain(|setting, value| {
            let spec = preset.and_then(|p| p.snippets.settings.iter().find(|s| s.name == *setting));
            let refusal = match spec {
                None => Some(format!(
                    "page setting \"{setting}\" is not one {vendor} has"
                )),
                Some(s) => s.check_host(value).err(),
            };
            dropped.extend(refusal);
            spec.is_some_and(|s| s.check_host(value).is_ok())
        });
        if let Some(url) = shared.jwks_url.take() {
            if url.trim().starts_with("https://") {
                shared.jwks_url = Some(url);
            } else {
                dropped.push(format!("the key URL {url} is not https"));
            }
        }
        out.adds.push(describe(&name, &base, vendor, &shared));
        out.dropped.extend(
            dropped
                .into_iter()
                .map(|d| format!("\"{name}\": {d}: left out")),
        );
        out.profiles.push(Profile {
            id: new_id(),
            name,
            preset: shared.preset,
            claims: shared.claims,
            attributes: shared.attributes,
            lifetime: shared.lifetime,
            kid: shared.kid,
            alg: shared.alg,
            jwks_url: shared.jwks_url,
            secret_encoding: shared.secret_encoding,
            has_secret: false,
            key_version: 0,
            settings: shared.settings,
            encryption: None,
            other: Map::new(),
        });
    }
    Ok(out)
}

/// What a recipe brings: new profiles, said in words before they are added, and what was
/// left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    pub profiles: Vec<Profile>,
    /// One line per profile: "Adds \"Connect — prod\" (Amazon Connect): sub, 2 attributes…".
    pub adds: Vec<String>,
    /// What was left out and why.
    pub dropped: Vec<String>,
}

/// "Adds "Connect — prod" (Amazon Connect): claims sub; 2 attributes; page settings
/// script_url; its public keys fetched from https://…".
fn describe(name: &str, base: &str, vendor: &str, p: &SharedProfile) -> String {
    let mut parts = Vec::new();
    if !p.claims.is_empty() {
        let names: Vec<&str> = p.claims.keys().map(String::as_str).collect();
        parts.push(format!("claims {}", names.join(", ")));
    }
    if !p.attributes.is_empty() {
        parts.push(format!("{} attributes", p.attributes.len()));
    }
    if !p.settings.is_empty() {
        let names: Vec<&str> = p.settings.keys().map(String::as_str).collect();
        parts.push(format!("page settings {}", names.join(", ")));
    }
    if let Some(url) = &p.jwks_url {
        parts.push(format!("its public keys fetched from {url}"));
    }
    let renamed = if name == base {
        String::new()
    } else {
        format!(" (\"{base}\" is taken)")
    };
    let what = if parts.is_empty() {
        "no values yet".to_string()
    } else {
        parts.join("; ")
    };
    format!("Adds \"{name}\"{renamed} for {vendor}: {what}. No key: add it after.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str) -> Profile {
        let mut p = Profile::new(name, "amazon-connect");
        p.claims.insert("sub".into(), "widget-1".into());
        p.has_secret = true;
        p
    }

    #[test]
    fn export_then_import_gives_the_same_setup_without_secrets() {
        let a = profile("Connect — prod");
        let text = export(&[&a]);
        assert!(!text.contains(&a.id), "ids stay local");
        assert!(!text.contains("has_secret"));
        let presets = Presets::builtin();
        let imported = import(&text, &presets, &[]).expect("import").profiles;
        assert_eq!(imported.len(), 1);
        assert_eq!(imported[0].name, a.name);
        assert_eq!(imported[0].claims, a.claims);
        assert!(!imported[0].has_secret);
        assert_ne!(imported[0].id, a.id);
        // Importing beside the original renames.
        let again = import(&text, &presets, &[a.clone(), imported[0].clone()]).expect("import");
        assert_eq!(again.profiles[0].name, "Connect — prod (imported)");
        assert_eq!(
            again.adds,
            [
                "Adds \"Connect — prod (imported)\" (\"Connect — prod\" is taken) for Amazon Connect: claims sub. No key: add it after."
            ]
        );
    }

    #[test]
    fn settings_off_the_vendors_hosts_and_unknown_ones_are_left_out_and_said() {
        let mut a = profile("Connect");
        for (k, v) in [
            ("script_url", "https://evil.example/widget.js"),
            ("snippet_id", "QVFJREFI"),
            ("onload", "alert(1)"),
        ] {
            a.settings.insert(k.into(), v.into());
        }
        a.jwks_url = Some("http://127.0.0.1:3000/jwks".into());
        let mut b = profile("Connect B");
        b.settings.insert(
            "script_url".into(),
            "https://d1abcdef.cloudfront.net/amazon-connect-chat-interface-client.js".into(),
        );
        let text = export(&[&a, &b]);
        let imported = import(&text, &Presets::builtin(), &[]).expect("import");
        let kept: Vec<&str> = imported.profiles[0]
            .settings
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(kept, ["snippet_id"]);
        assert_eq!(imported.profiles[0].jwks_url, None);
        assert!(imported.profiles[1].settings.contains_key("script_url"));
        let dropped = imported.dropped.join("\n");
        assert!(
            dropped.contains("\"Connect\": Widget script URL is on evil.example"),
            "{dropped}"
        );
        assert!(
            dropped.contains("\"onload\" is not one Amazon Connect has"),
            "{dropped}"
        );
        assert!(
            dropped.contains("key URL http://127.0.0.1:3000/jwks is not https"),
            "{dropped}"
        );
        assert_eq!(imported.dropped.len(), 3);
    }

    #[test]
    fn foreign_or_broken_files_are_refused_with_a_reason() {
        let presets = Presets::builtin();
        let cases = [
            ("{not json", "not JSON"),
            ("{\"profiles\": []}", "not a tokenbench recipe"),
            (
                "{\"kind\":\"tokenbench-recipe\",\"version\":1,\"profiles\":[{\"name\":1}]}",
                "damaged",
            ),
            (
                "{\"kind\":\"tokenbench-recipe\",\"version\":9,\"profiles\":[]}",
                "version 9",
            ),
            (
                "{\"kind\":\"tokenbench-recipe\",\"version\":1,\"profiles\":[]}",
                "no profiles",
            ),
            (
                "{\"kind\":\"tokenbench-recipe\",\"version\":1,\"profiles\":[{\"name\":\"x\",\"preset\":\"acme\"}]}",
                "preset \"acme\"",
            ),
        ];
        for (text, want) in cases {
            let err = import(text, &presets, &[]).err().unwrap_or_default();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
