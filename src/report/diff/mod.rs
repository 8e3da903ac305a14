//! Renderers of `fiveforces diff`: what changed between two questionnaires, or between two
//! folders of them matched by relative path. `table` for a terminal, `markdown` for a
//! merge-request comment, `json` for scripts (its shape is locked by a test).

pub mod json;
pub mod markdown;
pub mod table;

use crate::analysis::diff::{ActionMove, Cause, Diff, ForceChange, Move, Snapshot};
use crate::analysis::threshold::Breach;
use crate::force::Force;
use crate::questionnaire::{Answer, Context, ContextKey};
use crate::report::{Failure, Terminal};

/// The output formats of `fiveforces diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Tables for a terminal
    Table,
    /// GitHub-flavoured Markdown, for a merge-request comment or a job summary
    #[value(alias = "md")]
    Markdown,
    /// Pretty JSON for scripts
    Json,
    /// GitHub Actions workflow commands: an annotation per problem and per breach
    Github,
    /// GitLab Code Quality JSON: a merge-request finding per problem and per breach
    Gitlab,
}

impl crate::report::ReportFormat for Format {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Table => &["txt"],
            Format::Markdown => &["md", "markdown"],
            Format::Json => &["json"],
            Format::Github | Format::Gitlab => &[],
        }
    }
}

/// Two questionnaires compared, with the thresholds the change crosses.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffEntry<'a> {
    /// The file's path relative to the folders compared, or the new file as given.
    pub path: String,
    /// What changed.
    pub diff: Diff<'a>,
    /// The `--fail-on` rules crossed.
    pub breaches: Vec<Breach>,
}

/// A questionnaire on one side only of a folder comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct OneSided {
    /// Its path relative to the folder.
    pub path: String,
    /// Its scores.
    pub snapshot: Snapshot,
    /// The `--fail-on` level rules it crosses (for a file that is new).
    pub breaches: Vec<Breach>,
}

/// Everything one run of `diff` produced: what every format renders.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRun<'a> {
    /// The old file or folder as given (`-` for standard input).
    pub old: String,
    /// The new file or folder as given.
    pub new: String,
    /// Whether two folders were compared (rather than two files).
    pub folders: bool,
    /// How many actions count as the top.
    pub top: usize,
    /// The files on both sides, by path.
    pub entries: Vec<DiffEntry<'a>>,
    /// Files only in the new folder.
    pub added: Vec<OneSided>,
    /// Files only in the old folder.
    pub removed: Vec<OneSided>,
    /// Files that could not be read or validated.
    pub failures: Vec<Failure>,
}

impl DiffRun<'_> {
    /// Whether anything changed: an answer, a score, a place in the top N, or a file added or
    /// removed.
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty() || self.entries.iter().any(|e| e.diff.changed())
    }

    /// Every breach, with the path of its file.
    pub fn breaches(&self) -> impl Iterator<Item = (&str, &Breach)> {
        let entries = self.entries.iter().flat_map(|e| e.breaches.iter().map(move |b| (e.path.as_str(), b)));
        entries.chain(self.added.iter().flat_map(|a| a.breaches.iter().map(move |b| (a.path.as_str(), b))))
    }
}

/// Renders a run; `terminal` only matters to the table.
pub fn render(format: Format, run: &DiffRun<'_>, terminal: Terminal) -> Result<String, crate::report::ReportError> {
    render_with_sources(format, run, terminal, &crate::report::annotations::no_sources)
}

/// Renders a run; `sources` gives the annotation formats (github, gitlab) a file's text to
/// point a breach at its force's table.
pub fn render_with_sources(
    format: Format,
    run: &DiffRun<'_>,
    terminal: Terminal,
    sources: crate::report::annotations::Sources<'_>,
) -> Result<String, crate::report::ReportError> {
    use crate::report::annotations::{github, gitlab, of_diff};
    Ok(match format {
        Format::Github => github::render(&of_diff(run, sources)),
        Format::Gitlab => gitlab::render(&of_diff(run, sources))?,
        Format::Table => table::render(run, terminal),
        Format::Markdown => markdown::render(run),
        Format::Json => json::render(run)?,
    })
}

/// A force's name inside a sentence: "buyer power", "the threat of substitutes".
fn in_sentence(force: Force) -> String {
    let label = force.label().to_lowercase();
    if label.starts_with("threat") { format!("the {label}") } else { label }
}

/// One sentence on what the change does to the forces, e.g. "This change raises buyer power
/// from 52 to 71, moderate → high; lowers competitive rivalry from 75 to 70."
pub fn summary(diff: &Diff<'_>) -> String {
    let context = diff.context.as_ref().map(|(was, now)| context_clause(was.as_ref(), now.as_ref()));
    let clauses: Vec<String> = diff.changed_forces().map(clause).collect();
    let forces = if clauses.is_empty() {
        if diff.answers.is_empty() && diff.context.is_some() {
            "No answer and no force score changed.".to_owned()
        } else if diff.changed() {
            format!("No force score changed; {} did.", crate::report::count(diff.answers.len(), "answer", "answers"))
        } else {
            format!("No change: the same answers, scores and top {} actions.", diff.top)
        }
    } else {
        format!("This change {}.", clauses.join("; "))
    };
    match context {
        Some(context) => format!("{context} {forces}"),
        None => forces,
    }
}

/// The sentence on a change of business context, e.g. "The context changed: selling stores →
/// stores, online (the advice is fitted to the new one)."
fn context_clause(was: Option<&Context>, now: Option<&Context>) -> String {
    match (was, now) {
        (None, Some(now)) => {
            format!("The context was added ({}): the advice is now fitted to the business.", now.summary())
        }
        (Some(_), None) => "The context was removed: the advice is no longer fitted to the business.".to_owned(),
        (Some(was), Some(now)) => {
            let changes: Vec<String> = ContextKey::ALL
                .into_iter()
                .filter(|&k| was.get(k) != now.get(k))
                .map(|k| {
                    let side = |c: &Context| {
                        let names = c.names(k);
                        if names.is_empty() { "(not given)".to_owned() } else { names.join(", ") }
                    };
                    format!("{k} {} → {}", side(was), side(now))
                })
                .collect();
            format!("The context changed: {} (the actions are fitted to the new one).", changes.join("; "))
        }
        (None, None) => String::new(),
    }
}

fn clause(f: &ForceChange) -> String {
    let name = in_sentence(f.force);
    let band = |score: u8| crate::analysis::score::Band::of(score).key();
    match (f.before.score, f.after.score) {
        (Some(was), Some(now)) => {
            let verb = if now > was { "raises" } else { "lowers" };
            let bands = if f.band_changed() { format!(", {} → {}", band(was), band(now)) } else { String::new() };
            format!("{verb} {name} from {was} to {now}{bands}")
        }
        (None, Some(now)) => format!("scores {name} for the first time: {now}, {}", band(now)),
        (Some(was), None) => format!("leaves {name} unscored (it was {was}, {})", band(was)),
        (None, None) => format!("leaves {name} unscored"),
    }
}

/// A score or `–`.
fn score_or_dash(score: Option<u8>) -> String {
    score.map_or_else(|| "–".to_owned(), |s| s.to_string())
}

/// The change of score: `+19`, `-5`, `0`, or `–` when either side is unscored.
fn delta_text(f: &ForceChange) -> String {
    match f.delta() {
        Some(d) if d > 0 => format!("+{d}"),
        Some(d) => d.to_string(),
        None => "–".to_owned(),
    }
}

/// The band, or its change: `moderate`, `moderate → high`, `unscored → low`.
fn band_change_text(f: &ForceChange) -> String {
    let name = |b: Option<crate::analysis::score::Band>| b.map_or("unscored", crate::analysis::score::Band::key);
    if f.band_changed() {
        format!("{} → {}", name(f.before.band()), name(f.after.band()))
    } else {
        name(f.after.band()).to_owned()
    }
}

/// How an action moved, in words: `entered the top 5 (was #8)`, `up 2 (was #3)`.
fn move_text(m: &ActionMove<'_>, top: usize) -> String {
    match m.movement {
        Move::Entered => format!("entered the top {top} (was #{})", m.before.rank),
        Move::Left => format!("left the top {top} (now #{})", m.after.rank),
        Move::Up(n) => format!("up {n} (was #{})", m.before.rank),
        Move::Down(n) => format!("down {n} (was #{})", m.before.rank),
        Move::Same => "same place".to_owned(),
    }
}

/// The priority, with the old one when it changed: `74.0 (was 61.2)`.
fn priority_text(m: &ActionMove<'_>) -> String {
    if m.before.priority_tenths == m.after.priority_tenths {
        format!("{:.1}", m.after.priority())
    } else {
        format!("{:.1} (was {:.1})", m.after.priority(), m.before.priority())
    }
}

/// Why an action moved: the forces it addresses whose scores changed, e.g.
/// `buyers 52 → 71 ×3, rivalry 75 → 70 ×2`; otherwise the actions around it moved.
fn causes_text(causes: &[Cause], separator: &str) -> String {
    if causes.is_empty() {
        return "its forces are unchanged: the actions around it moved".to_owned();
    }
    causes
        .iter()
        .map(|c| {
            format!(
                "{} {} → {} ×{}",
                c.force.key().replace('_', " "),
                score_or_dash(c.before),
                score_or_dash(c.after),
                c.relevance
            )
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// An answer's score, or `–` when unanswered.
fn answer_text(answer: Option<&Answer>) -> String {
    answer.map_or_else(|| "–".to_owned(), |a| a.score.get().to_string())
}

/// A side's file with its date: `old.toml (2026-10-15)`.
fn side_text(side: &Snapshot) -> String {
    match &side.assessment.date {
        Some(date) => format!("{} ({date})", side.origin),
        None => side.origin.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::diff::compare;
    use crate::{Playbook, QuestionBank, Questionnaire};

    #[test]
    fn the_summary_names_each_force_that_moved_and_its_band() {
        let bank = QuestionBank::builtin();
        let playbook = Playbook::builtin();
        let parse = |text: &str| Questionnaire::parse("q.toml", text, &bank).expect("valid");
        let old = parse("[assessment]\nname = \"A\"\n[buyers]\nlow_switching = 3\n[rivalry]\nmany_rivals = 4\n");
        let new = parse(
            "[assessment]\nname = \"A\"\n[buyers]\nlow_switching = 5\n[rivalry]\nmany_rivals = 3\n[substitutes]\npropensity = 2\n",
        );
        let diff = compare(("a", &old), ("b", &new), &bank, &playbook, 5);
        assert_eq!(
            summary(&diff),
            "This change raises buyer power from 50 to 100, moderate → high; lowers competitive rivalry from 75 to 50, high → moderate; scores the threat of substitutes for the first time: 25, low."
        );
        let same = compare(("a", &old), ("a", &old), &bank, &playbook, 5);
        assert_eq!(summary(&same), "No change: the same answers, scores and top 5 actions.");
    }
}
