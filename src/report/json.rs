//! `--format json`: one object per questionnaire (an array for a batch), with plain field
//! names. The shape is locked by a test; fields are only ever added.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "path": "examples/saas-crm.toml",
//!   "assessment": { "name": "…", "industry": "…", "scope": null, "assessor": null, "date": "2026-10-15" },
//!   "forces": { "suppliers": { "score": 62, "band": "moderate", "coverage": 100, "answered": 9, "questions": 9 }, … },
//!   "strongest": "rivalry",
//!   "actions": [ { "rank": 1, "id": "…", "title": "…", "priority": 89.3, "category": "…", "when": "…",
//!                  "drivers": [ { "force": "rivalry", "relevance": 3, "score": 81, "contribution": 81.0 } ] } ]
//! }
//! ```

use serde::Serialize;

use crate::assess::Assessed;
use crate::force::Force;
use crate::report::JSON_FORMAT_VERSION;
use crate::score::ForceScore;

#[derive(Serialize)]
struct Report<'a> {
    format_version: u32,
    path: &'a str,
    assessment: AssessmentJson<'a>,
    forces: Forces,
    strongest: Option<&'static str>,
    actions: Vec<ActionJson<'a>>,
}

#[derive(Serialize)]
struct AssessmentJson<'a> {
    name: &'a str,
    industry: Option<&'a str>,
    scope: Option<&'a str>,
    assessor: Option<&'a str>,
    date: Option<&'a str>,
}

#[derive(Serialize)]
struct Forces {
    suppliers: ForceJson,
    buyers: ForceJson,
    rivalry: ForceJson,
    substitutes: ForceJson,
    new_entrants: ForceJson,
}

#[derive(Serialize)]
struct ForceJson {
    score: Option<u8>,
    band: Option<&'static str>,
    coverage: u8,
    answered: usize,
    questions: usize,
}

#[derive(Serialize)]
struct ActionJson<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    priority: f64,
    category: &'static str,
    when: &'static str,
    drivers: Vec<DriverJson>,
}

#[derive(Serialize)]
struct DriverJson {
    force: &'static str,
    relevance: u8,
    score: u8,
    contribution: f64,
}

fn force_json(f: &ForceScore) -> ForceJson {
    ForceJson {
        score: f.score,
        band: f.band().map(crate::score::Band::key),
        coverage: f.coverage,
        answered: f.answered,
        questions: f.questions,
    }
}

fn report<'a>(a: &'a Assessed<'_>) -> Report<'a> {
    let details = &a.questionnaire.assessment;
    let force = |f: Force| force_json(a.profile.get(f));
    Report {
        format_version: JSON_FORMAT_VERSION,
        path: &a.origin,
        assessment: AssessmentJson {
            name: &details.name,
            industry: details.industry.as_deref(),
            scope: details.scope.as_deref(),
            assessor: details.assessor.as_deref(),
            date: details.date.as_deref(),
        },
        forces: Forces {
            suppliers: force(Force::Suppliers),
            buyers: force(Force::Buyers),
            rivalry: force(Force::Rivalry),
            substitutes: force(Force::Substitutes),
            new_entrants: force(Force::NewEntrants),
        },
        strongest: a.profile.strongest().map(|f| f.force.key()),
        actions: a
            .actions
            .iter()
            .enumerate()
            .map(|(i, r)| ActionJson {
                rank: i + 1,
                id: &r.action.id,
                title: &r.action.title,
                priority: r.priority(),
                category: r.action.category.key(),
                when: r.action.when.key(),
                drivers: r
                    .drivers
                    .iter()
                    .map(|d| DriverJson {
                        force: d.force.key(),
                        relevance: d.relevance,
                        score: d.score,
                        contribution: f64::from(d.contribution_tenths) / 10.0,
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Pretty JSON: an object for a single questionnaire, an array when `batch` is set.
pub fn render(assessed: &[Assessed<'_>], batch: bool) -> String {
    let reports: Vec<Report<'_>> = assessed.iter().map(report).collect();
    let text = match reports.as_slice() {
        [single] if !batch => serde_json::to_string_pretty(single),
        _ => serde_json::to_string_pretty(&reports),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut text = text.unwrap_or_default();
    text.push('\n');
    text
}
