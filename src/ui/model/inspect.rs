//! Inspect mode's view of a pasted token: decoded, verified and suggested once per change of
//! the text, the key or the preset; the time verdicts again only when the second changes.

use super::{Shown, Workbench};
use crate::core::alg::Alg;
use crate::core::decode::{Decoded, decode};
use crate::core::finding::Finding;
use crate::core::jws::{self, SignatureCheck};
use crate::core::report::{ChecklistItem, Inspect, Status, assess, checklist, inspect};
use crate::core::suggest::{score, suggest_preset};

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
}

/// The profiles whose keys verify a token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signers {
    pub signed_by: Vec<String>,
    /// How many stored keys fit the token's algorithm and were tried.
    pub tried: usize,
}

impl Workbench {
    pub(super) fn inspect(&mut self, now: i64) {
        self.last_inspect_second = now;
        if self.inputs.inspect_text.trim().is_empty() {
            self.derived.inspect = None;
            self.derived.hash = None;
            self.derived.signers = None;
            return;
        }
        if let Some(view) = self.inspect_hash(now) {
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
        let decoded = decode(&self.inputs.inspect_text);
        if self
            .derived
            .inspect
            .as_ref()
            .is_some_and(|v| v.decoded.compact != decoded.compact)
        {
            self.derived.signers = None;
        }
        let with = self.inspect_with(now);
        let report = inspect(&decoded, &with);
        let checklist = checklist(&report, with.preset);
        let (findings, status, summary, signature) = (
            report.findings,
            report.status,
            report.summary.time_text(),
            report.signature,
        );
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
        });
    }

    /// The verdicts at `now`, from the token as decoded and verified before.
    pub(super) fn inspect_times(&mut self, now: i64) {
        self.last_inspect_second = now;
        let with = self.inspect_with(now);
        let Some(view) = &self.derived.inspect else {
            return;
        };
        let report = assess(&view.decoded, &with, view.signature.clone());
        let checklist = checklist(&report, with.preset);
        let (findings, status, summary) =
            (report.findings, report.status, report.summary.time_text());
        if let Some(view) = &mut self.derived.inspect {
            view.findings = findings;
            view.status = status;
            view.summary = summary;
            view.checklist = checklist;
            view.computed_at = now;
        }
    }

    fn inspect_with(&self, now: i64) -> Inspect<'_> {
        Inspect {
            preset: self.preset(),
            keys: (self.derived.key.published.as_ref()).or(self.derived.key.keys.as_ref()),
            algorithms: None,
            presets: Some(&self.presets),
            now,
            leeway: self.inputs.leeway,
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

    /// Checks the inspected token against every stored profile key (`secrets` from the
    /// keyring: profile id → text).
    pub fn check_signers(&mut self, secrets: &[(String, crate::core::secret::Secret)]) {
        if let Some(h) = &self.derived.hash {
            self.derived.signers = Some(self.hash_signers(&h.value, secrets));
            return;
        }
        let Some(view) = &self.derived.inspect else {
            return;
        };
        let alg = view.decoded.alg().and_then(Alg::from_jose);
        let mut signers = Signers::default();
        for (id, text) in secrets {
            let Some(p) = self.profiles.list.iter().find(|p| &p.id == id) else {
                continue;
            };
            let Ok(keys) = crate::store::profiles::key_from_text(text, p.secret_encoding) else {
                continue;
            };
            if !alg.is_some_and(|a| keys.keys.iter().any(|k| k.fits(a))) {
                continue;
            }
            signers.tried += 1;
            if jws::verify(&view.decoded, &keys, &Alg::ALL).valid {
                signers.signed_by.push(p.name.clone());
            }
        }
        self.derived.signers = Some(signers);
    }
}
