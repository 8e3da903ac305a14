//! `diff --format table`: for two files, the sentence of what changed, the forces before and
//! after, the top actions with their moves and causes, and the answers that changed; for two
//! folders an overview row per file first, then the same for each file that changed.

use std::fmt::Write as _;

use comfy_table::Cell;

use super::{
    DiffEntry, DiffRun, OneSided, answer_text, band_change_text, causes_text, delta_text, move_text, priority_text,
    score_or_dash, side_text, summary,
};
use crate::analysis::diff::{Diff, Move};
use crate::force::Force;
use crate::report::assessment::table::{align_right, band_cell, band_letter, new_table, short_label};
use crate::report::{Terminal, inert};

/// The table view of a comparison.
pub fn render(run: &DiffRun<'_>, terminal: Terminal) -> String {
    let mut out = String::new();
    if run.folders {
        overview(&mut out, run, terminal);
        for entry in run.entries.iter().filter(|e| e.diff.changed()) {
            let _ = write!(out, "\n── {} ──\n", entry.path);
            detail(&mut out, &entry.diff, terminal);
        }
    } else {
        for entry in &run.entries {
            detail(&mut out, &entry.diff, terminal);
        }
    }
    let breaches: Vec<String> = run
        .breaches()
        .map(|(path, breach)| if run.folders { format!("  {path}: {breach}") } else { format!("  {breach}") })
        .collect();
    if !breaches.is_empty() {
        let _ = writeln!(out, "\nThresholds breached:\n{}", breaches.join("\n"));
    }
    crate::report::layout::wrap(&out, terminal.width)
}

fn overview(out: &mut String, run: &DiffRun<'_>, terminal: Terminal) {
    let _ = writeln!(out, "{} → {}\n", run.old, run.new);
    let mut table = new_table(terminal);
    let mut header = vec!["File".to_owned(), "Status".to_owned()];
    header.extend(Force::ALL.map(|f| short_label(f).to_owned()));
    table.set_header(header);
    for entry in &run.entries {
        table.add_row(entry_row(entry));
    }
    for (one, status) in run.added.iter().map(|a| (a, "added")).chain(run.removed.iter().map(|r| (r, "removed"))) {
        table.add_row(one_sided_row(one, status));
    }
    for column in 2..2 + Force::ALL.len() {
        align_right(&mut table, &[column]);
    }
    let changed = run.entries.iter().filter(|e| e.diff.changed()).count();
    let _ = writeln!(
        out,
        "{table}\n{} compared: {changed} changed, {} unchanged, {} added, {} removed. Cells: old → new score (change), band letter H/M/L.",
        run.entries.len() + run.added.len() + run.removed.len(),
        run.entries.len() - changed,
        run.added.len(),
        run.removed.len()
    );
}

fn entry_row(entry: &DiffEntry<'_>) -> Vec<Cell> {
    let diff = &entry.diff;
    let mut cells = vec![
        Cell::new(format!("{}\n{}", inert(&entry.path), inert(&diff.new.assessment.name))),
        Cell::new(if diff.changed() { "changed" } else { "unchanged" }),
    ];
    cells.extend(diff.forces.0.iter().map(|f| {
        let letter = f.after.band().map_or("", band_letter);
        let text = if f.changed() {
            format!(
                "{} → {} {letter}\n({})",
                score_or_dash(f.before.score),
                score_or_dash(f.after.score),
                delta_text(f)
            )
        } else {
            format!("{} {letter}", score_or_dash(f.after.score))
        };
        band_cell(f.after.band(), text.trim_end())
    }));
    cells
}

fn one_sided_row(one: &OneSided, status: &str) -> Vec<Cell> {
    let mut cells =
        vec![Cell::new(format!("{}\n{}", inert(&one.path), inert(&one.snapshot.assessment.name))), Cell::new(status)];
    cells.extend(one.snapshot.profile.iter().map(|f| {
        let text = format!("{} {}", score_or_dash(f.score), f.band().map_or("", band_letter));
        band_cell(f.band(), text.trim_end())
    }));
    cells
}

fn detail(out: &mut String, diff: &Diff<'_>, terminal: Terminal) {
    let name = inert(&diff.new.assessment.name);
    let _ = writeln!(out, "{name}\n{} → {}\n", inert(&side_text(&diff.old)), inert(&side_text(&diff.new)));
    let _ = writeln!(out, "{}\n", summary(diff));

    let mut forces = new_table(terminal);
    forces.set_header(["Force", "Before", "After", "Change", "Band"]);
    for f in &diff.forces.0 {
        forces.add_row(vec![
            Cell::new(f.force.label()),
            Cell::new(score_or_dash(f.before.score)),
            Cell::new(score_or_dash(f.after.score)),
            Cell::new(delta_text(f)),
            band_cell(f.after.band(), &band_change_text(f)),
        ]);
    }
    align_right(&mut forces, &[1, 2, 3]);
    crate::report::layout::keep_words(&mut forces);
    let _ = writeln!(out, "{forces}");

    if !diff.actions.is_empty() {
        let _ = writeln!(out, "\nTop {} post-sale actions", diff.top);
        let mut actions = new_table(terminal);
        actions.set_header(["#", "Priority", "Action", "Move", "Because"]);
        for m in &diff.actions {
            let rank = if m.movement == Move::Left { "–".to_owned() } else { m.after.rank.to_string() };
            actions.add_row([
                rank,
                priority_text(m),
                format!("{}\n{}", inert(&m.action.title), inert(&m.action.id)),
                move_text(m, diff.top),
                causes_text(&m.because, "\n"),
            ]);
        }
        align_right(&mut actions, &[0, 1]);
        crate::report::layout::keep_words(&mut actions);
        let _ = writeln!(out, "{actions}");
    }

    if diff.answers.is_empty() {
        out.push_str("\nNo answer changed.\n");
        return;
    }
    let _ = writeln!(out, "\nAnswers that changed ({})", diff.answers.len());
    let mut answers = new_table(terminal);
    answers.set_header(["Question", "Before", "After", "Notes"]);
    for change in &diff.answers {
        let q = change.question;
        let notes = match (change.note_before(), change.note_after()) {
            (before, after) if before == after => after.unwrap_or_default().to_owned(),
            (None, Some(after)) => format!("now: {after}"),
            (Some(before), None) => format!("was: {before}"),
            (Some(before), Some(after)) => format!("was: {before}\nnow: {after}"),
            (None, None) => String::new(),
        };
        answers.add_row([
            format!("{}.{} ({})\n{}", q.force.key(), inert(&q.id), change.kind().key(), inert(&q.statement)),
            answer_text(change.before.as_ref()),
            answer_text(change.after.as_ref()),
            inert(&notes).into_owned(),
        ]);
    }
    align_right(&mut answers, &[1, 2]);
    crate::report::layout::keep_words(&mut answers);
    let _ = writeln!(out, "{answers}");
}
