//! The questionnaire file format: its types ([`model`]), the two readers that turn text into
//! them (the [`fast_reader`] for plain files in a batch, the [`checked_reader`] that locates
//! every problem), the [`writer`] that edits a file in place, the `init` [`template`] and the
//! JSON [`schema`] for editors.

pub mod checked_reader;
pub(crate) mod fast_reader;
pub mod migrate;
pub mod model;
pub(crate) mod plain_scanner;
pub mod schema;
pub mod template;
pub mod writer;

pub use crate::context::{CONTEXT, Context, ContextKey};
pub use model::{
    ANSWER_KEYS, ASSESSMENT, ASSESSMENT_KEYS, Answer, Assessment, Detail, Legacy, LegacyKind, Likert, NOTE,
    Questionnaire, SCORE, Table, calendar_date, note, parse_date,
};

use crate::data::bank::QuestionBank;
use crate::source::diagnostic::InvalidFile;

impl Questionnaire {
    /// Parses and validates a questionnaire. `origin` names the file in error messages.
    ///
    /// The plainest files are read by the one-pass [`plain_scanner`], other plain ones by the
    /// fast reader; anything else (and every file with a problem) by the checked reader. In
    /// debug builds every file the scanner or the fast reader accepts is read by the checked
    /// reader too, and they must agree, so that the whole test suite checks the fast paths.
    pub fn parse(origin: &str, text: &str, bank: &QuestionBank) -> Result<Questionnaire, InvalidFile> {
        if let Some(questionnaire) = plain_scanner::parse(text, bank) {
            #[cfg(debug_assertions)]
            {
                let checked = checked_reader::read(origin, text, bank);
                debug_assert_eq!(
                    checked.as_ref().ok(),
                    Some(&questionnaire),
                    "the plain scanner read {origin} differently from the checked reader: {checked:?}"
                );
            }
            return Ok(questionnaire);
        }
        if let Some(questionnaire) = fast_reader::parse(text, bank) {
            #[cfg(debug_assertions)]
            {
                let checked = checked_reader::read(origin, text, bank);
                debug_assert_eq!(
                    checked.as_ref().ok(),
                    Some(&questionnaire),
                    "the fast reader read {origin} differently from the checked reader: {checked:?}"
                );
            }
            return Ok(questionnaire);
        }
        checked_reader::read(origin, text, bank)
    }

    /// The plain scanner alone (`None`: the file is not plain enough for it). Public for the
    /// tests that check it agrees with the checked reader.
    #[doc(hidden)]
    pub fn parse_plain(text: &str, bank: &QuestionBank) -> Option<Questionnaire> {
        plain_scanner::parse(text, bank)
    }

    /// The checked reader alone: the whole span-preserving tree, every problem located. Public
    /// for the tests that check the fast reader agrees with it.
    #[doc(hidden)]
    pub fn parse_general(origin: &str, text: &str, bank: &QuestionBank) -> Result<Questionnaire, InvalidFile> {
        checked_reader::read(origin, text, bank)
    }
}
