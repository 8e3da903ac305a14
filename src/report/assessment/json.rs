//! `--format json` and `--format jsonl`: one object per questionnaire with plain field names.
//! JSON is pretty, an object for one questionnaire and an array for a batch; JSONL is one
//! compact object per line, written as each questionnaire is scored. A file that could not be
//! scored is an element too, in its place in path order, with `"valid": false` and its coded
//! problems (the same shape as `check --format json`). The shape is locked by a test; fields
//! are only ever added.
//!
//! ```json
//! {
//!   "format_version": 2,
//!   "path": "examples/saas-crm.toml",
//!   "valid": true,
//!   "assessment": { "name": "…", "industry": "…", "scope": null, "assessor": null, "date": "2026-10-15" },
//!   "forces": { "suppliers": { "score": 62, "band": "moderate", "coverage": 100, "answered": 9, "questions": 9 }, … },
//!   "strongest": "rivalry",
//!   "actions": [ { "rank": 1, "id": "…", "title": "…", "priority": 89.3, "category": "…", "when": "…",
//!                  "drivers": [ { "force": "rivalry", "relevance": 3, "score": 81, "contribution": 81.0 } ] } ],
//!   "breaches": [ { "force": "rivalry", "message": "competitive rivalry 81 (high) reached rivalry>=70" } ]
//! }
//! { "format_version": 2, "path": "bad.toml", "valid": false,
//!   "problems": [ { "file": "bad.toml", "line": 3, "column": 2, "end_line": 3, "end_column": 7,
//!                   "code": "FF101", "code_name": "unknown-table", "message": "unknown table `[buyer]`",
//!                   "label": "not a force or `assessment`", "help": "did you mean `buyers`?" } ] }
//! ```

use serde::Serialize;

use crate::analysis::rank::RankedAction;
use crate::analysis::score::ForceScore;
use crate::analysis::threshold::Breach;
use crate::force::Force;
use crate::questionnaire::Assessment;
use crate::report::{Entry, Failure, JSON_FORMAT_VERSION, ReportError, Run};
use crate::source::diagnostic::Diagnostic;

#[derive(Serialize)]
struct Report<'a> {
    format_version: u32,
    path: &'a str,
    valid: bool,
    assessment: AssessmentJson<'a>,
    forces: Forces<ForceJson>,
    strongest: Option<&'static str>,
    actions: Vec<ActionJson<'a>>,
    breaches: Vec<BreachJson<'a>>,
}

#[derive(Serialize)]
pub(crate) struct AssessmentJson<'a> {
    name: &'a str,
    industry: Option<&'a str>,
    scope: Option<&'a str>,
    assessor: Option<&'a str>,
    date: Option<&'a str>,
}

/// A value per force, serialised as an object keyed by force name in display order.
#[derive(Serialize)]
pub(crate) struct Forces<T> {
    suppliers: T,
    buyers: T,
    rivalry: T,
    substitutes: T,
    new_entrants: T,
}

impl<T> Forces<T> {
    /// Each force's value.
    pub(crate) fn from_fn(mut value: impl FnMut(Force) -> T) -> Self {
        Forces {
            suppliers: value(Force::Suppliers),
            buyers: value(Force::Buyers),
            rivalry: value(Force::Rivalry),
            substitutes: value(Force::Substitutes),
            new_entrants: value(Force::NewEntrants),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct ForceJson {
    score: Option<u8>,
    band: Option<&'static str>,
    coverage: u8,
    answered: usize,
    questions: usize,
}

#[derive(Serialize)]
pub(crate) struct ActionJson<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    priority: f64,
    category: &'static str,
    when: &'static str,
    drivers: Vec<DriverJson>,
}

#[derive(Serialize)]
struct DriverJson {
    force: &'static str,
    relevance: u8,
    score: u8,
    contribution: f64,
}

impl<'a> AssessmentJson<'a> {
    /// The details of an assessment.
    pub(crate) fn of(details: &'a Assessment) -> Self {
        AssessmentJson {
            name: &details.name,
            industry: details.industry.as_deref(),
            scope: details.scope.as_deref(),
            assessor: details.assessor.as_deref(),
            date: details.date.as_deref(),
        }
    }
}

/// The ranked actions, numbered from 1.
pub(crate) fn actions_json<'a>(ranked: &'a [RankedAction<'_>]) -> Vec<ActionJson<'a>> {
    ranked
        .iter()
        .enumerate()
        .map(|(i, r)| ActionJson {
            rank: i + 1,
            id: &r.action.id,
            title: &r.action.title,
            priority: r.priority(),
            category: r.action.category.key(),
            when: r.action.when.key(),
            drivers: r
                .drivers
                .iter()
                .map(|d| DriverJson {
                    force: d.force.key(),
                    relevance: d.relevance,
                    score: d.score,
                    contribution: f64::from(d.contribution_tenths) / 10.0,
                })
                .collect(),
        })
        .collect()
}

pub(crate) fn force_json(f: &ForceScore) -> ForceJson {
    ForceJson {
        score: f.score,
        band: f.band().map(crate::analysis::score::Band::key),
        coverage: f.coverage,
        answered: f.answered,
        questions: f.questions,
    }
}

fn report<'a>(entry: &'a Entry<'_>) -> Report<'a> {
    let a = &entry.assessed;
    Report {
        format_version: JSON_FORMAT_VERSION,
        path: &a.origin,
        valid: true,
        assessment: AssessmentJson::of(&a.questionnaire.assessment),
        forces: Forces::from_fn(|f| force_json(a.profile.get(f))),
        strongest: a.profile.strongest().map(|f| f.force.key()),
        actions: actions_json(&a.actions),
        breaches: breaches_json(&entry.breaches),
    }
}

#[derive(Serialize)]
pub(crate) struct BreachJson<'a> {
    force: &'static str,
    message: &'a str,
}

pub(crate) fn breaches_json(breaches: &[Breach]) -> Vec<BreachJson<'_>> {
    breaches.iter().map(|b| BreachJson { force: b.force.key(), message: &b.message }).collect()
}

/// Pretty JSON of any value, with a final newline.
pub(crate) fn pretty(value: &impl Serialize) -> Result<String, ReportError> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// A file that could not be read or validated, with every problem: an element of a JSON
/// report and of `check --format json`.
#[derive(Serialize)]
pub(crate) struct Invalid<'a> {
    format_version: u32,
    path: &'a str,
    valid: bool,
    problems: &'a [Diagnostic],
}

impl<'a> Invalid<'a> {
    pub(crate) fn new(path: &'a str, problems: &'a [Diagnostic]) -> Self {
        Invalid { format_version: JSON_FORMAT_VERSION, path, valid: false, problems }
    }
}

fn invalid(failure: &Failure) -> Invalid<'_> {
    Invalid::new(&failure.origin, &failure.diagnostics)
}

/// One element of the report: a scored questionnaire or a file that could not be scored.
#[derive(Serialize)]
#[serde(untagged)]
enum Element<'a> {
    Scored(Box<Report<'a>>),
    Invalid(Invalid<'a>),
}

/// Pretty JSON: an object for a single file, an array for a batch (`[]` when it is empty),
/// with the scored questionnaires and the files that could not be scored in path order.
pub fn render(run: &Run<'_>) -> Result<String, ReportError> {
    let mut elements = Vec::with_capacity(run.entries.len() + run.failures.len());
    let mut failures = run.failures.iter().peekable();
    for (position, entry) in run.entries.iter().enumerate() {
        while let Some(failure) = failures.next_if(|f| f.position <= position) {
            elements.push(Element::Invalid(invalid(failure)));
        }
        elements.push(Element::Scored(Box::new(report(entry))));
    }
    elements.extend(failures.map(|failure| Element::Invalid(invalid(failure))));
    match elements.as_slice() {
        [single] if !run.batch => pretty(single),
        _ => pretty(&elements),
    }
}

/// A file that could not be scored as one compact JSON line (JSONL).
pub fn failure_line(failure: &Failure) -> Result<String, ReportError> {
    compact_line(&invalid(failure))
}

/// One questionnaire as one compact JSON line (JSONL).
pub fn line(entry: &Entry<'_>) -> Result<String, ReportError> {
    compact_line(&report(entry))
}

fn compact_line(value: &impl Serialize) -> Result<String, ReportError> {
    // A line is 1–3 KB: sized once instead of grown from serde_json's 128 bytes.
    let mut bytes = Vec::with_capacity(4096);
    serde_json::to_writer(&mut bytes, value)?;
    bytes.push(b'\n');
    Ok(String::from_utf8(bytes)?)
}
