//! The text of a secret as the user types it: an egui text buffer that is wiped on drop,
//! never shows itself in `Debug`, and can't be serialized.

use std::fmt;

use eframe::egui::TextBuffer;
use eframe::egui::epaint::text::CharIndex;
use zeroize::Zeroizing;

/// Room reserved up front so typing rarely reallocates (which would leave old copies behind).
const RESERVE: usize = 4096;

pub struct SecretText(Zeroizing<String>);

impl SecretText {
    pub fn new() -> Self {
        SecretText(Zeroizing::new(String::with_capacity(RESERVE)))
    }

    /// The secret's text. Never log or display what this returns.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn set(&mut self, text: &str) {
        self.0.clear();
        self.0.push_str(text);
    }

    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

impl Clone for SecretText {
    /// A copy with its own reserved room (the copy is wiped on drop too).
    fn clone(&self) -> Self {
        let mut copy = SecretText::new();
        copy.set(self.expose());
        copy
    }
}

impl PartialEq for SecretText {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Default for SecretText {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretText(<redacted, {} chars>)", self.chars())
    }
}

impl TextBuffer for SecretText {
    fn is_mutable(&self) -> bool {
        true
    }

    fn as_str(&self) -> &str {
        &self.0
    }

    fn insert_text(&mut self, text: &str, char_index: CharIndex) -> usize {
        TextBuffer::insert_text(&mut *self.0, text, char_index)
    }

    fn delete_char_range(&mut self, char_range: std::ops::Range<CharIndex>) {
        TextBuffer::delete_char_range(&mut *self.0, char_range);
    }

    fn type_id(&self) -> std::any::TypeId {
        std::any::TypeId::of::<Self>()
    }
}

#[cfg(test)]
mod tests {
    use crate::ui::widgets::secret_text::*;

    #[test]
    fn debug_is_redacted_and_editing_works() {
        let mut s = SecretText::new();
        TextBuffer::insert_text(&mut s, "hunter2", CharIndex(0));
        TextBuffer::insert_text(&mut s, "!", CharIndex(7));
        assert_eq!(s.expose(), "hunter2!");
        assert_eq!(format!("{s:?}"), "SecretText(<redacted, 8 chars>)");
        TextBuffer::delete_char_range(&mut s, CharIndex(0)..CharIndex(6));
        assert_eq!(s.expose(), "2!");
    }
}
