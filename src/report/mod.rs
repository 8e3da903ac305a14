//! Renderers: each output format in its own module, each a pure function from a scored run to
//! a `String`. The binary decides where the strings go.
//!
//! `jsonl` and `csv` also render one questionnaire at a time ([`stream_header`],
//! [`stream_entry`]), so a large batch can be written as it is scored without being held in
//! memory; the whole-run rendering is the same pieces joined, so both paths give the same
//! bytes.

use std::fmt::Write as _;

pub mod aggregate;
pub mod annotations;
pub mod assessment;
pub mod catalog;
pub mod check;
pub mod diff;
pub mod format;
pub mod layout;
pub mod parts;

pub use crate::source::inert::inert;
pub use format::ReportFormat;

use assessment::{csv, html, json, junit, markdown, table};

use crate::analysis::assess::Assessed;
use crate::analysis::rank::RankedAction;
use crate::analysis::score::ForceScore;
use crate::analysis::threshold::{Breach, Thresholds};
use crate::data::bank::QuestionBank;
use crate::source::diagnostic::{Diagnostic, InvalidFile};
use crate::source::files::InputError;

/// Version of the JSON and JSONL report shape (and of `check --format json`); raised only when
/// a field changes meaning or goes away, or a new kind of element appears where scripts
/// expect reports (new fields may appear at any time). Version 2: the files that could not be
/// scored are in the report too, as `"valid": false` elements with their coded problems.
pub const JSON_FORMAT_VERSION: u32 = 2;

/// A report that could not be rendered. Rendering to memory does not fail for the text the
/// renderers produce, but if it ever did the run must stop and say so rather than write an
/// empty or truncated report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The CSV writer failed.
    #[error("cannot write the CSV report: {0}")]
    Csv(#[from] ::csv::Error),
    /// The CSV writer could not hand back what it wrote.
    #[error("cannot write the CSV report: {0}")]
    CsvFlush(String),
    /// The JUnit XML could not be serialised.
    #[error("cannot write the JUnit report: {0}")]
    Junit(#[from] quick_junit::SerializeError),
    /// A JSON report could not be serialised.
    #[error("cannot write the JSON report: {0}")]
    Json(#[from] serde_json::Error),
    /// A rendered report was not UTF-8 text.
    #[error("cannot write the report: it is not UTF-8 text ({0})")]
    NotText(#[from] std::string::FromUtf8Error),
}

/// The output formats of `fiveforces score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Tables for a terminal (one file in detail, several files one row each)
    Table,
    /// Pretty JSON: one object per questionnaire, an array for a batch
    Json,
    /// One compact JSON object per line, written as each questionnaire is scored
    Jsonl,
    /// One row per questionnaire, for spreadsheets
    Csv,
    /// GitHub-flavoured Markdown for job summaries and merge-request comments
    #[value(alias = "md")]
    Markdown,
    /// One self-contained HTML page with a chart per questionnaire
    Html,
    /// JUnit XML: a test suite per questionnaire, a failing test case per breached force
    Junit,
    /// GitHub Actions workflow commands: an annotation per problem and per breach
    Github,
    /// GitLab Code Quality JSON: a merge-request finding per problem and per breach
    Gitlab,
}

impl ReportFormat for Format {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Table => &["txt"],
            Format::Json => &["json"],
            Format::Jsonl => &["jsonl", "ndjson"],
            Format::Csv => &["csv"],
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm"],
            Format::Junit => &["xml"],
            Format::Github | Format::Gitlab => &[],
        }
    }
}

impl Format {
    /// Whether the format is always written one questionnaire at a time.
    pub const fn streams(self) -> bool {
        matches!(self, Format::Jsonl | Format::Csv)
    }

    /// Whether the format is written one questionnaire at a time in a run that is a batch
    /// (`batch`) or not: JSON streams its array in a batch (a single file is one object).
    pub const fn streams_in(self, batch: bool) -> bool {
        self.streams() || (batch && matches!(self, Format::Json))
    }
}

/// One scored questionnaire and the thresholds it breaches.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'p> {
    /// The scores and ranked actions.
    pub assessed: Assessed<'p>,
    /// The `--fail-on` / `--min-coverage` rules it crosses.
    pub breaches: Vec<Breach>,
}

/// An input that could not be scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The file as the user named it.
    pub origin: String,
    /// What is wrong, one line per problem (`file:line:column: error[FF101]: message (help)`).
    pub message: String,
    /// Every problem, as data.
    pub diagnostics: Vec<Diagnostic>,
    /// How many scored questionnaires come before it in path order, so that reports that list
    /// both keep the order of the inputs (see [`Failure::after`]).
    pub position: usize,
}

impl Failure {
    /// The failure, placed after `position` scored questionnaires.
    #[must_use]
    pub fn after(mut self, position: usize) -> Self {
        self.position = position;
        self
    }
}

impl From<&InputError> for Failure {
    fn from(err: &InputError) -> Self {
        Failure {
            origin: err.origin().to_owned(),
            message: err.to_string(),
            diagnostics: vec![Diagnostic::from(err)],
            position: 0,
        }
    }
}

impl From<&InvalidFile> for Failure {
    fn from(invalid: &InvalidFile) -> Self {
        Failure {
            origin: invalid.origin.clone(),
            message: invalid.to_string(),
            diagnostics: invalid.diagnostics(),
            position: 0,
        }
    }
}

/// Everything one run of `score` produced: what every format renders.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    /// Scored questionnaires, in path order.
    pub entries: Vec<Entry<'a>>,
    /// Inputs that could not be read or validated.
    pub failures: Vec<Failure>,
    /// Whether several files (or a folder) were asked for: JSON is then always an array and
    /// the table a one-row-per-file overview.
    pub batch: bool,
    /// The bank the questionnaires were validated against (for statements in reports).
    pub bank: &'a QuestionBank,
    /// The rules that were checked.
    pub thresholds: &'a Thresholds,
}

impl Run<'_> {
    /// What the run's reports depend on besides its questionnaires.
    pub fn setting(&self) -> parts::Setting<'_> {
        parts::Setting { batch: self.batch, bank: self.bank, thresholds: self.thresholds }
    }

    /// Every breach of every questionnaire.
    pub fn breaches(&self) -> impl Iterator<Item = (&Entry<'_>, &Breach)> {
        self.entries.iter().flat_map(|e| e.breaches.iter().map(move |b| (e, b)))
    }
}

/// How the terminal view may lay itself out: it is the only format that depends on where it
/// is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terminal {
    /// Columns available.
    pub width: u16,
    /// Whether to colour the bands.
    pub color: bool,
}

impl Terminal {
    /// A plain layout of a fixed width, as for a file or a pipe.
    pub const fn plain(width: u16) -> Self {
        Terminal { width, color: false }
    }
}

/// Renders a whole run; `terminal` only matters to the table.
pub fn render(format: Format, run: &Run<'_>, terminal: Terminal) -> Result<String, ReportError> {
    render_with_sources(format, run, terminal, &annotations::no_sources)
}

/// Renders a whole run; `sources` gives the annotation formats (github, gitlab) a file's text
/// to point a breach at the answers that drive it.
pub fn render_with_sources(
    format: Format,
    run: &Run<'_>,
    terminal: Terminal,
    sources: annotations::Sources<'_>,
) -> Result<String, ReportError> {
    Ok(match format {
        Format::Github => annotations::github::render(&annotations::of_score(run, sources)),
        Format::Gitlab => annotations::gitlab::render(&annotations::of_score(run, sources))?,
        Format::Table => table::render(run, terminal),
        Format::Json => json::render(run)?,
        Format::Markdown => markdown::render(run),
        Format::Html => html::render(run),
        Format::Junit => junit::render(run, sources)?,
        Format::Jsonl | Format::Csv => {
            let mut out = stream_header(format)?;
            let mut failures = run.failures.iter().peekable();
            for (position, entry) in run.entries.iter().enumerate() {
                while let Some(failure) = failures.next_if(|f| f.position <= position) {
                    out.extend(stream_failure(format, failure)?);
                }
                out.push_str(&stream_entry(format, entry)?);
            }
            for failure in failures {
                out.extend(stream_failure(format, failure)?);
            }
            out
        }
    })
}

/// What a streamed format writes before the first questionnaire (the CSV header).
pub fn stream_header(format: Format) -> Result<String, ReportError> {
    match format {
        Format::Csv => csv::header(),
        _ => Ok(String::new()),
    }
}

/// A file that could not be scored, in a streamed format: a JSON line or a JSON array's
/// element; `None` for CSV, whose rows are scored questionnaires only (and for formats that do
/// not stream). Written after [`stream_separator`].
pub fn stream_failure(format: Format, failure: &Failure) -> Result<Option<String>, ReportError> {
    match format {
        Format::Jsonl => json::failure_line(failure).map(Some),
        Format::Json => json::array_failure(failure).map(Some),
        _ => Ok(None),
    }
}

/// One questionnaire in a streamed format (a JSON line, a CSV row, a JSON array's element);
/// empty for other formats. Written after [`stream_separator`].
pub fn stream_entry(format: Format, entry: &Entry<'_>) -> Result<String, ReportError> {
    match format {
        Format::Jsonl => json::line(entry),
        Format::Csv => csv::row(entry),
        Format::Json => json::array_element(entry),
        _ => Ok(String::new()),
    }
}

/// What a streamed format writes before its element numbered `index` (from 0, counting the
/// failures it lists): the JSON array's bracket or comma; nothing for the line formats.
pub fn stream_separator(format: Format, index: usize) -> &'static str {
    match format {
        Format::Json => json::array_separator(index),
        _ => "",
    }
}

/// What a streamed format writes after its `count` elements: the JSON array's end.
pub fn stream_footer(format: Format, count: usize) -> &'static str {
    match format {
        Format::Json => json::array_end(count),
        _ => "",
    }
}

/// A force's score for people: the number, or `–` when unscored.
pub(crate) fn score_text(f: &ForceScore) -> String {
    f.score.map_or_else(|| "–".to_owned(), |s| s.to_string())
}

/// A force's band for people: `low`, `moderate`, `high` or `unscored`.
pub(crate) fn band_text(f: &ForceScore) -> &'static str {
    f.band().map_or("unscored", crate::analysis::score::Band::key)
}

/// `1 file`, `3 files`: a count with its noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A force's score with its tentative mark for people: `75`, `75?` when tentative, `–`.
pub(crate) fn score_mark(f: &ForceScore) -> String {
    if f.tentative() { format!("{}?", score_text(f)) } else { score_text(f) }
}

/// What the `?` beside a tentative score means, for a report's legend.
pub(crate) fn tentative_legend() -> String {
    format!(
        "? tentative: scored from less than {}% of the force's question weight; answer more of its questions.",
        crate::analysis::score::TENTATIVE_BELOW
    )
}

/// The strongest-force sentence: the strongest force scored on enough evidence, and any
/// tentative force scoring above it; `None` when nothing is scored.
pub(crate) fn strongest_sentence(profile: &crate::analysis::score::Profile) -> Option<String> {
    let thin: Vec<String> =
        profile.tentative_above_strongest().map(|f| format!("{} {}", f.force.label(), score_text(f))).collect();
    let share = crate::analysis::score::TENTATIVE_BELOW;
    match profile.strongest() {
        Some(top) => {
            let mut line = format!("Strongest force: {} ({}, {}).", top.force.label(), score_text(top), band_text(top));
            if !thin.is_empty() {
                let _ = write!(
                    line,
                    " Scoring higher but tentative (less than {share}% of its weight answered): {}.",
                    thin.join(", ")
                );
            }
            Some(line)
        }
        None if profile.all_tentative() => Some(format!(
            "No strongest force yet: every scored force is tentative (less than {share}% of its question weight \
             answered: {}). Answer more questions before acting on these scores.",
            thin.join(", ")
        )),
        None => None,
    }
}

/// The drivers of an action, e.g. `new entrants 81 ×3, rivalry 75 ×2`.
pub(crate) fn drivers_text(r: &RankedAction<'_>, separator: &str) -> String {
    if r.drivers.is_empty() {
        return "no scored force".to_owned();
    }
    r.drivers
        .iter()
        .map(|d| format!("{} {} ×{}", d.force.key().replace('_', " "), d.score, d.relevance))
        .collect::<Vec<_>>()
        .join(separator)
}

/// The business context for a report's header, or the line saying the advice is not fitted.
pub(crate) fn context_line(context: Option<&crate::questionnaire::Context>) -> String {
    match context.filter(|c| !c.is_empty()) {
        Some(context) => format!("Context: {}", context.summary()),
        None => crate::context::NOT_FITTED.to_owned(),
    }
}

/// How many actions were left out and why, in one line; `None` when none was.
pub(crate) fn left_out_line(plan: &crate::analysis::plan::Plan<'_>) -> Option<String> {
    if plan.left_out.is_empty() {
        return None;
    }
    let mut by_key: Vec<(crate::questionnaire::ContextKey, usize)> = Vec::new();
    for left in &plan.left_out {
        match by_key.iter_mut().find(|(k, _)| *k == left.need.key) {
            Some((_, count)) => *count += 1,
            None => by_key.push((left.need.key, 1)),
        }
    }
    by_key.sort();
    let listed: Vec<String> = by_key.iter().map(|(key, n)| format!("{n} by {}", key.aspect())).collect();
    let count = plan.left_out.len();
    let noun = if count == 1 { "action does" } else { "actions do" };
    Some(format!(
        "{count} {noun} not fit this business and are left out ({}); `--format json` lists each with its reason.",
        listed.join(", ")
    ))
}

/// Where a plan step sits: `step 2 of 4 of "The first post-sale visit"`, or `None`.
pub(crate) fn step_text(step: &crate::analysis::plan::PlanStep<'_>) -> Option<String> {
    step.procedure.map(|p| format!("step {} of {}: {}", p.step, p.of, p.procedure.title))
}
