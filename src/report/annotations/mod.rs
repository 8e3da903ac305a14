//! Annotations for CI: every problem of an invalid file and every threshold breach as one
//! [`Annotation`] with a file, a place and a message, rendered as GitHub workflow commands
//! ([`github`]) or GitLab Code Quality JSON ([`gitlab`]). One piece of code serves `score`,
//! `check` and `diff`, so the three commands annotate the same way.
//!
//! A breach points at the answers that drive the force: the answer with the largest share of
//! the score, with the next ones named in the message; a breach with no driving answer (a
//! coverage rule, a change found by `diff`) points at the force's table. The places are found
//! in the file's text, which the caller supplies (the library reads no files); without the
//! text a breach points at line 1.

pub mod github;
pub mod gitlab;

use std::ops::Range;

use crate::analysis::threshold::Breach;
use crate::force::Force;
use crate::report::check::Checked;
use crate::report::diff::DiffRun;
use crate::report::{Failure, Run};
use crate::source::diagnostic::Location;

/// How serious an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The file is invalid or a threshold is crossed: the run fails.
    Error,
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The line just past the offending text, when known.
    pub end_line: Option<usize>,
    /// The column just past the offending text, when known.
    pub end_column: Option<usize>,
    /// How serious it is.
    pub severity: Severity,
    /// What kind of problem: an error code (`FF101`) or `threshold`.
    pub check: String,
    /// A short title: `FF101 unknown-table`, `threshold rivalry`.
    pub title: String,
    /// What is wrong and how to fix it, one line.
    pub message: String,
    /// What identifies the problem apart from its place (for stable fingerprints): the
    /// message of a diagnostic, the force and rule of a breach.
    pub key: String,
}

/// Where the text of a questionnaire can be found by the file's name (the caller reads it).
pub type Sources<'s> = &'s dyn Fn(&str) -> Option<String>;

/// A source lookup that knows no text (breaches then point at line 1).
pub fn no_sources(_: &str) -> Option<String> {
    None
}

/// The annotations of a `score` run, in the order of the inputs.
pub fn of_score(run: &Run<'_>, sources: Sources<'_>) -> Vec<Annotation> {
    let mut out = Vec::new();
    let mut failures = run.failures.iter().peekable();
    for (position, entry) in run.entries.iter().enumerate() {
        while let Some(failure) = failures.next_if(|f| f.position <= position) {
            out.extend(of_failure(failure));
        }
        if entry.breaches.is_empty() {
            continue;
        }
        let a = &entry.assessed;
        let text = sources(&a.origin);
        for breach in &entry.breaches {
            // A coverage rule is about the questions left unanswered: it points at the table.
            let coverage = breach.rule.starts_with("--min-coverage");
            let drivers: Vec<&str> = a
                .explanation
                .get(breach.force)
                .drivers
                .iter()
                .filter(|d| !coverage && d.points > 0.0)
                .map(|d| d.id)
                .collect();
            out.push(of_breach(&a.origin, text.as_deref(), breach, &drivers));
        }
    }
    for failure in failures {
        out.extend(of_failure(failure));
    }
    out
}

/// The annotations of a `check` run: every problem of every invalid file.
pub fn of_check(files: &[Checked]) -> Vec<Annotation> {
    files
        .iter()
        .filter_map(|f| match f {
            Checked::Invalid(failure) => Some(of_failure(failure)),
            Checked::Valid { .. } => None,
        })
        .flatten()
        .collect()
}

/// The annotations of a `diff` run: the files that could not be read, then every breach at
/// the force's table in the new file.
pub fn of_diff(run: &DiffRun<'_>, sources: Sources<'_>) -> Vec<Annotation> {
    let mut out: Vec<Annotation> = run.failures.iter().flat_map(of_failure).collect();
    let changed = run.entries.iter().map(|e| (e.diff.new.origin.as_str(), &e.breaches));
    let added = run.added.iter().map(|a| (a.snapshot.origin.as_str(), &a.breaches));
    for (origin, breaches) in changed.chain(added) {
        if breaches.is_empty() {
            continue;
        }
        let text = sources(origin);
        for breach in breaches {
            out.push(of_breach(origin, text.as_deref(), breach, &[]));
        }
    }
    out
}

/// Every problem of a file that could not be scored.
pub fn of_failure(failure: &Failure) -> Vec<Annotation> {
    failure
        .diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(" (help: ");
                message.push_str(help);
                message.push(')');
            }
            Annotation {
                file: d.file.clone(),
                line: d.line.unwrap_or(1),
                column: d.column,
                end_line: d.end_line,
                end_column: d.end_column,
                severity: Severity::Error,
                check: d.code.id().to_owned(),
                title: format!("{} {}", d.code.id(), d.code_name),
                message,
                key: d.message.clone(),
            }
        })
        .collect()
}

/// How many driving answers a breach's message names.
const NAMED_DRIVERS: usize = 3;

fn of_breach(origin: &str, text: Option<&str>, breach: &Breach, drivers: &[&str]) -> Annotation {
    let force = breach.force;
    let located: Vec<(&str, Place)> =
        drivers.iter().filter_map(|id| Some((*id, answer_place(text?, force, id)?))).take(NAMED_DRIVERS).collect();
    let place = located
        .first()
        .map(|(_, p)| *p)
        .or_else(|| text.and_then(|t| table_place(t, force)))
        .unwrap_or(Place { line: 1, column: None, end_line: None, end_column: None });
    let mut message = format!("threshold breached: {}", breach.message);
    if !located.is_empty() {
        let named: Vec<String> = located.iter().map(|(id, p)| format!("`{id}` (line {})", p.line)).collect();
        message.push_str("; driven most by ");
        message.push_str(&named.join(", "));
    }
    Annotation {
        file: origin.to_owned(),
        line: place.line,
        column: place.column,
        end_line: place.end_line,
        end_column: place.end_column,
        severity: Severity::Error,
        check: "threshold".to_owned(),
        title: format!("threshold {}", force.key()),
        message,
        key: format!("{} {}", force.key(), breach.rule),
    }
}

#[derive(Debug, Clone, Copy)]
struct Place {
    line: usize,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

impl Place {
    fn of(text: &str, span: Range<usize>) -> Place {
        let start = Location::of(text, span.start);
        let end = Location::of(text, span.end);
        Place { line: start.line, column: Some(start.column), end_line: Some(end.line), end_column: Some(end.column) }
    }
}

/// Where `[force] id = …` is written: from the id to the end of its value.
fn answer_place(text: &str, force: Force, id: &str) -> Option<Place> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let table = doc.get(force.key())?.as_table_like()?;
    let (key, item) = table.get_key_value(id)?;
    let start = key.span()?.start;
    let end = item.span().map_or_else(|| key.span().map_or(start, |s| s.end), |s| s.end);
    Some(Place::of(text, start..end))
}

/// Where the force's table starts (its `[force]` header).
fn table_place(text: &str, force: Force) -> Option<Place> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let (key, _) = doc.as_table().get_key_value(force.key())?;
    let span = key.span()?;
    Some(Place::of(text, span))
}

/// The line of the force's `[force]` table header in `text`, if it has one.
pub fn force_table_line(text: &str, force: Force) -> Option<usize> {
    table_place(text, force).map(|p| p.line)
}
