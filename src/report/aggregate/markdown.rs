//! `aggregate --format markdown`: the consensus with the disagreements first. The force table
//! with spread and agreement, the contested questions with each assessor's answer and note,
//! every question in a collapsed section, and the top actions for the consensus. User text is
//! escaped.

use std::fmt::Write as _;

use super::{Consensus, FORCE_LEGEND, agreement_text, answers_text, full_id, range_text, sparse, two_decimals};
use crate::analysis::aggregate::{Aggregate, QuestionStats};
use crate::report::assessment::markdown::{actions_list, code, escape};
use crate::report::{band_text, score_text};

/// The consensus as Markdown.
pub fn render(consensus: &Consensus<'_>) -> String {
    let agg = &consensus.aggregate;
    let mut out = format!("# Five Forces consensus: {}\n\n", escape(&agg.assessment.name));
    let who: Vec<String> =
        agg.assessors.iter().map(|a| format!("{} (`{}`)", escape(a.label()), code(&a.origin))).collect();
    let _ = write!(out, "Consensus of {} questionnaires: {}.", agg.assessors.len(), who.join(", "));
    if let Some(date) = &agg.assessment.date {
        let _ = write!(out, " Latest date {date}.");
    }
    for line in super::context_lines(agg) {
        let _ = write!(out, "\n\n{}", escape(&line));
    }
    out.push_str("\n\n| Force | Consensus | Band | Coverage | Range | SD | rwg(J) |\n|---|--:|---|--:|--:|--:|---|\n");
    for f in agg.profile.iter() {
        let a = agg.forces.get(f.force);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {}% | {} | {} | {} ({} questions) |",
            f.force.label(),
            score_text(f),
            band_text(f),
            f.coverage,
            range_text(a),
            two_decimals(a.spread.and_then(|s| s.sd)),
            agreement_text(a),
            a.rated
        );
    }
    let _ = writeln!(out, "\n{FORCE_LEGEND}\n");

    let contested: Vec<&QuestionStats<'_>> = agg.contested().collect();
    if contested.is_empty() {
        let _ = writeln!(out, "No contested question ({}).\n", agg.contested_rule());
    } else {
        let _ = writeln!(
            out,
            "> [!WARNING]\n> **{}**: {}. Discuss these first.\n",
            crate::report::count(contested.len(), "contested question", "contested questions"),
            agg.contested_rule()
        );
        out.push_str("| Question | Answers | Mean | SD | Notes |\n|---|---|--:|--:|---|\n");
        for q in contested {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                question_cell(q),
                escape(&answers_text(agg, q, ", ")),
                two_decimals(q.mean),
                two_decimals(q.sd),
                notes(agg, q)
            );
        }
        out.push('\n');
    }
    for (what, list) in sparse(agg) {
        let ids: Vec<String> = list.iter().map(|q| format!("`{}`", full_id(q))).collect();
        let _ = writeln!(out, "{what}: {}.\n", ids.join(", "));
    }

    let _ = writeln!(out, "<details><summary>Every question ({})</summary>\n", agg.questions.len());
    out.push_str("| Question | n | Answers | Mean | SD | rwg | |\n|---|--:|---|--:|--:|--:|---|\n");
    for q in &agg.questions {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            question_cell(q),
            q.n(),
            escape(&answers_text(agg, q, ", ")),
            two_decimals(q.mean),
            two_decimals(q.sd),
            two_decimals(q.rwg),
            if q.contested { "**contested**" } else { "" }
        );
    }
    out.push_str("\n</details>\n\n");

    if !consensus.plan.chosen.is_empty() {
        let _ = writeln!(out, "**Top {} post-sale actions for the consensus**\n", consensus.plan.chosen.len());
        actions_list(&mut out, &consensus.plan.chosen);
    }
    out
}

/// A question for a table cell: `Buyer power: statement (`id`)`.
fn question_cell(q: &QuestionStats<'_>) -> String {
    format!("{}: {} (`{}`)", q.question.force.label(), escape(&q.question.statement), q.question.id)
}

/// The assessors' notes on a question, one per line: `Ana (2): …`.
fn notes(agg: &Aggregate<'_>, q: &QuestionStats<'_>) -> String {
    q.ratings
        .iter()
        .filter_map(|r| {
            let note = r.note.as_deref()?;
            Some(format!(
                "{}, answer {}: {}",
                escape(agg.assessors.get(r.assessor)?.label()),
                r.score.get(),
                escape(note)
            ))
        })
        .collect::<Vec<_>>()
        .join("<br>")
}
