//! The questionnaire's types: what a valid file holds once read, and the rules of the format
//! (its tables, keys, the date and note rules) that both readers (checked and fast) apply, so
//! that they cannot drift apart. The writer and every analysis consume the types.

use crate::context::Context;
use crate::force::Force;
use crate::source::diagnostic::Location;

/// The table holding the assessment's details.
pub const ASSESSMENT: &str = "assessment";
/// The keys of the `[assessment]` table (`name` is required), in the order they are asked.
pub const ASSESSMENT_KEYS: [&str; 5] =
    [Detail::Name.key(), Detail::Industry.key(), Detail::Scope.key(), Detail::Assessor.key(), Detail::Date.key()];
/// The key of an answer's score, when the answer is written as a table.
pub const SCORE: &str = "score";
/// The key of an answer's note (its evidence), when the answer is written as a table.
pub const NOTE: &str = "note";
/// The keys of an answer written as a table.
pub const ANSWER_KEYS: [&str; 2] = [SCORE, NOTE];

/// A top-level table of a questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `[assessment]`: the details.
    Assessment,
    /// `[context]`: how the business sells.
    Context,
    /// The answers about one force.
    Force(Force),
}

impl Table {
    /// How many tables a questionnaire can have.
    pub const COUNT: usize = 7;

    /// The table a header names, if it is one of a questionnaire's.
    pub fn from_key(name: &str) -> Option<Table> {
        match name {
            ASSESSMENT => Some(Table::Assessment),
            crate::context::CONTEXT => Some(Table::Context),
            _ => Force::from_key(name).map(Table::Force),
        }
    }

    /// A number from 0 to [`Table::COUNT`] − 1 for each table (the forces first, in order).
    pub const fn index(self) -> usize {
        match self {
            Table::Force(force) => force.index(),
            Table::Assessment => Force::ALL.len(),
            Table::Context => Force::ALL.len() + 1,
        }
    }
}
/// The longest note the tool writes (in bytes): with every question of the built-in bank noted
/// this long, a questionnaire still stays well under the size the readers accept
/// ([`crate::source::files::MAX_FILE_BYTES`]), so the tool never writes a file it then refuses.
pub const MAX_NOTE_BYTES: usize = 16 * 1024;

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

    /// The answer whose words these are ("Strongly agree" is 5), if any.
    pub fn from_words(words: &str) -> Option<Likert> {
        let words = words.trim().to_lowercase();
        (Self::MIN..=Self::MAX).map(Likert).find(|answer| answer.label() == words)
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
    /// How the business sells (`[context]`), when the file says; `None` means the advice is
    /// not fitted to the business.
    pub context: Option<Context>,
    /// The answered questions, in bank order. Unanswered questions are simply absent.
    pub answers: Vec<Answer>,
    /// Answers written under an id of an earlier question bank, in file order: a renamed one
    /// is in `answers` under its current id, a retired one is not scored.
    pub legacy: Vec<Legacy>,
}

/// An answer written under an id of an earlier question bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Legacy {
    /// Its force.
    pub force: Force,
    /// The id as written.
    pub id: String,
    /// Where the id is written.
    pub at: Location,
    /// The byte range of the id in the file.
    pub key_span: std::ops::Range<usize>,
    /// The byte range of the whole entry, from the id to the end of its value.
    pub entry_span: std::ops::Range<usize>,
    /// What became of the question.
    pub kind: LegacyKind,
}

/// What became of a question of an earlier bank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LegacyKind {
    /// Read under this current id.
    Renamed(String),
    /// No longer asked: left out of the score, for this reason.
    Retired(String),
}

impl Legacy {
    /// The one-line notice for a person, `origin` naming the file: a renamed id is read under
    /// its new one (a notice), a retired one is left out of the score (a warning).
    pub fn notice(&self, origin: &str) -> String {
        let (force, id, at) = (self.force, &self.id, self.at);
        match &self.kind {
            LegacyKind::Renamed(new) => {
                format!("notice: {origin}:{at}: `{force}.{id}` is now `{force}.{new}`; read under its new id")
            }
            LegacyKind::Retired(reason) => {
                format!("warning: {origin}:{at}: `{force}.{id}` is retired and left out of the score: {reason}")
            }
        }
    }

    /// Every notice for a file's old ids, then one line saying how to update it; nothing when
    /// the file uses only current ids.
    pub fn notices(origin: &str, legacy: &[Legacy]) -> Vec<String> {
        if legacy.is_empty() {
            return Vec::new();
        }
        let mut lines: Vec<String> = legacy.iter().map(|l| l.notice(origin)).collect();
        lines.push(format!(
            "notice: {origin} was written for an earlier question bank; `fiveforces migrate {origin}` updates it, keeping its comments and notes"
        ));
        lines
    }
}

/// One detail of the assessment, asked before the questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Detail {
    /// The business, product line or unit assessed (required).
    Name,
    /// Its industry.
    Industry,
    /// The product and geographic scope.
    Scope,
    /// Who answers.
    Assessor,
    /// When, as `YYYY-MM-DD`.
    Date,
}

impl Detail {
    /// Every detail, in the order they are asked and written.
    pub const ALL: [Detail; 5] = [Detail::Name, Detail::Industry, Detail::Scope, Detail::Assessor, Detail::Date];

    /// The detail a key of `[assessment]` names, if any.
    pub fn from_key(key: &str) -> Option<Detail> {
        Detail::ALL.into_iter().find(|detail| detail.key() == key)
    }

    /// Sets this detail of `assessment` to `text` (a date already checked by [`calendar_date`]).
    pub fn set(self, assessment: &mut Assessment, text: String) {
        match self {
            Detail::Name => assessment.name = text,
            Detail::Industry => assessment.industry = Some(text),
            Detail::Scope => assessment.scope = Some(text),
            Detail::Assessor => assessment.assessor = Some(text),
            Detail::Date => assessment.date = Some(text),
        }
    }

    /// The key under `[assessment]`.
    pub const fn key(self) -> &'static str {
        match self {
            Detail::Name => "name",
            Detail::Industry => "industry",
            Detail::Scope => "scope",
            Detail::Assessor => "assessor",
            Detail::Date => "date",
        }
    }

    /// The detail's value in `assessment`.
    pub fn get(self, assessment: &Assessment) -> Option<&str> {
        match self {
            Detail::Name => Some(assessment.name.as_str()).filter(|n| !n.is_empty()),
            Detail::Industry => assessment.industry.as_deref(),
            Detail::Scope => assessment.scope.as_deref(),
            Detail::Assessor => assessment.assessor.as_deref(),
            Detail::Date => assessment.date.as_deref(),
        }
    }
}

/// A calendar date as `YYYY-MM-DD`, if `text` is one (the same rule the questionnaire applies).
pub fn parse_date(text: &str) -> Option<String> {
    calendar_date(text.trim().parse().ok()?)
}

/// The date rule: a TOML date-time is a valid `date` when it is a calendar date alone (no
/// time, no offset); `YYYY-MM-DD` then.
pub fn calendar_date(parsed: toml::value::Datetime) -> Option<String> {
    (parsed.date.is_some() && parsed.time.is_none() && parsed.offset.is_none()).then(|| parsed.to_string())
}

/// The note rule: an answer's note is kept trimmed, and an empty one is no note.
pub fn note(text: &str) -> Option<String> {
    Some(text.trim()).filter(|note| !note.is_empty()).map(str::to_owned)
}
