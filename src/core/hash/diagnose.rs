//! Why an identity hash doesn't match: the written form (case, hex or base64), then the
//! usual mistakes — another field hashed, the text changed, the secret read another way,
//! the arguments swapped, another hash function, no secret at all.

use serde_json::{Map, Value};

use super::{Hashed, TypedSecret, digest_of, mac, read_value, text_of};
use crate::core::finding::{Finding, Part, Severity};
use crate::core::preset::{HashRules, Mac, Output, Preset};
use crate::core::secret::SecretEncoding;

pub(super) struct Context<'a> {
    pub preset: &'a Preset,
    pub rules: &'a HashRules,
    pub fields: &'a Map<String, Value>,
    pub secret: &'a [u8],
    pub text: Option<TypedSecret<'a>>,
    pub expected: &'a Hashed,
}

impl Context<'_> {
    /// Whether the vendor would take `given`; the findings say what is wrong.
    pub fn judge(&self, given: &str, out: &mut Vec<Finding>) -> bool {
        let raw = mac(
            self.rules.mac,
            self.secret,
            self.expected.message.as_bytes(),
        );
        let name = &self.rules.name;
        let vendor = &self.preset.vendor;
        // Where the vendor's encoding is not confirmed, each candidate counts; say which.
        let candidates = std::iter::once(self.rules.output)
            .chain(self.rules.unconfirmed_outputs.iter().copied());
        for output in candidates {
            if given != super::encode(output, &raw) {
                continue;
            }
            if !self.rules.unconfirmed_outputs.is_empty() {
                let note = self
                    .rules
                    .output_note
                    .as_deref()
                    .map(|n| format!(" {n}"))
                    .unwrap_or_default();
                out.push(
                    Finding::info(
                        Part::Token,
                        "encoding-matched",
                        format!(
                            "The {name} matched written in {}{}.{note}",
                            if output == Output::Hex {
                                "lower-case "
                            } else {
                                ""
                            },
                            output.name()
                        ),
                    )
                    .source(self.rules.source.as_deref()),
                );
            }
            return true;
        }
        let read = read_value(given);
        match (self.rules.output, &read) {
            (Output::Hex, Some((bytes, Output::Hex))) if *bytes == raw => {
                let severity = self.rules.uppercase;
                let tail = self
                    .rules
                    .uppercase_message
                    .clone()
                    .unwrap_or_else(|| format!("{vendor} compares it with lower-case hex."));
                out.push(
                    Finding::new(
                        severity,
                        Part::Token,
                        "uppercase-hex",
                        format!("The {name} is the right HMAC in upper-case hex. {tail}"),
                    )
                    .source(self.rules.source.as_deref()),
                );
                return severity < Severity::Error;
            }
            (want, Some((bytes, got)))
                if *bytes == raw && want != *got && !self.rules.accepts(*got) =>
            {
                out.push(
                    Finding::error(
                        Part::Token,
                        "wrong-encoding",
                        format!(
                            "The {name} is the right HMAC written in {}; {vendor} wants it in {}{}.",
                            got.name(),
                            if want == Output::Hex { "lower-case " } else { "" },
                            want.name()
                        ),
                    )
                    .source(self.rules.source.as_deref()),
                );
                return false;
            }
            (_, Some((bytes, Output::Base64)))
                if *bytes == raw && self.rules.accepts(Output::Base64) =>
            {
                out.push(Finding::error(
                    Part::Token,
                    "wrong-encoding",
                    format!("The {name} is the right HMAC in another base64 alphabet or padding; {vendor} compares the exact text."),
                ));
                return false;
            }
            _ => {}
        }
        let Some((bytes, _)) = read else {
            out.push(Finding::error(
                Part::Token,
                "not-a-hash",
                format!(
                    "The {name} is neither hex nor base64: {} writes {} {}.",
                    vendor,
                    self.rules.mac.label(),
                    if self.rules.output == Output::Hex {
                        "as lower-case hex"
                    } else {
                        "in base64"
                    }
                ),
            ));
            return false;
        };
        if !self.explain(&bytes, out) {
            out.push(
                Finding::error(
                    Part::Token,
                    "mismatch",
                    format!(
                        "The {name} doesn't match: it was not made from {} with this secret (nor by a usual mistake tokenbench knows).",
                        self.expected.field
                    ),
                )
                .source(self.rules.source.as_deref()),
            );
        }
        false
    }

    /// Finds the mistake that turns the right inputs into `bytes`; pushes it and says true.
    fn explain(&self, bytes: &[u8], out: &mut Vec<Finding>) -> bool {
        let Some((rule, message)) = self
            .candidates()
            .into_iter()
            .find_map(|(rule, message, made)| (made == bytes).then_some((rule, message)))
        else {
            return false;
        };
        out.push(Finding::error(Part::Token, rule, message).source(self.rules.source.as_deref()));
        true
    }

    /// Each usual mistake: its rule, its explanation, and the MAC it makes.
    fn candidates(&self) -> Vec<(&'static str, String, Vec<u8>)> {
        let r = self.rules;
        let vendor = &self.preset.vendor;
        let name = &r.name;
        let field = &self.expected.field;
        let msg = self.expected.message.as_str();
        let mut out = Vec::new();
        for (other, v) in self.fields {
            if other == field {
                continue;
            }
            let Some(text) = text_of(v).filter(|t| !t.is_empty() && t != msg) else {
                continue;
            };
            out.push((
                "wrong-field",
                format!(
                    "This {name} is the hash of {other}; {vendor} hashes {}, which here is {field}.",
                    r.describe_message()
                ),
                mac(r.mac, self.secret, text.as_bytes()),
            ));
        }
        for (variant, what) in [
            (msg.trim().to_string(), "with the spaces around it removed"),
            (msg.to_lowercase(), "lower-cased"),
            (msg.to_uppercase(), "upper-cased"),
        ] {
            if variant != msg {
                out.push((
                    "message-changed",
                    format!(
                        "This {name} is the hash of {field} {what}; {vendor} hashes it exactly as the page passes it."
                    ),
                    mac(r.mac, self.secret, variant.as_bytes()),
                ));
            }
        }
        if let Some(t) = self.text {
            for enc in SecretEncoding::ALL {
                if enc == t.encoding {
                    continue;
                }
                if let Ok(other) = enc.decode(t.text)
                    && other.expose() != self.secret
                {
                    out.push((
                        "secret-encoding",
                        format!(
                            "This {name} was made with the secret read as {}; {vendor} uses it as {} ({}).",
                            enc.name(),
                            t.encoding.name(),
                            if t.encoding == SecretEncoding::Utf8 { "the text as it is" } else { "decoded" }
                        ),
                        mac(r.mac, other.expose(), msg.as_bytes()),
                    ));
                }
            }
        }
        out.push((
            "swapped-arguments",
            format!(
                "This {name} has the secret and {field} swapped: it is HMAC(key = {field}, message = secret)."
            ),
            mac(r.mac, msg.as_bytes(), self.secret),
        ));
        for other in Mac::ALL.into_iter().filter(|m| *m != r.mac) {
            out.push((
                "wrong-mac",
                format!(
                    "This {name} is {} of {field}; {vendor} uses {}.",
                    other.label(),
                    r.mac.label()
                ),
                mac(other, self.secret, msg.as_bytes()),
            ));
        }
        for kind in Mac::ALL {
            out.push((
                "not-hmac",
                format!(
                    "This {name} is a plain {} digest of {field}, made without the secret; {vendor} wants {} with the secret.",
                    kind.label().trim_start_matches("HMAC-"),
                    r.mac.label()
                ),
                digest_of(kind, msg.as_bytes()),
            ));
        }
        out
    }
}
