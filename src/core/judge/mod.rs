//! One judge: the questions every face asks of a token (the command line, the window, the
//! server, scans) answered once, here. Which preset a token is checked against (the one
//! chosen, else the one it resembles), its report and verdict, what differs between two
//! tokens, and which stored profile signed a token or made an identity hash
//! ([`signers`]).

pub mod signers;

use super::alg::Alg;
use super::decode::Decoded;
use super::diff::{Change, DiffPart, diff_objects, findings_only};
use super::finding::Finding;
use super::jwe::{Inside, Opened};
use super::jws::SignatureCheck;
use super::key::KeySet;
use super::preset::{Preset, Presets};
use super::report::{Inspect, Report, assess, inspect};
use super::suggest::resembling;

/// How tokens are judged: against which preset, with which key, at which second.
#[derive(Clone, Copy)]
pub struct Judge<'a> {
    pub presets: &'a Presets,
    /// The preset chosen; None: each token is checked against the one it resembles.
    pub preset: Option<&'a Preset>,
    pub keys: Option<&'a KeySet>,
    /// Only these algorithms verify (default: the preset's, or any that fits the key).
    pub algorithms: Option<&'a [Alg]>,
    pub now: i64,
    pub leeway: i64,
}

impl<'a> Judge<'a> {
    pub fn new(presets: &'a Presets, now: i64) -> Judge<'a> {
        Judge {
            presets,
            preset: None,
            keys: None,
            algorithms: None,
            now,
            leeway: 0,
        }
    }

    /// The preset a token is checked against: the one chosen, else the one it clearly
    /// resembles (never one that merely shares a `sub`).
    pub fn preset_for(&self, token: &Decoded) -> Option<&'a Preset> {
        self.preset.or_else(|| resembling(token, self.presets))
    }

    /// The report of one token, checked against [`Judge::preset_for`]. When the preset was
    /// chosen by resemblance, `suggested_preset` says so.
    pub fn report<'d>(&self, token: &'d Decoded) -> Report<'d> {
        let preset = self.preset_for(token);
        // The resemblance is weighed once (`inspect` would weigh it again for a
        // suggestion when no preset applies).
        let mut report = inspect(
            token,
            &Inspect {
                presets: None,
                ..self.with(preset)
            },
        );
        if self.preset.is_none() {
            report.suggested_preset.clone_from(&report.preset);
        }
        report
    }

    /// The report as `inspect` gives it: only the chosen preset's rules, and when none was
    /// chosen, the one the token looks like offered as a suggestion.
    pub fn inspect<'d>(&self, token: &'d Decoded) -> Report<'d> {
        inspect(token, &self.with(self.preset))
    }

    /// [`Judge::inspect`] again at this judge's second, for a token whose signature was
    /// checked already (what changes with the clock, without verifying again).
    pub fn reassess<'d>(
        &self,
        token: &'d Decoded,
        signature: Option<SignatureCheck>,
    ) -> Report<'d> {
        assess(token, &self.with(self.preset), signature)
    }

    /// The report on a JWE that holds no signed token: still sealed (no key, or the key
    /// failed) or decrypted to JSON claims or text. A signed token inside goes to
    /// [`Judge::inspect`] instead.
    pub fn inspect_unsigned<'d>(&self, compact: &'d str, opened: &'d Opened) -> Report<'d> {
        let payload = match opened.inside() {
            Inside::Plain(claims) => claims,
            Inside::Sealed | Inside::Jws(_) => None,
        };
        let with = self.with(self.preset);
        let authenticated = payload.is_some() && opened.error.is_none() && opened.authenticated();
        let mut findings = opened.findings();
        // Chaskiq turns any failure into an anonymous visitor, without a word: say so.
        if let (Some(p), Some(rules), Some(_)) = (
            self.preset,
            self.preset.and_then(|p| p.sealed_claims()),
            &opened.error,
        ) {
            findings.push(
                crate::core::finding::Finding::error(
                    crate::core::finding::Part::Token,
                    "vendor-silent-failure",
                    format!(
                        "{} would not say so: the visitor would simply be anonymous. {}",
                        p.vendor, rules.help
                    ),
                )
                .source(rules.source.as_deref()),
            );
        }
        super::report::of_plaintext(compact, payload, findings, &with, authenticated)
    }

    fn with(&self, preset: Option<&'a Preset>) -> Inspect<'a> {
        Inspect {
            preset,
            keys: self.keys,
            algorithms: self.algorithms,
            presets: Some(self.presets),
            now: self.now,
            leeway: self.leeway,
        }
    }

    /// What differs between two tokens, each judged as [`Judge::report`] judges it.
    pub fn compare<'d>(&self, a: &'d Decoded, b: &'d Decoded) -> Compared<'d> {
        let reports = [self.report(a), self.report(b)];
        let comparable = a.is_readable() && b.is_readable();
        let mut changes = Vec::new();
        if comparable {
            changes = diff_objects(DiffPart::Header, reports[0].header, reports[1].header);
            changes.extend(diff_objects(
                DiffPart::Payload,
                reports[0].payload,
                reports[1].payload,
            ));
        }
        Compared {
            reports,
            changes,
            comparable,
        }
    }
}

/// Two tokens judged side by side.
pub struct Compared<'d> {
    pub reports: [Report<'d>; 2],
    /// What differs in the header and payload, by JSON pointer (none when one side can't
    /// be read).
    pub changes: Vec<Change>,
    /// Both sides could be read.
    pub comparable: bool,
}

impl Compared<'_> {
    /// The findings of side `i` (0: A, 1: B) that the other side has not.
    pub fn only_in(&self, i: usize) -> Vec<&Finding> {
        let [a, b] = &self.reports;
        match (self.comparable, i) {
            (false, _) => Vec::new(),
            (true, 0) => findings_only(&a.findings, &b.findings),
            (true, _) => findings_only(&b.findings, &a.findings),
        }
    }
}

#[cfg(test)]
mod tests;
