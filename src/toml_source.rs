//! Shared plumbing for reading TOML with spans: syntax errors become located [`Problem`]s and
//! values are described in words a person understands ("a string", "a decimal number").

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Problem;

/// Parses a whole document, keeping the span of every key and value.
pub(crate) fn parse_document(text: &str) -> Result<Spanned<DeTable<'_>>, Problem> {
    DeTable::parse(text).map_err(|err| syntax_problem(&err))
}

/// A TOML syntax error as a located problem.
pub(crate) fn syntax_problem(err: &toml::de::Error) -> Problem {
    located(err).help("the file must be valid TOML (https://toml.io); fix the syntax at the marked place")
}

/// An error from reading a TOML file into a fixed shape (a syntax error, an unknown key, a
/// wrong type) as a located problem, with `hint` describing the expected shape.
pub(crate) fn schema_problem(err: &toml::de::Error, hint: &str) -> Problem {
    located(err).help(hint)
}

fn located(err: &toml::de::Error) -> Problem {
    let message = err.message().trim_end().to_owned();
    match err.span() {
        Some(span) => Problem::at(span, message),
        None => Problem::whole_file(message),
    }
}

/// What kind of value this is, with its article: "a string", "an integer".
pub(crate) fn describe(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The value of a TOML integer, when it fits in an `i64`.
pub(crate) fn integer(value: &DeValue<'_>) -> Option<i64> {
    match value {
        DeValue::Integer(int) => i64::from_str_radix(int.as_str(), int.radix()).ok(),
        _ => None,
    }
}
