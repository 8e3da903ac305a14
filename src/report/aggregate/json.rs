//! `aggregate --format json`: the consensus, each assessor's scores, per force the spread and
//! agreement, per question the statistics and every answer with its note, and the top actions
//! for the consensus. Statistics have two decimals, scores are whole numbers. Locked by a test;
//! fields are only ever added.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "assessment": { "name": "Nimbus CRM", "assessor": "consensus of 3 assessors: …", "date": "2026-11-20", … },
//!   "agreement_index": { "name": "rwg(J)", "expected_variance": 2.0, "threshold": 0.7 },
//!   "contested_span": 2,
//!   "assessors": [ { "path": "…", "assessment": { … }, "scores": { "suppliers": 57, … } } ],
//!   "forces": { "buyers": { "score": 62, "band": "moderate", "coverage": 100, "answered": 9, "questions": 9,
//!                           "assessors": 3, "sd": 9.5, "min": 52, "max": 71, "rated_questions": 9,
//!                           "rwg_j": 0.83, "agreement": true }, … },
//!   "questions": [ { "force": "buyers", "id": "low_switching", "statement": "…", "n": 3, "mean": 3.67,
//!                    "sd": 1.53, "min": 2, "max": 5, "rwg": 0.0, "contested": true,
//!                    "answers": [ { "path": "…", "score": 2, "note": "…" } ] } ],
//!   "actions": [ { "rank": 1, "id": "…", … } ]
//! }
//! ```

use serde::Serialize;

use super::Consensus;
use crate::analysis::aggregate::{AGREEMENT_THRESHOLD, Aggregate, EXPECTED_VARIANCE, QuestionStats};
use crate::analysis::score::Band;
use crate::force::Force;
use crate::report::assessment::json::{
    ActionJson, AssessmentJson, ContextJson, Forces, LeftOutJson, actions_json, left_out_json, pretty,
};

/// Version of the aggregate JSON shape; raised only when a field changes meaning or goes away.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    format_version: u32,
    assessment: AssessmentJson<'a>,
    agreement_index: IndexJson,
    contested_span: u8,
    assessors: Vec<AssessorJson<'a>>,
    forces: Forces<ForceJson>,
    questions: Vec<QuestionJson<'a>>,
    context: Option<ContextJson>,
    context_disagreements: Vec<DisagreementJson<'a>>,
    actions: Vec<ActionJson<'a>>,
    left_out: Vec<LeftOutJson<'a>>,
}

#[derive(Serialize)]
struct DisagreementJson<'a> {
    key: &'static str,
    answers: Vec<DisagreeingJson<'a>>,
}

#[derive(Serialize)]
struct DisagreeingJson<'a> {
    assessor: &'a str,
    values: &'a [&'static str],
}

#[derive(Serialize)]
struct IndexJson {
    name: &'static str,
    expected_variance: f64,
    threshold: f64,
}

#[derive(Serialize)]
struct AssessorJson<'a> {
    path: &'a str,
    assessment: AssessmentJson<'a>,
    scores: Forces<Option<u8>>,
}

#[derive(Serialize)]
struct ForceJson {
    score: Option<u8>,
    band: Option<&'static str>,
    coverage: u8,
    answered: usize,
    questions: usize,
    assessors: usize,
    sd: Option<f64>,
    min: Option<u8>,
    max: Option<u8>,
    rated_questions: usize,
    rwg_j: Option<f64>,
    agreement: Option<bool>,
}

#[derive(Serialize)]
struct QuestionJson<'a> {
    force: &'static str,
    id: &'a str,
    statement: &'a str,
    n: usize,
    mean: Option<f64>,
    sd: Option<f64>,
    min: Option<u8>,
    max: Option<u8>,
    rwg: Option<f64>,
    contested: bool,
    answers: Vec<RatingJson<'a>>,
}

#[derive(Serialize)]
struct RatingJson<'a> {
    path: &'a str,
    score: u8,
    note: Option<&'a str>,
}

/// Two decimals, as every statistic is shown.
fn round2(value: Option<f64>) -> Option<f64> {
    value.map(|v| (v * 100.0).round() / 100.0)
}

fn force(agg: &Aggregate<'_>, force: Force) -> ForceJson {
    let f = agg.profile.get(force);
    let a = agg.forces.get(force);
    ForceJson {
        score: f.score,
        band: f.band().map(Band::key),
        coverage: f.coverage,
        answered: f.answered,
        questions: f.questions,
        assessors: a.spread.map_or(0, |s| s.n),
        sd: round2(a.spread.and_then(|s| s.sd)),
        min: a.spread.map(|s| s.min),
        max: a.spread.map(|s| s.max),
        rated_questions: a.rated,
        rwg_j: round2(a.rwg_j),
        agreement: a.agrees(),
    }
}

fn question<'a>(agg: &'a Aggregate<'_>, q: &'a QuestionStats<'_>) -> QuestionJson<'a> {
    QuestionJson {
        force: q.question.force.key(),
        id: &q.question.id,
        statement: &q.question.statement,
        n: q.n(),
        mean: round2(q.mean),
        sd: round2(q.sd),
        min: q.min().map(crate::Likert::get),
        max: q.max().map(crate::Likert::get),
        rwg: round2(q.rwg),
        contested: q.contested,
        answers: q
            .ratings
            .iter()
            .filter_map(|r| {
                Some(RatingJson {
                    path: &agg.assessors.get(r.assessor)?.origin,
                    score: r.score.get(),
                    note: r.note.as_deref(),
                })
            })
            .collect(),
    }
}

/// The consensus as pretty JSON.
pub fn render(consensus: &Consensus<'_>) -> Result<String, crate::report::ReportError> {
    let agg = &consensus.aggregate;
    pretty(&Report {
        format_version: FORMAT_VERSION,
        assessment: AssessmentJson::of(&agg.assessment),
        agreement_index: IndexJson {
            name: "rwg(J)",
            expected_variance: EXPECTED_VARIANCE,
            threshold: AGREEMENT_THRESHOLD,
        },
        contested_span: agg.contested_span,
        assessors: agg
            .assessors
            .iter()
            .map(|a| AssessorJson {
                path: &a.origin,
                assessment: AssessmentJson::of(&a.questionnaire.assessment),
                scores: Forces::from_fn(|f| a.profile.get(f).score),
            })
            .collect(),
        forces: Forces::from_fn(|f| force(agg, f)),
        questions: agg.questions.iter().map(|q| question(agg, q)).collect(),
        context: agg.context.map(ContextJson::of),
        context_disagreements: agg
            .context_disagreements
            .iter()
            .map(|d| DisagreementJson {
                key: d.key.key(),
                answers: d.answers.iter().map(|(who, values)| DisagreeingJson { assessor: who, values }).collect(),
            })
            .collect(),
        actions: actions_json(&consensus.plan.chosen),
        left_out: left_out_json(&consensus.plan),
    })
}
