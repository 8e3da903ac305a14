//! `aggregate --format table`: the consensus profile with the spread and agreement per force,
//! the contested questions to discuss, the questions too few assessors answered, and the top
//! actions for the consensus.

use std::fmt::Write as _;

use comfy_table::Cell;

use super::{
    Consensus, FORCE_LEGEND, agreement_text, answers_text, context_lines, full_id, range_text, sparse, two_decimals,
};
use crate::analysis::aggregate::QuestionStats;
use crate::report::assessment::table::{actions_table, align_right, band_cell, new_table};
use crate::report::{Terminal, band_text, inert, score_text};

/// The table view of a consensus.
pub fn render(consensus: &Consensus<'_>, terminal: Terminal) -> String {
    let agg = &consensus.aggregate;
    let mut out = String::new();
    let _ = writeln!(out, "{} — consensus of {} questionnaires", inert(&agg.assessment.name), agg.assessors.len());
    out.push_str("Assessors:\n");
    for a in &agg.assessors {
        let _ = writeln!(out, "  - {}: {}", inert(a.label()), inert(&a.origin));
    }
    if let Some(date) = &agg.assessment.date {
        let _ = writeln!(out, "Latest date: {date}");
    }
    for line in context_lines(agg) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');

    let mut forces = new_table(terminal);
    forces.set_header(["Force", "Consensus", "Band", "Coverage", "Range", "SD", "rwg(J)"]);
    for f in agg.profile.iter() {
        let agreement = agg.forces.get(f.force);
        forces.add_row(vec![
            Cell::new(f.force.label()),
            Cell::new(score_text(f)),
            band_cell(f.band(), band_text(f)),
            Cell::new(format!("{}% ({}/{})", f.coverage, f.answered, f.questions)),
            Cell::new(range_text(agreement)),
            Cell::new(two_decimals(agreement.spread.and_then(|s| s.sd))),
            Cell::new(format!("{}\n{} questions", agreement_text(agreement), agreement.rated)),
        ]);
    }
    align_right(&mut forces, &[1, 4, 5]);
    crate::report::layout::keep_words(&mut forces);
    let _ = writeln!(out, "{forces}\n{FORCE_LEGEND}");

    let contested: Vec<&QuestionStats<'_>> = agg.contested().collect();
    if contested.is_empty() {
        let _ = writeln!(out, "\nNo contested question ({}).", agg.contested_rule());
    } else {
        let _ =
            writeln!(out, "\nContested questions ({}): {}; discuss these first", contested.len(), agg.contested_rule());
        let mut table = new_table(terminal);
        table.set_header(["Question", "Answers", "Mean", "SD"]);
        for q in contested {
            table.add_row([
                format!("{}\n{}", inert(&full_id(q)), inert(&q.question.statement)),
                inert(&answers_text(agg, q, "\n")).into_owned(),
                two_decimals(q.mean),
                two_decimals(q.sd),
            ]);
        }
        align_right(&mut table, &[2, 3]);
        crate::report::layout::keep_words(&mut table);
        let _ = writeln!(out, "{table}");
    }
    for (what, list) in sparse(agg) {
        let ids: Vec<String> = list.iter().map(|q| inert(&full_id(q)).into_owned()).collect();
        let _ = writeln!(out, "\n{what} ({}): {}", ids.len(), ids.join(", "));
    }

    if !consensus.plan.chosen.is_empty() {
        let _ = writeln!(out, "\nTop {} post-sale actions for the consensus", consensus.plan.chosen.len());
        actions_table(&mut out, &consensus.plan.chosen, terminal);
    }
    if let Some(line) = crate::report::left_out_line(&consensus.plan) {
        let _ = writeln!(out, "{line}");
    }
    out.push_str("`--format markdown`, `json` or `html` list every question; `-o consensus.toml` writes the consensus as a questionnaire.\n");
    crate::report::layout::wrap(&out, terminal.width)
}
