//! A fast path for well-formed questionnaires, so that batch scoring costs little more than
//! lexing the TOML.
//!
//! The general path builds the whole span-preserving TOML tree and then validates it, which is
//! what lets it report every problem at its exact place. Most files in a large batch are plain,
//! valid questionnaires, so this path validates them straight from the parser's events without
//! building the tree. It accepts only the plain shape: `[assessment]` and force tables with
//! simple names, `id = 4` and `id = { score = 4, note = "…" }` answers, string details and a
//! date. At the first thing it does not expect (any TOML error, a dotted key, an array, a
//! duplicate, an unknown id, a value out of range…) it gives up and the caller runs the general
//! path, which then produces the diagnostics. So the fast path can only ever agree with the
//! general one: it applies the same rules (the tables, keys, date and note rules of
//! [`model`](crate::questionnaire::model)), a property test checks that they agree, and in
//! debug builds every file it accepts is read by the checked reader too.
//!
//! Arrays and inline tables make the TOML parser recurse, one stack frame per level: a small
//! file of 100,000 nested `[` or `{` would overflow any stack. So once it has given up, this
//! reader refuses to let the parser open anything (it skips to the closing bracket without
//! recursing), and a plain file never nests deeper than an answer's inline table. The general
//! path then reads the file under the toml crate's own recursion limit and reports the depth
//! as a problem at its place.

use std::borrow::Cow;

use toml_parser::decoder::{Encoding, ScalarKind};
use toml_parser::parser::{EventReceiver, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Source, Span};

use crate::context::{Context, ContextKey, Values};
use crate::data::bank::QuestionBank;
use crate::force::Force;
use crate::questionnaire::model::{
    Answer, Assessment, Detail, Likert, NOTE, Questionnaire, SCORE, Table, calendar_date, note,
};

/// The questionnaire, when `text` is a plain, valid one; `None` means "use the general path".
pub(crate) fn parse(text: &str, bank: &QuestionBank) -> Option<Questionnaire> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut fast = Fast::new(source, bank);
    let mut failed = Failed(false);
    {
        let mut receiver = ValidateWhitespace::new(&mut fast, source);
        toml_parser::parser::parse_document(&tokens, &mut receiver, &mut failed);
    }
    if failed.0 || fast.gave_up {
        return None;
    }
    fast.finish()
}

/// An error sink that only remembers that something went wrong.
struct Failed(bool);

impl ErrorSink for Failed {
    fn report_error(&mut self, _error: ParseError) {
        self.0 = true;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Root,
    Assessment,
    Context,
    Force(Force),
}

/// An answer written as an inline table, being read.
struct Inline {
    question: usize,
    key: Option<&'static str>,
    score: Option<Likert>,
    note: Option<String>,
}

struct Fast<'b, 'i> {
    source: Source<'i>,
    bank: &'b QuestionBank,
    gave_up: bool,
    section: Section,
    in_header: bool,
    header: Option<Cow<'i, str>>,
    key: Option<Cow<'i, str>>,
    expecting_value: bool,
    inline: Option<Inline>,
    tables_seen: [bool; Table::COUNT],
    details_seen: [bool; Detail::ALL.len()],
    answered: Vec<bool>,
    assessment: Assessment,
    context: Option<Context>,
    /// The list value of a context key being read (`selling = [`…).
    list: Option<(ContextKey, Values)>,
    answers: Vec<Answer>,
}

impl<'b, 'i> Fast<'b, 'i> {
    fn new(source: Source<'i>, bank: &'b QuestionBank) -> Self {
        let count = bank.questions().len();
        Fast {
            source,
            bank,
            gave_up: false,
            section: Section::Root,
            in_header: false,
            header: None,
            key: None,
            expecting_value: false,
            inline: None,
            tables_seen: [false; Table::COUNT],
            details_seen: [false; Detail::ALL.len()],
            answered: vec![false; count],
            assessment: Assessment::default(),
            context: None,
            list: None,
            answers: Vec::with_capacity(count),
        }
    }

    fn give_up(&mut self) {
        self.gave_up = true;
    }

    /// Marks a question answered; false when it already was (a duplicate key).
    fn first_answer(&mut self, question: usize) -> bool {
        match self.answered.get_mut(question) {
            Some(seen) if !*seen => {
                *seen = true;
                true
            }
            _ => false,
        }
    }

    fn finish(mut self) -> Option<Questionnaire> {
        let open = self.in_header
            || self.key.is_some()
            || self.expecting_value
            || self.inline.is_some()
            || self.list.is_some();
        // `[assessment]` set its name (an empty one made the path give up).
        if open || !self.seen_detail(Detail::Name) {
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

    /// Decodes a key or scalar; `None` (and giving up) on any decoding problem.
    fn decode(&mut self, span: Span, encoding: Option<Encoding>, key: bool) -> Option<(Cow<'i, str>, ScalarKind)> {
        let text = self.source.get(span)?.as_str();
        // The two commonest tokens need no decoding: a bare key is its own text (it can only
        // hold A–Z, a–z, 0–9, `_` and `-`), and a single digit is a decimal integer.
        if encoding.is_none() {
            let bytes = text.as_bytes();
            if key && !bytes.is_empty() && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-') {
                return Some((Cow::Borrowed(text), ScalarKind::String));
            }
            if !key && matches!(bytes, [digit] if digit.is_ascii_digit()) {
                return Some((Cow::Borrowed(text), ScalarKind::Integer(toml_parser::decoder::IntegerRadix::Dec)));
            }
        }
        let raw = toml_parser::Raw::new_unchecked(text, encoding, span);
        let mut decoded = Cow::Borrowed("");
        let mut failed = Failed(false);
        let kind = if key {
            raw.decode_key(&mut decoded, &mut failed);
            ScalarKind::String
        } else {
            raw.decode_scalar(&mut decoded, &mut failed)
        };
        if failed.0 {
            self.give_up();
            return None;
        }
        Some((decoded, kind))
    }

    fn open_table(&mut self, name: &str) {
        let Some(table) = Table::from_key(name) else { return self.give_up() };
        if table == Table::Context {
            self.context = Some(Context::default());
        }
        match self.tables_seen.get_mut(table.index()) {
            Some(seen) if !*seen => *seen = true,
            _ => return self.give_up(),
        }
        self.section = match table {
            Table::Assessment => Section::Assessment,
            Table::Context => Section::Context,
            Table::Force(force) => Section::Force(force),
        };
    }

    fn seen_detail(&self, detail: Detail) -> bool {
        self.details_seen.get(detail as usize).copied().unwrap_or(false)
    }

    fn value(&mut self, key: &str, decoded: &str, kind: ScalarKind) {
        match self.section {
            Section::Root => self.give_up(),
            Section::Assessment => self.detail(key, decoded, kind),
            Section::Context => {
                let index = ContextKey::from_key(key)
                    .filter(|k| !k.is_list() && kind == ScalarKind::String)
                    .and_then(|k| Some((k, k.value_index(decoded)?)));
                let Some((context_key, index)) = index else { return self.give_up() };
                let mut values = Values::EMPTY;
                values.insert(index);
                self.set_context(context_key, values);
            }
            Section::Force(force) => {
                let Some((question, _)) = self.bank.find(force, key) else { return self.give_up() };
                match likert(decoded, kind) {
                    Some(score) if self.first_answer(question) => {
                        self.answers.push(Answer { question, score, note: None });
                    }
                    _ => self.give_up(),
                }
            }
        }
    }

    /// Records a context key's values; gives up on a key given twice.
    fn set_context(&mut self, key: ContextKey, values: Values) {
        match &mut self.context {
            Some(context) if context.get(key).is_empty() => context.set(key, values),
            _ => self.give_up(),
        }
    }

    fn detail(&mut self, key: &str, decoded: &str, kind: ScalarKind) {
        let Some(detail) = Detail::from_key(key) else { return self.give_up() };
        match self.details_seen.get_mut(detail as usize) {
            Some(seen) if !*seen => *seen = true,
            _ => return self.give_up(),
        }
        if detail == Detail::Date {
            let date = match kind {
                ScalarKind::DateTime => decoded.parse::<toml::value::Datetime>().ok(),
                ScalarKind::String => decoded.trim().parse::<toml::value::Datetime>().ok(),
                _ => None,
            };
            match date.and_then(calendar_date) {
                Some(date) => self.assessment.date = Some(date),
                None => self.give_up(),
            }
            return;
        }
        if kind != ScalarKind::String {
            return self.give_up();
        }
        let text = decoded.trim().to_owned();
        if detail == Detail::Name && text.is_empty() {
            return self.give_up();
        }
        detail.set(&mut self.assessment, text);
    }
}

/// A scale answer from a decoded integer, in any radix, exactly as the general path reads it.
fn likert(decoded: &str, kind: ScalarKind) -> Option<Likert> {
    match kind {
        ScalarKind::Integer(radix) => i64::from_str_radix(decoded, radix.value()).ok().and_then(Likert::new),
        _ => None,
    }
}

impl EventReceiver for Fast<'_, '_> {
    fn std_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.key.is_some() || self.expecting_value || self.inline.is_some() {
            return self.give_up();
        }
        self.in_header = true;
        self.header = None;
    }

    fn std_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        match (self.in_header, self.header.take()) {
            (true, Some(name)) => {
                self.in_header = false;
                self.open_table(&name);
            }
            _ => self.give_up(),
        }
    }

    fn array_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up();
    }

    fn inline_table_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        if self.gave_up {
            return false; // Skipped flat, never parsed recursively: see the module's doc.
        }
        let Section::Force(force) = self.section else {
            self.give_up();
            return false;
        };
        let key = self.key.take();
        let found = key.as_deref().and_then(|k| self.bank.find(force, k)).map(|(i, _)| i);
        match found {
            Some(question) if self.expecting_value && self.inline.is_none() && self.first_answer(question) => {
                self.expecting_value = false;
                self.inline = Some(Inline { question, key: None, score: None, note: None });
            }
            _ => self.give_up(),
        }
        !self.gave_up
    }

    fn inline_table_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        match self.inline.take() {
            Some(Inline { question, key: None, score: Some(score), note: written }) => {
                let note = written.as_deref().and_then(note);
                self.answers.push(Answer { question, score, note });
            }
            _ => self.give_up(),
        }
    }

    fn array_open(&mut self, _span: Span, _error: &mut dyn ErrorSink) -> bool {
        let list_key = match (self.section, self.key.take()) {
            (Section::Context, Some(key)) if self.expecting_value && self.list.is_none() => {
                ContextKey::from_key(&key).filter(|k| k.is_list())
            }
            _ => None,
        };
        if let Some(key) = list_key {
            self.expecting_value = false;
            self.list = Some((key, Values::EMPTY));
            true
        } else {
            self.give_up();
            false
        }
    }

    fn array_close(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        match self.list.take() {
            Some((key, values)) if !values.is_empty() => self.set_context(key, values),
            _ => self.give_up(),
        }
    }

    fn simple_key(&mut self, span: Span, kind: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some((name, _)) = self.decode(span, kind, true) else { return };
        if self.in_header {
            if self.header.replace(name).is_some() {
                self.give_up();
            }
        } else if let Some(inline) = &mut self.inline {
            match (&*name, inline.key) {
                (SCORE, None) if inline.score.is_none() => inline.key = Some(SCORE),
                (NOTE, None) if inline.note.is_none() => inline.key = Some(NOTE),
                _ => self.give_up(),
            }
        } else if self.key.replace(name).is_some() {
            self.give_up();
        }
    }

    fn key_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up();
    }

    fn key_val_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        let has_key = match &self.inline {
            Some(inline) => inline.key.is_some(),
            None => self.key.is_some(),
        };
        if self.in_header || !has_key {
            return self.give_up();
        }
        if self.inline.is_none() {
            self.expecting_value = true;
        }
    }

    fn scalar(&mut self, span: Span, kind: Option<Encoding>, _error: &mut dyn ErrorSink) {
        let Some((decoded, kind)) = self.decode(span, kind, false) else { return };
        if let Some((key, values)) = &mut self.list {
            let fresh = match key.value_index(&decoded) {
                Some(index) if kind == ScalarKind::String => values.insert(index),
                _ => false,
            };
            if !fresh {
                self.give_up();
            }
            return;
        }
        if let Some(inline) = &mut self.inline {
            match inline.key.take() {
                Some(SCORE) => match likert(&decoded, kind) {
                    Some(score) => inline.score = Some(score),
                    None => self.give_up(),
                },
                Some(_) if kind == ScalarKind::String => inline.note = Some(decoded.into_owned()),
                _ => self.give_up(),
            }
            return;
        }
        match self.key.take() {
            Some(key) if self.expecting_value => {
                self.expecting_value = false;
                self.value(&key, &decoded, kind);
            }
            _ => self.give_up(),
        }
    }

    fn value_sep(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        if self.list.is_some() {
            return;
        }
        if self.inline.as_ref().is_none_or(|inline| inline.key.is_some()) {
            self.give_up();
        }
    }

    fn error(&mut self, _span: Span, _error: &mut dyn ErrorSink) {
        self.give_up();
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::data::bank::QuestionBank;

    const EXAMPLES: [&str; 5] = [
        include_str!("../../examples/saas-crm.toml"),
        include_str!("../../examples/online-retailer.toml"),
        include_str!("../../examples/telecom-operator.toml"),
        include_str!("../../examples/coffee-chain.toml"),
        include_str!("../../examples/industrial-equipment.toml"),
    ];

    #[test]
    fn plain_files_take_the_fast_path() {
        let bank = QuestionBank::builtin();
        for text in EXAMPLES {
            let fast = parse(text, &bank).expect("the examples are plain");
            let general = crate::Questionnaire::parse_general("x", text, &bank).expect("valid");
            assert_eq!(fast, general);
        }
        let template = crate::questionnaire::template::questionnaire(&bank, "Acme");
        assert!(parse(&template, &bank).is_some(), "the init template is plain");
    }

    #[test]
    fn anything_unusual_goes_to_the_general_path() {
        let bank = QuestionBank::builtin();
        let id = &bank.questions()[0].id;
        for odd in [
            String::new(),
            "[assessment]\nname = \"\"\n".to_owned(),
            "[assessment]\nname = \"A\"\nname = \"B\"\n".to_owned(),
            format!("[assessment]\nname = \"A\"\n[suppliers]\n{id} = 4\n{id} = 4\n"),
            format!("[assessment]\nname = \"A\"\n[suppliers]\n[suppliers]\n{id} = 4\n"),
            format!("[assessment]\nname = \"A\"\nsuppliers.{id} = 4\n"),
            format!("[assessment]\nname = \"A\"\n[suppliers]\n{id} = [4]\n"),
            format!("[assessment]\nname = \"A\"\n[suppliers]\n{id} = 4.0\n"),
            format!("[assessment]\nname = \"A\"\n[suppliers]\n{id} = {{ score = 4, extra = 1 }}\n"),
            "[assessment]\nname = \"A\"\n[supplier]\n".to_owned(),
            "[assessment]\nname = \"A\"\ndate = 2026-01-01T10:00:00\n".to_owned(),
            "[assessment\nname = \"A\"\n".to_owned(),
        ] {
            assert!(parse(&odd, &bank).is_none(), "{odd}");
        }
    }
}
