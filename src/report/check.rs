//! `fiveforces check --format json`: one element per file, in path order, saying whether it is
//! valid and, when it is not, every problem with its code and place (the same element a JSON
//! score report has for a file it could not score).
//!
//! ```json
//! [
//!   { "format_version": 2, "path": "examples/saas-crm.toml", "valid": true, "answered": 44, "questions": 44, "problems": [] },
//!   { "format_version": 2, "path": "bad.toml", "valid": false,
//!     "problems": [ { "file": "bad.toml", "line": 3, "column": 2, "end_line": 3, "end_column": 7,
//!                     "code": "FF101", "code_name": "unknown-table", "message": "unknown table `[buyer]`",
//!                     "label": "not a force or `assessment`", "help": "did you mean `buyers`?" } ] }
//! ]
//! ```

use serde::Serialize;

use crate::report::assessment::json::{Invalid, pretty};
use crate::report::{Failure, JSON_FORMAT_VERSION, ReportError};
use crate::source::diagnostic::Diagnostic;

/// What checking one file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked {
    /// A valid questionnaire.
    Valid {
        /// The file as the user named it.
        origin: String,
        /// How many questions it answers.
        answered: usize,
        /// How many questions the bank has.
        questions: usize,
    },
    /// A file that could not be read or validated.
    Invalid(Failure),
}

#[derive(Serialize)]
struct ValidFile<'a> {
    format_version: u32,
    path: &'a str,
    valid: bool,
    answered: usize,
    questions: usize,
    problems: [Diagnostic; 0],
}

#[derive(Serialize)]
#[serde(untagged)]
enum Element<'a> {
    Valid(ValidFile<'a>),
    Invalid(Invalid<'a>),
}

/// Pretty JSON: an array with one element per file (`[]` when there is none).
pub fn json(files: &[Checked]) -> Result<String, ReportError> {
    let elements: Vec<Element<'_>> = files
        .iter()
        .map(|file| match file {
            Checked::Valid { origin, answered, questions } => Element::Valid(ValidFile {
                format_version: JSON_FORMAT_VERSION,
                path: origin,
                valid: true,
                answered: *answered,
                questions: *questions,
                problems: [],
            }),
            Checked::Invalid(failure) => Element::Invalid(Invalid::new(&failure.origin, &failure.diagnostics)),
        })
        .collect();
    pretty(&elements)
}
