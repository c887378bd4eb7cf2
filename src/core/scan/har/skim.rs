//! Counting the entries that are left when no token can be among them: a pass over the
//! bytes that follows strings and nesting only (several times faster than parsing them),
//! for captures with millions of entries and no token after some point.

/// From just after a whole entry at `at`: how many entries follow before the entries array
/// closes. Err: the text breaks off (an unclosed string, object or array), and how many
/// whole entries came before.
pub(super) fn remaining_entries(bytes: &[u8], at: usize) -> Result<usize, usize> {
    let mut depth = 0usize;
    let mut count = 0usize;
    let mut i = at;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i + 1).ok_or(count.saturating_sub(1))?,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return Ok(count),
            b'}' | b']' => depth -= 1,
            b',' if depth == 0 => count += 1,
            _ => {}
        }
        i += 1;
    }
    // The entry the text breaks in is not whole (unless it broke between entries).
    Err(if depth == 0 {
        count
    } else {
        count.saturating_sub(1)
    })
}

/// The closing quote of a string whose text starts at `from`.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let at = i + memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[at] == b'"' {
            return Some(at);
        }
        i = at + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_counted_through_strings_and_nesting() {
        let text = br#"{"a":1}, {"b":[1,{"c":"],}\"{"}]}, "x,y" ]}}"#;
        assert_eq!(remaining_entries(text, 7), Ok(2));
        assert_eq!(remaining_entries(br#" ]"#, 0), Ok(0));
        assert_eq!(remaining_entries(br#", {"a": "unclosed"#, 0), Err(0));
        assert_eq!(remaining_entries(br#", {}, {}, {"a": [1, 2"#, 0), Err(2));
        assert_eq!(remaining_entries(br#", "\"#, 0), Err(0));
        assert_eq!(remaining_entries(br#", {}, {}"#, 0), Err(2));
    }
}
