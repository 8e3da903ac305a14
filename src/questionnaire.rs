//! A questionnaire file, read and validated against a question bank.
//!
//! The file is parsed into a span-preserving TOML tree and then checked key by key, so that
//! every problem in the file is reported in one run with its exact place (the toml crate's own
//! deserialiser stops at the first error). What comes out, a [`Questionnaire`], cannot be
//! invalid: every answer refers to a question of the bank and every score is 1–5.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::bank::QuestionBank;
use crate::diagnostic::{InvalidFile, Problem};
use crate::force::Force;
use crate::suggest::{closest, did_you_mean};
use crate::toml_source::{describe, integer, parse_document};

/// The table holding the assessment's details.
pub const ASSESSMENT: &str = "assessment";
/// The keys of the `[assessment]` table (`name` is required).
pub const ASSESSMENT_KEYS: [&str; 5] = ["name", "industry", "scope", "assessor", "date"];
/// The keys of an answer written as a table.
pub const ANSWER_KEYS: [&str; 2] = ["score", "note"];

/// An answer on the five-point agreement scale: 1 strongly disagree … 5 strongly agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Likert(u8);

impl Likert {
    /// The lowest answer (strongly disagree).
    pub const MIN: u8 = 1;
    /// The highest answer (strongly agree).
    pub const MAX: u8 = 5;

    /// An answer, if `value` is on the scale.
    pub fn new(value: i64) -> Option<Likert> {
        u8::try_from(value).ok().filter(|v| (Self::MIN..=Self::MAX).contains(v)).map(Likert)
    }

    /// The answer as a number from 1 to 5.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// The words for this answer.
    pub const fn label(self) -> &'static str {
        match self.0 {
            1 => "strongly disagree",
            2 => "disagree",
            3 => "neither agree nor disagree",
            4 => "agree",
            _ => "strongly agree",
        }
    }
}

/// The details of what was assessed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Assessment {
    /// The business, product line or unit assessed (never empty).
    pub name: String,
    /// Its industry.
    pub industry: Option<String>,
    /// The product and geographic scope.
    pub scope: Option<String>,
    /// Who answered.
    pub assessor: Option<String>,
    /// When, as `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// One answered question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The question's position in the bank the questionnaire was validated against.
    pub question: usize,
    /// The agreement with the question's statement.
    pub score: Likert,
    /// Evidence for the answer.
    pub note: Option<String>,
}

/// A validated questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Questionnaire {
    /// What was assessed.
    pub assessment: Assessment,
    /// The answered questions, in bank order. Unanswered questions are simply absent.
    pub answers: Vec<Answer>,
}

impl Questionnaire {
    /// Parses and validates a questionnaire. `origin` names the file in error messages.
    pub fn parse(origin: &str, text: &str, bank: &QuestionBank) -> Result<Questionnaire, InvalidFile> {
        if let Some(questionnaire) = crate::fast_path::parse(text, bank) {
            return Ok(questionnaire);
        }
        Self::parse_general(origin, text, bank)
    }

    /// The general path: the whole span-preserving tree, every problem located. Public for the
    /// tests that check the fast path agrees with it.
    #[doc(hidden)]
    pub fn parse_general(origin: &str, text: &str, bank: &QuestionBank) -> Result<Questionnaire, InvalidFile> {
        let mut checker = Checker { bank, problems: Vec::new() };
        let questionnaire = match parse_document(text) {
            Ok(root) => checker.document(&root),
            Err(problem) => {
                checker.problems.push(problem);
                None
            }
        };
        match questionnaire {
            Some(q) if checker.problems.is_empty() => Ok(q),
            _ => Err(InvalidFile::new(origin, text, checker.problems)),
        }
    }
}

type Key<'i> = Spanned<Cow<'i, str>>;
type Value<'i> = Spanned<DeValue<'i>>;

struct Checker<'b> {
    bank: &'b QuestionBank,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn document(&mut self, root: &Spanned<DeTable<'_>>) -> Option<Questionnaire> {
        let mut assessment = None;
        let mut answers = Vec::with_capacity(self.bank.questions().len());
        for (key, value) in root.get_ref() {
            let name = key.get_ref().as_ref();
            if name == ASSESSMENT {
                if let Some(table) = self.table(key, value) {
                    assessment = self.assessment(key, table);
                }
            } else if let Some(force) = Force::from_key(name) {
                if let Some(table) = self.table(key, value) {
                    self.answers(force, table, &mut answers);
                }
            } else {
                self.unknown_top_level(key, value);
            }
        }
        if !root.get_ref().keys().any(|k| k.get_ref() == ASSESSMENT) {
            let text_start = 0..0;
            self.problems.push(
                Problem::at(text_start, "the questionnaire has no [assessment] table")
                    .label("expected `[assessment]` with a `name`")
                    .help("start the file with:\n[assessment]\nname = \"The business you assess\""),
            );
        }
        answers.sort_unstable_by_key(|a: &Answer| a.question);
        assessment.map(|assessment| Questionnaire { assessment, answers })
    }

    fn table<'v, 'i>(&mut self, key: &Key<'_>, value: &'v Value<'i>) -> Option<&'v DeTable<'i>> {
        if let DeValue::Table(table) = value.get_ref() {
            return Some(table);
        }
        let name = key.get_ref();
        self.problems.push(
            Problem::at(value.span(), format!("`{name}` must be a table, found {}", describe(value.get_ref())))
                .help(format!("write it as a table header, `[{name}]`, with its keys on the lines below")),
        );
        None
    }

    fn unknown_top_level(&mut self, key: &Key<'_>, value: &Value<'_>) {
        let name = key.get_ref().as_ref();
        let tables = [
            ASSESSMENT,
            Force::Suppliers.key(),
            Force::Buyers.key(),
            Force::Rivalry.key(),
            Force::Substitutes.key(),
            Force::NewEntrants.key(),
        ];
        if matches!(value.get_ref(), DeValue::Table(_)) {
            self.problems.push(
                Problem::at(key.span(), format!("unknown table `[{name}]`"))
                    .label("not a force or `assessment`")
                    .help(did_you_mean(name, &tables, "the tables are `assessment` and the forces; valid names")),
            );
            return;
        }
        let home = Force::ALL.into_iter().find(|&f| self.bank.find(f, name).is_some());
        let help = match home {
            Some(force) => format!("`{name}` is a question of [{force}]; put it under that table header"),
            None => "answers go under their force's table ([suppliers], [buyers], [rivalry], [substitutes], [new_entrants]) and the details under [assessment]".to_owned(),
        };
        self.problems.push(Problem::at(key.span(), format!("`{name}` is outside any table")).help(help));
    }

    fn assessment(&mut self, table_key: &Key<'_>, table: &DeTable<'_>) -> Option<Assessment> {
        let mut assessment = Assessment::default();
        let mut name_ok = false;
        for (key, value) in table {
            let field = key.get_ref().as_ref();
            match field {
                "name" | "industry" | "scope" | "assessor" => {
                    let Some(text) = self.string(key, value) else { continue };
                    let text = text.trim().to_owned();
                    match field {
                        "name" if text.is_empty() => {
                            self.problems.push(Problem::at(value.span(), "the assessment's `name` is empty").help(
                                "name the business, product line or unit you assess, e.g. name = \"Acme Cloud CRM\"",
                            ));
                        }
                        "name" => {
                            assessment.name = text;
                            name_ok = true;
                        }
                        "industry" => assessment.industry = Some(text),
                        "scope" => assessment.scope = Some(text),
                        _ => assessment.assessor = Some(text),
                    }
                }
                "date" => assessment.date = self.date(value),
                _ => self.problems.push(
                    Problem::at(key.span(), format!("unknown key `{field}` in [assessment]")).help(did_you_mean(
                        field,
                        &ASSESSMENT_KEYS,
                        "the keys of [assessment]",
                    )),
                ),
            }
        }
        if !table.keys().any(|k| k.get_ref() == "name") {
            self.problems.push(
                Problem::at(table_key.span(), "[assessment] has no `name`")
                    .help("add a line under [assessment]: name = \"The business you assess\""),
            );
        }
        name_ok.then_some(assessment)
    }

    fn string<'v>(&mut self, key: &Key<'_>, value: &'v Value<'_>) -> Option<&'v str> {
        if let DeValue::String(text) = value.get_ref() {
            return Some(text);
        }
        self.problems.push(
            Problem::at(
                value.span(),
                format!("`{}` must be a string, found {}", key.get_ref(), describe(value.get_ref())),
            )
            .help("put the text in double quotes"),
        );
        None
    }

    fn date(&mut self, value: &Value<'_>) -> Option<String> {
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) => Some(*dt),
            DeValue::String(text) => text.trim().parse::<toml::value::Datetime>().ok(),
            _ => None,
        };
        match parsed {
            Some(dt) if dt.date.is_some() && dt.time.is_none() && dt.offset.is_none() => Some(dt.to_string()),
            _ => {
                self.problems.push(
                    Problem::at(
                        value.span(),
                        format!("`date` must be a calendar date, found {}", describe(value.get_ref())),
                    )
                    .help("write the date as YYYY-MM-DD, e.g. date = 2026-11-22"),
                );
                None
            }
        }
    }

    fn answers(&mut self, force: Force, table: &DeTable<'_>, answers: &mut Vec<Answer>) {
        for (key, value) in table {
            let id = key.get_ref().as_ref();
            let Some((question, _)) = self.bank.find(force, id) else {
                self.unknown_question(force, key);
                continue;
            };
            if let Some((score, note)) = self.answer(key, value) {
                answers.push(Answer { question, score, note });
            }
        }
    }

    fn unknown_question(&mut self, force: Force, key: &Key<'_>) {
        let id = key.get_ref().as_ref();
        let elsewhere = Force::ALL.into_iter().find(|&f| f != force && self.bank.find(f, id).is_some());
        let help = if let Some(home) = elsewhere {
            format!("`{id}` is a question of [{home}]; move it under that table")
        } else {
            let ids: Vec<&str> = self.bank.for_force(force).map(|q| q.id.as_str()).collect();
            if let Some(near) = closest(id, &ids) {
                format!("did you mean `{near}`?")
            } else {
                {
                    let all = ids;
                    format!(
                        "the questions of [{force}] are: {} (`fiveforces questions` lists them with their statements)",
                        all.join(", ")
                    )
                }
            }
        };
        self.problems.push(
            Problem::at(key.span(), format!("unknown question `{id}` in [{force}]"))
                .label("not in the question bank")
                .help(help),
        );
    }

    fn answer(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<(Likert, Option<String>)> {
        let DeValue::Table(table) = value.get_ref() else {
            return self.likert(key, value).map(|score| (score, None));
        };
        let mut score = None;
        let mut note = None;
        let mut has_score = false;
        for (field_key, field) in table {
            match field_key.get_ref().as_ref() {
                "score" => {
                    has_score = true;
                    score = self.likert(key, field);
                }
                "note" => note = self.string(field_key, field).map(|n| n.trim().to_owned()),
                other => self.problems.push(
                    Problem::at(
                        field_key.span(),
                        format!("unknown key `{other}` in the answer to `{}`", key.get_ref()),
                    )
                    .help(did_you_mean(other, &ANSWER_KEYS, "an answer's keys")),
                ),
            }
        }
        if !has_score {
            self.problems.push(
                Problem::at(value.span(), format!("the answer to `{}` has no `score`", key.get_ref()))
                    .help(format!("add the score: {} = {{ score = 4, note = \"…\" }}", key.get_ref())),
            );
        }
        score.map(|s| (s, note.filter(|n| !n.is_empty())))
    }

    fn likert(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<Likert> {
        let span: Range<usize> = value.span();
        let id = key.get_ref();
        let found = describe(value.get_ref());
        let range = "a whole number from 1 (strongly disagree) to 5 (strongly agree)";
        let (message, help) = match value.get_ref() {
            DeValue::Integer(_) => {
                if let Some(score) = integer(value.get_ref()).and_then(Likert::new) {
                    return Some(score);
                }
                let shown = value.get_ref().as_integer().map_or_else(String::new, ToString::to_string);
                (
                    format!("the answer to `{id}` is {shown}, outside the scale"),
                    format!("answers are {range}; leave the question out if you do not know"),
                )
            }
            DeValue::String(text) if text.trim().parse::<i64>().ok().and_then(Likert::new).is_some() => (
                format!("the answer to `{id}` is a string, not a number"),
                format!("remove the quotes: {id} = {}", text.trim()),
            ),
            DeValue::Float(_) => (
                format!("the answer to `{id}` is a decimal number"),
                format!("answers are {range}; pick the nearer whole number"),
            ),
            _ => (
                format!("the answer to `{id}` must be {range}, found {found}"),
                format!("write e.g. {id} = 4 or {id} = {{ score = 4, note = \"evidence\" }}"),
            ),
        };
        self.problems.push(Problem::at(span, message).label(format!("expected 1–5, found {found}")).help(help));
        None
    }
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
        assert!(shown.contains("q.toml:2:8: the assessment's `name` is empty"), "{shown}");
        assert!(shown.contains("q.toml:3:8: `date` must be a calendar date"), "{shown}");
        assert!(shown.contains("q.toml:5:2: unknown table `[supplier]` (did you mean `suppliers`?)"), "{shown}");
        assert!(shown.contains(&format!("unknown question `{typo}` in [suppliers] (did you mean `{id}`?)")), "{shown}");
        assert!(
            shown.contains(&format!("q.toml:10:{}: the answer to `{id}` is 6, outside the scale", id.len() + 4)),
            "{shown}"
        );
    }

    #[test]
    fn wrong_types_are_explained() {
        let id = first_id(Force::Rivalry);
        for (value, expected) in [
            ("\"4\"", "remove the quotes"),
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
        assert!(parse("").expect_err("empty").to_string().contains("no [assessment] table"));
        let err = parse("[assessment\nname = 1").expect_err("syntax");
        assert_eq!(err.problems.len(), 1);
        assert!(err.problems[0].span.is_some());
    }
}
