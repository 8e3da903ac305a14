//! `diff --format json`: one object, the same shape for two files and for two folders (two
//! files give one entry in `files`). Locked by a test; fields are only ever added.
//!
//! ```json
//! {
//!   "format_version": 1, "old": "-", "new": "assessments/acme.toml", "folders": false, "top": 5, "changed": true,
//!   "files": [ {
//!     "path": "assessments/acme.toml", "changed": true,
//!     "summary": "This change raises buyer power from 52 to 71, moderate → high.",
//!     "old": { "path": "<stdin>", "assessment": { "name": "Acme", … } }, "new": { … },
//!     "forces": { "buyers": { "before": 52, "after": 71, "delta": 19, "band_before": "moderate",
//!                             "band_after": "high", "coverage_before": 100, "coverage_after": 100 }, … },
//!     "actions": [ { "id": "…", "title": "…", "move": "entered", "rank_before": 8, "rank_after": 3,
//!                    "priority_before": 61.2, "priority_after": 74.0,
//!                    "because": [ { "force": "buyers", "relevance": 3, "before": 52, "after": 71 } ] } ],
//!     "answers": [ { "force": "buyers", "id": "low_switching", "statement": "…", "change": "changed",
//!                    "score_before": 2, "score_after": 4, "note_before": null, "note_after": "…" } ],
//!     "breaches": [ { "force": "buyers", "message": "…" } ]
//!   } ],
//!   "added": [ { "path": "…", "file": "…", "assessment": { … }, "forces": { … }, "breaches": [] } ],
//!   "removed": []
//! }
//! ```

use serde::Serialize;

use super::{DiffEntry, DiffRun, OneSided, summary};
use crate::analysis::diff::{ActionMove, ForceChange, Snapshot};
use crate::analysis::score::Band;
use crate::report::assessment::json::{
    AssessmentJson, BreachJson, ForceJson, Forces, breaches_json, force_json, pretty,
};

/// Version of the diff JSON shape; raised only when a field changes meaning or goes away.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    format_version: u32,
    old: &'a str,
    new: &'a str,
    folders: bool,
    top: usize,
    changed: bool,
    files: Vec<FileJson<'a>>,
    added: Vec<OneSidedJson<'a>>,
    removed: Vec<OneSidedJson<'a>>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    changed: bool,
    summary: String,
    old: SideJson<'a>,
    new: SideJson<'a>,
    forces: Forces<ForceChangeJson>,
    actions: Vec<MoveJson<'a>>,
    answers: Vec<AnswerJson<'a>>,
    breaches: Vec<BreachJson<'a>>,
}

#[derive(Serialize)]
struct SideJson<'a> {
    path: &'a str,
    assessment: AssessmentJson<'a>,
}

#[derive(Serialize)]
struct ForceChangeJson {
    before: Option<u8>,
    after: Option<u8>,
    delta: Option<i16>,
    band_before: Option<&'static str>,
    band_after: Option<&'static str>,
    coverage_before: u8,
    coverage_after: u8,
}

#[derive(Serialize)]
struct MoveJson<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(rename = "move")]
    movement: &'static str,
    rank_before: usize,
    rank_after: usize,
    priority_before: f64,
    priority_after: f64,
    because: Vec<CauseJson>,
}

#[derive(Serialize)]
struct CauseJson {
    force: &'static str,
    relevance: u8,
    before: Option<u8>,
    after: Option<u8>,
}

#[derive(Serialize)]
struct AnswerJson<'a> {
    force: &'static str,
    id: &'a str,
    statement: &'a str,
    change: &'static str,
    score_before: Option<u8>,
    score_after: Option<u8>,
    note_before: Option<&'a str>,
    note_after: Option<&'a str>,
}

#[derive(Serialize)]
struct OneSidedJson<'a> {
    path: &'a str,
    file: &'a str,
    assessment: AssessmentJson<'a>,
    forces: Forces<ForceJson>,
    breaches: Vec<BreachJson<'a>>,
}

fn side(snapshot: &Snapshot) -> SideJson<'_> {
    SideJson { path: &snapshot.origin, assessment: AssessmentJson::of(&snapshot.assessment) }
}

fn force_change(f: &ForceChange) -> ForceChangeJson {
    ForceChangeJson {
        before: f.before.score,
        after: f.after.score,
        delta: f.delta(),
        band_before: f.before.band().map(Band::key),
        band_after: f.after.band().map(Band::key),
        coverage_before: f.before.coverage,
        coverage_after: f.after.coverage,
    }
}

fn movement<'a>(m: &'a ActionMove<'_>) -> MoveJson<'a> {
    MoveJson {
        id: &m.action.id,
        title: &m.action.title,
        movement: m.movement.key(),
        rank_before: m.before.rank,
        rank_after: m.after.rank,
        priority_before: m.before.priority(),
        priority_after: m.after.priority(),
        because: m
            .because
            .iter()
            .map(|c| CauseJson { force: c.force.key(), relevance: c.relevance, before: c.before, after: c.after })
            .collect(),
    }
}

fn file<'a>(entry: &'a DiffEntry<'_>) -> FileJson<'a> {
    let diff = &entry.diff;
    FileJson {
        path: &entry.path,
        changed: diff.changed(),
        summary: summary(diff),
        old: side(&diff.old),
        new: side(&diff.new),
        forces: Forces::from_fn(|force| force_change(diff.forces.get(force))),
        actions: diff.actions.iter().map(movement).collect(),
        answers: diff
            .answers
            .iter()
            .map(|c| AnswerJson {
                force: c.question.force.key(),
                id: &c.question.id,
                statement: &c.question.statement,
                change: c.kind().key(),
                score_before: c.before.as_ref().map(|a| a.score.get()),
                score_after: c.after.as_ref().map(|a| a.score.get()),
                note_before: c.note_before(),
                note_after: c.note_after(),
            })
            .collect(),
        breaches: breaches_json(&entry.breaches),
    }
}

fn one_sided(one: &OneSided) -> OneSidedJson<'_> {
    OneSidedJson {
        path: &one.path,
        file: &one.snapshot.origin,
        assessment: AssessmentJson::of(&one.snapshot.assessment),
        forces: Forces::from_fn(|force| force_json(one.snapshot.profile.get(force))),
        breaches: breaches_json(&one.breaches),
    }
}

/// The comparison as pretty JSON.
pub fn render(run: &DiffRun<'_>) -> Result<String, crate::report::ReportError> {
    pretty(&Report {
        format_version: FORMAT_VERSION,
        old: &run.old,
        new: &run.new,
        folders: run.folders,
        top: run.top,
        changed: run.changed(),
        files: run.entries.iter().map(file).collect(),
        added: run.added.iter().map(one_sided).collect(),
        removed: run.removed.iter().map(one_sided).collect(),
    })
}
