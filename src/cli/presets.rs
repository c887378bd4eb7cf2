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
                json!({
                    "id": p.id,
                    "name": p.name,
                    "vendor": p.vendor,
                    "algorithm": p.algorithms().first().map_or("any", |a| a.name()),
                    "algorithms": p.algorithms().iter().map(|a| a.name()).collect::<Vec<_>>(),
                    "default_lifetime": p.default_lifetime(),
                    "max_lifetime": p.lifetime.max,
                    "description": p.description,
                    "origin": match &p.origin {
                        Origin::BuiltIn => "built-in".to_string(),
                        Origin::File(f) => f.clone(),
                    },
                    "docs": p.docs.iter().map(|d| json!({"title": d.title, "url": d.url})).collect::<Vec<_>>(),
                })
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
        let algs = if p.algorithms().is_empty() {
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
