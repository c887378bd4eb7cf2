//! What a person asks of an X.509 certificate in a key set: who it names and when it is
//! valid. Read with the same bounded DER reader as the keys; nothing is verified here.

use serde::Serialize;

use super::der::{self, SEQUENCE, Tlv};

/// A certificate's subject, issuer and validity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertInfo {
    /// "CN=acme.example, O=Acme", in the certificate's order.
    pub subject: String,
    pub issuer: String,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
}

const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;

/// Reads a DER certificate's subject, issuer and validity; None when it isn't one.
pub fn certificate_info(cert: &[u8]) -> Option<CertInfo> {
    let outer = der::sequence(cert)?;
    let tbs = outer.first().filter(|t| t.tag == SEQUENCE)?;
    let parts = der::children(tbs.content)?;
    // [0] version is optional; then serial, signature algorithm, issuer, validity, subject.
    let rest: Vec<Tlv<'_>> = parts.into_iter().skip_while(|t| t.tag == 0xa0).collect();
    let [_serial, _alg, issuer, validity, subject, ..] = rest.as_slice() else {
        return None;
    };
    let times = der::children(validity.content)?;
    let [not_before, not_after] = times.as_slice() else {
        return None;
    };
    Some(CertInfo {
        subject: name(subject)?,
        issuer: name(issuer)?,
        not_before: time(not_before)?,
        not_after: time(not_after)?,
    })
}

/// An X.501 Name as "CN=…, O=…".
fn name(tlv: &Tlv<'_>) -> Option<String> {
    if tlv.tag != SEQUENCE {
        return None;
    }
    let mut out = Vec::new();
    for set in der::children(tlv.content)? {
        for atv in der::children(set.content)? {
            let pair = der::children(atv.content)?;
            let [oid, value] = pair.as_slice() else {
                return None;
            };
            let label = attribute(oid.content);
            let text = String::from_utf8_lossy(value.content);
            out.push(format!("{label}={text}"));
        }
    }
    Some(out.join(", "))
}

fn attribute(oid: &[u8]) -> String {
    match oid {
        [0x55, 0x04, 0x03] => "CN".into(),
        [0x55, 0x04, 0x06] => "C".into(),
        [0x55, 0x04, 0x07] => "L".into(),
        [0x55, 0x04, 0x08] => "ST".into(),
        [0x55, 0x04, 0x0a] => "O".into(),
        [0x55, 0x04, 0x0b] => "OU".into(),
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01] => "emailAddress".into(),
        other => format!("OID.{}", hex::encode(other)),
    }
}

/// UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as Unix seconds.
fn time(tlv: &Tlv<'_>) -> Option<i64> {
    let text = std::str::from_utf8(tlv.content).ok()?.strip_suffix('Z')?;
    let (year, rest) = match tlv.tag {
        UTC_TIME => {
            let yy: i32 = text.get(..2)?.parse().ok()?;
            // RFC 5280 §4.1.2.5.1: 50-99 are 19xx, 00-49 are 20xx.
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
        }
        GENERALIZED_TIME => (text.get(..4)?.parse().ok()?, text.get(4..)?),
        _ => return None,
    };
    let field = |i: usize| -> Option<u8> { rest.get(i..i + 2)?.parse().ok() };
    let month = time::Month::try_from(field(0)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, field(2)?).ok()?;
    let clock = time::Time::from_hms(field(4)?, field(6)?, field(8)?).ok()?;
    Some(
        time::PrimitiveDateTime::new(date, clock)
            .assume_utc()
            .unix_timestamp(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_time_forms() {
        let utc = Tlv {
            tag: UTC_TIME,
            content: b"491231235959Z",
        };
        assert_eq!(time(&utc), Some(2_524_607_999));
        let generalized = Tlv {
            tag: GENERALIZED_TIME,
            content: b"20500101000000Z",
        };
        assert_eq!(time(&generalized), Some(2_524_608_000));
        let utc_1999 = Tlv {
            tag: UTC_TIME,
            content: b"990101000000Z",
        };
        assert_eq!(time(&utc_1999), Some(915_148_800));
    }

    #[test]
    fn rejects_what_is_not_a_certificate() {
        assert!(certificate_info(b"not der").is_none());
        assert!(certificate_info(&der::write(SEQUENCE, &[])).is_none());
    }
}
