//! The questionnaire file an interview writes: the `init` template (every statement and its help
//! as comments) with the answers filled in, or the person's own file with its comments and
//! layout kept, edited in place with `toml_edit`.
//!
//! An answer goes where its commented-out line (`# id =`) was, right under its statement, so
//! the file reads like the template with the blanks filled in; removing an answer puts the
//! commented-out line back. An answer with a note is written as an inline table,
//! `id = { score = 4, note = "…" }`.

use std::fmt::{self, Write as _};

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use crate::context::{CONTEXT, ContextKey};
use crate::data::bank::QuestionBank;
use crate::questionnaire::model::{ASSESSMENT, Answer, Questionnaire};
use crate::questionnaire::model::{Detail, parse_date};
use crate::questionnaire::template;
use crate::source::diagnostic::InvalidFile;
use crate::source::files::MAX_FILE_BYTES;

/// A questionnaire file being filled in.
#[derive(Debug, Clone)]
pub struct Document {
    doc: DocumentMut,
}

/// Why a questionnaire could not be turned into text that reads back as the same questionnaire.
/// Either is a bug in fiveforces; the caller must not write the text.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The text is not a valid questionnaire.
    #[error("the file fiveforces would write is not a valid questionnaire:\n{0}")]
    Invalid(Box<InvalidFile>),
    /// The text is valid but holds other answers or details.
    #[error("the file fiveforces would write does not hold exactly the answers given")]
    Mismatch,
    /// The text is larger than the readers accept: written, it could not be read back.
    #[error(
        "the file would be {size} bytes, more than the {max} bytes a questionnaire may have, so it would not be readable; shorten the longest notes",
        max = MAX_FILE_BYTES
    )]
    TooLarge {
        /// What it would weigh.
        size: usize,
    },
}

impl SaveError {
    /// Whether this is a bug in fiveforces (the text does not read back), rather than too much
    /// text for one file.
    pub fn is_bug(&self) -> bool {
        !matches!(self, SaveError::TooLarge { .. })
    }
}

/// Refuses a questionnaire text larger than the readers accept: the tool never writes a file
/// that it would then refuse to read.
pub fn check_size(text: &str) -> Result<(), SaveError> {
    if text.len() as u64 > MAX_FILE_BYTES { Err(SaveError::TooLarge { size: text.len() }) } else { Ok(()) }
}

/// What a key should hold.
enum Desired<'a> {
    Text(&'a str),
    List(Vec<&'a str>),
    Date(&'a str),
    Answer(&'a Answer),
}

impl Document {
    /// The `fiveforces init` template for `bank`, without answers: the comments are exactly
    /// those `init` writes.
    pub fn template(bank: &QuestionBank, name: &str) -> Self {
        let text = template::questionnaire(bank, name);
        // The template is generated, not user input; it always parses (a unit test checks).
        let doc = text.parse::<DocumentMut>().unwrap_or_default();
        Document { doc }
    }

    /// An existing questionnaire file (already validated), keeping its comments and layout.
    pub fn parse(text: &str) -> Result<Self, toml_edit::TomlError> {
        text.parse::<DocumentMut>().map(|doc| Document { doc })
    }

    /// Brings the file in line with `questionnaire`, validated against `bank`: sets, changes
    /// and removes details and answers. What is already equal is left exactly as written.
    pub fn sync(&mut self, bank: &QuestionBank, questionnaire: &Questionnaire) {
        let details = &questionnaire.assessment;
        for detail in Detail::ALL {
            let desired = match (detail, detail.get(details)) {
                (Detail::Name, None) => continue, // required: never removed
                (Detail::Date, Some(date)) => Some(Desired::Date(date)),
                (_, text) => text.map(Desired::Text),
            };
            self.set(ASSESSMENT, detail.key(), desired.as_ref());
        }
        for key in ContextKey::ALL {
            let names = questionnaire.context.map(|c| c.names(key)).unwrap_or_default();
            let desired = match names.as_slice() {
                [] => None,
                [one] if !key.is_list() => Some(Desired::Text(one)),
                _ => Some(Desired::List(names)),
            };
            self.set(CONTEXT, key.key(), desired.as_ref());
        }
        let mut answers = questionnaire.answers.iter().peekable();
        for (index, question) in bank.questions().iter().enumerate() {
            while answers.next_if(|a| a.question < index).is_some() {}
            let answer = answers.next_if(|a| a.question == index);
            self.set(question.force.key(), &question.id, answer.map(Desired::Answer).as_ref());
        }
    }

    /// [`Document::sync`], then the text, checked: it must read back as exactly `questionnaire`
    /// (`origin` names the file in the error).
    pub fn render(
        &mut self,
        origin: &str,
        bank: &QuestionBank,
        questionnaire: &Questionnaire,
    ) -> Result<String, SaveError> {
        self.sync(bank, questionnaire);
        let text = self.doc.to_string();
        check_size(&text)?;
        let read = Questionnaire::parse(origin, &text, bank).map_err(|e| SaveError::Invalid(Box::new(e)))?;
        if &read == questionnaire { Ok(text) } else { Err(SaveError::Mismatch) }
    }

    fn set(&mut self, table_key: &str, key: &str, desired: Option<&Desired<'_>>) {
        if self.doc.get(table_key).is_none() {
            if desired.is_none() {
                return;
            }
            let position = self.doc.iter().filter_map(|(_, item)| item.as_table()?.position()).max().unwrap_or(0);
            let mut table = Table::new();
            table.set_position(Some(position + 1));
            // The new table comes last: what trailed the document now comes before its header.
            let trailing = self.doc.trailing().as_str().unwrap_or_default().to_owned();
            self.doc.set_trailing("");
            table.decor_mut().set_prefix(format!("{trailing}\n"));
            self.doc.insert(table_key, Item::Table(table));
        }
        let after = self.after_region(table_key);
        let Some(item) = self.doc.get_mut(table_key) else { return };
        let trailing = match item {
            Item::Table(table) => edit_table(table, key, desired, &after),
            other => {
                // An inline table (`suppliers = { … }`): no comments to keep, edit it as a map.
                if let Some(map) = other.as_table_like_mut() {
                    match desired {
                        Some(d) if !map.get(key).is_some_and(|old| same(old, d)) => {
                            map.insert(key, Item::Value(to_value(d)));
                        }
                        Some(_) => {}
                        None => {
                            map.remove(key);
                        }
                    }
                }
                None
            }
        };
        if let Some(text) = trailing {
            self.set_after_region(table_key, text);
        }
    }

    /// The comments between the last key of `table_key` and whatever follows it: the prefix of
    /// the next table's header, or the end of the document.
    fn after_region(&self, table_key: &str) -> String {
        match self.next_table(table_key) {
            Some(next) => self
                .doc
                .get(&next)
                .and_then(Item::as_table)
                .and_then(|t| t.decor().prefix())
                .and_then(|p| p.as_str())
                .unwrap_or_default()
                .to_owned(),
            None => self.doc.trailing().as_str().unwrap_or_default().to_owned(),
        }
    }

    fn set_after_region(&mut self, table_key: &str, text: String) {
        match self.next_table(table_key) {
            Some(next) => {
                if let Some(table) = self.doc.get_mut(&next).and_then(Item::as_table_mut) {
                    table.decor_mut().set_prefix(text);
                }
            }
            None => self.doc.set_trailing(text),
        }
    }

    /// The top-level table whose header follows `table_key`'s in the document.
    fn next_table(&self, table_key: &str) -> Option<String> {
        let position = self.doc.get(table_key)?.as_table()?.position()?;
        self.doc
            .iter()
            .filter_map(|(key, item)| Some((item.as_table()?.position()?, key)))
            .filter(|&(p, _)| p > position)
            .min()
            .map(|(_, key)| key.to_owned())
    }
}

impl fmt::Display for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.doc.fmt(f)
    }
}

/// Sets or removes `key` in `table`. `after` is the comment text that follows the table's last
/// key; returns its new value when it changed.
fn edit_table(table: &mut Table, key: &str, desired: Option<&Desired<'_>>, after: &str) -> Option<String> {
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    match (desired, table.get_mut(key)) {
        (Some(d), Some(Item::Value(old))) => {
            if !same(&Item::Value(old.clone()), d) {
                let decor = old.decor().clone();
                let mut value = to_value(d);
                *value.decor_mut() = decor;
                *old = value;
            }
            None
        }
        (Some(d), Some(old)) => {
            // A sub-table (`[buyers.concentration]`): replaced by a plain key.
            if !same(old, d) {
                table.remove(key);
                insert(table, key, d, "", "");
            }
            None
        }
        (Some(d), None) => {
            // Look for the commented-out line in the comments before each key, then after the last.
            for (i, next) in keys.iter().enumerate() {
                let prefix = key_prefix(table, next);
                if let Some((before, suffix, rest)) = split_at_placeholder(&prefix, key) {
                    set_key_prefix(table, next, rest);
                    insert(table, key, d, &before, &suffix);
                    let rank = |k: &str| {
                        if k == key { i * 2 } else { keys.iter().position(|x| x == k).map_or(0, |p| p * 2 + 1) }
                    };
                    table.sort_values_by(|k1, _, k2, _| rank(k1.get()).cmp(&rank(k2.get())));
                    return None;
                }
            }
            if let Some((before, suffix, rest)) = split_at_placeholder(after, key) {
                insert(table, key, d, &before, &suffix);
                Some(rest)
            } else {
                insert(table, key, d, "", "");
                None
            }
        }
        (None, Some(_)) => {
            let position = keys.iter().position(|k| k == key).unwrap_or(keys.len());
            let (removed_key, removed) = table.remove_entry(key)?;
            let prefix = removed_key.leaf_decor().prefix().and_then(|p| p.as_str()).unwrap_or_default();
            let comment = removed.as_value().and_then(|v| v.decor().suffix()).and_then(|s| s.as_str()).unwrap_or("");
            let restored = format!("{prefix}# {key} ={comment}\n");
            match keys.get(position + 1) {
                Some(next) => {
                    let rest = key_prefix(table, next);
                    set_key_prefix(table, next, format!("{restored}{rest}"));
                    None
                }
                None => Some(format!("{restored}{after}")),
            }
        }
        (None, None) => None,
    }
}

fn key_prefix(table: &Table, key: &str) -> String {
    table.key(key).and_then(|k| k.leaf_decor().prefix()).and_then(|p| p.as_str()).unwrap_or_default().to_owned()
}

fn set_key_prefix(table: &mut Table, key: &str, prefix: String) {
    if let Some(mut k) = table.key_mut(key) {
        k.leaf_decor_mut().set_prefix(prefix);
    }
}

fn insert(table: &mut Table, key: &str, desired: &Desired<'_>, prefix: &str, suffix: &str) {
    table.insert(key, Item::Value(to_value(desired).decorated(" ", suffix)));
    set_key_prefix(table, key, prefix.to_owned());
}

/// Finds the last commented-out line for `key` (`# key =`, `# key = ""  # hint`) in `text`.
/// Returns the text before that line, the line's trailing comment (to keep after the value) and
/// the text after the line.
fn split_at_placeholder(text: &str, key: &str) -> Option<(String, String, String)> {
    let mut found = None;
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(comment) = placeholder_comment(line.trim_end_matches(['\n', '\r']), key) {
            found = Some((start, start + line.len(), comment));
        }
        start += line.len();
    }
    let (begin, end, comment) = found?;
    Some((text.get(..begin)?.to_owned(), comment, text.get(end..)?.to_owned()))
}

/// If `line` is `# key = [value] [# comment]`, the comment with the spaces before it.
fn placeholder_comment(line: &str, key: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix('#')?.trim_start().strip_prefix(key)?;
    let value = rest.trim_start().strip_prefix('=')?;
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in value.char_indices() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => {
                let code = value.get(..i)?.trim_end();
                return value.get(code.len()..).map(str::to_owned);
            }
            _ => {}
        }
        escaped = false;
    }
    Some(String::new())
}

/// Whether `item` already holds what `desired` asks for (so it is left as written).
fn same(item: &Item, desired: &Desired<'_>) -> bool {
    match desired {
        Desired::Text(text) => item.as_str().is_some_and(|s| s.trim() == *text),
        Desired::List(names) => item
            .as_array()
            .is_some_and(|a| a.len() == names.len() && a.iter().zip(names).all(|(v, n)| v.as_str() == Some(*n))),
        Desired::Date(date) => match item.as_value() {
            Some(Value::Datetime(d)) => parse_date(&d.value().to_string()).as_deref() == Some(*date),
            Some(Value::String(s)) => parse_date(s.value()).as_deref() == Some(*date),
            _ => false,
        },
        Desired::Answer(answer) => {
            let wanted_score = i64::from(answer.score.get());
            let wanted_note = answer.note.as_deref();
            if let Some(score) = item.as_integer() {
                return score == wanted_score && wanted_note.is_none();
            }
            let Some(map) = item.as_table_like() else { return false };
            let note = map.get("note").and_then(Item::as_str).map(str::trim).filter(|n| !n.is_empty());
            map.get("score").and_then(Item::as_integer) == Some(wanted_score) && note == wanted_note
        }
    }
}

fn to_value(desired: &Desired<'_>) -> Value {
    match desired {
        Desired::Text(text) => string(text),
        Desired::List(names) => Value::Array(names.iter().map(|n| string(n)).collect()),
        Desired::Date(date) => date.parse::<toml_edit::Datetime>().map_or_else(|_| string(date), Value::from),
        Desired::Answer(answer) => {
            let score = Value::from(i64::from(answer.score.get()));
            match &answer.note {
                None => score,
                Some(note) => {
                    let mut table = InlineTable::new();
                    table.insert("score", score);
                    table.insert("note", string(note));
                    table.fmt();
                    Value::InlineTable(table)
                }
            }
        }
    }
}

/// A string value written as a one-line basic string (`"…"` with escapes), whatever it holds.
fn string(text: &str) -> Value {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(quoted, "\\u{:04X}", u32::from(c));
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted.parse::<Value>().map_or_else(|_| Value::from(text), |v| v.decorated("", ""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::force::Force;
    use crate::questionnaire::{Assessment, Likert};

    fn answer(question: usize, score: i64, note: Option<&str>) -> Answer {
        Answer { question, score: Likert::new(score).expect("1-5"), note: note.map(str::to_owned) }
    }

    fn questionnaire(answers: Vec<Answer>) -> Questionnaire {
        Questionnaire {
            assessment: Assessment {
                name: "Acme \"Cloud\"".into(),
                industry: Some("SaaS".into()),
                scope: Some("EU".into()),
                assessor: None,
                date: Some("2026-11-22".into()),
            },
            context: None,
            answers,
            legacy: Vec::new(),
        }
    }

    #[test]
    fn the_template_with_answers_reads_back_as_the_same_answers_notes_included() {
        let bank = QuestionBank::builtin();
        let notes = [
            "say \"hi\" and 'bye'",
            "line one\nline two\r\n\ttabbed",
            "ünïcödé — 日本語 🚀",
            "back\\slash # not a comment",
            "control \u{7} bell and \u{1b}[31m escape",
            "\"\"\" triple ''' quotes",
        ];
        let last = bank.questions().len() - 1;
        let mut answers: Vec<Answer> = notes
            .iter()
            .enumerate()
            .map(|(i, n)| answer(i * 7, i64::try_from(i % 5 + 1).expect("small"), Some(n)))
            .collect();
        answers.push(answer(last, 5, None));
        let q = questionnaire(answers);
        let mut doc = Document::template(&bank, "placeholder");
        let text = doc.render("t.toml", &bank, &q).expect("reads back");
        assert_eq!(Questionnaire::parse("t.toml", &text, &bank).expect("valid"), q);
        assert!(text.contains("name = \"Acme \\\"Cloud\\\"\"  # required"), "{text}");
        assert!(text.contains("scope = \"EU\"      # product and geographic scope"), "{text}");
        assert!(!text.contains("# scope ="), "{text}");
        assert!(text.contains("date = 2026-11-22\n"), "{text}");
        assert!(text.contains("# assessor = \"\"\n"), "{text}");
    }

    #[test]
    fn an_answer_replaces_its_commented_line_right_under_its_statement() {
        let bank = QuestionBank::builtin();
        let first = &bank.questions()[0];
        let third = &bank.questions()[2];
        let q = questionnaire(vec![answer(2, 4, None), answer(0, 1, Some("two vendors"))]);
        let mut q_sorted = q.clone();
        q_sorted.answers.sort_by_key(|a| a.question);
        let mut doc = Document::template(&bank, "x");
        let text = doc.render("t.toml", &bank, &q_sorted).expect("ok");
        // The statement's first words (the template wraps it at 100 columns).
        let statement = first.statement.split_whitespace().take(4).collect::<Vec<_>>().join(" ");
        let at_statement = text.find(&statement).expect("statement kept");
        let at_answer =
            text.find(&format!("\n{} = {{ score = 1, note = \"two vendors\" }}\n", first.id)).expect("answer");
        let at_third = text.find(&format!("\n{} = 4\n", third.id)).expect("third");
        assert!(at_statement < at_answer && at_answer < at_third, "{text}");
        let suppliers = &text[text.find("[suppliers]").expect("table")..text.find("[buyers]").expect("table")];
        assert!(!suppliers.contains(&format!("# {} =\n", first.id)), "{suppliers}");
        assert!(suppliers.contains(&format!("# {} =\n", bank.questions()[1].id)), "{suppliers}");
    }

    #[test]
    fn removing_every_answer_gives_back_the_template() {
        let bank = QuestionBank::builtin();
        let template = template::questionnaire(&bank, "Acme");
        let mut doc = Document::template(&bank, "Acme");
        let all: Vec<Answer> = (0..bank.questions().len()).map(|i| answer(i, 3, (i % 2 == 0).then_some("n"))).collect();
        let mut q = Questionnaire {
            assessment: Assessment { name: "Acme".into(), ..Assessment::default() },
            context: None,
            answers: all,
            legacy: Vec::new(),
        };
        doc.render("t.toml", &bank, &q).expect("all answered");
        q.answers.clear();
        assert_eq!(doc.render("t.toml", &bank, &q).expect("none answered"), template);
    }

    #[test]
    fn a_resumed_file_keeps_the_person_s_comments_and_layout() {
        let bank = QuestionBank::builtin();
        let buyers: Vec<&str> = bank.for_force(Force::Buyers).map(|q| q.id.as_str()).collect();
        let text = format!(
            "# Our Q3 assessment\n[assessment]\nname = \"Acme\" # the unit\ndate = 2026-01-02\n\n[buyers]\n# asked Jo\n{} = {{ score = 2, note = \"  spaced  \" }}  # keep me\n{} = 5\n",
            buyers[0], buyers[1]
        );
        let mut q = Questionnaire::parse("a.toml", &text, &bank).expect("valid");
        let mut doc = Document::parse(&text).expect("toml");
        assert_eq!(doc.render("a.toml", &bank, &q).expect("unchanged"), text, "nothing changed, nothing rewritten");
        let (b1, _) = bank.find(Force::Buyers, buyers[1]).expect("exists");
        let (r0, _) = bank
            .find(Force::Rivalry, bank.for_force(Force::Rivalry).next().map(|q| q.id.as_str()).unwrap_or_default())
            .expect("exists");
        q.answers.retain(|a| a.question != b1);
        q.answers.push(answer(r0, 4, Some("new")));
        q.answers.sort_by_key(|a| a.question);
        let out = doc.render("a.toml", &bank, &q).expect("valid");
        assert!(out.starts_with("# Our Q3 assessment\n[assessment]\nname = \"Acme\" # the unit\n"), "{out}");
        assert!(out.contains("# asked Jo\n"), "{out}");
        assert!(out.contains("note = \"  spaced  \" }  # keep me"), "{out}");
        assert!(out.contains(&format!("# {} =\n", buyers[1])), "{out}");
        assert!(out.contains("[rivalry]\n"), "{out}");
        assert_eq!(Questionnaire::parse("a.toml", &out, &bank).expect("valid"), q);
    }

    #[test]
    fn inline_and_sub_table_answers_are_edited_in_place() {
        let bank = QuestionBank::builtin();
        let s: Vec<&str> = bank.for_force(Force::Suppliers).map(|q| q.id.as_str()).collect();
        let b: Vec<&str> = bank.for_force(Force::Buyers).map(|q| q.id.as_str()).collect();
        let text =
            format!("suppliers = {{ {} = 1 }}\n[assessment]\nname = \"A\"\n[buyers.{}]\nscore = 2\n", s[0], b[0]);
        let mut q = Questionnaire::parse("a.toml", &text, &bank).expect("valid");
        let (b1, _) = bank.find(Force::Buyers, b[1]).expect("exists");
        q.answers[0].score = Likert::new(5).expect("5");
        q.answers[1].note = Some("sub-table".into());
        q.answers.push(answer(1, 2, None));
        q.answers.push(answer(b1, 4, None));
        q.answers.sort_by_key(|a| a.question);
        let mut doc = Document::parse(&text).expect("toml");
        let out = doc.render("a.toml", &bank, &q).expect("valid");
        assert_eq!(Questionnaire::parse("a.toml", &out, &bank).expect("valid"), q, "{out}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever is answered, in whatever order answers change, the file reads back as
        /// exactly the answers given, notes and name included.
        #[test]
        fn any_answers_read_back_exactly(
            name in "(?s).{1,40}",
            rounds in proptest::collection::vec(
                proptest::collection::btree_map(0_usize..44, (1_i64..=5, proptest::option::of("(?s).{0,30}")), 0..44),
                1..4,
            ),
        ) {
            let bank = QuestionBank::builtin();
            let name = name.trim().to_owned();
            proptest::prop_assume!(!name.is_empty());
            let mut doc = Document::template(&bank, "placeholder");
            for answers in rounds {
                let answers: Vec<Answer> = answers
                    .into_iter()
                    .filter(|(question, _)| *question < bank.questions().len())
                    .map(|(question, (score, note))| {
                        let note = note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty());
                        Answer { question, score: Likert::new(score).expect("1-5"), note }
                    })
                    .collect();
                let q = Questionnaire {
                    assessment: Assessment { name: name.clone(), ..Assessment::default() },
                    context: None,
                    answers,
                    legacy: Vec::new(),
                };
                let text = doc.render("p.toml", &bank, &q);
                proptest::prop_assert!(text.is_ok(), "{:?}", text.err());
            }
        }
    }

    #[test]
    fn placeholders_are_recognised_with_values_and_comments() {
        assert_eq!(placeholder_comment("# concentration =", "concentration"), Some(String::new()));
        assert_eq!(placeholder_comment("#concentration= 3", "concentration"), Some(String::new()));
        assert_eq!(placeholder_comment("# scope = \"a # b\"   # hint", "scope"), Some("   # hint".into()));
        assert_eq!(placeholder_comment("# concentration_x =", "concentration"), None);
        assert_eq!(placeholder_comment("# Our concentration = high", "concentration"), None);
        assert_eq!(placeholder_comment("name = 1", "name"), None);
    }
}
