//! `--format table`, the terminal view: for one questionnaire the force profile (score, band,
//! coverage and a bar) and the top actions with their priority and drivers; for a batch one
//! row per questionnaire. Not a stable surface for scripts: use JSON for that.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, Color, ContentArrangement, Table};

use crate::analysis::assess::Assessed;
use crate::analysis::plan::PlanStep;
use crate::analysis::rank::RankedAction;
use crate::analysis::score::{Band, ForceScore};
use crate::force::Force;
use crate::report::layout::{Column, fit, keep_words, wrap};
use crate::report::{
    Run, Terminal, band_text, context_line, drivers_text, inert, left_out_line, score_mark, step_text,
    strongest_sentence, tentative_legend,
};

pub mod batch;

const BAR_CELLS: usize = 20;

/// The table view: one questionnaire in detail, or a batch as one row each, then any
/// threshold breaches. `width` is the number of columns to fit (the terminal's, or a fixed
/// width when output is not a terminal). Nothing at all when nothing could be scored.
pub fn render(run: &Run<'_>, terminal: Terminal) -> String {
    let single = match run.entries.as_slice() {
        [] => return String::new(),
        [single] if !run.batch => single,
        entries => return batch::render(entries, terminal),
    };
    let mut out = single_view(&single.assessed, terminal);
    let breaches: Vec<String> =
        single.breaches.iter().map(|breach| format!("  {}", inert(&breach.to_string()))).collect();
    if !breaches.is_empty() {
        let _ = writeln!(out, "\nThresholds breached:\n{}", breaches.join("\n"));
    }
    wrap(&out, terminal.width)
}

pub(crate) fn new_table(terminal: Terminal) -> Table {
    let mut table = Table::new();
    if terminal.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
        .load_style(UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(terminal.width);
    table
}

fn single_view(a: &Assessed<'_>, terminal: Terminal) -> String {
    let details = &a.questionnaire.assessment;
    let mut out = String::new();
    // Every piece of text from the file is shown inert: no escape sequence reaches the terminal.
    let _ = write!(out, "{}", inert(&details.name));
    if let Some(industry) = &details.industry {
        let _ = write!(out, " — {}", inert(industry));
    }
    out.push('\n');
    let mut context = vec![inert(&a.origin).into_owned()];
    if let Some(scope) = &details.scope {
        context.push(inert(scope).into_owned());
    }
    let assessor = details.assessor.as_deref().map(inert);
    match (&assessor, &details.date) {
        (Some(who), Some(date)) => context.push(format!("assessed by {who} on {date}")),
        (Some(who), None) => context.push(format!("assessed by {who}")),
        (None, Some(date)) => context.push(format!("assessed on {date}")),
        (None, None) => {}
    }
    let _ = writeln!(out, "{}\n", context.join(" · "));

    let mut forces = new_table(terminal);
    forces.set_header(["Force", "Score", "Band", "Coverage", "Profile"]);
    for f in a.profile.iter() {
        forces.add_row(vec![
            Cell::new(f.force.label()),
            Cell::new(score_mark(f)),
            band_cell(f.band(), band_text(f)),
            Cell::new(f.coverage_text()),
            band_cell(f.band(), &bar(f)),
        ]);
    }
    align_right(&mut forces, &[1]);
    keep_words(&mut forces);
    let _ = writeln!(out, "{forces}");
    out.push_str("How each score came about (points of the score each answer accounts for):\n");
    for f in a.profile.iter().filter(|f| f.score.is_some()) {
        let _ = writeln!(out, "  {}: {}", f.force.label(), a.explanation.get(f.force).summary());
    }
    if a.profile.iter().any(ForceScore::tentative) {
        let _ = writeln!(out, "{}", tentative_legend());
    }
    match strongest_sentence(&a.profile) {
        Some(line) => {
            let _ = writeln!(out, "{line}");
        }
        None => out.push_str("No force is scored yet: answer some questions, then score again.\n"),
    }

    let _ = writeln!(out, "\n{}", context_line(a.questionnaire.context.as_ref()));
    if !a.plan.steps.is_empty() {
        let _ = writeln!(
            out,
            "\nFollow-up plan: the {} best actions for this profile, with their procedures, in journey order",
            a.plan.chosen.len()
        );
        plan_table(&mut out, &a.plan.steps, terminal);
    }
    if let Some(line) = left_out_line(&a.plan) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The plan's steps: when, what, priority and drivers, each procedure step marked. When the
/// table does not fit the width, the When column goes and each action says when instead.
fn plan_table(out: &mut String, steps: &[PlanStep<'_>], terminal: Terminal) {
    let build = |with_when: bool| {
        let mut when = Vec::new();
        let mut action = Vec::new();
        let mut priority = Vec::new();
        let mut drivers = Vec::new();
        for step in steps {
            let r = &step.ranked;
            let mut text = if with_when {
                format!("{}\n{}", inert(&r.action.title), inert(&r.action.id))
            } else {
                format!("{}: {}\n{}", r.action.when.label(), inert(&r.action.title), inert(&r.action.id))
            };
            if let Some(of) = step_text(step) {
                let _ = write!(text, "\n↳ {}", inert(&of));
            }
            when.push(r.action.when.label().to_owned());
            action.push(text);
            priority.push(if step.chosen { format!("{:.1}", r.priority()) } else { format!("{:.1}*", r.priority()) });
            drivers.push(unbroken_drivers(r));
        }
        let mut columns = Vec::new();
        if with_when {
            columns.push(Column::new("When", when).droppable(0));
        }
        columns.extend([
            Column::new("Action", action),
            Column::new("Priority", priority).right(),
            Column::new("Driven by", drivers),
        ]);
        let mut table = new_table(terminal);
        let dropped = fit(&mut table, columns, terminal.width);
        (table, dropped.is_empty())
    };
    let (table, whole) = build(true);
    let table = if whole { table } else { build(false).0 };
    let _ = writeln!(out, "{table}");
    if steps.iter().any(|s| !s.chosen) {
        out.push_str("* in the plan as a step of a chosen action's procedure, not for its own priority.\n");
    }
    out.push_str(DRIVEN_BY_LEGEND);
    out.push_str(
        "`fiveforces actions` shows what the source says for each action, what the tool suggests, and the source.\n",
    );
}

/// What the `×N` beside each driving force means.
pub(crate) const DRIVEN_BY_LEGEND: &str = "Driven by: each force's score and, after ×, the action's relevance to it, from 1 to 3 (3: it directly counters the force).\n";

/// The drivers one per line, each kept whole on its line (`new entrants 70 ×2`).
pub(crate) fn unbroken_drivers(r: &RankedAction<'_>) -> String {
    drivers_text(r, "\n").replace(' ', "\u{a0}")
}

/// The ranked actions with their priority and drivers, and where to read more. When the table
/// does not fit the width, the When column goes and each action says when instead.
pub(crate) fn actions_table(out: &mut String, ranked: &[RankedAction<'_>], terminal: Terminal) {
    let build = |with_when: bool| {
        let action = ranked
            .iter()
            .map(|r| {
                if with_when {
                    format!("{}\n{}", inert(&r.action.title), inert(&r.action.id))
                } else {
                    format!("{}: {}\n{}", r.action.when.label(), inert(&r.action.title), inert(&r.action.id))
                }
            })
            .collect();
        let mut columns = vec![
            Column::new("#", (1..=ranked.len()).map(|i| i.to_string()).collect()).right(),
            Column::new("Priority", ranked.iter().map(|r| format!("{:.1}", r.priority())).collect()).right(),
            Column::new("Action", action),
        ];
        if with_when {
            columns.push(
                Column::new("When", ranked.iter().map(|r| r.action.when.label().to_owned()).collect()).droppable(0),
            );
        }
        columns.push(Column::new("Driven by", ranked.iter().map(unbroken_drivers).collect()));
        let mut table = new_table(terminal);
        let dropped = fit(&mut table, columns, terminal.width);
        (table, dropped.is_empty())
    };
    let (table, whole) = build(true);
    let table = if whole { table } else { build(false).0 };
    let _ = writeln!(out, "{table}");
    out.push_str(DRIVEN_BY_LEGEND);
    out.push_str("`fiveforces actions` shows what to do for each action and where the advice comes from.\n");
}

pub(crate) fn short_label(force: Force) -> &'static str {
    match force {
        Force::Suppliers => "Suppl.",
        Force::Buyers => "Buyers",
        Force::Rivalry => "Rival.",
        Force::Substitutes => "Subst.",
        Force::NewEntrants => "Entry",
    }
}

/// A cell coloured by band (red high, yellow moderate, green low) when the table is styled.
pub(crate) fn band_cell(band: Option<Band>, text: &str) -> Cell {
    let cell = Cell::new(text);
    match band {
        Some(Band::High) => cell.fg(Color::Red),
        Some(Band::Moderate) => cell.fg(Color::DarkYellow),
        Some(Band::Low) => cell.fg(Color::Green),
        None => cell,
    }
}

pub(crate) fn band_letter(band: Band) -> &'static str {
    match band {
        Band::Low => "L",
        Band::Moderate => "M",
        Band::High => "H",
    }
}

pub(crate) fn align_right(table: &mut Table, columns: &[usize]) {
    for &index in columns {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// A force's score as a bar of 20 cells (dots when the force is unscored), as in the profile.
pub fn bar(f: &ForceScore) -> String {
    match f.score {
        Some(score) => {
            let filled = (usize::from(score) * BAR_CELLS + 50) / 100;
            format!("{}{}", "█".repeat(filled), "░".repeat(BAR_CELLS - filled))
        }
        None => "·".repeat(BAR_CELLS),
    }
}
