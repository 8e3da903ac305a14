//! The checked reader: a questionnaire file read and validated against a question bank, every
//! problem located.
//!
//! The file is parsed into a span-preserving TOML tree and then checked key by key, so that
//! every problem in the file is reported in one run with its exact place (the toml crate's own
//! deserialiser stops at the first error). What comes out, a [`Questionnaire`], cannot be
//! invalid: every answer refers to a question of the bank and every score is 1–5.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::context::{CONTEXT, Context, ContextKey, Values};
use crate::data::bank::QuestionBank;
use crate::force::Force;
use crate::questionnaire::model::{
    ANSWER_KEYS, ASSESSMENT, ASSESSMENT_KEYS, Answer, Assessment, Detail, Legacy, LegacyKind, Likert, NOTE,
    Questionnaire, SCORE, Table, calendar_date,
};
use crate::source::diagnostic::{Code, FileKind, InvalidFile, Location, Problem};
use crate::source::suggest::{closest, did_you_mean};
use crate::source::toml_tree::{Fields, Key, Parsed, Problems, Value, describe, integer, parse};

/// The general path: the whole span-preserving tree, every problem located. Public for the
/// tests that check the fast path agrees with it.
pub(crate) fn read(origin: &str, text: &str, bank: &QuestionBank) -> Result<Questionnaire, InvalidFile> {
    let Parsed { root, problems } = parse(text, KIND);
    let mut checker = Checker { bank, problems, text, legacy: Vec::new() };
    let questionnaire = if root.get_ref().is_empty() { None } else { checker.document(&root) };
    let mut problems = checker.problems.into_vec();
    match questionnaire {
        Some(q) if problems.is_empty() => Ok(q),
        _ => {
            if problems.is_empty() {
                // Not expected: every way to fail records a problem. Still, never an
                // error without a reason.
                problems.push(
                    Problem::whole_file(Code::UnreadableQuestionnaire, "the questionnaire could not be read")
                        .help(KIND.how_to_start),
                );
            }
            Err(InvalidFile::new(origin, text, problems))
        }
    }
}

const KIND: FileKind = FileKind {
    what: "questionnaire",
    how_to_start: "run `fiveforces init FILE` to write a template that lists every question",
};

struct Checker<'b, 't> {
    bank: &'b QuestionBank,
    problems: Problems<'t>,
    text: &'t str,
    legacy: Vec<Legacy>,
}

impl Checker<'_, '_> {
    fn document(&mut self, root: &Spanned<DeTable<'_>>) -> Option<Questionnaire> {
        let mut assessment = None;
        let mut context = None;
        let mut answers = Vec::with_capacity(self.bank.questions().len());
        if let Some(kind) = ["question", "action"].into_iter().find(|k| root.get_ref().contains_key(*k)) {
            self.data_file(kind);
            return None;
        }
        let tables = questionnaire_tables();
        let foreign = root.get_ref().keys().all(|k| closest(k.get_ref(), &tables).is_none());
        if foreign && !self.problems.recovered() {
            // Another kind of TOML file (Cargo.toml, a config file): one problem, not one per table.
            self.problems.push(
                Problem::at(Code::NotAQuestionnaire, 0..0, "this TOML file is not a questionnaire: it has no [assessment] and no force table")
                    .label("not a questionnaire")
                    .help(format!(
                        "check that this is the right file (a folder is searched for every *.toml in it); a questionnaire has [assessment] and tables named {}; {}",
                        tables.get(2..).unwrap_or_default().join(", "),
                        KIND.how_to_start
                    )),
            );
            return None;
        }
        for (key, value) in root.get_ref() {
            if self.problems.is_broken(&value.span()) {
                continue;
            }
            match Table::from_key(key.get_ref()) {
                Some(Table::Assessment) => {
                    if let Some(table) = self.problems.table(key, value) {
                        assessment = self.assessment(key, table);
                    }
                }
                Some(Table::Context) => {
                    if let Some(table) = self.problems.table(key, value) {
                        context = self.context(key, table);
                    }
                }
                Some(Table::Force(force)) => {
                    if let Some(table) = self.problems.table(key, value) {
                        self.answers(force, table, &mut answers);
                    }
                }
                None => self.unknown_top_level(key, value),
            }
        }
        if !root.get_ref().contains_key(ASSESSMENT) {
            self.problems.push_structural(
                Problem::at(Code::MissingAssessment, 0..0, "the questionnaire has no [assessment] table")
                    .label("expected `[assessment]` with a `name`")
                    .help("start the file with:\n[assessment]\nname = \"The business you assess\"\n(`fiveforces init FILE` writes a complete template)"),
            );
        }
        answers.sort_unstable_by_key(|a: &Answer| a.question);
        let mut legacy = std::mem::take(&mut self.legacy);
        legacy.sort_by_key(|l| l.key_span.start);
        assessment.map(|assessment| Questionnaire { assessment, context, answers, legacy })
    }

    /// A question bank or playbook given where a questionnaire was expected.
    fn data_file(&mut self, kind: &str) {
        let (what, flag) =
            if kind == "question" { ("question bank", "--questions") } else { ("playbook", "--playbook") };
        self.problems.push_structural(
            Problem::at(Code::DataFileGiven, 0..0, format!("this is a {what} (it has [[{kind}]] entries), not a questionnaire"))
                .label("not a questionnaire")
                .help(format!(
                    "give a {what} with `{flag} FILE`; a questionnaire has an [assessment] table and one table per force (`fiveforces init FILE` writes one)"
                )),
        );
    }

    fn unknown_top_level(&mut self, key: &Key<'_>, value: &Value<'_>) {
        let name = key.get_ref().as_ref();
        let tables = questionnaire_tables();
        if matches!(value.get_ref(), DeValue::Table(_)) {
            self.problems.push(
                Problem::at(Code::UnknownTable, key.span(), format!("unknown table `[{name}]`"))
                    .label("not a force, `assessment` or `context`")
                    .help(did_you_mean(
                        name,
                        &tables,
                        "the tables are `assessment`, `context` and the forces; valid names",
                    )),
            );
            return;
        }
        let help = match (tables_asking(self.bank, name, None), name) {
            (Some(tables), _) => format!("`{name}` is a question of {tables}; put it under that table header"),
            (None, "name" | "industry" | "scope" | "assessor" | "date") => {
                format!("`{name}` belongs under the [assessment] header; put that header above it")
            }
            (None, _) => "answers go under their force's table ([suppliers], [buyers], [rivalry], [substitutes], [new_entrants]) and the details under [assessment]".to_owned(),
        };
        // After a syntax error (an unclosed `[table` header) keys often land at the top by
        // mistake: only trust this when the syntax is sound.
        self.problems.push_structural(
            Problem::at(Code::OutsideTable, key.span(), format!("`{name}` is outside any table"))
                .label("not under a table header")
                .help(help),
        );
    }

    fn assessment(&mut self, table_key: &Key<'_>, table: &DeTable<'_>) -> Option<Assessment> {
        let bank = self.bank;
        let misplaced = |key: &str| {
            let tables = tables_asking(bank, key, None)?;
            Some(format!("`{key}` is a question of {tables}: put it under that table header, below [assessment]"))
        };
        let fields = Fields::explained(
            &mut self.problems,
            table,
            table_key.span(),
            "[assessment]",
            &ASSESSMENT_KEYS,
            &misplaced,
        );
        let mut assessment = Assessment::default();
        let text = |problems: &mut Problems<'_>, detail: Detail| {
            let (key, value) = fields.get(detail.key())?;
            problems.string(key, value).map(|text| text.trim().to_owned())
        };
        for detail in [Detail::Industry, Detail::Scope, Detail::Assessor] {
            if let Some(text) = text(&mut self.problems, detail) {
                detail.set(&mut assessment, text);
            }
        }
        if let Some((_, value)) = fields.get(Detail::Date.key()) {
            assessment.date = self.date(value);
        }
        let example = "name = \"The business you assess\"";
        let (_, name_value) = fields.required(&mut self.problems, Detail::Name.key(), example)?;
        let name = text(&mut self.problems, Detail::Name)?;
        if name.is_empty() {
            self.problems.push(
                Problem::at(Code::EmptyName, name_value.span(), "the assessment's `name` is empty")
                    .label("empty name")
                    .help("name the business, product line or unit you assess, e.g. name = \"Acme Cloud CRM\""),
            );
            return None;
        }
        assessment.name = name;
        Some(assessment)
    }

    /// `[context]`: each key's values from its closed list, with "did you mean" otherwise.
    fn context(&mut self, table_key: &Key<'_>, table: &DeTable<'_>) -> Option<Context> {
        let keys = ContextKey::ALL.map(ContextKey::key);
        let fields = Fields::new(&mut self.problems, table, table_key.span(), "[context]", &keys);
        let mut context = Context::default();
        let mut valid = true;
        for key in ContextKey::ALL {
            let Some((k, value)) = fields.get(key.key()) else { continue };
            match self.context_values(key, k, value) {
                Some(values) => context.set(key, values),
                None => valid = false,
            }
        }
        // An empty `[context]` (the template's, every key commented out) says nothing.
        valid.then_some(context).filter(|c| !c.is_empty())
    }

    fn context_values(&mut self, key: ContextKey, k: &Key<'_>, value: &Value<'_>) -> Option<Values> {
        let names: Vec<&str> = key.values().iter().map(|(v, _)| *v).collect();
        let listed = names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
        let mut values = Values::EMPTY;
        match (key.is_list(), value.get_ref()) {
            (true, DeValue::Array(items)) => {
                if items.is_empty() {
                    self.problems.push(
                        Problem::at(Code::ContextShape, value.span(), format!("`{key}` is an empty list"))
                            .label("no value")
                            .help(format!("list one or more of {listed}, or leave `{key}` out")),
                    );
                    return None;
                }
                let mut valid = true;
                for item in items {
                    match self.context_value(key, item, &names) {
                        Some(index) if values.insert(index) => {}
                        Some(_) => {
                            self.problems.push(
                                Problem::at(
                                    Code::ContextShape,
                                    item.span(),
                                    format!("a value of `{key}` is listed twice"),
                                )
                                .label("listed before")
                                .help("list each value once"),
                            );
                            valid = false;
                        }
                        None => valid = false,
                    }
                }
                valid.then_some(values)
            }
            (true, DeValue::String(one)) => {
                self.problems.push(
                    Problem::at(
                        Code::ContextShape,
                        value.span(),
                        format!("`{key}` is a list, written here as a single string"),
                    )
                    .label("expected a list")
                    .help(format!("write it in brackets: {key} = [\"{}\"] (one or more of {listed})", one.trim())),
                );
                None
            }
            (false, DeValue::Array(_)) => {
                self.problems.push(
                    Problem::at(Code::ContextShape, value.span(), format!("`{key}` takes one value, not a list"))
                        .label("expected one string")
                        .help(format!(
                            "write one of {listed}, e.g. {key} = \"{}\"",
                            names.first().copied().unwrap_or("")
                        )),
                );
                None
            }
            (false, _) => {
                let index = self.context_value(key, value, &names)?;
                values.insert(index);
                Some(values)
            }
            (true, _) => {
                let found = describe(value.get_ref());
                self.problems.push(
                    Problem::at(
                        Code::ContextShape,
                        value.span(),
                        format!("`{key}` must be a list of strings, found {found}"),
                    )
                    .label("expected a list")
                    .help(format!("write e.g. {key} = [{listed}] with the values that apply")),
                );
                let _ = k;
                None
            }
        }
    }

    /// One value of a context key, as its position among the key's values.
    fn context_value(&mut self, key: ContextKey, value: &Value<'_>, names: &[&str]) -> Option<u8> {
        let DeValue::String(text) = value.get_ref() else {
            let found = describe(value.get_ref());
            self.problems.push(
                Problem::at(
                    Code::ContextShape,
                    value.span(),
                    format!("a value of `{key}` must be a string, found {found}"),
                )
                .label("expected a string")
                .help(format!("the values of `{key}` are {}", names.join(", "))),
            );
            return None;
        };
        if let Some(index) = key.value_index(text) {
            return Some(index);
        }
        self.problems.push(
            Problem::at(Code::UnknownContextValue, value.span(), format!("`{text}` is not a value of `{key}`"))
                .label(format!("not one of the values of `{key}`"))
                .help(did_you_mean(text, names, &format!("the values of `{key}`"))),
        );
        None
    }

    fn date(&mut self, value: &Value<'_>) -> Option<String> {
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) => Some(*dt),
            DeValue::String(text) => text.trim().parse::<toml::value::Datetime>().ok(),
            _ => None,
        };
        let date = parsed.and_then(calendar_date);
        if date.is_none() {
            let found = describe(value.get_ref());
            self.problems.push(
                Problem::at(Code::InvalidDate, value.span(), format!("`date` must be a calendar date, found {found}"))
                    .label("expected YYYY-MM-DD")
                    .help("write the date as YYYY-MM-DD, e.g. date = 2026-11-22"),
            );
        }
        date
    }

    fn answers(&mut self, force: Force, table: &DeTable<'_>, answers: &mut Vec<Answer>) {
        // Where each question of this table was answered: a renamed id and its new id both
        // answering one question is a conflict.
        let mut written: Vec<(usize, Range<usize>, String)> = Vec::new();
        for (key, value) in table {
            if self.problems.is_broken(&value.span()) {
                continue;
            }
            let id = key.get_ref().as_ref();
            let at = Location::of(self.text, key.span().start);
            let (key_span, entry_span) = (key.span(), key.span().start..value.span().end.max(key.span().end));
            let question = if let Some((question, _)) = self.bank.find(force, id) {
                question
            } else if let Some((question, new)) = self.bank.renamed(force, id) {
                let kind = LegacyKind::Renamed(new.id.clone());
                self.legacy.push(Legacy { force, id: id.to_owned(), at, key_span, entry_span, kind });
                question
            } else if let Some(reason) = self.bank.retired(force, id) {
                // Still checked, so that `migrate` keeps a valid answer; never scored.
                let kind = LegacyKind::Retired(reason.to_owned());
                self.legacy.push(Legacy { force, id: id.to_owned(), at, key_span, entry_span, kind });
                let _ = self.answer(key, value);
                continue;
            } else {
                self.unknown_question(force, key);
                continue;
            };
            if let Some((_, _, first)) = written.iter().find(|(q, _, _)| *q == question) {
                let current = self.bank.get(question).map_or("", |q| q.id.as_str());
                let (first, second) =
                    if first.as_str() == current { (id, first.as_str()) } else { (first.as_str(), id) };
                let _ = second;
                self.problems.push(
                    Problem::at(
                        Code::AnsweredTwice,
                        key.span(),
                        format!("`{first}` and `{current}` both answer [{force}] `{current}`"),
                    )
                    .label("answered twice")
                    .help(format!(
                        "`{first}` is the id of `{current}` in an earlier question bank; keep one of the two answers"
                    )),
                );
                continue;
            }
            written.push((question, key.span(), id.to_owned()));
            if let Some((score, note)) = self.answer(key, value) {
                answers.push(Answer { question, score, note });
            }
        }
    }

    fn unknown_question(&mut self, force: Force, key: &Key<'_>) {
        let id = key.get_ref().as_ref();
        let help = if let Some(tables) = tables_asking(self.bank, id, Some(force)) {
            format!("`{id}` is a question of {tables}; move it under that table")
        } else {
            let ids: Vec<&str> = self.bank.for_force(force).map(|q| q.id.as_str()).collect();
            if let Some(near) = closest(id, &ids) {
                format!("did you mean `{near}`?")
            } else {
                format!(
                    "the questions of [{force}] are: {} (`fiveforces questions` lists them with their statements)",
                    ids.join(", ")
                )
            }
        };
        self.problems.push(
            Problem::at(Code::UnknownQuestion, key.span(), format!("unknown question `{id}` in [{force}]"))
                .label("not in the question bank")
                .help(help),
        );
    }

    fn answer(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<(Likert, Option<String>)> {
        let DeValue::Table(table) = value.get_ref() else {
            return self.likert(key, value).map(|score| (score, None));
        };
        let place = format!("the answer to `{}`", key.get_ref());
        let fields = Fields::new(&mut self.problems, table, value.span(), place, &ANSWER_KEYS);
        let note = fields.get(NOTE).and_then(|(k, v)| self.problems.string(k, v)).and_then(crate::questionnaire::note);
        let example = format!("{} = {{ score = 4, note = \"…\" }}", key.get_ref());
        let (_, score) = fields.required(&mut self.problems, SCORE, &example)?;
        let score = self.likert(key, score)?;
        Some((score, note))
    }
    fn likert(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<Likert> {
        let span: Range<usize> = value.span();
        let id = key.get_ref();
        let found = describe(value.get_ref());
        let range = "a whole number from 1 (strongly disagree) to 5 (strongly agree)";
        let (code, message, help) = match value.get_ref() {
            DeValue::Integer(_) => {
                if let Some(score) = integer(value.get_ref()).and_then(Likert::new) {
                    return Some(score);
                }
                let shown = value.get_ref().as_integer().map_or_else(String::new, ToString::to_string);
                (
                    Code::AnswerOutOfScale,
                    format!("the answer to `{id}` is {shown}, outside the scale"),
                    format!("answers are {range}; leave the question out if you do not know"),
                )
            }
            DeValue::String(text) if text.trim().parse::<i64>().ok().and_then(Likert::new).is_some() => (
                Code::AnswerNotANumber,
                format!("the answer to `{id}` is a string, not a number"),
                format!("remove the quotes: {id} = {}", text.trim()),
            ),
            DeValue::String(text) if Likert::from_words(text).is_some() => {
                let score = Likert::from_words(text).map_or(0, Likert::get);
                (
                    Code::AnswerNotANumber,
                    format!("the answer to `{id}` is written in words"),
                    format!("write the number instead: {id} = {score} ({})", text.trim().to_lowercase()),
                )
            }
            DeValue::Float(_) => (
                Code::AnswerNotANumber,
                format!("the answer to `{id}` is a decimal number"),
                format!("answers are {range}; pick the nearer whole number"),
            ),
            _ => (
                Code::AnswerNotANumber,
                format!("the answer to `{id}` must be {range}, found {found}"),
                format!("write e.g. {id} = 4 or {id} = {{ score = 4, note = \"evidence\" }}"),
            ),
        };
        self.problems.push(Problem::at(code, span, message).label(format!("expected 1–5, found {found}")).help(help));
        None
    }
}

/// The tables a questionnaire may have: `assessment`, then the forces.
fn questionnaire_tables() -> [&'static str; 7] {
    let [suppliers, buyers, rivalry, substitutes, new_entrants] = Force::ALL.map(Force::key);
    [ASSESSMENT, CONTEXT, suppliers, buyers, rivalry, substitutes, new_entrants]
}

/// The tables of the forces (other than `except`) that have a question `id`: "[buyers]", or
/// "[suppliers] or [buyers]" when several do.
fn tables_asking(bank: &QuestionBank, id: &str, except: Option<Force>) -> Option<String> {
    let tables: Vec<String> = Force::ALL
        .into_iter()
        .filter(|&f| Some(f) != except && bank.find(f, id).is_some())
        .map(|f| format!("[{f}]"))
        .collect();
    (!tables.is_empty()).then(|| tables.join(" or "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Questionnaire, InvalidFile> {
        Questionnaire::parse("q.toml", text, &QuestionBank::builtin())
    }

    fn first_id(force: Force) -> String {
        QuestionBank::builtin().for_force(force).next().map(|q| q.id.clone()).expect("questions")
    }

    #[test]
    fn reads_scores_notes_and_details() {
        let id = first_id(Force::Buyers);
        let text = format!(
            "[assessment]\nname = \" Acme \"\ndate = 2026-11-01\n\n[buyers]\n{id} = {{ score = 4, note = \"Top 3 clients are 60% of revenue\" }}\n"
        );
        let q = parse(&text).expect("valid");
        assert_eq!(q.assessment.name, "Acme");
        assert_eq!(q.assessment.date.as_deref(), Some("2026-11-01"));
        assert_eq!(q.answers.len(), 1);
        assert_eq!(q.answers[0].score.get(), 4);
        assert_eq!(q.answers[0].note.as_deref(), Some("Top 3 clients are 60% of revenue"));
    }

    #[test]
    fn reports_every_problem_with_its_place_and_a_suggestion() {
        let id = first_id(Force::Suppliers);
        let typo = &id[..id.len() - 1];
        let text = format!(
            "[assessment]\nname = \"\"\ndate = \"yesterday\"\n\n[supplier]\nx = 1\n\n[suppliers]\n{typo} = 3\n{id} = 6\n"
        );
        let err = parse(&text).expect_err("invalid");
        let shown = err.to_string();
        assert_eq!(err.problems.len(), 5, "{shown}");
        assert!(shown.contains("q.toml:2:8: error[FF106]: the assessment's `name` is empty"), "{shown}");
        assert!(shown.contains("q.toml:3:8: error[FF107]: `date` must be a calendar date"), "{shown}");
        assert!(
            shown.contains("q.toml:5:2: error[FF101]: unknown table `[supplier]` (did you mean `suppliers`?)"),
            "{shown}"
        );
        assert!(
            shown.contains(&format!("error[FF102]: unknown question `{typo}` in [suppliers] (did you mean `{id}`?)")),
            "{shown}"
        );
        assert!(
            shown.contains(&format!(
                "q.toml:10:{}: error[FF103]: the answer to `{id}` is 6, outside the scale",
                id.len() + 4
            )),
            "{shown}"
        );
    }

    #[test]
    fn wrong_types_are_explained() {
        let id = first_id(Force::Rivalry);
        for (value, expected) in [
            ("\"4\"", "remove the quotes"),
            ("\"Strongly agree\"", "write the number instead: many_rivals = 5"),
            ("3.5", "is a decimal number"),
            ("true", "found a boolean"),
            ("[4]", "found an array"),
            ("0", "is 0, outside the scale"),
            ("{ note = \"x\" }", "has no `score`"),
            ("{ score = 4, note = 5 }", "`note` must be a string"),
        ] {
            let text = format!("[assessment]\nname = \"A\"\n[rivalry]\n{id} = {value}\n");
            let err = parse(&text).expect_err(value);
            assert!(err.to_string().contains(expected), "{value}: {err}");
        }
    }

    #[test]
    fn an_answer_under_the_wrong_force_says_where_it_belongs() {
        let id = first_id(Force::NewEntrants);
        if QuestionBank::builtin().find(Force::Buyers, &id).is_some() {
            return;
        }
        let text = format!("[assessment]\nname = \"A\"\n[buyers]\n{id} = 2\n");
        let err = parse(&text).expect_err("wrong force");
        assert!(err.to_string().contains("is a question of [new_entrants]"), "{err}");
    }

    #[test]
    fn a_file_without_assessment_or_with_bad_syntax_is_rejected() {
        assert!(parse("").expect_err("empty").to_string().contains("the file is empty"));
        assert!(parse("[buyers]\n").expect_err("no details").to_string().contains("no [assessment] table"));
        let err = parse("[assessment\nname = 1").expect_err("syntax");
        assert_eq!(err.problems.len(), 1);
        assert!(err.problems[0].span.is_some());
    }
}
