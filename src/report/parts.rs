//! Reports written in parts: how `markdown`, `html` and `junit` are written one questionnaire
//! at a time although what they show first (the breaches, the files that failed, a batch
//! overview, JUnit's totals) depends on every questionnaire.
//!
//! Each of these formats is a fixed number of parts (for Markdown: the breaches, the failed
//! files, the overview rows, the sections). Each questionnaire gives a [`Piece`] of text for
//! some of the parts, and each failed file one for its part; what goes around the parts (a
//! heading with a count, a table's head, the page's frame) is rendered at the end from the
//! [`Totals`] counted along the way. The binary keeps each part in a temporary file while a
//! batch runs, so memory stays flat however many files it has; rendering a whole run in
//! memory is the same pieces joined, so both give the same bytes.

use crate::analysis::threshold::Thresholds;
use crate::data::bank::QuestionBank;
use crate::report::annotations::Sources;
use crate::report::assessment::{html, junit, markdown};
use crate::report::{Entry, Failure, Format, ReportError, Run};

/// What a run's reports depend on besides its questionnaires.
#[derive(Debug, Clone, Copy)]
pub struct Setting<'a> {
    /// Whether several files (or a folder) were asked for.
    pub batch: bool,
    /// The bank the questionnaires were validated against.
    pub bank: &'a QuestionBank,
    /// The rules that were checked.
    pub thresholds: &'a Thresholds,
}

/// Text for one part of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Which part, from 0.
    pub part: usize,
    /// The text.
    pub text: String,
    /// Whether the text names its questionnaire's position in the report (an HTML anchor),
    /// which only the writer knows: see [`Piece::write_placed`].
    pub numbered: bool,
}

impl Piece {
    pub(crate) fn new(part: usize, text: String) -> Self {
        Piece { part, text, numbered: false }
    }

    pub(crate) fn numbered(part: usize, text: String) -> Self {
        Piece { part, text, numbered: true }
    }

    /// Writes the text, for the questionnaire at `position` (from 0) among those scored, without
    /// copying it: a numbered piece is written around its number.
    pub fn write_placed<W: std::io::Write>(&self, out: &mut W, position: usize) -> std::io::Result<()> {
        match html::numbered_at(&self.text).filter(|_| self.numbered) {
            Some((open, rest)) => {
                out.write_all(open.as_bytes())?;
                write!(out, "{}", position + 1)?;
                out.write_all(rest.as_bytes())
            }
            None => out.write_all(self.text.as_bytes()),
        }
    }
}

/// The counts over a whole run that the text around the parts shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Questionnaires scored.
    pub entries: usize,
    /// Files that could not be scored.
    pub failures: usize,
    /// Thresholds breached, over all questionnaires.
    pub breaches: usize,
    /// Forces with at least one breach (JUnit's failing test cases).
    pub failing_forces: usize,
    /// The name of the first questionnaire (the title of a one-file HTML page).
    pub first_name: Option<String>,
}

impl Totals {
    /// Counts a scored questionnaire.
    pub fn add_entry(&mut self, entry: &Entry<'_>) {
        if self.entries == 0 {
            self.first_name = Some(entry.assessed.questionnaire.assessment.name.clone());
        }
        self.entries += 1;
        self.breaches += entry.breaches.len();
        self.failing_forces +=
            entry.assessed.profile.iter().filter(|f| entry.breaches.iter().any(|b| b.force == f.force)).count();
    }

    /// The counts of one questionnaire (e.g. made where it was scored, to be added with
    /// [`Totals::extend`] where the results come together).
    pub fn of_entry(entry: &Entry<'_>) -> Self {
        let mut totals = Totals::default();
        totals.add_entry(entry);
        totals
    }

    /// Adds the counts of what comes after what was counted so far.
    pub fn extend(&mut self, later: Totals) {
        if self.entries == 0 {
            self.first_name = later.first_name;
        }
        self.entries += later.entries;
        self.failures += later.failures;
        self.breaches += later.breaches;
        self.failing_forces += later.failing_forces;
    }

    /// Counts a file that could not be scored.
    pub fn add_failure(&mut self) {
        self.failures += 1;
    }
}

/// How many parts `format` is written in; 0 for a format that is not written in parts.
pub const fn count(format: Format) -> usize {
    match format {
        Format::Markdown | Format::Html => 4,
        Format::Junit => 2,
        _ => 0,
    }
}

/// A scored questionnaire's pieces in `format`; `sources` gives a file's text (for JUnit's
/// line numbers).
pub fn of_entry(
    format: Format,
    setting: Setting<'_>,
    entry: &Entry<'_>,
    sources: Sources<'_>,
) -> Result<Vec<Piece>, ReportError> {
    Ok(match format {
        Format::Markdown => markdown::pieces(setting, entry),
        Format::Html => html::pieces(setting, entry),
        Format::Junit => vec![junit::entry_piece(entry, sources)?],
        _ => Vec::new(),
    })
}

/// A failed file's pieces in `format`.
pub fn of_failure(format: Format, failure: &Failure) -> Result<Vec<Piece>, ReportError> {
    Ok(match format {
        Format::Markdown => vec![markdown::failure_piece(failure)],
        Format::Html => vec![html::failure_piece(failure)],
        Format::Junit => vec![junit::failure_piece(failure)?],
        _ => Vec::new(),
    })
}

/// The text around the parts: before the first, between each two, after the last
/// ([`count`] + 1 strings).
pub fn frames(format: Format, setting: Setting<'_>, totals: &Totals) -> Result<Vec<String>, ReportError> {
    Ok(match format {
        Format::Markdown => markdown::frames(setting, totals),
        Format::Html => html::frames(setting, totals),
        Format::Junit => junit::frames(totals)?,
        _ => vec![String::new()],
    })
}

/// A whole run in a format written in parts, in memory.
pub fn render(format: Format, run: &Run<'_>, sources: Sources<'_>) -> Result<String, ReportError> {
    let setting = run.setting();
    let mut parts: Vec<Vec<u8>> = vec![Vec::new(); count(format)];
    let mut totals = Totals::default();
    // Writing to memory cannot fail.
    for (position, entry) in run.entries.iter().enumerate() {
        let _ = add(&mut parts, of_entry(format, setting, entry, sources)?, position);
        totals.add_entry(entry);
    }
    for failure in &run.failures {
        let _ = add(&mut parts, of_failure(format, failure)?, 0);
        totals.add_failure();
    }
    let mut frames = frames(format, setting, &totals)?.into_iter();
    let mut out = frames.next().unwrap_or_default();
    for (part, frame) in parts.into_iter().zip(frames) {
        out.push_str(&String::from_utf8(part)?);
        out.push_str(&frame);
    }
    Ok(out)
}

/// Appends each of a questionnaire's (or failed file's) `pieces` to its part, placed at
/// `position` among the scored questionnaires ([`Piece::write_placed`]).
pub fn add<W: std::io::Write>(parts: &mut [W], pieces: Vec<Piece>, position: usize) -> std::io::Result<()> {
    for piece in pieces {
        if let Some(part) = parts.get_mut(piece.part) {
            piece.write_placed(part, position)?;
        }
    }
    Ok(())
}
