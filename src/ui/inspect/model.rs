//! Inspect mode's view of a pasted token: decoded, verified and suggested once per change of
//! the text, the key or the preset; the time verdicts again only when the second changes.

use crate::core::decode::{Decoded, decode};
use crate::core::finding::Finding;
use crate::core::judge::Judge;
use crate::core::judge::signers::ProfileKeys;
use crate::core::jws::SignatureCheck;
use crate::core::report::{ChecklistItem, Status, checklist};
use crate::core::suggest::{score, suggest_preset};
use crate::ui::inspect::jwe_model::JweState;
use crate::ui::workbench::{Shown, Workbench};

/// The inspect view of a pasted token (owned: kept between frames).
#[derive(Debug)]
pub struct InspectView {
    pub decoded: Decoded,
    pub findings: Vec<Finding>,
    pub status: Status,
    pub summary: String,
    pub signature: Option<SignatureCheck>,
    pub suggested: Option<String>,
    pub checklist: Vec<ChecklistItem>,
    pub computed_at: i64,
    /// When the text was decoded (the verdict is redone each second; this is not).
    pub decoded_at: i64,
    pub shown: Shown,
    /// The pasted text was an encrypted token: what opening it gave (`decoded` is then the
    /// token inside, or the claims it holds).
    pub jwe: Option<JweState>,
}

impl InspectView {
    /// Whether the signature (or, for claims sealed with a shared key, the decryption that
    /// authenticates them) checked out: None when nothing was checked.
    pub fn proven(&self) -> Option<bool> {
        self.signature.as_ref().map(|s| s.valid).or_else(|| {
            self.jwe
                .as_ref()
                .filter(|j| !j.holds_jws() && j.opened.error.is_none())
                .and_then(|j| j.opened.authenticated().then_some(true))
        })
    }
}

pub use crate::core::judge::signers::Signers;

/// The verdict line of an encrypted token not yet opened.
const SEALED: &str = "encrypted: its claims can't be read without the key";

impl Workbench {
    pub(in crate::ui) fn inspect(&mut self, now: i64) {
        self.last_inspect_second = now;
        if self.inputs.inspect_text.trim().is_empty() {
            self.derived.inspect = None;
            self.derived.hash = None;
            self.derived.signers = None;
            self.derived.answer = self.explain_answer(None, &[]);
            return;
        }
        if let Some(view) = self.inspect_hash(now) {
            self.derived.answer = self.explain_answer(None, &[]);
            if self
                .derived
                .hash
                .as_ref()
                .is_none_or(|h| h.value != view.value)
            {
                self.derived.signers = None;
            }
            self.derived.inspect = None;
            self.derived.hash = Some(view);
            return;
        }
        self.derived.hash = None;
        let pasted = decode(&self.inputs.inspect_text);
        let (decoded, jwe) = if pasted.segment_count == 5 {
            self.open_jwe(pasted)
        } else {
            (pasted, None)
        };
        if self
            .derived
            .inspect
            .as_ref()
            .is_some_and(|v| v.decoded.compact != decoded.compact)
        {
            self.derived.signers = None;
        }
        let judge = self.judge(now);
        let report = match &jwe {
            Some(j) if !j.holds_jws() => judge.inspect_unsigned(&decoded.compact, &j.opened),
            _ => judge.inspect(&decoded),
        };
        let checklist = checklist(&report, judge.preset);
        let answer = self.explain_answer(Some(&report), &checklist);
        let (findings, status, mut summary, signature) = (
            report.findings,
            report.status,
            report.summary.time_text(),
            report.signature,
        );
        if jwe.as_ref().is_some_and(|j| !j.opened.decrypted) {
            summary = SEALED.to_string();
        }
        let suggested = self.better_preset(&decoded);
        let shown = Shown::of(
            &decoded.compact,
            decoded.header.object.as_ref(),
            decoded.payload.object.as_ref(),
            self.preset(),
            self.inputs.demo,
        );
        self.derived.inspect = Some(InspectView {
            decoded,
            findings,
            status,
            summary,
            signature,
            suggested,
            checklist,
            computed_at: now,
            decoded_at: now,
            shown,
            jwe,
        });
        self.derived.answer = answer;
    }

    /// The verdicts at `now`, from the token as decoded and verified before.
    pub(in crate::ui) fn inspect_times(&mut self, now: i64) {
        self.last_inspect_second = now;
        let judge = self.judge(now);
        let Some(view) = &self.derived.inspect else {
            return;
        };
        let report = match &view.jwe {
            Some(j) if !j.holds_jws() => judge.inspect_unsigned(&view.decoded.compact, &j.opened),
            _ => judge.reassess(&view.decoded, view.signature.clone()),
        };
        let checklist = checklist(&report, judge.preset);
        let answer = self.explain_answer(Some(&report), &checklist);
        let (findings, status, mut summary) =
            (report.findings, report.status, report.summary.time_text());
        if view.jwe.as_ref().is_some_and(|j| !j.opened.decrypted) {
            summary = SEALED.to_string();
        }
        if let Some(view) = &mut self.derived.inspect {
            view.findings = findings;
            view.status = status;
            view.summary = summary;
            view.checklist = checklist;
            view.computed_at = now;
        }
        self.derived.answer = answer;
    }

    /// The window's judge: the chosen vendor's rules, the key of Mint mode beside the keys
    /// published at the key URL, this second.
    pub fn judge(&self, now: i64) -> Judge<'_> {
        Judge {
            preset: self.preset(),
            keys: self.derived.key.verifying.as_ref(),
            leeway: self.inputs.leeway,
            ..Judge::new(&self.presets, now)
        }
    }

    /// A preset that fits the token clearly better than the chosen one, if any.
    fn better_preset(&self, decoded: &Decoded) -> Option<String> {
        let best = suggest_preset(decoded, &self.presets)?;
        match self.preset() {
            Some(current) if current.id == best.id => None,
            Some(current) if score(decoded, current) >= score(decoded, best) => None,
            _ => Some(best.id.clone()),
        }
    }

    /// Which stored profile signed the inspected token (or made the pasted identity
    /// hash), from every profile's keys as the store gathered them.
    pub fn check_signers(&mut self, profiles: &[ProfileKeys]) {
        let judge = self.judge(0);
        let found = match (&self.derived.hash, &self.derived.inspect) {
            (Some(h), _) => judge.hash_makers(&h.value, profiles).0,
            (None, Some(view)) => judge.token_signers(&view.decoded, profiles).signers,
            (None, None) => return,
        };
        self.derived.signers = Some(found);
    }
}
