use std::collections::BTreeMap;

use super::*;
use crate::core::key::{KeySpec, generate};
use crate::core::mint::{ClaimValue, MintRequest, mint};
use crate::core::preset::Presets;
use crate::core::testing::{CONNECT_SECRET, hmac, preset};

const NOW: i64 = 1_800_000_000;

fn connect_minted() -> (Preset, Minted) {
    let p = preset("amazon-connect");
    let req = MintRequest {
        claims: vec![("sub".into(), ClaimValue::Text("widget-'1".into()))],
        attributes: vec![("tier".into(), "gold".into())],
        ..MintRequest::default()
    };
    let minted = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).expect("mints");
    (p, minted)
}

fn render_with(
    kind: Kind,
    p: &Preset,
    minted: &Minted,
    settings: &BTreeMap<String, String>,
) -> String {
    render(
        kind,
        &Inputs {
            preset: p,
            minted,
            now: NOW,
            encoding: p.key.secret_encoding,
            server_url: "http://127.0.0.1:3000",
            settings,
        },
    )
    .unwrap_or_else(|e| panic!("{kind:?} renders: {e}"))
}

#[test]
fn handover_fetches_the_widgets_token_from_the_server() {
    let (p, minted) = connect_minted();
    let text = render_with(Kind::Handover, &p, &minted, &BTreeMap::new());
    assert!(text.contains("amazon_connect('authenticate'"), "{text}");
    // The widget id is URL-encoded, so a quote can't end the JavaScript string.
    assert!(
        text.contains("'http://127.0.0.1:3000/token?widgetId=widget-%271'"),
        "{text}"
    );
    assert!(!text.contains(CONNECT_SECRET));
}

#[test]
fn inline_writes_the_current_token_in() {
    let (p, minted) = connect_minted();
    let text = render_with(Kind::Inline, &p, &minted, &BTreeMap::new());
    assert!(
        text.contains(&format!("callback('{}')", minted.token)),
        "{text}"
    );
}

#[test]
fn page_settings_are_used_and_escaped_for_a_script() {
    let p = preset("intercom");
    let req = MintRequest {
        claims: vec![("user_id".into(), ClaimValue::Text("u-1".into()))],
        ..MintRequest::default()
    };
    let minted = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).expect("mints");
    let example = render_with(Kind::Inline, &p, &minted, &BTreeMap::new());
    let placeholder = p.snippets.settings[0].example.clone().expect("example");
    assert!(
        example.contains(&format!("app_id: \"{placeholder}\"")),
        "{example}"
    );

    let settings = BTreeMap::from([("app_id".to_string(), "a\"</script><x>".to_string())]);
    let text = render_with(Kind::Inline, &p, &minted, &settings);
    assert!(
        text.contains(r#"app_id: "a\"\u003c/script\u003e\u003cx\u003e""#),
        "{text}"
    );
}

#[test]
fn node_sample_reads_the_secret_from_the_environment_and_keeps_claim_order() {
    let (p, minted) = connect_minted();
    let text = render_with(Kind::Node, &p, &minted, &BTreeMap::new());
    assert!(text.contains("process.env.JWT_SECRET"), "{text}");
    assert!(!text.contains(CONNECT_SECRET));
    let sub = text.find("\"sub\": \"widget-'1\"").expect("sub");
    let iat = text.find("\"iat\": now,").expect("iat");
    let lifetime = p.lifetime.default.expect("Connect has a default lifetime");
    let exp = text
        .find(&format!("\"exp\": now + {lifetime}"))
        .expect("exp");
    let attributes = text.find("\"attributes\": {").expect("attributes");
    assert!(sub < iat && iat < exp && exp < attributes, "{text}");
    assert!(text.contains("algorithm: \"HS256\""), "{text}");
    assert!(text.contains("\"typ\": \"JWT\""), "{text}");
}

#[test]
fn python_sample_writes_python_literals() {
    let p = preset("zendesk-messaging");
    let req = MintRequest {
        claims: vec![
            ("external_id".into(), ClaimValue::Text("u-1".into())),
            ("email_verified".into(), ClaimValue::Text("true".into())),
        ],
        kid: Some("app_123".into()),
        ..MintRequest::default()
    };
    let minted = mint(&p, &req, &hmac(CONNECT_SECRET), NOW).expect("mints");
    let text = render_with(Kind::Python, &p, &minted, &BTreeMap::new());
    assert!(text.contains("\"email_verified\": True"), "{text}");
    assert!(text.contains("\"kid\": \"app_123\""), "{text}");
    assert!(text.contains("os.environ.get(\"JWT_SECRET\")"), "{text}");
    assert!(!text.contains("true"), "{text}");
}

#[test]
fn php_sample_keeps_nested_maps_as_objects() {
    let (p, minted) = connect_minted();
    let text = render_with(Kind::Php, &p, &minted, &BTreeMap::new());
    assert!(text.contains("'sub' => 'widget-\\'1'"), "{text}");
    assert!(text.contains("'iat' => $now,"), "{text}");
    let lifetime = p.lifetime.default.expect("Connect has a default lifetime");
    assert!(
        text.contains(&format!("'exp' => $now + {lifetime}")),
        "{text}"
    );
    assert!(text.contains("'attributes' => (object) ["), "{text}");
    assert!(text.contains("getenv('JWT_SECRET')"), "{text}");
}

#[test]
fn a_private_key_sample_reads_pem_from_the_environment() {
    let p = preset("microsoft-omnichannel");
    let key = generate(KeySpec::Rsa(2048)).expect("key");
    let req = MintRequest {
        claims: vec![
            ("sub".into(), ClaimValue::Text("guid".into())),
            ("iss".into(), ClaimValue::Text("contoso.com".into())),
        ],
        ..MintRequest::default()
    };
    let minted = mint(&p, &req, &key, NOW).expect("mints");
    let python = render_with(Kind::Python, &p, &minted, &BTreeMap::new());
    assert!(python.contains("JWT_PRIVATE_KEY"), "{python}");
    assert!(
        python.contains("pip install pyjwt cryptography"),
        "{python}"
    );
    let curl = render_with(Kind::Curl, &p, &minted, &BTreeMap::new());
    assert!(
        curl.contains("curl -s 'http://127.0.0.1:3000/token.txt'"),
        "Omnichannel reads text: {curl}"
    );
}

#[test]
fn curl_posts_the_attributes() {
    let (p, minted) = connect_minted();
    let text = render_with(Kind::Curl, &p, &minted, &BTreeMap::new());
    assert!(
        text.contains("curl -s 'http://127.0.0.1:3000/token?widgetId=widget-%271'"),
        "{text}"
    );
    assert!(text.contains(r#"-d '{"tier":"gold"}'"#), "{text}");
}

#[test]
fn every_builtin_preset_renders_every_kind() {
    for p in Presets::builtin().iter().filter(|p| !p.is_issued()) {
        let key = if p.sealed_claims().is_some() {
            hmac("0123456789abcdef")
        } else if p
            .algorithms()
            .first()
            .is_some_and(|a| a.name().starts_with("RS"))
        {
            generate(KeySpec::Rsa(2048)).expect("key")
        } else {
            hmac(CONNECT_SECRET)
        };
        // Example values for every form claim, so required ones are there.
        let claims = p
            .claims
            .iter()
            .filter(|c| c.fill == crate::core::preset::Fill::Form)
            .filter_map(|c| Some((c.name.clone(), ClaimValue::Text(c.example.clone()?))))
            .collect();
        let req = MintRequest {
            claims,
            kid: Some("k1".into()),
            ..MintRequest::default()
        };
        let made = if p.is_hash() {
            crate::core::hash::mint_hash(p, &req, &key, NOW).map(|h| h.as_minted())
        } else {
            mint(p, &req, &key, NOW).map_err(Into::into)
        };
        let minted = match made {
            Ok(m) => m,
            Err(e) => panic!("{}: {e}", p.id),
        };
        for kind in Kind::ALL {
            let inputs = Inputs {
                preset: p,
                minted: &minted,
                now: NOW,
                encoding: p.key.secret_encoding,
                server_url: "",
                settings: &BTreeMap::new(),
            };
            match render(kind, &inputs) {
                Ok(text) => assert!(!text.trim().is_empty(), "{} {kind:?}", p.id),
                Err(SnippetError::Missing { .. }) if p.id == "generic" => {}
                Err(e) => panic!("{} {kind:?}: {e}", p.id),
            }
        }
    }
}
