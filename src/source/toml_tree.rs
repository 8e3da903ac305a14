//! Shared plumbing for reading TOML files with spans, used by the questionnaire, the question
//! bank and the playbook loaders.
//!
//! A file is parsed with the toml crate's error-recovering parser, so that every syntax error
//! is found in one run, not only the first; then each loader walks the span-preserving tree
//! ([`DeTable`]) itself and reports every problem through a [`Problems`] collector, whose
//! helpers check the common shapes (a table, a string, a choice among names, a number in a
//! range, unknown and missing keys with "did you mean …").
//!
//! When a file has syntax errors the tree is the parser's best guess. Problems found in it
//! are still worth reporting (an unknown question id three lines below a missing quote), but
//! not those on a line that has a syntax error, nor "missing" problems (a missing `name` may
//! just be the line the parser could not read): see [`Problems::push_structural`].

use std::borrow::Cow;
use std::ops::{Range, RangeInclusive};

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::source::diagnostic::{Code, FileKind, LineIndex, Problem};
use crate::source::suggest::did_you_mean;
use crate::source::syntax_errors;

/// A key of a table, with its span.
pub(crate) type Key<'i> = Spanned<Cow<'i, str>>;
/// A value, with its span.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// A parsed document: the tree (the parser's best effort when there are syntax errors) and
/// the problems found so far.
pub(crate) struct Parsed<'i> {
    pub root: Spanned<DeTable<'i>>,
    pub problems: Problems<'i>,
}

/// Parses a document, collecting every syntax error as a located problem with advice; an
/// empty file, or one with only comments, is a problem of its own.
pub(crate) fn parse(text: &str, kind: FileKind) -> Parsed<'_> {
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut problems = Problems::new(text);
    if errors.is_empty() {
        if root.get_ref().is_empty() {
            problems.push(blank_file(text, kind));
        }
    } else {
        problems.recover_from(&errors);
        problems.list.extend(syntax_errors::explain(text, &errors, kind));
    }
    Parsed { root, problems }
}

fn blank_file(text: &str, kind: FileKind) -> Problem {
    let message = if text.trim_start_matches('\u{feff}').trim().is_empty() {
        "the file is empty"
    } else {
        "the file has only comments and blank lines"
    };
    Problem::at(Code::EmptyFile, 0..0, format!("{message}: there is no {} in it", kind.what))
        .label("nothing to read")
        .help(kind.how_to_start)
}

/// Problems found in one file, with helpers that check common shapes and report what is
/// wrong and how to fix it.
pub(crate) struct Problems<'t> {
    text: &'t str,
    list: Vec<Problem>,
    /// The byte ranges of the lines that have a syntax error, sorted.
    broken_lines: Vec<Range<usize>>,
}

impl<'t> Problems<'t> {
    fn new(text: &'t str) -> Self {
        Problems { text, list: Vec::new(), broken_lines: Vec::new() }
    }

    fn recover_from(&mut self, errors: &[toml::de::Error]) {
        let index = LineIndex::new(self.text);
        let mut lines: Vec<Range<usize>> =
            errors.iter().map(|e| index.line(e.span().map_or(0, |span| span.start))).collect();
        lines.sort_by_key(|line| line.start);
        lines.dedup();
        // A file whose syntax could not be read at all still counts as recovered.
        if lines.is_empty() {
            lines.push(0..0);
        }
        self.broken_lines = lines;
    }

    /// Whether the file had syntax errors, so that the tree is only the parser's best guess.
    pub fn recovered(&self) -> bool {
        !self.broken_lines.is_empty()
    }

    /// Records a problem, unless it sits on a line with a syntax error (which already
    /// explains it).
    pub fn push(&mut self, problem: Problem) {
        if let Some(span) = &problem.span
            && self.on_broken_line(span.start)
        {
            return;
        }
        self.list.push(problem);
    }

    /// Records a problem about something missing, which is only trustworthy when the file's
    /// syntax is sound.
    pub fn push_structural(&mut self, problem: Problem) {
        if !self.recovered() {
            self.list.push(problem);
        }
    }

    /// Whether a key or value starts on a line with a syntax error: the parser's guess at what
    /// it holds is not worth checking.
    pub fn is_broken(&self, span: &Range<usize>) -> bool {
        self.on_broken_line(span.start)
    }

    fn on_broken_line(&self, offset: usize) -> bool {
        let after = self.broken_lines.partition_point(|line| line.start <= offset);
        after.checked_sub(1).and_then(|i| self.broken_lines.get(i)).is_some_and(|line| offset <= line.end)
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }

    /// The value as a table, or a problem saying how to write one.
    pub fn table<'v, 'i>(&mut self, key: &Key<'_>, value: &'v Value<'i>) -> Option<&'v DeTable<'i>> {
        if let DeValue::Table(table) = value.get_ref() {
            return Some(table);
        }
        let name = key.get_ref();
        self.push(
            Problem::at(
                Code::ExpectedTable,
                value.span(),
                format!("`{name}` must be a table, found {}", describe(value.get_ref())),
            )
            .label(format!("expected a table, found {}", describe(value.get_ref())))
            .help(format!("write it as a table header, `[{name}]`, with its keys on the lines below")),
        );
        None
    }

    /// The value as a string, or a problem saying to quote it.
    pub fn string<'v>(&mut self, key: &Key<'_>, value: &'v Value<'_>) -> Option<&'v str> {
        if let DeValue::String(text) = value.get_ref() {
            return Some(text);
        }
        let found = describe(value.get_ref());
        self.push(
            Problem::at(
                Code::ExpectedString,
                value.span(),
                format!("`{}` must be a string, found {found}", key.get_ref()),
            )
            .label(format!("expected text in quotes, found {found}"))
            .help(format!("put the text in double quotes: {} = \"…\"", key.get_ref())),
        );
        None
    }

    /// The value as a trimmed, non-empty string.
    pub fn text(&mut self, key: &Key<'_>, value: &Value<'_>) -> Option<String> {
        let text = self.string(key, value)?.trim();
        if text.is_empty() {
            self.push(
                Problem::at(Code::EmptyText, value.span(), format!("`{}` is empty", key.get_ref()))
                    .label("empty text")
                    .help("write a short sentence between the quotes"),
            );
            return None;
        }
        Some(text.to_owned())
    }

    /// The value as one of `options` (a string naming it), with "did you mean" otherwise.
    pub fn choice<T: Copy>(&mut self, key: &Key<'_>, value: &Value<'_>, options: &[(&str, T)]) -> Option<T> {
        let names: Vec<&str> = options.iter().map(|(name, _)| *name).collect();
        let name = key.get_ref();
        let given = self.string(key, value)?;
        if let Some((_, choice)) = options.iter().find(|(option, _)| *option == given) {
            return Some(*choice);
        }
        self.push(
            Problem::at(Code::UnknownValue, value.span(), format!("`{given}` is not a valid `{name}`"))
                .label(format!("not one of the values of `{name}`"))
                .help(did_you_mean(given, &names, &format!("the values of `{name}`"))),
        );
        None
    }

    /// The value as an integer in `range`.
    pub fn integer_in(&mut self, key: &Key<'_>, value: &Value<'_>, range: RangeInclusive<i64>) -> Option<i64> {
        let (low, high) = (range.start(), range.end());
        let name = key.get_ref();
        let found = match integer(value.get_ref()) {
            Some(n) if range.contains(&n) => return Some(n),
            Some(n) => n.to_string(),
            None => describe(value.get_ref()).to_owned(),
        };
        self.push(
            Problem::at(
                Code::NumberOutOfRange,
                value.span(),
                format!("`{name}` must be a whole number from {low} to {high}, found {found}"),
            )
            .label(format!("expected {low}–{high}"))
            .help(format!("write a whole number without quotes, e.g. {name} = {high}")),
        );
        None
    }

    /// The value as a number (an integer or a decimal number) in `(low, high]`.
    pub fn number_within(&mut self, key: &Key<'_>, value: &Value<'_>, low: f64, high: f64, help: &str) -> Option<f64> {
        let name = key.get_ref();
        #[allow(clippy::cast_precision_loss)] // any integer near the allowed range is exact
        let number = match value.get_ref() {
            DeValue::Float(float) => float.as_str().parse::<f64>().ok(),
            DeValue::Integer(_) => integer(value.get_ref()).map(|n| n as f64),
            _ => None,
        };
        let found = match number {
            Some(n) if n.is_finite() && (low..=high).contains(&n) => return Some(n),
            // The number as written (a few characters of it), not as a 309-digit expansion.
            Some(_) => {
                let written = self.text.get(value.span()).unwrap_or_default().trim();
                match written.char_indices().nth(24) {
                    Some((end, _)) => format!("{}…", written.get(..end).unwrap_or_default()),
                    None => written.to_owned(),
                }
            }
            None => describe(value.get_ref()).to_owned(),
        };
        self.push(
            Problem::at(
                Code::NumberOutOfRange,
                value.span(),
                format!("`{name}` must be a number from {low} to {high}, found {found}"),
            )
            .label("out of range")
            .help(help),
        );
        None
    }

    /// An unknown key in `place` ("in [assessment]"), with the nearest `known` key.
    pub fn unknown_key(&mut self, key: &Key<'_>, place: &str, known: &[&str]) {
        let name = key.get_ref();
        self.push(
            Problem::at(Code::UnknownKey, key.span(), format!("unknown key `{name}` {place}"))
                .label("not a known key")
                .help(did_you_mean(name, known, &format!("the keys {place}"))),
        );
    }

    /// A required key missing from a table whose header (or value) is at `at`.
    pub fn missing_key(&mut self, at: Range<usize>, name: &str, place: &str, example: &str) {
        self.push_structural(
            Problem::at(Code::MissingKey, at, format!("{place} has no `{name}`"))
                .label(format!("`{name}` is required"))
                .help(format!("add a line below it: {example}")),
        );
    }
}

/// The keys of a table that are checked one by one: unknown ones are reported, required
/// ones are looked up.
pub(crate) struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Where the table starts (its header), for "missing key" problems.
    at: Range<usize>,
    /// How the table is named in messages: "[assessment]", "this [[question]]".
    place: String,
}

impl<'t, 'i> Fields<'t, 'i> {
    /// Checks that every key of `table` is one of `known`, reporting the others.
    pub fn new(
        problems: &mut Problems<'_>,
        table: &'t DeTable<'i>,
        at: Range<usize>,
        place: impl Into<String>,
        known: &[&str],
    ) -> Self {
        Self::explained(problems, table, at, place, known, &|_| None)
    }

    /// Like [`Fields::new`], with `explain` giving the advice for an unknown key when it knows
    /// better than "did you mean" (a question id where the details go, say).
    pub fn explained(
        problems: &mut Problems<'_>,
        table: &'t DeTable<'i>,
        at: Range<usize>,
        place: impl Into<String>,
        known: &[&str],
        explain: &dyn Fn(&str) -> Option<String>,
    ) -> Self {
        let place = place.into();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if known.contains(&name) || problems.is_broken(&value.span()) {
                continue;
            }
            match explain(name) {
                Some(help) => problems.push(
                    Problem::at(Code::UnknownKey, key.span(), format!("unknown key `{name}` in {place}"))
                        .label("not a known key")
                        .help(help),
                ),
                None => problems.unknown_key(key, &format!("in {place}"), known),
            }
        }
        Fields { table, at, place }
    }

    /// The key and value named `name`, if present.
    pub fn get(&self, name: &str) -> Option<(&'t Key<'i>, &'t Value<'i>)> {
        self.table.get_key_value(name)
    }

    /// The required key `name` as a trimmed, non-empty string.
    pub fn text(&self, problems: &mut Problems<'_>, name: &str, example: &str) -> Option<String> {
        self.required(problems, name, example).and_then(|(k, v)| problems.text(k, v))
    }

    /// The required key `name` as one of `options`.
    pub fn choice<T: Copy>(
        &self,
        problems: &mut Problems<'_>,
        name: &str,
        example: &str,
        options: &[(&str, T)],
    ) -> Option<T> {
        self.required(problems, name, example).and_then(|(k, v)| problems.choice(k, v, options))
    }

    /// The key and value named `name`; a problem when it is missing.
    pub fn required(
        &self,
        problems: &mut Problems<'_>,
        name: &str,
        example: &str,
    ) -> Option<(&'t Key<'i>, &'t Value<'i>)> {
        let found = self.get(name);
        if found.is_none() {
            problems.missing_key(self.at.clone(), name, &self.place, example);
        }
        found
    }
}

/// The elements of an array of tables (`[[question]]`), each with its span; a problem when
/// the value is something else.
pub(crate) fn array_of_tables<'v, 'i>(
    problems: &mut Problems<'_>,
    key: &Key<'_>,
    value: &'v Value<'i>,
) -> Vec<(Range<usize>, &'v DeTable<'i>)> {
    let name = key.get_ref();
    let wrong = |problems: &mut Problems<'_>, span: Range<usize>, found: &str| {
        problems.push(
            Problem::at(Code::ExpectedListOfTables, span, format!("`{name}` must be a list of tables, found {found}"))
                .label("expected `[[…]]` entries")
                .help(format!(
                    "start each entry with a `[[{name}]]` header (double brackets), its keys on the lines below"
                )),
        );
    };
    match value.get_ref() {
        DeValue::Array(items) => items
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(table) => Some((item.span(), table)),
                other => {
                    wrong(problems, item.span(), &format!("an element that is {}", describe(other)));
                    None
                }
            })
            .collect(),
        other => {
            wrong(problems, value.span(), describe(other));
            Vec::new()
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: FileKind = FileKind { what: "questionnaire", how_to_start: "run `fiveforces init FILE`" };

    #[test]
    fn empty_and_comment_only_files_are_named_as_such() {
        let empty = parse("", KIND).problems.into_vec();
        assert!(empty[0].message.starts_with("the file is empty"), "{empty:?}");
        let comments = parse("# a\n\n# b\n", KIND).problems.into_vec();
        assert!(comments[0].message.starts_with("the file has only comments"), "{comments:?}");
    }

    #[test]
    fn problems_on_a_broken_line_are_left_to_the_syntax_error() {
        let text = "a = \"x\nb = 1\n";
        let mut parsed = parse(text, KIND);
        assert!(parsed.problems.recovered());
        let before = parsed.problems.list.len();
        parsed.problems.push(Problem::at(Code::UnknownKey, 4..5, "on the broken line"));
        parsed.problems.push(Problem::at(Code::UnknownKey, 7..8, "on a sound line"));
        parsed.problems.push_structural(Problem::whole_file(Code::MissingKey, "missing something"));
        let list = parsed.problems.into_vec();
        assert_eq!(list.len(), before + 1, "{list:?}");
        assert_eq!(list.last().map(|p| p.message.as_str()), Some("on a sound line"));
    }
}
