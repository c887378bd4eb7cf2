//! Every preset available: the built-in ones, overridden or extended by the user's files,
//! found by id or by a search.

use super::{BUILTIN, Origin, Preset, PresetError};

/// Every preset available: the built-in ones, overridden or extended by the user's files.
#[derive(Clone, Debug, Default)]
pub struct Presets {
    list: Vec<Preset>,
    /// User files that could not be used; the other presets still load.
    pub problems: Vec<PresetError>,
    /// Every claim name the presets know, numbered (made on first use, for weighing a
    /// token against every preset at once).
    claim_index: std::sync::OnceLock<crate::core::suggest::ClaimIndex>,
}

impl Presets {
    /// The presets shipped in the binary.
    pub fn builtin() -> Presets {
        let mut out = Presets::default();
        for (name, text) in BUILTIN {
            match Preset::from_toml(text, Origin::BuiltIn) {
                Ok(p) => out.list.push(p),
                Err(e) => out.problems.push(PresetError {
                    origin: format!("built-in {name}"),
                    message: e.message,
                }),
            }
        }
        out.sort();
        out
    }

    /// In list order: by `order`, then by name.
    fn sort(&mut self) {
        self.claim_index = std::sync::OnceLock::new();
        self.list.sort_by(|a, b| {
            (a.order, a.name.to_lowercase()).cmp(&(b.order, b.name.to_lowercase()))
        });
    }

    /// Adds a user preset; one with the same id replaces the built-in or earlier one.
    pub fn add_user_file(&mut self, name: &str, text: &str) {
        match Preset::from_toml(text, Origin::File(name.to_string())) {
            Ok(p) => {
                match self.list.iter_mut().find(|q| q.id == p.id) {
                    Some(slot) => *slot = p,
                    None => self.list.push(p),
                }
                self.sort();
            }
            Err(e) => self.problems.push(e),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Preset> {
        self.list.iter().find(|p| p.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Preset> {
        self.list.iter()
    }

    /// Every claim name the presets know, numbered, and each preset's claims by number.
    pub fn claim_index(&self) -> &crate::core::suggest::ClaimIndex {
        self.claim_index
            .get_or_init(|| crate::core::suggest::ClaimIndex::of(self))
    }

    /// The presets a search finds: by vendor, product (the name), id, algorithm or kind
    /// ("jwt", "hash", "hmac"); every word must match. Empty: all.
    pub fn search<'a>(&'a self, query: &str) -> Vec<&'a Preset> {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.list
            .iter()
            .filter(|p| {
                let jwe = if p.encryption.is_some() {
                    "jwe encrypted"
                } else {
                    ""
                };
                let hay = format!(
                    "{} {} {} {} {} {} {} {jwe}",
                    p.name,
                    p.vendor,
                    p.id,
                    p.algorithm_label(),
                    p.kind.name(),
                    p.kind.label(),
                    p.group().title()
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.list.iter().map(|p| p.id.as_str()).collect()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}
