//! The questionnaire file format: its types ([`model`]), the two readers that turn text into
//! them (the [`fast_reader`] for plain files in a batch, the [`checked_reader`] that locates
//! every problem), the [`writer`] that edits a file in place, the `init` [`template`] and the
//! JSON [`schema`] for editors.

pub mod checked_reader;
pub(crate) mod fast_reader;
pub mod migrate;
pub mod model;
pub mod schema;
pub mod template;
pub mod writer;

pub use crate::context::{CONTEXT, Context, ContextKey};
pub use model::{
    ANSWER_KEYS, ASSESSMENT, ASSESSMENT_KEYS, Answer, Assessment, Detail, Legacy, LegacyKind, Likert, Questionnaire,
    parse_date,
};

use crate::data::bank::QuestionBank;
use crate::source::diagnostic::InvalidFile;

impl Questionnaire {
    /// Parses and validates a questionnaire. `origin` names the file in error messages.
    pub fn parse(origin: &str, text: &str, bank: &QuestionBank) -> Result<Questionnaire, InvalidFile> {
        if let Some(questionnaire) = fast_reader::parse(text, bank) {
            return Ok(questionnaire);
        }
        checked_reader::read(origin, text, bank)
    }

    /// The checked reader alone: the whole span-preserving tree, every problem located. Public
    /// for the tests that check the fast reader agrees with it.
    #[doc(hidden)]
    pub fn parse_general(origin: &str, text: &str, bank: &QuestionBank) -> Result<Questionnaire, InvalidFile> {
        checked_reader::read(origin, text, bank)
    }
}
