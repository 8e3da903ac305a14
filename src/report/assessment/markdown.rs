//! `--format markdown`: GitHub-flavoured Markdown, ready to append to `$GITHUB_STEP_SUMMARY` or
//! to post as a merge-request comment. A batch opens with an overview table; each
//! questionnaire gets its force table and its ranked actions with their drivers. User text is
//! escaped so that it can neither break a table nor inject HTML or links.

use std::fmt::Write as _;

use crate::analysis::plan::PlanStep;
use crate::analysis::rank::RankedAction;
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
    let mut out = String::from("# Five Forces assessment\n\n");
    let breaches: Vec<String> =
        run.breaches().map(|(e, b)| format!("- {}: {}", code_span(&e.assessed.origin), escape(&b.message))).collect();
    problems(&mut out, &breaches, &run.failures, "scored");
    if run.batch && !run.entries.is_empty() {
        overview(&mut out, &run.entries);
    }
    for entry in &run.entries {
        section(&mut out, entry);
    }
    if run.entries.is_empty() && run.failures.is_empty() {
        out.push_str("No questionnaire was scored.\n");
    }
    out
}

/// The breaches (one list item each, already escaped) as a caution callout, then the files that
/// could not be `done` (scored, compared).
pub(crate) fn problems(out: &mut String, breaches: &[String], failures: &[Failure], done: &str) {
    if !breaches.is_empty() {
        let _ = writeln!(
            out,
            "> [!CAUTION]\n> **{} not met**\n",
            crate::report::count(breaches.len(), "threshold", "thresholds")
        );
        let _ = writeln!(out, "{}\n", breaches.join("\n"));
    }
    if !failures.is_empty() {
        let _ = writeln!(out, "**{} could not be {done}:**\n", crate::report::count(failures.len(), "file", "files"));
        for failure in failures {
            let _ = writeln!(out, "- {}", escape(&failure.message));
        }
        out.push('\n');
    }
}

fn overview(out: &mut String, entries: &[Entry<'_>]) {
    out.push_str("| Questionnaire | Suppliers | Buyers | Rivalry | Substitutes | New entrants | Top action |\n");
    out.push_str("|---|--:|--:|--:|--:|--:|---|\n");
    for entry in entries {
        let a = &entry.assessed;
        let mut cells = vec![format!("{}<br>`{}`", escape(&a.questionnaire.assessment.name), code(&a.origin))];
        cells.extend(a.profile.iter().map(|f| format!("{} {}", score_mark(f), band_text(f))));
        cells.push(
            a.plan
                .chosen
                .first()
                .map_or_else(|| "–".to_owned(), |r| format!("`{}` ({:.1})", r.action.id, r.priority())),
        );
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
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
