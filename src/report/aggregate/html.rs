//! `aggregate --format html`: one self-contained page for the room. A radar of the consensus
//! drawn over each assessor's own profile (dashed, one colour each), the force table with
//! spread and agreement, the contested questions with every answer and note, every question,
//! and the top actions for the consensus. Same style and guarantees as the `score` page: no
//! scripts, fonts or anything fetched; maud escapes every piece of user text.

use maud::{Markup, html};

use super::{Consensus, FORCE_LEGEND, agreement_text, answers_text, full_id, range_text, sparse, two_decimals};
use crate::analysis::aggregate::{Aggregate, QuestionStats};
use crate::analysis::score::Profile;
use crate::force::Force;
use crate::report::assessment::html::{actions, band, page, radar_with};
use crate::report::score_text;

/// The colours of the assessors' outlines, in order (repeated for a large panel).
/// Assessors' colours: none of them a blue, so none is mistaken for the consensus (dark blue,
/// filled, drawn thicker).
const PALETTE: [&str; 7] = ["#c2410c", "#2f855a", "#7c3aed", "#b7791f", "#be185d", "#4b5563", "#65a30d"];

fn colour(index: usize) -> &'static str {
    PALETTE.get(index % PALETTE.len()).copied().unwrap_or("#4b5563")
}

/// The consensus as one HTML page.
pub fn render(consensus: &Consensus<'_>) -> String {
    let agg = &consensus.aggregate;
    let title = format!("Five Forces consensus: {}", agg.assessment.name);
    let subtitle = format!("consensus of {} questionnaires", agg.assessors.len());
    let details: Vec<&str> =
        [agg.assessment.industry.as_deref(), agg.assessment.scope.as_deref(), agg.assessment.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
    let overlays: Vec<(&str, &Profile)> =
        agg.assessors.iter().enumerate().map(|(i, a)| (colour(i), &a.profile)).collect();
    let contested: Vec<&QuestionStats<'_>> = agg.contested().collect();
    let body = html! {
        @if !details.is_empty() { p.meta { (details.join(" · ")) } }
        @for line in super::context_lines(agg) { p.muted { (line) } }
        h2 { "Assessors" }
        div.scroll { table {
            thead { tr { th {} th { "Assessor" } th { "File" } @for force in Force::ALL { th.num { (force.label()) } } } }
            tbody {
                @for (i, a) in agg.assessors.iter().enumerate() {
                    tr {
                        td { span style={ "display:inline-block;width:18px;height:3px;vertical-align:middle;background:" (colour(i)) } {} }
                        td { (a.label()) }
                        td { code { (a.origin) } }
                        @for f in a.profile.iter() { td.num { (score_text(f)) } }
                    }
                }
            }
        } }
        h2 { "Consensus" }
        div.profile {
            (radar_with(&agg.profile, &overlays))
            div.scroll { table {
                thead { tr { th { "Force" } th.num { "Consensus" } th { "Band" } th.num { "Range" } th.num { "SD" } th { "rwg(J)" } } }
                tbody {
                    @for f in agg.profile.iter() {
                        @let a = agg.forces.get(f.force);
                        tr {
                            td { (f.force.label()) }
                            td.num { (score_text(f)) }
                            td { (band(f)) }
                            td.num { (range_text(a)) }
                            td.num { (two_decimals(a.spread.and_then(|s| s.sd))) }
                            td { (agreement_text(a)) br; span.muted { (a.rated) " questions" } }
                        }
                    }
                }
            } }
        }
        p.muted { (FORCE_LEGEND) " The filled dark-blue shape is the consensus; each dashed outline is one assessor, in the colour of the table above." }
        @if contested.is_empty() {
            p { "No contested question (" (agg.contested_rule()) ")." }
        } @else {
            div.alert {
                h2 { (crate::report::count(contested.len(), "contested question", "contested questions")) ": discuss these first" }
                p { "Contested: " (agg.contested_rule()) "." }
                (question_table(agg, &contested, true))
            }
        }
        @for (what, list) in sparse(agg) { (id_list(what, &list)) }
        h3 { "Every question" }
        (question_table(agg, &agg.questions.iter().collect::<Vec<_>>(), false))
        @if !consensus.plan.chosen.is_empty() {
            h3 { "Top " (consensus.plan.chosen.len()) " post-sale actions for the consensus" }
            (actions(&consensus.plan.chosen))
        }
    };
    page(&title, &subtitle, &body)
}

fn question_table(agg: &Aggregate<'_>, questions: &[&QuestionStats<'_>], with_notes: bool) -> Markup {
    html! { div.scroll { (question_rows(agg, questions, with_notes)) } }
}

fn question_rows(agg: &Aggregate<'_>, questions: &[&QuestionStats<'_>], with_notes: bool) -> Markup {
    html! {
        table {
            thead {
                tr {
                    th { "Force" } th { "Statement" } th.num { "n" } th { "Answers" } th.num { "Mean" } th.num { "SD" } th.num { "rwg" }
                    @if with_notes { th { "Notes" } } @else { th {} }
                }
            }
            tbody {
                @for q in questions {
                    tr {
                        td { (q.question.force.label()) }
                        td { (q.question.statement) br; code { (q.question.id) } }
                        td.num { (q.n()) }
                        td { (answers_text(agg, q, ", ")) }
                        td.num { (two_decimals(q.mean)) }
                        td.num { (two_decimals(q.sd)) }
                        td.num { (two_decimals(q.rwg)) }
                        @if with_notes {
                            td {
                                @for r in &q.ratings {
                                    @if let (Some(note), Some(who)) = (&r.note, agg.assessors.get(r.assessor)) {
                                        strong { (who.label()) ", answer " (r.score.get()) ": " } (note) br;
                                    }
                                }
                            }
                        } @else {
                            td { @if q.contested { span class="band high" { "contested" } } }
                        }
                    }
                }
            }
        }
    }
}

fn id_list(what: &str, questions: &[&QuestionStats<'_>]) -> Markup {
    html! {
        p {
            (what) " (" (questions.len()) "): "
            @for (i, q) in questions.iter().enumerate() {
                @if i > 0 { ", " }
                code { (full_id(q)) }
            }
        }
    }
}
