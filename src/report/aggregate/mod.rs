//! Renderers of `fiveforces aggregate`: a panel's consensus with the disagreements on the table.
//! `table` for a terminal, `markdown` for a wiki or a merge request, `json` for scripts (its
//! shape is locked by a test) and `html` for the room (a radar of the consensus over each
//! assessor's profile). The consensus as a questionnaire file is
//! [`Aggregate::consensus_toml`](crate::analysis::aggregate::Aggregate::consensus_toml).

pub mod html;
pub mod json;
pub mod markdown;
pub mod table;

use crate::analysis::aggregate::{Aggregate, ForceAgreement, QuestionStats};
use crate::analysis::plan::Plan;
use crate::report::Terminal;

/// The report formats of `fiveforces aggregate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Tables for a terminal
    Table,
    /// GitHub-flavoured Markdown
    #[value(alias = "md")]
    Markdown,
    /// Pretty JSON for scripts
    Json,
    /// One self-contained HTML page: the consensus radar drawn over each assessor's profile
    Html,
}

impl crate::report::ReportFormat for Format {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Table => &["txt"],
            Format::Markdown => &["md", "markdown"],
            Format::Json => &["json"],
            Format::Html => &["html", "htm"],
        }
    }
}

/// A panel combined, with the top actions of its consensus: what every format renders.
#[derive(Debug, Clone, PartialEq)]
pub struct Consensus<'a> {
    /// The panel's statistics.
    pub aggregate: Aggregate<'a>,
    /// The follow-up plan for the consensus scores and the context the panel agrees on.
    pub plan: Plan<'a>,
}

/// Renders the consensus; `terminal` only matters to the table.
pub fn render(
    format: Format,
    consensus: &Consensus<'_>,
    terminal: Terminal,
) -> Result<String, crate::report::ReportError> {
    Ok(match format {
        Format::Table => table::render(consensus, terminal),
        Format::Markdown => markdown::render(consensus),
        Format::Json => json::render(consensus)?,
        Format::Html => html::render(consensus),
    })
}

/// A statistic with two decimals, or `–`.
fn two_decimals(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

/// The assessors' lowest and highest score of a force: `50–64`, or `–`.
fn range_text(f: &ForceAgreement) -> String {
    f.spread.map_or_else(|| "–".to_owned(), |s| format!("{}–{}", s.min, s.max))
}

/// rwg(J) and what it means: `0.83 agree`, `0.41 no agreement`, or why there is none.
fn agreement_text(f: &ForceAgreement) -> String {
    match (f.rwg_j, f.agrees()) {
        (Some(r), Some(true)) => format!("{r:.2} agree"),
        (Some(r), _) => format!("{r:.2} no agreement"),
        _ => "– (no question answered twice)".to_owned(),
    }
}

/// Each assessor's answer to a question: `Ana 2, Ben 4, Chloé 5`.
fn answers_text(aggregate: &Aggregate<'_>, q: &QuestionStats<'_>, separator: &str) -> String {
    q.ratings
        .iter()
        .filter_map(|r| Some(format!("{} {}", aggregate.assessors.get(r.assessor)?.label(), r.score.get())))
        .collect::<Vec<_>>()
        .join(separator)
}

/// The questions too few assessors answered, each list with its heading: those only one
/// answered (no spread to measure), then those nobody answered. Empty lists are left out.
fn sparse<'q>(aggregate: &'q Aggregate<'_>) -> Vec<(&'static str, Vec<&'q QuestionStats<'q>>)> {
    [
        ("Answered by one assessor only, so no spread to measure", aggregate.single_answers().collect::<Vec<_>>()),
        ("Answered by nobody (missing, not counted)", aggregate.unanswered().collect()),
    ]
    .into_iter()
    .filter(|(_, list)| !list.is_empty())
    .collect()
}

/// A question's full id: `buyers.low_switching`.
fn full_id(q: &QuestionStats<'_>) -> String {
    format!("{}.{}", q.question.force.key(), q.question.id)
}

/// The consensus's context line, then one line per context key the assessors disagree on.
fn context_lines(aggregate: &Aggregate<'_>) -> Vec<String> {
    let mut lines = vec![crate::report::context_line(aggregate.context.as_ref())];
    for d in &aggregate.context_disagreements {
        let answers: Vec<String> =
            d.answers.iter().map(|(who, values)| format!("{who}: {}", values.join(", "))).collect();
        lines.push(format!(
            "The assessors disagree on `{}` ({}): the consensus leaves it out, so no action is left out on it.",
            d.key,
            answers.join("; ")
        ));
    }
    lines
}

/// What the force table's columns mean, in one paragraph.
const FORCE_LEGEND: &str = "Consensus: the force scored from the panel's mean answers. Range: the lowest and highest of the assessors' own scores; SD: their standard deviation. rwg(J): agreement over the force's questions that two or more assessors answered, from 0 (answers as varied as random ones) to 1 (everyone gave the same answers); 0.70 or more counts as agreement.";
