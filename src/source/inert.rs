//! Text from a file (names, notes, ids, file names) made inert for a terminal or a plain-text
//! report: every control character and escape sequence is shown, not executed.
//!
//! The C0 controls and DEL become their Unicode control pictures (ESC is `␛`), exactly as the
//! problems rendered by annotate-snippets already show them, so a file's text looks the same in
//! an error message and in a report; the bidirectional overrides become `�`; the C1 controls
//! (U+0080–U+009F, which some terminals read as escape sequences too) are written `\u{9b}`. Line
//! breaks stay line breaks and a tab becomes spaces: neither can move the cursor anywhere a
//! line of text could not.

use std::borrow::Cow;
use std::fmt::Write as _;

/// `text` with every control character and escape sequence shown inert.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_showing) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_c1(c) {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else if c == '\n' || !needs_showing(c) {
            shown.push(c);
        } else {
            let mut buffer = [0; 4];
            shown.push_str(&annotate_snippets::normalize_untrusted_str(c.encode_utf8(&mut buffer)));
        }
    }
    Cow::Owned(shown)
}

fn is_c1(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c)
}

fn needs_showing(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{200d}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn escapes_are_shown_not_run() {
        assert_eq!(inert("plain text, ünïcode"), "plain text, ünïcode");
        assert_eq!(inert("\u{1b}[2J\u{1b}]0;title\u{7}"), "␛[2J␛]0;title␇");
        assert_eq!(inert("a\rb\tc\nd"), "a␍b    c\nd");
        assert_eq!(inert("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(inert("abc\u{202e}def"), "abc�def");
        assert_eq!(inert("\u{7f}\u{0}"), "␡␀");
    }
}
