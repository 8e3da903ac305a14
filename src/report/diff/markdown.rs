//! `diff --format markdown`: a merge-request comment. It opens with what the change does to
//! the strategic position in one sentence per file ("This change raises buyer power from 52
//! to 71, moderate → high"), then the forces before and after, the top actions with how and
//! why they moved, and the answers that changed with their notes. User text is escaped.

use std::fmt::Write as _;

use super::{
    DiffRun, OneSided, answer_text, band_change_text, causes_text, delta_text, move_text, priority_text, score_or_dash,
    summary,
};
use crate::analysis::diff::{Diff, Move, Snapshot};
use crate::report::assessment::markdown::{code, escape, problems};

/// The whole comparison as Markdown.
pub fn render(run: &DiffRun<'_>) -> String {
    let mut out = String::from("# Five Forces: what changed\n\n");
    let breaches: Vec<String> =
        run.breaches().map(|(path, b)| format!("- `{}`: {}", code(path), escape(&b.message))).collect();
    problems(&mut out, &breaches, &run.failures, "compared");
    if run.folders {
        overview(&mut out, run);
    }
    for entry in &run.entries {
        if run.folders && !entry.diff.changed() {
            continue;
        }
        let _ = writeln!(out, "## {}\n", escape(&entry.diff.new.assessment.name));
        detail(&mut out, &entry.diff);
    }
    out
}

fn overview(out: &mut String, run: &DiffRun<'_>) {
    let _ = writeln!(out, "`{}` → `{}`\n", code(&run.old), code(&run.new));
    if run.entries.is_empty() && run.added.is_empty() && run.removed.is_empty() {
        out.push_str("No questionnaire was compared.\n\n");
        return;
    }
    out.push_str("| File | Status | What changed |\n|---|---|---|\n");
    for entry in &run.entries {
        let status = if entry.diff.changed() { "changed" } else { "unchanged" };
        let what = if entry.diff.changed() { escape(&summary(&entry.diff)) } else { "–".to_owned() };
        let _ = writeln!(out, "| `{}` | {status} | {what} |", code(&entry.path));
    }
    for (one, status) in run.added.iter().map(|a| (a, "added")).chain(run.removed.iter().map(|r| (r, "removed"))) {
        let _ = writeln!(out, "| `{}` | {status} | {} |", code(&one.path), scores(one));
    }
    out.push('\n');
}

/// A one-sided file's name and scores: `Acme: suppliers 57, buyers 45, …`.
fn scores(one: &OneSided) -> String {
    let forces: Vec<String> = one
        .snapshot
        .profile
        .iter()
        .map(|f| format!("{} {}", f.force.key().replace('_', " "), score_or_dash(f.score)))
        .collect();
    format!("{}: {}", escape(&one.snapshot.assessment.name), forces.join(", "))
}

fn detail(out: &mut String, diff: &Diff<'_>) {
    let side = |s: &Snapshot| match &s.assessment.date {
        Some(date) => format!("`{}` ({date})", code(&s.origin)),
        None => format!("`{}`", code(&s.origin)),
    };
    let _ = writeln!(out, "{} → {}\n", side(&diff.old), side(&diff.new));
    let _ = writeln!(out, "{}\n", summary(diff));
    out.push_str("| Force | Before | After | Change | Band |\n|---|--:|--:|--:|---|\n");
    for f in &diff.forces.0 {
        let bold = |changed: bool, text: String| if changed { format!("**{text}**") } else { text };
        let delta = bold(f.changed(), delta_text(f));
        let band = bold(f.band_changed(), band_change_text(f));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {delta} | {band} |",
            f.force.label(),
            score_or_dash(f.before.score),
            score_or_dash(f.after.score)
        );
    }
    out.push('\n');

    if !diff.actions.is_empty() {
        let _ = writeln!(out, "**Top {} post-sale actions**\n", diff.top);
        out.push_str("| # | Action | Priority | Move | Because |\n|--:|---|--:|---|---|\n");
        for m in &diff.actions {
            let rank = if m.movement == Move::Left { "–".to_owned() } else { m.after.rank.to_string() };
            let movement = match m.movement {
                Move::Same => move_text(m, diff.top),
                _ => format!("**{}**", move_text(m, diff.top)),
            };
            let _ = writeln!(
                out,
                "| {rank} | {} (`{}`) | {} | {movement} | {} |",
                escape(&m.action.title),
                m.action.id,
                priority_text(m),
                causes_text(&m.because, "<br>")
            );
        }
        out.push('\n');
    }

    if diff.answers.is_empty() {
        out.push_str("No answer changed.\n\n");
        return;
    }
    let _ = writeln!(out, "**Answers that changed ({})**\n", diff.answers.len());
    out.push_str("| Question | Before | After | Notes |\n|---|--:|--:|---|\n");
    for change in &diff.answers {
        let q = change.question;
        let notes = match (change.note_before(), change.note_after()) {
            (before, after) if before == after => after.map(escape).unwrap_or_default(),
            (before, after) => {
                let line = |label: &str, note: Option<&str>| note.map(|n| format!("{label}: {}", escape(n)));
                [line("before", before), line("after", after)].into_iter().flatten().collect::<Vec<_>>().join("<br>")
            }
        };
        let _ = writeln!(
            out,
            "| {}: {} (`{}`, {}) | {} | {} | {notes} |",
            q.force.label(),
            escape(&q.statement),
            q.id,
            change.kind().key(),
            answer_text(change.before.as_ref()),
            answer_text(change.after.as_ref())
        );
    }
    out.push('\n');
}
