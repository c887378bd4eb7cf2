//! `tokenbench presets`.

use serde_json::{Value, json};

use super::{Outcome, exit, load_presets, print_out};
use crate::core::preset::Origin;

pub fn run(as_json: bool) -> Outcome {
    let presets = load_presets();
    if as_json {
        let list: Vec<Value> = presets
            .iter()
            .map(|p| {
                let mut entry = json!({
                    "id": p.id,
                    "name": p.name,
                    "vendor": p.vendor,
                    "kind": p.kind.name(),
                    "encryption": p.encryption_name(),
                    "algorithm": match &p.hash {
                        Some(h) => h.mac.label(),
                        None => p.algorithms().first().map_or("any", |a| a.name()),
                    },
                    "algorithms": match &p.hash {
                        Some(h) => vec![h.mac.label()],
                        None => p.algorithms().iter().map(|a| a.name()).collect::<Vec<_>>(),
                    },
                    "hash": p.hash.as_ref().map(|h| json!({
                        "name": h.name,
                        "mac": h.mac.label(),
                        "message": h.message,
                        "combine": match h.combine {
                            crate::core::preset::Combine::First => "first",
                            crate::core::preset::Combine::Join => "join",
                        },
                        "separator": h.separator,
                        "output": h.output.name(),
                        "unconfirmed_outputs": h.unconfirmed_outputs.iter().map(|o| o.name()).collect::<Vec<_>>(),
                        "time": h.time.as_ref().map(|t| json!({
                            "field": t.field,
                            "unit": t.unit.name(),
                            "tolerance": t.tolerance,
                        })),
                        "secret_encoding": p.key.secret_encoding.name(),
                    })),
                    "sources": sources(p),
                    "secret_encoding": p.key.secret_encoding.name(),
                    "header": p.header.iter().map(field_json).collect::<Vec<_>>(),
                    "claims": p.claims.iter().map(field_json).collect::<Vec<_>>(),
                    "default_lifetime": p.default_lifetime(),
                    "max_lifetime": p.lifetime.max,
                    "description": p.description,
                    "origin": match &p.origin {
                        Origin::BuiltIn => "built-in".to_string(),
                        Origin::File(f) => f.clone(),
                    },
                    "docs": p.docs.iter().map(|d| json!({"title": d.title, "url": d.url})).collect::<Vec<_>>(),
                });
                if let (Some(e), Some(obj)) = (&p.encryption, entry.as_object_mut()) {
                    obj.insert(
                        "jwe".into(),
                        json!({
                            "alg": e.alg.name(),
                            "enc": e.enc.name(),
                            "inside": match e.inside {
                                crate::core::preset::EncryptedInside::Jws => "jws",
                                crate::core::preset::EncryptedInside::Claims => "claims",
                            },
                        }),
                    );
                }
                // Only JWT presets say whether the vendor takes them encrypted.
                if let (false, Some(obj)) = (p.kind == crate::core::preset::PresetKind::Jwt, entry.as_object_mut()) {
                    obj.remove("encryption");
                }
                // A token the vendor issues: how to obtain one.
                if let (Some(i), Some(obj)) = (p.issued.as_ref(), entry.as_object_mut()) {
                    obj.insert(
                        "issued".into(),
                        json!({
                            "how": i.how,
                            "request": i.request.trim_end(),
                            "response": i.response,
                            "jwt": i.jwt,
                            "single_use": i.single_use,
                            "handover": i.handover,
                        }),
                    );
                }
                entry
            })
            .collect();
        print_out(&serde_json::to_string_pretty(&list)?);
        return Ok(exit::OK);
    }
    let id_w = presets.iter().map(|p| p.id.len()).max().unwrap_or(2).max(2);
    let name_w = presets
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    let mut out = format!("{:<id_w$}  {:<name_w$}  ALGORITHM\n", "ID", "NAME");
    for p in presets.iter() {
        let algs = if let Some(h) = &p.hash {
            format!("{} hash", h.mac.label())
        } else if p.is_issued() {
            "issued by the vendor".to_string()
        } else if p.algorithms().is_empty() {
            "any".to_string()
        } else {
            p.algorithms()
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let pad = name_w - p.name.chars().count();
        out.push_str(&format!(
            "{:<id_w$}  {}{}  {algs}\n",
            p.id,
            p.name,
            " ".repeat(pad)
        ));
    }
    print_out(&out);
    Ok(exit::OK)
}

/// Every source the preset cites: its documents, then each rule's, once each.
fn sources(p: &crate::core::preset::Preset) -> Vec<String> {
    let mut out: Vec<String> = p.docs.iter().map(|d| d.url.clone()).collect();
    let rule_sources = [
        p.key.source.as_ref(),
        p.lifetime.source.as_ref(),
        p.token.source.as_ref(),
        p.hash.as_ref().and_then(|h| h.source.as_ref()),
        (p.hash.as_ref().and_then(|h| h.time.as_ref())).and_then(|t| t.source.as_ref()),
        p.encryption.as_ref().and_then(|e| e.source.as_ref()),
        p.issued.as_ref().and_then(|i| i.source.as_ref()),
        p.snippets.source.as_ref(),
    ]
    .into_iter()
    .flatten()
    .chain(
        p.header
            .iter()
            .chain(&p.claims)
            .filter_map(|c| c.source.as_ref()),
    );
    for s in rule_sources {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// A claim or header field as `presets --json` lists it.
fn field_json(f: &crate::core::preset::FieldSpec) -> Value {
    json!({
        "name": f.name,
        "label": f.label(),
        "type": format!("{:?}", f.kind).to_lowercase().replace("jsonstring", "json_string"),
        "required": f.required,
        "recommended": f.recommended,
        "fill": format!("{:?}", f.fill).to_lowercase(),
        "example": f.example,
        "personal": f.personal,
        "source": f.source,
    })
}
