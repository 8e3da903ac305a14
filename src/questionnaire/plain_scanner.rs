//! A one-pass byte scanner for the plainest questionnaires, in front of the
//! [`fast_reader`](super::fast_reader).
//!
//! The fast reader still lexes the whole file into a token vector and then walks the TOML
//! parser's events; for the files a batch is made of (headers, `id = 4`,
//! `id = { score = 4, note = "…" }`, plain strings, a date, one-line lists, comments) that is
//! more work than the format needs. This scanner reads such a file line by line, straight from
//! its bytes, applying the same rules of [`model`](super::model) as both readers. It accepts a
//! strict subset of TOML and gives up (returns `None`) at anything else: an escape, a quoted or
//! dotted key, a multi-line string or array, a number that is not one digit, a time, a CR not
//! before a LF, a control character, a value it does not expect where it is (a duplicate, an
//! unknown id, a score out of range…). The caller then runs the fast reader and, failing that,
//! the checked reader, which reports the problems, so diagnostics are never the scanner's.
//!
//! The scanner never recurses: it reads at most one level of `{…}` or `[…]` on one line and
//! gives up on any other bracket, so no input can make it use more stack (see FF008).

use crate::context::{Context, ContextKey, Values};
use crate::data::bank::QuestionBank;
use crate::force::Force;
use crate::questionnaire::model::{
    Answer, Assessment, Detail, Likert, NOTE, Questionnaire, SCORE, Table, calendar_date, note,
};
use crate::source::words::{has, has_below, words};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Root,
    Assessment,
    Context,
    Force(Force),
}

/// A value as written, for the plain subset.
enum Value<'i> {
    /// One decimal digit.
    Digit(u8),
    /// A basic (`"…"`) or literal (`'…'`) string without escapes.
    Str(&'i str),
    /// A local date `YYYY-MM-DD`.
    Date(&'i str),
    /// `{ score = N }` or `{ score = N, note = "…" }` (either order).
    Answer(u8, Option<&'i str>),
    /// A one-line array of strings, e.g. `["online", "stores"]`.
    List(Vec<&'i str>),
}

/// The questionnaire, when `text` is plain enough for the scanner; `None` means "use the
/// readers".
pub(crate) fn parse(text: &str, bank: &QuestionBank) -> Option<Questionnaire> {
    let mut scan = Scan {
        bank,
        section: Section::Root,
        tables_seen: [false; Table::COUNT],
        details_seen: [false; Detail::ALL.len()],
        answered: vec![false; bank.questions().len()],
        assessment: Assessment::default(),
        context: None,
        answers: Vec::with_capacity(bank.questions().len()),
    };
    let mut rest = text;
    while !rest.is_empty() {
        let (line, after) = match memchr_newline(rest) {
            // A CR is allowed only just before a LF.
            Some(at) => {
                let line = rest.get(..at)?;
                (line.strip_suffix('\r').unwrap_or(line), rest.get(at + 1..)?)
            }
            None => (rest, ""),
        };
        rest = after;
        scan.line(line)?;
    }
    scan.finish()
}

fn memchr_newline(text: &str) -> Option<usize> {
    memchr::memchr(b'\n', text.as_bytes())
}

/// The bytes of a bare key: `A–Z a–z 0–9 _ -`. (Built at compile time, where an index out of
/// range or a truncating cast would fail the build, not a run.)
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const KEY_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        byte += 1;
    }
    table
};

struct Scan<'b> {
    bank: &'b QuestionBank,
    section: Section,
    tables_seen: [bool; Table::COUNT],
    details_seen: [bool; Detail::ALL.len()],
    answered: Vec<bool>,
    assessment: Assessment,
    context: Option<Context>,
    answers: Vec<Answer>,
}

/// A cursor over one line.
struct Cursor<'i> {
    line: &'i str,
    at: usize,
}

impl<'i> Cursor<'i> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    /// A bare key: one or more of `A–Z a–z 0–9 _ -`.
    fn bare_key(&mut self) -> Option<&'i str> {
        let start = self.at;
        while self.peek().is_some_and(|b| KEY_BYTE.get(usize::from(b)).copied().unwrap_or(false)) {
            self.at += 1;
        }
        self.line.get(start..self.at).filter(|key| !key.is_empty())
    }

    /// The end of a line: only whitespace, then an optional comment; a value or a header must
    /// be followed by whitespace before a comment (`x = 4#c` is left to the readers).
    fn end(&mut self) -> Option<()> {
        let before = self.at;
        self.skip_ws();
        match self.peek() {
            None => Some(()),
            Some(b'#') if self.at > before => comment(self.line.get(self.at + 1..)?),
            _ => None,
        }
    }

    /// A string without escapes, quoted with `quote`; gives up on a multi-line opening.
    fn string(&mut self, quote: u8) -> Option<&'i str> {
        self.eat(quote)?;
        let start = self.at;
        let rest = self.line.as_bytes().get(start..)?;
        // The closing quote, unless an escape comes first.
        let end = memchr::memchr2(quote, b'\\', rest)?;
        if rest.get(end) != Some(&quote) || has_control(rest.get(..end)?) {
            return None;
        }
        self.at = start + end;
        let text = self.line.get(start..self.at)?;
        self.at += 1;
        // `""` followed by a quote opens a multi-line string.
        if text.is_empty() && self.peek() == Some(quote) {
            return None;
        }
        Some(text)
    }

    fn digit(&mut self) -> Option<u8> {
        let byte = self.peek().filter(u8::is_ascii_digit)?;
        self.at += 1;
        // `42`, `4_0`, `4.0`, `4e1`, `4-…`: not one digit alone.
        if matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b':' | b'+'))
        {
            return None;
        }
        Some(byte - b'0')
    }

    /// `YYYY-MM-DD`, not followed by a time.
    fn date(&mut self) -> Option<&'i str> {
        let text = self.line.get(self.at..self.at + 10)?;
        let shape =
            text.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
        if !shape {
            return None;
        }
        self.at += 10;
        if matches!(self.peek(), Some(b) if b != b' ' && b != b'\t') {
            return None;
        }
        // `2026-01-01 10:00:00` is a date-time: a digit after the space.
        let mut probe = self.at;
        while matches!(self.line.as_bytes().get(probe), Some(b' ' | b'\t')) {
            probe += 1;
        }
        if matches!(self.line.as_bytes().get(probe), Some(b) if b.is_ascii_digit()) {
            return None;
        }
        Some(text)
    }

    fn value(&mut self) -> Option<Value<'i>> {
        match self.peek()? {
            b'"' => self.string(b'"').map(Value::Str),
            b'\'' => self.string(b'\'').map(Value::Str),
            b'{' => self.inline_answer(),
            b'[' => self.list(),
            b'0'..=b'9' => {
                if self.line.as_bytes().get(self.at + 4) == Some(&b'-') {
                    self.date().map(Value::Date)
                } else {
                    self.digit().map(Value::Digit)
                }
            }
            _ => None,
        }
    }

    fn inline_answer(&mut self) -> Option<Value<'i>> {
        self.eat(b'{')?;
        let (mut score, mut written) = (None, None);
        loop {
            self.skip_ws();
            let key = self.bare_key()?;
            self.skip_ws();
            self.eat(b'=')?;
            self.skip_ws();
            match key {
                SCORE if score.is_none() => score = Some(self.digit()?),
                NOTE if written.is_none() => {
                    let quote = self.peek().filter(|q| matches!(q, b'"' | b'\''))?;
                    written = Some(self.string(quote)?);
                }
                _ => return None,
            }
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    break;
                }
                _ => return None,
            }
        }
        Some(Value::Answer(score?, written))
    }

    fn list(&mut self) -> Option<Value<'i>> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b']' if !items.is_empty() => {
                    self.at += 1;
                    break;
                }
                quote @ (b'"' | b'\'') => items.push(self.string(quote)?),
                _ => return None,
            }
            self.skip_ws();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    break;
                }
                _ => return None,
            }
        }
        Some(Value::List(items))
    }
}

/// A control character TOML does not allow in a string or comment (tab is allowed).
const fn is_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7f
}

/// A comment's text is acceptable (no control characters but tab).
fn comment(text: &str) -> Option<()> {
    (!has_control(text.as_bytes())).then_some(())
}

/// Whether `bytes` holds a control character TOML does not allow ([`is_control`]): eight
/// bytes at a time, a word with a byte below 0x20 or a DEL looked at byte by byte (a tab is
/// below 0x20 but allowed).
fn has_control(bytes: &[u8]) -> bool {
    words(bytes, b'a')
        .any(|(word, chunk)| (has_below(word, 0x20) || has(word, 0x7f)) && chunk.iter().copied().any(is_control))
}

impl Scan<'_> {
    fn line(&mut self, line: &str) -> Option<()> {
        let mut cursor = Cursor { line, at: 0 };
        cursor.skip_ws();
        match cursor.peek() {
            None => Some(()),
            Some(b'#') => comment(line.get(cursor.at + 1..)?),
            Some(b'[') => {
                cursor.at += 1;
                cursor.skip_ws();
                let name = cursor.bare_key()?;
                cursor.skip_ws();
                cursor.eat(b']')?;
                cursor.end()?;
                self.open_table(name)
            }
            Some(_) => {
                let key = cursor.bare_key()?;
                cursor.skip_ws();
                cursor.eat(b'=')?;
                cursor.skip_ws();
                let value = cursor.value()?;
                cursor.end()?;
                self.value(key, value)
            }
        }
    }

    fn open_table(&mut self, name: &str) -> Option<()> {
        let table = Table::from_key(name)?;
        let seen = self.tables_seen.get_mut(table.index())?;
        if *seen {
            return None;
        }
        *seen = true;
        self.section = match table {
            Table::Assessment => Section::Assessment,
            Table::Context => {
                self.context = Some(Context::default());
                Section::Context
            }
            Table::Force(force) => Section::Force(force),
        };
        Some(())
    }

    fn first_answer(&mut self, question: usize) -> Option<()> {
        let seen = self.answered.get_mut(question)?;
        if *seen {
            return None;
        }
        *seen = true;
        Some(())
    }

    fn value(&mut self, key: &str, value: Value<'_>) -> Option<()> {
        match self.section {
            Section::Root => None,
            Section::Assessment => self.detail(key, &value),
            Section::Context => {
                let context_key = ContextKey::from_key(key)?;
                let mut values = Values::EMPTY;
                match value {
                    Value::Str(text) if !context_key.is_list() => {
                        values.insert(context_key.value_index(text)?);
                    }
                    Value::List(items) if context_key.is_list() => {
                        for item in items {
                            if !values.insert(context_key.value_index(item)?) {
                                return None;
                            }
                        }
                    }
                    _ => return None,
                }
                match &mut self.context {
                    Some(context) if context.get(context_key).is_empty() => context.set(context_key, values),
                    _ => return None,
                }
                Some(())
            }
            Section::Force(force) => {
                // Files list a force's questions in bank order, as the templates write them:
                // the question after the last one is tried before the bank's search.
                let expected = self.answers.last().map_or(0, |a| a.question + 1);
                let question = match self.bank.get(expected) {
                    Some(q) if q.force == force && q.id == key => expected,
                    _ => self.bank.find(force, key)?.0,
                };
                let (score, note_text) = match value {
                    Value::Digit(digit) => (digit, None),
                    Value::Answer(digit, written) => (digit, written),
                    _ => return None,
                };
                let score = Likert::new(i64::from(score))?;
                self.first_answer(question)?;
                self.answers.push(Answer { question, score, note: note_text.and_then(note) });
                Some(())
            }
        }
    }

    fn detail(&mut self, key: &str, value: &Value<'_>) -> Option<()> {
        let detail = Detail::from_key(key)?;
        let seen = self.details_seen.get_mut(detail as usize)?;
        if *seen {
            return None;
        }
        *seen = true;
        if detail == Detail::Date {
            let date = match value {
                Value::Date(text) => text.parse::<toml::value::Datetime>().ok(),
                Value::Str(text) => text.trim().parse::<toml::value::Datetime>().ok(),
                _ => None,
            };
            self.assessment.date = Some(calendar_date(date?)?);
            return Some(());
        }
        let Value::Str(text) = value else { return None };
        let text = text.trim();
        if detail == Detail::Name && text.is_empty() {
            return None;
        }
        detail.set(&mut self.assessment, text.to_owned());
        Some(())
    }

    fn finish(mut self) -> Option<Questionnaire> {
        if !self.details_seen.get(Detail::Name as usize).copied().unwrap_or(false) {
            return None;
        }
        self.answers.sort_unstable_by_key(|a| a.question);
        Some(Questionnaire {
            assessment: self.assessment,
            context: self.context.filter(|c| !c.is_empty()),
            answers: self.answers,
            legacy: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::data::bank::QuestionBank;

    #[test]
    fn the_examples_and_the_template_are_plain_and_read_alike() {
        let bank = QuestionBank::builtin();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        let mut read = 0;
        for entry in std::fs::read_dir(dir).expect("examples") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("read");
            let general = crate::Questionnaire::parse_general("x", &text, &bank);
            if let Some(scanned) = parse(&text, &bank) {
                assert_eq!(Ok(scanned), general, "{}", path.display());
                read += 1;
            }
        }
        assert!(read >= 5, "most examples are plain enough for the scanner");
        let template = crate::questionnaire::template::questionnaire(&bank, "Acme");
        let scanned = parse(&template, &bank).expect("the init template is plain");
        assert_eq!(Ok(scanned), crate::Questionnaire::parse_general("x", &template, &bank));
    }

    #[test]
    fn anything_unusual_is_left_to_the_readers() {
        let bank = QuestionBank::builtin();
        let id = &bank.questions()[0].id;
        let force = bank.questions()[0].force.key();
        let head = "[assessment]\nname = \"A\"\n";
        for odd in [
            String::new(),
            "[assessment]\nname = \"\"\n".to_owned(),
            "[assessment]\nname = \"A\"\nname = \"B\"\n".to_owned(),
            "[assessment]\nname = \"A\\u0041\"\n".to_owned(),
            "[assessment]\nname = \"\"\"A\"\"\"\n".to_owned(),
            "[assessment]\nname = \"A\"\ndate = 2026-01-01T10:00:00\n".to_owned(),
            "[assessment]\nname = \"A\"\ndate = 2026-01-01 10:00:00\n".to_owned(),
            "[assessment]\nname = \"A\"\ndate = 2026-02-30\n".to_owned(),
            "[assessment\nname = \"A\"\n".to_owned(),
            "[[assessment]]\nname = \"A\"\n".to_owned(),
            "[assessment]\r\nname = \"A\"\r".to_owned(),
            "[assessment]\nname = \"A\u{1}\"\n".to_owned(),
            "[assessment]\nname = \"A\" # c\u{7f}\n".to_owned(),
            "[assessment]\nname = \"A\"#c\n".to_owned(),
            "[assessment]\n\"name\" = \"A\"\n".to_owned(),
            "name = \"A\"\n".to_owned(),
            format!("{head}[{force}]\n{id} = 4\n{id} = 4\n"),
            format!("{head}[{force}]\n[{force}]\n{id} = 4\n"),
            format!("{head}{force}.{id} = 4\n"),
            format!("{head}[{force}]\n{id} = [4]\n"),
            format!("{head}[{force}]\n{id} = 4.0\n"),
            format!("{head}[{force}]\n{id} = 44\n"),
            format!("{head}[{force}]\n{id} = 0\n"),
            format!("{head}[{force}]\n{id} = +4\n"),
            format!("{head}[{force}]\n{id} = {{ score = 4, extra = 1 }}\n"),
            format!("{head}[{force}]\n{id} = {{ score = 4, }}\n"),
            format!("{head}[{force}]\n{id} = {{ note = \"n\" }}\n"),
            format!("{head}[{force}]\n{id} = {{ score = 4, score = 4 }}\n"),
            format!("{head}[{force}]\n{id} = {{ score = 4, note = \"n\"\n"),
            format!("{head}[context]\nselling = [\n\"online\"]\n"),
            format!("{head}[context]\nselling = []\n"),
            format!("{head}[context]\nselling = [\"online\", \"online\"]\n"),
            format!("{head}[context]\ncustomers = [\"consumers\"]\n"),
            format!("{head}[{force}]\n{id} = {}4{}\n", "[".repeat(10_000), "]".repeat(10_000)),
            "[assessment]\nname = \"A\"\n[supplier]\n".to_owned(),
        ] {
            assert!(parse(&odd, &bank).is_none(), "{odd:?}");
        }
    }

    #[test]
    fn plain_variations_are_read_like_the_readers_read_them() {
        let bank = QuestionBank::builtin();
        let id = &bank.questions()[0].id;
        let force = bank.questions()[0].force.key();
        for plain in [
            "# c\n[assessment]\r\nname = '  A  '\t# c\nindustry = \"x\"\ndate = \"2026-01-01\"\n".to_owned(),
            format!("[ assessment ]\nname = \"A\"\n[{force}]\n{id} = {{note = 'n ', score = 3}}\n"),
            format!(
                "[assessment]\nname = \"A\"\n[context]\nselling = [ \"online\", 'stores', ]\n[{force}]\n{id} = 5 # x\n"
            ),
            format!("[assessment]\nname = \"A\"\n[{force}]\n{id} = {{ score = 2, note = \"\" }}\n[context]\n"),
        ] {
            let scanned = parse(&plain, &bank).unwrap_or_else(|| panic!("plain: {plain:?}"));
            assert_eq!(Ok(scanned), crate::Questionnaire::parse_general("x", &plain, &bank), "{plain:?}");
        }
    }
}
