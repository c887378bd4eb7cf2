//! Recipes as the window imports them: any text gives profiles or one clear reason, what it
//! adds is said, what it brings is checked (no setting off the vendor's hosts, no key URL
//! that is not https), and exporting what was imported reads back the same.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tokenbench::core::preset::Presets;
use tokenbench::store::recipe::{export, import};

fn presets() -> &'static Presets {
    static P: OnceLock<Presets> = OnceLock::new();
    P.get_or_init(Presets::builtin)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(imported) = import(text, presets(), &[]) else {
        return;
    };
    assert_eq!(imported.adds.len(), imported.profiles.len());
    for p in &imported.profiles {
        assert!(!p.has_secret);
        assert!(p.jwks_url.as_deref().is_none_or(|u| u.trim().starts_with("https://")));
        let Some(preset) = presets().get(&p.preset) else {
            panic!("an imported profile's preset exists");
        };
        for (name, value) in &p.settings {
            let spec = preset.snippets.settings.iter().find(|s| &s.name == name);
            assert!(spec.is_some_and(|s| s.check_host(value).is_ok()), "{name}");
        }
    }
    let refs: Vec<_> = imported.profiles.iter().collect();
    let again = import(&export(&refs), presets(), &[]).expect("an export reads back");
    assert_eq!(again.profiles.len(), imported.profiles.len());
});
