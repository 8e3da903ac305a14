//! `--format markdown`: GitHub-flavoured Markdown, ready to append to `$GITHUB_STEP_SUMMARY` or
//! to post as a merge-request comment. A batch opens with an overview table; each
//! questionnaire gets its force table and its ranked actions with their drivers. User text is
//! escaped so that it can neither break a table nor inject HTML or links.

use std::fmt::Write as _;

use crate::analysis::plan::PlanStep;
use crate::analysis::rank::RankedAction;
use crate::report::parts::{Piece, Setting, Totals};
use crate::report::{
    Entry, Failure, Run, band_text, context_line, drivers_text, left_out_line, score_mark, step_text,
    strongest_sentence, tentative_legend,
};

/// Escapes user text for a GFM table cell or paragraph; control characters are shown inert (a
/// Markdown file is read in a terminal too).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buffer = [0; 4];
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push_str(&crate::report::inert(c.encode_utf8(&mut buffer))),
        }
    }
    out
}

/// The whole run as Markdown.
pub fn render(run: &Run<'_>) -> String {
    // Rendering to memory does not fail for Markdown.
    crate::report::parts::render(crate::report::Format::Markdown, run, &crate::report::annotations::no_sources)
        .unwrap_or_default()
}

/// A questionnaire's pieces: its breaches (part 0), its overview row in a batch (part 2) and
/// its section (part 3). Part 1 is the failed files.
pub(crate) fn pieces(setting: Setting<'_>, entry: &Entry<'_>) -> Vec<Piece> {
    let origin = code_span(&entry.assessed.origin);
    let mut breaches = String::new();
    for breach in &entry.breaches {
        let _ = writeln!(breaches, "- {origin}: {}", escape(&breach.message));
    }
    let mut pieces = vec![Piece::new(0, breaches)];
    if setting.batch {
        pieces.push(Piece::new(2, overview_row(entry)));
    }
    let mut text = String::new();
    section(&mut text, entry);
    pieces.push(Piece::new(3, text));
    pieces
}

/// A failed file's line in the list of files that could not be scored (part 1).
pub(crate) fn failure_piece(failure: &Failure) -> Piece {
    Piece::new(1, format!("- {}\n", escape(&failure.message)))
}

/// The title, the breach callout's head, the failed files' head, the overview's head and the
/// ends of each, from the run's counts.
pub(crate) fn frames(setting: Setting<'_>, totals: &Totals) -> Vec<String> {
    let mut head = String::from("# Five Forces assessment\n\n");
    head.push_str(&caution_head(totals.breaches));
    let mut after_breaches = String::from(if totals.breaches > 0 { "\n" } else { "" });
    after_breaches.push_str(&failures_head(totals.failures, "scored"));
    let overview = setting.batch && totals.entries > 0;
    let mut after_failures = String::from(if totals.failures > 0 { "\n" } else { "" });
    if overview {
        after_failures.push_str(OVERVIEW_HEAD);
    }
    let after_overview = if overview { "\n" } else { "" }.to_owned();
    let end = if totals.entries == 0 && totals.failures == 0 { "No questionnaire was scored.\n" } else { "" };
    vec![head, after_breaches, after_failures, after_overview, end.to_owned()]
}

/// The callout that opens a list of `count` breaches (nothing when there are none).
fn caution_head(count: usize) -> String {
    if count == 0 {
        return String::new();
    }
    format!("> [!CAUTION]\n> **{} not met**\n\n", crate::report::count(count, "threshold", "thresholds"))
}

/// The line that opens a list of `count` files that could not be `done` (nothing when none).
fn failures_head(count: usize, done: &str) -> String {
    if count == 0 {
        return String::new();
    }
    format!("**{} could not be {done}:**\n\n", crate::report::count(count, "file", "files"))
}

/// The breaches (one list item each, already escaped) as a caution callout, then the files that
/// could not be `done` (scored, compared).
pub(crate) fn problems(out: &mut String, breaches: &[String], failures: &[Failure], done: &str) {
    out.push_str(&caution_head(breaches.len()));
    if !breaches.is_empty() {
        let _ = writeln!(out, "{}\n", breaches.join("\n"));
    }
    out.push_str(&failures_head(failures.len(), done));
    if !failures.is_empty() {
        for failure in failures {
            out.push_str(&failure_piece(failure).text);
        }
        out.push('\n');
    }
}

const OVERVIEW_HEAD: &str = "| Questionnaire | Suppliers | Buyers | Rivalry | Substitutes | New entrants | Top action |\n|---|--:|--:|--:|--:|--:|---|\n";

fn overview_row(entry: &Entry<'_>) -> String {
    let a = &entry.assessed;
    let mut cells = vec![format!("{}<br>`{}`", escape(&a.questionnaire.assessment.name), code(&a.origin))];
    cells.extend(a.profile.iter().map(|f| format!("{} {}", score_mark(f), band_text(f))));
    cells.push(
        a.plan.chosen.first().map_or_else(|| "–".to_owned(), |r| format!("`{}` ({:.1})", r.action.id, r.priority())),
    );
    format!("| {} |\n", cells.join(" | "))
}

fn section(out: &mut String, entry: &Entry<'_>) {
    let a = &entry.assessed;
    let details = &a.questionnaire.assessment;
    let _ = writeln!(out, "## {}\n", escape(&details.name));
    let mut meta = vec![code_span(&a.origin)];
    meta.extend(details.industry.iter().chain(&details.scope).map(|t| escape(t)));
    if let Some(who) = &details.assessor {
        meta.push(format!("assessed by {}", escape(who)));
    }
    if let Some(date) = &details.date {
        meta.push(format!("on {date}"));
    }
    let _ = writeln!(out, "{}\n", meta.join(" · "));
    out.push_str("| Force | Score | Band | Coverage |\n|---|--:|---|--:|\n");
    for f in a.profile.iter() {
        let band = if f.tentative() { format!("{} (tentative)", band_text(f)) } else { band_text(f).to_owned() };
        let _ = writeln!(out, "| {} | {} | {band} | {} |", f.force.label(), score_mark(f), f.coverage_text());
    }
    if a.profile.iter().any(crate::analysis::score::ForceScore::tentative) {
        let _ = writeln!(out, "\n{}", tentative_legend());
    }
    out.push('\n');
    out.push_str("How each score came about (points of the score each answer accounts for):\n\n");
    for f in a.profile.iter().filter(|f| f.score.is_some()) {
        let _ = writeln!(out, "- **{}**: {}", f.force.label(), escape(&a.explanation.get(f.force).summary()));
    }
    out.push('\n');
    if let Some(line) = strongest_sentence(&a.profile) {
        let _ = writeln!(out, "{line}\n");
    }
    for breach in &entry.breaches {
        let _ = writeln!(out, "- :x: threshold breached: {}", escape(&breach.message));
    }
    if !entry.breaches.is_empty() {
        out.push('\n');
    }
    // Only the tool's own words and the context's fixed values: nothing to escape.
    let _ = writeln!(out, "{}\n", context_line(a.questionnaire.context.as_ref()));
    if !a.plan.steps.is_empty() {
        let _ = writeln!(
            out,
            "**Follow-up plan**: the {} best actions for this profile, with their procedures, in journey order.\n",
            a.plan.chosen.len()
        );
        plan_list(out, &a.plan.steps);
    }
    if let Some(line) = left_out_line(&a.plan) {
        let _ = writeln!(out, "{}\n", escape(&line));
    }
}

/// The plan, phase by phase: each step with its priority, drivers, procedure, what the source
/// says, what the tool suggests, and the source by title.
fn plan_list(out: &mut String, steps: &[PlanStep<'_>]) {
    let mut phase = None;
    for (i, step) in steps.iter().enumerate() {
        let r = &step.ranked;
        if phase != Some(r.action.when) {
            phase = Some(r.action.when);
            let _ = writeln!(out, "{}*{}*\n", if i == 0 { "" } else { "\n" }, capitalised(r.action.when.label()));
        }
        let joined = if step.chosen { String::new() } else { ", with its procedure".to_owned() };
        let _ = write!(
            out,
            "{}. **{}** (`{}`): priority **{:.1}**{joined}. Driven by {}.",
            i + 1,
            escape(&r.action.title),
            r.action.id,
            r.priority(),
            drivers_text(r, ", "),
        );
        if let Some(of) = step_text(step) {
            let _ = write!(out, " *{}.*", capitalised(&escape(&of)));
        }
        let _ = write!(out, "  \n   The source: {}", escape(&r.action.what));
        if let Some(example) = &r.action.example {
            let _ = write!(out, "  \n   The tool suggests: {}", escape(example));
        }
        let _ = writeln!(out, "  \n   From *{}*.", escape(&r.action.source.shown()));
    }
    out.push('\n');
}

/// The text with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The ranked actions as a numbered list: title, id, priority, when, drivers and what to do.
pub(crate) fn actions_list(out: &mut String, actions: &[RankedAction<'_>]) {
    for (i, r) in actions.iter().enumerate() {
        let _ = writeln!(
            out,
            "{}. **{}** (`{}`): priority **{:.1}**, {}. Driven by {}.  \n   The source: {}  \n   From *{}*.",
            i + 1,
            escape(&r.action.title),
            r.action.id,
            r.priority(),
            r.action.when.label(),
            drivers_text(r, ", "),
            escape(&r.action.what),
            escape(&r.action.source.shown())
        );
    }
    out.push('\n');
}

/// Text for inside a code span: backticks cannot be escaped there, so they are dropped, and a
/// pipe is escaped so that the table survives.
/// `text` as a Markdown code span outside a table: shown exactly as it is (no HTML or Markdown
/// escaping, which a code span would show literally: `R&D_team/acme#1.toml`), fenced with more
/// backticks than the longest run inside it, padded with a space where it starts or ends with a
/// backtick; line breaks become spaces and control characters are shown inert.
pub fn code_span(text: &str) -> String {
    let text = crate::report::inert(&text.replace(['\n', '\r'], " ")).into_owned();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') || text.trim().is_empty() { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

pub(crate) fn code(text: &str) -> String {
    crate::report::inert(&text.replace('`', "").replace('|', "\\|").replace(['\n', '\r'], " ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{code_span, escape};

    #[test]
    fn a_code_span_shows_its_text_exactly() {
        assert_eq!(code_span("R&D_team/acme#1.toml"), "`R&D_team/acme#1.toml`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        assert_eq!(code_span("a\nb"), "`a b`");
    }

    #[test]
    fn user_text_cannot_break_a_table_or_inject_html() {
        assert_eq!(escape("a|b\nc <script>"), "a\\|b<br>c &lt;script&gt;");
        assert_eq!(escape("[x](http://e)"), "\\[x\\](http://e)");
    }
}
