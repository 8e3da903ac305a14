//! The JSON outputs parsed into mirror structs that reject unknown fields: a renamed, removed
//! or added field fails here first, so scripts that read the JSON never break by surprise.
#![allow(dead_code)]

use serde::Deserialize;

use crate::fiveforces;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    format_version: u32,
    path: String,
    assessment: Assessment,
    forces: Forces,
    strongest: Option<String>,
    actions: Vec<Action>,
    breaches: Vec<Breach>,
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
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogAction {
    id: String,
    title: String,
    what: String,
    when: String,
    category: String,
    relevance: std::collections::BTreeMap<String, Relevance>,
    source: Source,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Relevance {
    level: u8,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    seed: String,
    passage: String,
    translation: Option<String>,
}

fn stdout(args: &[&str]) -> String {
    let out = fiveforces().args(args).output().expect("runs").stdout;
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn one_questionnaire_is_one_object() {
    let report: Report = serde_json::from_str(&stdout(&["score", "examples/saas-crm.toml", "--format", "json"]))
        .expect("the documented shape");
    assert_eq!(report.format_version, 1);
    assert_eq!(report.path, "examples/saas-crm.toml");
    assert_eq!(report.actions.len(), 5);
    assert_eq!(report.forces.rivalry.band.as_deref(), Some("high"));
    assert!(report.actions.iter().all(|a| !a.drivers.is_empty()));
    assert!(report.breaches.is_empty());
}

#[test]
fn jsonl_is_one_report_per_line_in_path_order() {
    let out = stdout(&["score", "examples", "--format", "jsonl", "--fail-on", "suppliers>=70"]);
    let reports: Vec<Report> =
        out.lines().map(|line| serde_json::from_str(line).expect("one object per line")).collect();
    assert_eq!(reports.len(), 5);
    assert!(reports.windows(2).all(|w| w[0].path < w[1].path));
    let breached: Vec<&str> = reports.iter().filter(|r| !r.breaches.is_empty()).map(|r| r.path.as_str()).collect();
    assert_eq!(breached, ["examples/industrial-equipment.toml", "examples/telecom-operator.toml"]);
    assert!(reports.iter().flat_map(|r| &r.breaches).all(|b| b.force == "suppliers"));
}

#[test]
fn a_folder_is_an_array_sorted_by_path() {
    let reports: Vec<Report> =
        serde_json::from_str(&stdout(&["score", "examples", "--format", "json", "--top", "3"])).expect("an array");
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
        serde_json::from_str(&stdout(&["questions", "--format", "json"])).expect("questions shape");
    assert!(questions.len() >= 40);
    assert!(questions.iter().all(|q| q.direction == "raises" || q.direction == "lowers"));
    let actions: Vec<CatalogAction> =
        serde_json::from_str(&stdout(&["actions", "--format", "json"])).expect("actions shape");
    assert!(actions.len() >= 30);
    let forces = ["buyers", "new_entrants", "rivalry", "substitutes", "suppliers"];
    assert!(actions.iter().all(|a| a.relevance.keys().map(String::as_str).eq(forces)));
}
