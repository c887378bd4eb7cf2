//! The report of a scan, as text or JSON: each token judged on every core (its verdict and
//! findings, or its JSON report), its places written out in between as the output is
//! written. Nothing in it grows with a token's places: a token sent with every one of a
//! million requests costs its report once and a line per place.

use std::io::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use super::ordered::in_order;
use crate::core::decode::decode;
use crate::core::finding::Severity;
use crate::core::judge::Judge;
use crate::core::jwe::{Inside, Opened};
use crate::core::key::Key;
use crate::core::report::Report;
use crate::core::scan::find::shorten;
use crate::core::scan::{Found, Place, Scanned, ShownUrl, SourceKind};

/// How many tokens a chunk holds: enough to make a thread worth it, few enough that the
/// output starts at once and little waits in memory.
const CHUNK: usize = 64;

/// One token's report around its places: what is written before them and after.
struct Part {
    head: Vec<u8>,
    tail: Vec<u8>,
}

/// Writes the report of what was found, as text or JSON. True when every token passes
/// (what the exit code says).
///
/// An encrypted token is opened with `decrypt` when given: the signed token inside is
/// judged as any other; without the key its header and the key it needs are said.
pub fn write(
    scanned: &Scanned,
    found: &Found,
    bytes: &[u8],
    judge: Judge<'_>,
    decrypt: Option<&Key>,
    json: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<bool> {
    let all_pass = AtomicBool::new(true);
    let n = found.len();
    let make = |k: usize| -> Vec<Part> {
        (k * CHUNK..n.min((k + 1) * CHUNK))
            .map(|i| {
                let token = found.token(bytes, i);
                let decoded = decode(token);
                let opened = (decoded.segment_count == 5)
                    .then(|| crate::core::jwe::open(token, decrypt).ok())
                    .flatten();
                let inner = match opened.as_ref().map(Opened::inside) {
                    Some(Inside::Jws(jws)) => Some(decode(jws)),
                    _ => None,
                };
                let report = match (&opened, &inner) {
                    (_, Some(inner)) => judge.report(inner),
                    (Some(o), None) => judge.inspect_unsigned(token, o),
                    (None, None) => judge.report(&decoded),
                };
                // An encrypted token that was not opened passes only when no key was given.
                let sealed_failed = opened.as_ref().is_some_and(|o| o.error.is_some());
                if !report.passes() || sealed_failed {
                    all_pass.store(false, Ordering::Relaxed);
                }
                if json {
                    json_part(i, token, &report, opened.as_ref())
                } else {
                    text_part(i, token, &report, opened.as_ref())
                }
            })
            .collect()
    };
    if json {
        let source = serde_json::to_string_pretty(&scanned.source)?;
        write!(
            out,
            "{{\n  \"source\": {},\n  \"tokens\": [",
            source.replace('\n', "\n  ")
        )?;
    } else {
        let what = match (scanned.source.kind, scanned.source.entries) {
            (SourceKind::Har, Some(e)) => format!("HAR file, {e} entries"),
            _ => "text".to_string(),
        };
        writeln!(
            out,
            "{what}: {n} {}",
            if n == 1 { "token" } else { "tokens" }
        )?;
    }
    let mut shown = ShownUrl::default();
    let mut i = 0;
    in_order(n.div_ceil(CHUNK), &make, &mut |parts: Vec<Part>| {
        for part in parts {
            out.write_all(&part.head)?;
            let places = found.places(bytes, i, &mut shown);
            if json {
                json_places(out, places)?;
            } else {
                for p in places {
                    let line = p.describe(false);
                    writeln!(out, "     {}", crate::cli::terminal_safe(&line))?;
                }
            }
            out.write_all(&part.tail)?;
            i += 1;
        }
        Ok(())
    })?;
    if json {
        out.write_all(if n == 0 { b"]\n}\n" } else { b"\n  ]\n}\n" })?;
    }
    Ok(all_pass.load(Ordering::Relaxed))
}

/// `{"token": …, "places": [` … `], "report": {…}}`, laid out as if the whole had been
/// written at once by serde_json's pretty printer.
fn json_part(i: usize, token: &str, report: &Report<'_>, jwe: Option<&Opened>) -> Part {
    let mut head = Vec::with_capacity(token.len() + 64);
    head.extend_from_slice(if i == 0 { b"\n    {" } else { b",\n    {" });
    head.extend_from_slice(b"\n      \"token\": ");
    let _ = serde_json::to_writer(&mut head, token);
    head.extend_from_slice(b",\n      \"places\": [");
    let mut tail = Vec::with_capacity(2048);
    tail.extend_from_slice(b",\n      \"report\": ");
    let mut ser = serde_json::Serializer::with_formatter(&mut tail, Nested::at(3));
    let _ = serde::Serialize::serialize(report, &mut ser);
    if let Some(opened) = jwe {
        tail.extend_from_slice(b",\n      \"jwe\": ");
        let mut ser = serde_json::Serializer::with_formatter(&mut tail, Nested::at(3));
        let _ = serde::Serialize::serialize(opened, &mut ser);
    }
    tail.extend_from_slice(b"\n    }");
    Part { head, tail }
}

/// The places of one token, inside its `"places": [ … ]`.
fn json_places(
    out: &mut dyn std::io::Write,
    places: impl Iterator<Item = Place>,
) -> std::io::Result<()> {
    let mut any = false;
    for p in places {
        out.write_all(if any { b",\n        " } else { b"\n        " })?;
        let mut ser = serde_json::Serializer::with_formatter(&mut *out, Nested::at(4));
        serde::Serialize::serialize(&p, &mut ser)?;
        any = true;
    }
    out.write_all(if any { b"\n      ]" } else { b"]" })
}

/// One token of the human report: its verdict and findings (its places follow).
fn text_part(i: usize, token: &str, report: &Report<'_>, jwe: Option<&Opened>) -> Part {
    let mut head = Vec::new();
    let verdict = report.verdict();
    let preset = report.preset.as_deref().unwrap_or("no preset");
    let claims_inside = jwe.is_some_and(|o| {
        o.decrypted && o.plaintext_kind != Some(crate::core::jwe::PlaintextKind::Jws)
    });
    let sig = match report.signature_valid {
        Some(true) if claims_inside => " · authenticated by decryption",
        Some(true) => " · signature valid",
        Some(false) => " · signature INVALID",
        None => "",
    };
    let encrypted = match jwe {
        Some(o) if o.decrypted => format!(" · encrypted ({}), decrypted", o.algorithms()),
        Some(o) if o.error.is_some() => format!(" · encrypted ({}), NOT decrypted", o.algorithms()),
        Some(o) => format!(" · encrypted ({}): needs {}", o.algorithms(), o.needs),
        None => String::new(),
    };
    let _ = writeln!(
        head,
        "\n{}  {}\n   {}: {} · {preset}{sig}{}",
        i + 1,
        shorten(token),
        verdict.label(),
        verdict.explain(&report.summary.to_string()),
        crate::cli::terminal_safe(&encrypted)
    );
    for f in (report.findings.iter()).filter(|f| f.severity > Severity::Info) {
        let message = crate::cli::terminal_safe(&f.message);
        let _ = writeln!(head, "   {} {}: {message}", f.severity, f.rule);
    }
    Part {
        head,
        tail: Vec::new(),
    }
}

/// serde_json's pretty layout (two spaces a level), starting `level` levels in: a value
/// laid out inside another as if the whole had been written at once.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn at(level: usize) -> Nested {
        Nested {
            level,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        const SPACES: &[u8] = b"                                                                ";
        let mut n = self.level * 2;
        while n > 0 {
            let step = n.min(SPACES.len());
            w.write_all(&SPACES[..step])?;
            n -= step;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(c)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, c: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(c)
    }

    fn item<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::core::preset::Presets;

    const A: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLWE";
    const B: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiIn0.c2lnbmF0dXJlLWI";

    fn report_of(text: &str, json: bool) -> String {
        let bytes = text.as_bytes();
        let (scanned, found) = super::super::collect(bytes);
        let presets = Presets::builtin();
        let mut out = Vec::new();
        write(
            &scanned,
            &found,
            bytes,
            Judge::new(&presets, 1),
            None,
            json,
            &mut out,
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_json_is_laid_out_as_serde_json_lays_out_the_whole() {
        // Enough tokens for several chunks, made on several threads.
        let text: String = (0..200)
            .map(|i| format!("line {i} {}\n", if i % 3 == 0 { A } else { B }))
            .collect();
        let written = report_of(&text, true);
        let value: serde_json::Value = serde_json::from_str(&written).unwrap();
        assert_eq!(value["tokens"].as_array().unwrap().len(), 2);
        assert_eq!(value["tokens"][0]["places"].as_array().unwrap().len(), 67);
        assert_eq!(value["tokens"][1]["places"][0]["line"], 2);
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        assert_eq!(written.trim_end(), pretty);
        let none = report_of("nothing here", true);
        let value: serde_json::Value = serde_json::from_str(&none).unwrap();
        assert_eq!(
            none.trim_end(),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }

    #[test]
    fn the_text_lists_each_token_with_its_places_in_order() {
        let text: String = (0..300)
            .map(|i| {
                let t = crate::core::b64::encode(format!(r#"{{"sub":"u{i}"}}"#).as_bytes());
                format!("eyJhbGciOiJIUzI1NiJ9.{t}.c2ln\n")
            })
            .collect();
        let written = report_of(&text, false);
        assert!(written.starts_with("text: 300 tokens\n"), "{written}");
        let numbers: Vec<usize> = written
            .lines()
            .filter_map(|l| l.split_once("  eyJ").and_then(|(n, _)| n.parse().ok()))
            .collect();
        assert_eq!(numbers, (1..=300).collect::<Vec<_>>());
        let lines: Vec<&str> = written.lines().filter(|l| l.contains("· text")).collect();
        assert_eq!(lines[299].trim(), "line 300 · text");
    }
}
