//! Diff mode's view of two tokens: made once per change of either text, the key, the preset
//! or demo mode, with every value as the screen shows it (masked in demo mode).

use crate::core::decode::{Decoded, decode};
use crate::core::diff::{ChangeKind, DiffPart, display_value, lifetime};
use crate::core::finding::Finding;
use crate::core::mask::{mask_text, personal_values};
use crate::core::report::Status;
use crate::ui::workbench::Workbench;

/// One token of the two, as the screen shows it.
#[derive(Debug, Default, PartialEq)]
pub struct SideView {
    /// Why it can't be compared (empty, not a token).
    pub problem: Option<String>,
    pub status: Option<Status>,
    /// "valid for 5m", "invalid signature".
    pub verdict: String,
    pub preset: Option<String>,
    pub signature: Option<bool>,
    pub lifetime: Option<i64>,
    /// alg, kid, typ as the header gives them.
    pub alg: Option<String>,
    pub kid: Option<String>,
    pub typ: Option<String>,
}

/// One change, written out for the screen.
#[derive(Debug, PartialEq)]
pub struct ChangeRow {
    pub part: DiffPart,
    pub path: String,
    pub kind: ChangeKind,
    pub a: String,
    pub b: String,
}

#[derive(Debug, Default, PartialEq)]
pub struct DiffView {
    pub sides: [SideView; 2],
    pub changes: Vec<ChangeRow>,
    /// Findings one token has and the other not: [only A, only B].
    pub only: [Vec<Finding>; 2],
    /// Both tokens could be read.
    pub comparable: bool,
}

impl Workbench {
    pub(in crate::ui) fn diff(&mut self, now: i64) {
        let (a, b) = (&self.inputs.diff_a, &self.inputs.diff_b);
        if a.trim().is_empty() && b.trim().is_empty() {
            self.derived.diff = None;
            return;
        }
        // An encrypted token is compared by the signed token inside, opened with Inspect's
        // decryption key.
        let key = crate::ui::inspect::jwe_model::decrypt_key(&self.inputs.decrypt)
            .ok()
            .flatten()
            .map(|(k, _)| k);
        let ((da, pa), (db, pb)) = (inside(a, key.as_ref()), inside(b, key.as_ref()));
        let judge = self.judge(now);
        let compared = judge.compare(&da, &db);
        let demo = self.inputs.demo;
        let hide = |d: &Decoded| match (&d.payload.object, demo) {
            (Some(payload), true) => personal_values(judge.preset_for(d), payload),
            _ => Vec::new(),
        };
        let hidden = [hide(&da), hide(&db)].concat();
        let shown =
            |v: Option<&serde_json::Value>, path: &str| mask_text(&display_value(v, path), &hidden);
        let comparable = compared.comparable;
        let rows = compared
            .changes
            .iter()
            .map(|c| ChangeRow {
                part: c.part,
                path: mask_text(&c.path, &hidden),
                kind: c.kind,
                a: shown(c.a.as_ref(), &c.path),
                b: shown(c.b.as_ref(), &c.path),
            })
            .collect();
        let side = |d: &Decoded,
                    r: &crate::core::report::Report<'_>,
                    text: &str,
                    sealed: Option<String>| {
            let header = |name: &str| {
                d.header
                    .object
                    .as_ref()?
                    .get(name)?
                    .as_str()
                    .map(str::to_string)
            };
            SideView {
                problem: if text.trim().is_empty() {
                    Some("Paste a token here".into())
                } else if sealed.is_some() {
                    sealed
                } else if d.is_readable() {
                    None
                } else {
                    Some(d.problems.first().map_or_else(
                        || "This is not a readable token".to_string(),
                        |f| f.message.clone(),
                    ))
                },
                status: d.is_readable().then_some(r.status),
                verdict: mask_text(&r.summary.to_string(), &hidden),
                preset: r.preset.clone(),
                signature: r.signature_valid,
                lifetime: lifetime(r.payload),
                alg: header("alg"),
                kid: header("kid").map(|k| mask_text(&k, &hidden)),
                typ: header("typ"),
            }
        };
        let masked = |fs: Vec<&Finding>| {
            fs.into_iter()
                .map(|f| {
                    let mut f = f.clone();
                    f.message = mask_text(&f.message, &hidden);
                    f
                })
                .collect()
        };
        let only = [masked(compared.only_in(0)), masked(compared.only_in(1))];
        let [ra, rb] = &compared.reports;
        self.derived.diff = Some(DiffView {
            sides: [side(&da, ra, a, pa), side(&db, rb, b, pb)],
            changes: rows,
            only,
            comparable,
        });
    }
}

/// Picks `x` for Diff, or unpicks it; a third pick replaces the oldest (at most two).
pub(crate) fn toggle_pick<T: PartialEq>(picked: &mut Vec<T>, x: T) {
    if let Some(at) = picked.iter().position(|p| *p == x) {
        picked.remove(at);
        return;
    }
    if picked.len() == 2 {
        picked.remove(0);
    }
    picked.push(x);
}

/// The token `text` compares as: itself, or the signed token inside an encrypted one; and
/// why an encrypted one can't be compared.
fn inside(text: &str, key: Option<&crate::core::key::Key>) -> (Decoded, Option<String>) {
    use crate::core::jwe::NotSigned;
    match crate::core::jwe::signed_inside(text, key) {
        Ok(d) => (d, None),
        Err(why) => {
            let said = match why {
                NotSigned::Failed(e) => format!("The encrypted token could not be decrypted: {e}"),
                NotSigned::Sealed(needs) => format!(
                    "Encrypted: give {needs} as Inspect's decryption key to compare the token inside"
                ),
                NotSigned::Plain => {
                    "Encrypted JSON, not a signed token: open it in Inspect to read its claims"
                        .into()
                }
            };
            (decode(""), Some(said))
        }
    }
}
