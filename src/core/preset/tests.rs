//! Presets load, name their problems, and can be overridden.

use super::*;

#[test]
fn all_built_in_presets_load() {
    let presets = Presets::builtin();
    assert!(presets.problems.is_empty(), "{:?}", presets.problems);
    // Every file in presets/, in list order: by name, variants after their vendor's own,
    // the catch-all last.
    assert_eq!(
        presets.ids(),
        [
            "ada-identity",
            "amazon-connect",
            "botpress-chat",
            "botpress-v12",
            "chaskiq",
            "chaskiq-hash",
            "chatwoot",
            "comm100",
            "crisp",
            "drift",
            "microsoft-omnichannel",
            "freshchat",
            "front-chat",
            "genesys-messenger",
            "glassix",
            "helpscout-beacon",
            "hubspot-visitor",
            "ibm-watsonx-web-chat",
            "infobip-live-chat",
            "intercom",
            "intercom-user-hash",
            "khoros-messaging",
            "kindly",
            "kustomer",
            "liveperson",
            "rasa-socketio",
            "reamaze",
            "salesforce-miaw",
            "sprinklr",
            "stream-chat",
            "talkjs",
            "talkjs-signature",
            "tawk-to",
            "tiledesk",
            "twilio-access-token",
            "zendesk-chat",
            "zendesk-messaging",
            "forgerock-amazon-connect",
            "generic"
        ]
    );
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/presets"))
        .expect("presets/")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .count();
    assert_eq!(BUILTIN.len(), files, "every file in presets/ is built in");
    for p in presets.iter() {
        assert!(!p.docs.is_empty(), "{} cites its documentation", p.id);
        for c in p.claims.iter().filter(|c| c.required) {
            assert!(
                c.source.is_some(),
                "{}: required claim {} has a source",
                p.id,
                c.name
            );
        }
        if let Some(issued) = &p.issued {
            assert!(issued.source.is_some(), "{}: says where the API is", p.id);
            assert!(
                issued.request.starts_with("curl "),
                "{}: a curl sample",
                p.id
            );
            assert!(
                !issued.handover.is_empty(),
                "{}: says how to hand it on",
                p.id
            );
        } else if p.id != "generic" {
            assert!(p.key.source.is_some(), "{}: key rule has a source", p.id);
            assert!(
                p.snippets.handover.is_some(),
                "{}: has a hand-over snippet",
                p.id
            );
        }
    }
    let connect = presets.get("amazon-connect");
    assert_eq!(
        connect.map(|p| (p.lifetime.max, p.token.max_bytes)),
        Some((Some(600), Some(6144)))
    );
    assert_eq!(
        connect
            .and_then(|p| p.attribute_claim())
            .map(|c| c.name.as_str()),
        Some("attributes")
    );
}

fn user_error(text: &str) -> String {
    let mut presets = Presets::builtin();
    presets.add_user_file("mine.toml", text);
    assert_eq!(presets.len(), BUILTIN.len(), "the others still load");
    presets
        .problems
        .first()
        .map(ToString::to_string)
        .unwrap_or_else(|| panic!("should fail: {text}"))
}

const MINIMAL: &str =
    "id = \"mine\"\nname = \"Mine\"\nvendor = \"Me\"\n[key]\nalgorithms = [\"HS256\"]\n";

#[test]
fn malformed_user_presets_name_file_and_field() {
    let e = user_error(&format!(
        "{MINIMAL}[[claims]]\nname = \"sub\"\ntype = \"strng\"\n"
    ));
    assert!(e.starts_with("mine.toml: line 8"), "{e}");
    assert!(e.contains("type = \"strng\""), "{e}");
    assert!(e.contains("unknown variant"), "{e}");

    let e = user_error("id = \"mine\"\nvendor = \"x\"\n[key]\n");
    assert!(e.contains("missing field `name`"), "{e}");

    let e = user_error(&format!(
        "{MINIMAL}[[claims]]\nname = \"sub\"\npattern = \"(\"\n"
    ));
    assert!(e.contains("claims[0] (sub).pattern"), "{e}");

    let e = user_error(&MINIMAL.replace("HS256", "HS999"));
    assert!(e.contains("HS999"), "{e}");

    let e = user_error(&MINIMAL.replace("\"mine\"", "\"My Preset\""));
    assert!(e.contains("id:"), "{e}");

    let e = user_error(&format!(
        "{MINIMAL}[lifetime]\ndefault = \"1h\"\nmax = \"10m\"\n"
    ));
    assert!(e.contains("lifetime.default"), "{e}");

    let e = user_error(&format!(
        "{MINIMAL}[[claims]]\nname = \"a\"\n[[claims]]\nname = \"a\"\n"
    ));
    assert!(e.contains("appears twice"), "{e}");

    let e = user_error(&format!(
        "{MINIMAL}[snippets]\nhandover = \"{{{{ token }}\"\n"
    ));
    assert!(
        e.contains("snippets.handover"),
        "a broken template is named: {e}"
    );

    let e = user_error(&format!(
        "{MINIMAL}[[snippets.settings]]\nname = \"token\"\nlabel = \"Token\"\n"
    ));
    assert!(e.contains("fills itself"), "{e}");

    let list = "[keyset.list]\nid = \"mine\"\nname = \"My list\"\nkid = \"kid\"\nkey = \"pem\"\nkey_encoding = \"pem\"\nfile_name = \"keys.json\"\n";
    let e = user_error(&format!("{MINIMAL}{list}served_at = \"/token\"\n"));
    assert!(e.contains("keyset.list.served_at"), "{e}");
    let der = list.replace("key_encoding = \"pem\"", "key_encoding = \"der\"");
    let e = user_error(&format!("{MINIMAL}{der}served_at = \"/mine.json\"\n"));
    assert!(e.contains("unknown variant `der`"), "{e}");

    let e = user_error(&format!("{MINIMAL}surprise = 1\n"));
    assert!(e.contains("unknown field `surprise`"), "{e}");
}

#[test]
fn a_user_preset_overrides_a_built_in_one() {
    let mut presets = Presets::builtin();
    let text = Presets::builtin()
        .get("intercom")
        .map(|_| {
            crate::core::preset::BUILTIN
                .iter()
                .find(|(name, _)| *name == "intercom.toml")
                .map(|(_, text)| *text)
                .unwrap_or_default()
                .replace("default = \"1h\"", "default = \"15m\"")
        })
        .unwrap_or_default();
    presets.add_user_file("intercom.toml", &text);
    assert!(presets.problems.is_empty(), "{:?}", presets.problems);
    assert_eq!(presets.len(), BUILTIN.len());
    let p = presets.get("intercom");
    assert_eq!(p.map(Preset::default_lifetime), Some(900));
    assert_eq!(
        p.map(|p| p.origin.clone()),
        Some(Origin::File("intercom.toml".into()))
    );
    presets.add_user_file("mine.toml", MINIMAL);
    assert_eq!(presets.len(), BUILTIN.len() + 1);
}

#[test]
fn the_readmes_examples_load() {
    let text = include_str!("../../../presets/README.md");
    let blocks: Vec<&str> = text
        .split("```toml")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert!(!blocks.is_empty(), "presets/README.md shows an example");
    for block in blocks {
        let p = Preset::from_toml(block, Origin::File("README example".into()))
            .unwrap_or_else(|e| panic!("{e}"));
        if p.is_hash() {
            let fields = serde_json::json!({"email": "a@example.com"});
            let h = crate::core::hash::compute(
                &p,
                fields.as_object().cloned().unwrap_or_default(),
                b"k",
            )
            .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                h.field, "email",
                "the user id first, the email when there is none"
            );
        }
    }
}
