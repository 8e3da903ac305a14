//! The JSON outputs parsed into mirror structs that reject unknown fields: a renamed, removed
//! or added field fails here first, so scripts that read the JSON never break by surprise.
#![allow(dead_code)]

use std::fs;

use serde::Deserialize;

use crate::{fiveforces, stdout_of};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    format_version: u32,
    model: String,
    path: String,
    valid: bool,
    assessment: Assessment,
    forces: Forces,
    strongest: Option<String>,
    context: Option<Context>,
    fitted: bool,
    actions: Vec<Action>,
    plan: Vec<PlanStep>,
    left_out: Vec<LeftOut>,
    breaches: Vec<Breach>,
}

/// A file that could not be scored (JSON and JSONL reports) or checked (`check --format json`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Invalid {
    format_version: u32,
    path: String,
    valid: bool,
    problems: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Problem {
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    code: String,
    code_name: String,
    message: String,
    label: Option<String>,
    help: Option<String>,
}

/// One element of a JSON report: scored, or not.
#[derive(Deserialize)]
#[serde(untagged)]
enum Element {
    Scored(Box<Report>),
    Invalid(Invalid),
}

impl Element {
    fn path(&self) -> &str {
        match self {
            Element::Scored(report) => &report.path,
            Element::Invalid(invalid) => &invalid.path,
        }
    }
}

/// One element of `check --format json`.
#[derive(Deserialize)]
#[serde(untagged)]
enum Checked {
    Valid(ValidFile),
    Invalid(Invalid),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValidFile {
    format_version: u32,
    path: String,
    valid: bool,
    answered: usize,
    questions: usize,
    problems: Vec<Problem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Context {
    customers: Option<String>,
    selling: Option<Vec<String>>,
    offering: Option<Vec<String>>,
    purchase: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanStep {
    id: String,
    title: String,
    when: String,
    priority: f64,
    chosen: bool,
    procedure: Option<StepOf>,
    drivers: Vec<Driver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepOf {
    id: String,
    title: String,
    step: usize,
    of: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LeftOut {
    id: String,
    title: String,
    needs: Need,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Need {
    key: String,
    any: Vec<String>,
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Breach {
    force: String,
    message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Assessment {
    name: String,
    industry: Option<String>,
    scope: Option<String>,
    assessor: Option<String>,
    date: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Forces {
    suppliers: ForceScore,
    buyers: ForceScore,
    rivalry: ForceScore,
    substitutes: ForceScore,
    new_entrants: ForceScore,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForceScore {
    score: Option<u8>,
    band: Option<String>,
    coverage: u8,
    answered: usize,
    questions: usize,
    /// Scored from less than 50% of the force's question weight.
    tentative: bool,
    /// Score reports only: how the score came about.
    explanation: Option<String>,
    decisive: Option<String>,
    parts: Option<std::collections::BTreeMap<String, f64>>,
    drivers: Option<Vec<AnswerDriver>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerDriver {
    question: String,
    answer: f64,
    points: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    rank: usize,
    id: String,
    title: String,
    priority: f64,
    category: String,
    when: String,
    drivers: Vec<Driver>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Driver {
    force: String,
    relevance: u8,
    score: u8,
    contribution: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Question {
    id: String,
    force: String,
    statement: String,
    help: String,
    direction: String,
    weight: f64,
    applies_to: String,
    role: String,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogAction {
    id: String,
    title: String,
    what: String,
    example: Option<String>,
    when: String,
    category: String,
    fits: Fits,
    relevance: std::collections::BTreeMap<String, Relevance>,
    source: Source,
    procedures: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
enum Fits {
    Everyone(String),
    Needs(Vec<Need>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Relevance {
    level: u8,
    reason: Option<String>,
    basis: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    seed: String,
    title: String,
    author: Option<String>,
    passage: String,
    translation: Option<String>,
}

#[test]
fn one_questionnaire_is_one_object() {
    let report: Report = serde_json::from_str(&stdout_of(&["score", "examples/saas-crm.toml", "--format", "json"]))
        .expect("the documented shape");
    assert_eq!(report.format_version, 2);
    assert!(report.valid);
    assert_eq!(report.path, "examples/saas-crm.toml");
    assert_eq!(report.actions.len(), 5);
    assert_eq!(report.forces.rivalry.band.as_deref(), Some("high"));
    assert!(report.actions.iter().all(|a| !a.drivers.is_empty()));
    assert!(report.breaches.is_empty());
    assert_eq!(report.model, "porter-4");
    // Every scored force says how its score came about: the drivers' points add up to it.
    for f in [
        &report.forces.suppliers,
        &report.forces.buyers,
        &report.forces.rivalry,
        &report.forces.substitutes,
        &report.forces.new_entrants,
    ] {
        assert_eq!(f.tentative, f.score.is_some() && f.coverage < 50, "tentative below 50% of the weight");
        let drivers = f.drivers.as_ref().expect("drivers");
        let total: f64 = drivers.iter().map(|d| d.points).sum();
        let score = f64::from(f.score.expect("scored"));
        let slack = 0.5 + 0.05 * f64::from(u32::try_from(drivers.len()).unwrap_or(u32::MAX));
        assert!((total - score).abs() <= slack, "{total} vs {score}");
        assert!(drivers.iter().all(|d| d.points >= 0.0 && (1.0..=5.0).contains(&d.answer)));
        assert!(drivers.windows(2).all(|w| w[0].points >= w[1].points));
        assert!(!f.explanation.as_deref().unwrap_or_default().is_empty());
    }
    assert_eq!(report.forces.suppliers.decisive.as_deref(), Some("concentration"));
    assert!(report.forces.substitutes.parts.as_ref().is_some_and(|p| p.contains_key("price-performance")));
}

#[test]
fn jsonl_is_one_report_per_line_in_path_order() {
    let out = stdout_of(&["score", "examples", "--format", "jsonl", "--fail-on", "suppliers>=70"]);
    let reports: Vec<Report> =
        out.lines().map(|line| serde_json::from_str(line).expect("one object per line")).collect();
    assert_eq!(reports.len(), 8);
    assert!(reports.windows(2).all(|w| w[0].path < w[1].path));
    let breached: Vec<&str> = reports.iter().filter(|r| !r.breaches.is_empty()).map(|r| r.path.as_str()).collect();
    assert_eq!(
        breached,
        [
            "examples/industrial-equipment.toml",
            "examples/running-shoes-store.toml",
            "examples/smartphone-maker.toml",
            "examples/telecom-operator.toml"
        ]
    );
    assert!(reports.iter().flat_map(|r| &r.breaches).all(|b| b.force == "suppliers"));
}

/// A folder holding two good questionnaires around a bad one, and the bad one's problems.
fn mixed_batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(crate::repo("examples/coffee-chain.toml"), dir.path().join("a.toml")).expect("copy");
    fs::write(dir.path().join("b.toml"), "[assessment]\nname = \"B\"\n[buyer]\n").expect("write");
    fs::copy(crate::repo("examples/saas-crm.toml"), dir.path().join("c.toml")).expect("copy");
    dir
}

fn assert_unknown_table(invalid: &Invalid) {
    assert_eq!((invalid.format_version, invalid.valid, invalid.path.as_str()), (2, false, "b.toml"));
    let [problem] = invalid.problems.as_slice() else { panic!("one problem") };
    assert_eq!((problem.code.as_str(), problem.code_name.as_str()), ("FF101", "unknown-table"));
    assert_eq!(
        (problem.line, problem.column, problem.end_line, problem.end_column),
        (Some(3), Some(2), Some(3), Some(7))
    );
    assert_eq!(problem.file, "b.toml");
    assert_eq!(problem.message, "unknown table `[buyer]`");
    assert_eq!(problem.help.as_deref(), Some("did you mean `buyers`?"));
}

#[test]
fn reports_carry_the_files_that_could_not_be_scored_in_path_order() {
    let dir = mixed_batch();
    let run = |format: &str| {
        let out = fiveforces()
            .current_dir(dir.path())
            .args(["score", "c.toml", "b.toml", "a.toml", "missing.toml", "--format", format])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "a bad file still exits 2");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let elements: Vec<Element> = serde_json::from_str(&run("json")).expect("an array of the documented elements");
    let lines: Vec<Element> =
        run("jsonl").lines().map(|line| serde_json::from_str(line).expect("one element per line")).collect();
    for elements in [elements, lines] {
        let paths: Vec<&str> = elements.iter().map(Element::path).collect();
        assert_eq!(paths, ["a.toml", "b.toml", "c.toml", "missing.toml"]);
        let [Element::Scored(a), Element::Invalid(b), Element::Scored(c), Element::Invalid(missing)] =
            elements.as_slice()
        else {
            panic!("scored, invalid, scored, invalid")
        };
        assert!(a.valid && c.valid);
        assert_unknown_table(b);
        let [problem] = missing.problems.as_slice() else { panic!("one problem") };
        assert_eq!((problem.code.as_str(), problem.line, problem.column), ("FF301", None, None));
    }

    let out =
        fiveforces().current_dir(dir.path()).args(["score", "b.toml", "--format", "json"]).output().expect("runs");
    let single: Invalid = serde_json::from_slice(&out.stdout).expect("one file is one object, even invalid");
    assert_unknown_table(&single);
}

#[test]
fn check_json_lists_every_file_and_every_coded_problem() {
    let dir = mixed_batch();
    let out = fiveforces()
        .current_dir(dir.path())
        .args(["check", "c.toml", "a.toml", "b.toml", "--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.is_empty(), "everything is in the JSON: {}", String::from_utf8_lossy(&out.stderr));
    let files: Vec<Checked> = serde_json::from_slice(&out.stdout).expect("the documented shape");
    let [Checked::Valid(a), Checked::Invalid(b), Checked::Valid(c)] = files.as_slice() else {
        panic!("valid, invalid, valid")
    };
    assert_eq!((a.path.as_str(), a.valid, a.answered, a.questions, a.format_version), ("a.toml", true, 43, 53, 2));
    assert!(c.valid && c.problems.is_empty());
    assert_unknown_table(b);

    let out = fiveforces().args(["check", "examples/saas-crm.toml", "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let files: Vec<Checked> = serde_json::from_slice(&out.stdout).expect("an array, even for one file");
    assert!(matches!(files.as_slice(), [Checked::Valid(v)] if v.path == "examples/saas-crm.toml"));
}

#[test]
fn a_folder_is_an_array_sorted_by_path() {
    let reports: Vec<Report> =
        serde_json::from_str(&stdout_of(&["score", "examples", "--format", "json", "--top", "3"])).expect("an array");
    let paths: Vec<&str> = reports.iter().map(|r| r.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
    assert!(reports.len() >= 5);
    assert!(reports.iter().all(|r| r.actions.len() == 3));
}

#[test]
fn questions_and_actions_list_plain_fields() {
    let questions: Vec<Question> =
        serde_json::from_str(&stdout_of(&["questions", "--format", "json"])).expect("questions shape");
    assert!(questions.len() >= 40);
    assert!(questions.iter().all(|q| q.direction == "raises" || q.direction == "lowers"));
    assert!(questions.iter().all(|q| ["all", "businesses", "consumers"].contains(&q.applies_to.as_str())));
    assert!(questions.iter().any(|q| q.role == "barrier"));
    let actions: Vec<CatalogAction> =
        serde_json::from_str(&stdout_of(&["actions", "--format", "json"])).expect("actions shape");
    assert!(actions.len() >= 30);
    let forces = ["buyers", "new_entrants", "rivalry", "substitutes", "suppliers"];
    assert!(actions.iter().all(|a| a.relevance.keys().map(String::as_str).eq(forces)));
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffReport {
    format_version: u32,
    old: String,
    new: String,
    folders: bool,
    top: usize,
    changed: bool,
    files: Vec<DiffFile>,
    added: Vec<OneSided>,
    removed: Vec<OneSided>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffFile {
    path: String,
    changed: bool,
    summary: String,
    old: DiffSide,
    new: DiffSide,
    forces: PerForce<ForceChange>,
    actions: Vec<ActionMove>,
    answers: Vec<AnswerChange>,
    breaches: Vec<Breach>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffSide {
    path: String,
    assessment: Assessment,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PerForce<T> {
    suppliers: T,
    buyers: T,
    rivalry: T,
    substitutes: T,
    new_entrants: T,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForceChange {
    before: Option<u8>,
    after: Option<u8>,
    delta: Option<i16>,
    band_before: Option<String>,
    band_after: Option<String>,
    coverage_before: u8,
    coverage_after: u8,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionMove {
    id: String,
    title: String,
    #[serde(rename = "move")]
    movement: String,
    rank_before: usize,
    rank_after: usize,
    priority_before: f64,
    priority_after: f64,
    because: Vec<Cause>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Cause {
    force: String,
    relevance: u8,
    before: Option<u8>,
    after: Option<u8>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerChange {
    force: String,
    id: String,
    statement: String,
    change: String,
    score_before: Option<u8>,
    score_after: Option<u8>,
    note_before: Option<String>,
    note_after: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OneSided {
    path: String,
    file: String,
    assessment: Assessment,
    forces: Forces,
    breaches: Vec<Breach>,
}

#[test]
fn the_diff_report_has_the_documented_shape() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    fs::create_dir_all(&old).expect("mkdir");
    fs::create_dir_all(&new).expect("mkdir");
    let saas = fs::read_to_string(crate::repo("examples/saas-crm.toml")).expect("example");
    fs::write(old.join("crm.toml"), &saas).expect("write");
    fs::write(new.join("crm.toml"), saas.replace("backward_integration = 1", "backward_integration = 5"))
        .expect("write");
    fs::copy(crate::repo("examples/coffee-chain.toml"), old.join("coffee.toml")).expect("copy");
    fs::copy(crate::repo("examples/telecom-operator.toml"), new.join("telecom.toml")).expect("copy");
    let out = fiveforces()
        .current_dir(dir.path())
        .args(["diff", "old", "new", "--format", "json", "--fail-on", "buyers+5", "--fail-on", "any>=high"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let report: DiffReport = serde_json::from_slice(&out.stdout).expect("the documented shape");
    assert_eq!((report.format_version, report.folders, report.changed), (1, true, true));
    assert_eq!((report.files.len(), report.added.len(), report.removed.len()), (1, 1, 1));
    let file = &report.files[0];
    assert_eq!(file.forces.buyers.delta, file.forces.buyers.after.map(|after| i16::from(after) - 48));
    assert_eq!(file.answers.len(), 1);
    assert!(file.breaches.iter().any(|b| b.message.contains("buyers+5")));
    assert!(!report.added[0].breaches.is_empty(), "level rules apply to new files");
    assert_eq!(report.added[0].forces.new_entrants.band.as_deref(), Some("low"));

    let same: DiffReport = serde_json::from_str(&stdout_of(&[
        "diff",
        "examples/saas-crm.toml",
        "examples/saas-crm.toml",
        "--format",
        "json",
    ]))
    .expect("the documented shape");
    assert!(!same.folders && !same.changed);
    assert_eq!(same.files[0].old.path, "examples/saas-crm.toml");
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AggregateReport {
    format_version: u32,
    assessment: Assessment,
    agreement_index: AgreementIndex,
    contested_span: u8,
    assessors: Vec<PanelAssessor>,
    forces: PerForce<ConsensusForce>,
    questions: Vec<PanelQuestion>,
    context: Option<Context>,
    context_disagreements: Vec<ContextDisagreement>,
    actions: Vec<Action>,
    left_out: Vec<LeftOut>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ContextDisagreement {
    key: String,
    answers: Vec<Disagreeing>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Disagreeing {
    assessor: String,
    values: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgreementIndex {
    name: String,
    expected_variance: f64,
    threshold: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PanelAssessor {
    path: String,
    assessment: Assessment,
    scores: PerForce<Option<u8>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsensusForce {
    score: Option<u8>,
    band: Option<String>,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PanelQuestion {
    force: String,
    id: String,
    statement: String,
    n: usize,
    mean: Option<f64>,
    sd: Option<f64>,
    min: Option<u8>,
    max: Option<u8>,
    rwg: Option<f64>,
    contested: bool,
    answers: Vec<PanelAnswer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PanelAnswer {
    path: String,
    score: u8,
    note: Option<String>,
}

#[test]
fn the_aggregate_report_has_the_documented_shape() {
    let report: AggregateReport =
        serde_json::from_str(&stdout_of(&["aggregate", "examples-panel", "--format", "json", "--top", "3"]))
            .expect("the documented shape");
    assert_eq!(report.format_version, 1);
    assert_eq!(report.agreement_index.name, "rwg(J)");
    assert!((report.agreement_index.expected_variance - 2.0).abs() < f64::EPSILON);
    assert_eq!(report.contested_span, 2);
    assert_eq!(report.assessors.len(), 3);
    assert_eq!(report.questions.len(), 53);
    assert_eq!(report.actions.len(), 3);
    assert_eq!(report.forces.buyers.assessors, 3);
    assert!(report.questions.iter().all(|q| q.answers.len() == q.n));
    assert_eq!(report.assessment.name, "Nimbus CRM");
}
