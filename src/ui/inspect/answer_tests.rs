//! "What did the widget say?" in Inspect, clicked and typed by label: the vendor's answer
//! pasted beside the checklist is matched to its error, the rule it names is highlighted in
//! the checklist when the token breaks it, and an answer nobody knows says so.

use egui_kittest::kittest::Queryable;

use crate::ui::testing::*;

/// Botpress v12's answer to an expired token, as its server writes it (BP_0401 with
/// jsonwebtoken's text; botpress/v12 `packages/bp/src/core/app/server.ts`).
const BP_EXPIRED: &str = r#"{"statusCode":401,"errorCode":"BP_0401","type":"InvalidExternalToken","message":"Unauthorized: jwt expired"}"#;

#[test]
fn the_widgets_answer_is_explained_and_its_rule_highlighted() {
    let (mut h, handles) = with_preset("botpress-v12");
    type_into(&mut h, "Secret", &"k".repeat(130));
    type_into(&mut h, "User id", "visitor-7");
    let token = minted_token(&h);
    h.get_by_label("Inspect").click();
    h.run();
    type_into(&mut h, "Token to inspect", &token);
    assert!(!shows(&h, "The widget's answer: "));

    // Two hours later the widget refuses it.
    handles.clock.set(handles.clock.get() + 7200);
    type_into(&mut h, "What did the widget say?", BP_EXPIRED);
    assert!(
        shows(&h, "“Unauthorized: jwt expired”"),
        "the error it matched"
    );
    assert!(shows(&h, "Means: The token's exp is at or before"));
    assert!(
        shows(&h, "This token breaks it: expired 1h ago"),
        "said once, with when"
    );
    assert!(
        shows(&h, "The widget's answer: Time"),
        "the time line of the checklist stands out"
    );
    let answer = h
        .state()
        .workbench
        .derived
        .answer
        .clone()
        .expect("explained");
    assert_eq!(answer.matches.len(), 1, "one error, not every BP_0401");
    assert_eq!(answer.matches[0].preset, "botpress-v12");
}

#[test]
fn an_answer_nobody_knows_says_so_and_a_code_alone_needs_the_vendor() {
    let (mut h, _) = with_preset("amazon-connect");
    h.get_by_label("Inspect").click();
    h.run();
    type_into(
        &mut h,
        "What did the widget say?",
        "Something odd happened (E-77)",
    );
    assert!(shows(
        &h,
        "No vendor error tokenbench knows matches this text."
    ));
    // Botpress's code alone, with Botpress chosen: every BP_0401 error, each with its meaning.
    let (mut h, _) = with_preset("botpress-v12");
    h.get_by_label("Inspect").click();
    h.run();
    type_into(&mut h, "What did the widget say?", "BP_0401");
    let answer = h
        .state()
        .workbench
        .derived
        .answer
        .clone()
        .expect("explained");
    assert!(answer.matches.len() > 1, "{:?}", answer.matches);
    assert!(
        answer
            .matches
            .iter()
            .all(|m| m.code.as_deref() == Some("BP_0401"))
    );
    assert!(shows(&h, "Paste the token the widget refused on the left"));
}
