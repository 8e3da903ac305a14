//! `--format github` and `--format gitlab` for `score`, `check` and `diff`: locked by
//! snapshots, and checked against the platforms' documented grammars (GitHub's workflow
//! command `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` with its
//! escaping; GitLab's Code Quality report: an array of objects with `description`,
//! `check_name`, `fingerprint`, `severity` and `location.path` / `location.lines.begin`).

use std::fs;

use crate::{run, run_in, stdout_of};

/// Parses one workflow command the way the runner does (`::name k=v,k=v::message`), undoing
/// the escaping; fails the test on anything the grammar does not allow.
fn parse_command(line: &str) -> (String, Vec<(String, String)>, String) {
    let rest = line.strip_prefix("::").unwrap_or_else(|| panic!("not a command: {line}"));
    let (head, message) = rest.split_once("::").unwrap_or_else(|| panic!("no message: {line}"));
    let (name, props) = head.split_once(' ').unwrap_or((head, ""));
    assert!(["error", "warning", "notice"].contains(&name), "{line}");
    let unescape = |s: &str| {
        s.replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
    };
    let props: Vec<(String, String)> = props
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or_else(|| panic!("property without a value: {p}"));
            assert!(["file", "line", "col", "endLine", "endColumn", "title"].contains(&k), "unknown property {k}");
            assert!(!v.contains(':') && !v.contains('\n') && !v.contains('\r'), "unescaped property: {v}");
            if k != "file" && k != "title" {
                v.parse::<usize>().unwrap_or_else(|_| panic!("{k} is not a number: {v}"));
            }
            (k.to_owned(), unescape(v))
        })
        .collect();
    assert!(!message.contains('\n') && !message.contains('\r'));
    (name.to_owned(), props, unescape(message))
}

fn prop<'a>(props: &'a [(String, String)], key: &str) -> Option<&'a str> {
    props.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn github_score_breaches_point_at_the_driving_answers() {
    let out = stdout_of(&[
        "score",
        "examples/saas-crm.toml",
        "-f",
        "github",
        "--fail-on",
        "rivalry>=50",
        "--min-coverage",
        "85",
    ]);
    insta::assert_snapshot!("github_score", out);
    let commands: Vec<_> = out.lines().map(parse_command).collect();
    assert_eq!(commands.len(), 2, "{out}");
    let (name, props, message) = &commands[0];
    assert_eq!(name, "error");
    assert_eq!(prop(props, "file"), Some("examples/saas-crm.toml"));
    // The line named is the answer with the largest share of the rivalry score.
    let text = fs::read_to_string(crate::repo("examples/saas-crm.toml")).expect("example");
    let line: usize = prop(props, "line").and_then(|l| l.parse().ok()).expect("line");
    let answer = text.lines().nth(line - 1).expect("line exists");
    let id = message.split('`').nth(1).expect("names an answer");
    assert!(answer.starts_with(&format!("{id} =")), "line {line} is `{answer}`, not the answer {id}");
    assert!(message.contains("80%") || message.contains("reached rivalry>=50"), "{message}");
    // A coverage breach points at the force's table and keeps its `%` (escaped as %25).
    assert!(out.contains("%25 is below --min-coverage 85"), "{out}");
}

#[test]
fn github_check_names_file_line_column_and_escapes_properties() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("a,b:c.toml"), "[assessment]\nname = \"x\"\n[buyer]\na = 9\n").expect("write");
    let (code, out, _) = run_in(dir.path(), &["check", "a,b:c.toml", "-f", "github"]);
    assert_eq!(code, Some(2));
    insta::assert_snapshot!("github_check", out);
    let (_, props, message) = parse_command(out.lines().next().expect("one command"));
    assert_eq!(prop(&props, "file"), Some("a,b:c.toml"));
    assert_eq!(prop(&props, "line"), Some("3"));
    assert_eq!(prop(&props, "col"), Some("2"));
    assert_eq!(prop(&props, "title"), Some("FF101 unknown-table"));
    assert!(message.contains("did you mean `buyers`?"), "{message}");
}

#[test]
fn github_and_gitlab_diff_point_at_the_force_table_of_the_new_file() {
    let args = |f: &'static str| {
        ["diff", "examples/saas-crm.toml", "examples/telecom-operator.toml", "-f", f, "--fail-on", "any+5"]
    };
    let (_, out, _) = run(&args("github"));
    insta::assert_snapshot!("github_diff", out);
    for (_, props, _) in out.lines().map(parse_command) {
        assert_eq!(prop(&props, "file"), Some("examples/telecom-operator.toml"));
    }
    let (_, out, _) = run(&args("gitlab"));
    let issues: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(
        issues.as_array().is_some_and(|a| a.iter().all(|i| i["location"]["path"] == "examples/telecom-operator.toml"))
    );
}

/// GitLab's documented Code Quality fields, with their types and the severities it accepts.
fn assert_code_quality(out: &str) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_str(out).expect("Code Quality JSON");
    let issues = value.as_array().expect("an array").clone();
    for issue in &issues {
        assert!(issue["description"].is_string(), "{issue}");
        assert!(issue["check_name"].is_string(), "{issue}");
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
        assert_eq!(fingerprint.len(), 64);
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&issue["severity"].as_str().expect("severity"))
        );
        assert!(issue["location"]["path"].is_string());
        assert!(issue["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1));
    }
    let mut prints: Vec<&str> = issues.iter().filter_map(|i| i["fingerprint"].as_str()).collect();
    prints.sort_unstable();
    prints.dedup();
    assert_eq!(prints.len(), issues.len(), "fingerprints are unique");
    issues
}

#[test]
fn gitlab_fingerprints_are_stable_when_lines_move() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = "[assessment]\nname = \"x\"\n[buyer]\na = 9\n[rivalry]\nnte = 1\n";
    fs::write(dir.path().join("q.toml"), bad).expect("write");
    let (code, before, _) = run_in(dir.path(), &["check", "q.toml", "-f", "gitlab"]);
    assert_eq!(code, Some(2));
    insta::assert_snapshot!("gitlab_check", before);
    let before = assert_code_quality(&before);
    fs::write(dir.path().join("q.toml"), format!("# a comment moves every line\n\n{bad}")).expect("write");
    let (_, after, _) = run_in(dir.path(), &["check", "q.toml", "-f", "gitlab"]);
    let after = assert_code_quality(&after);
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b["fingerprint"], a["fingerprint"]);
        assert_ne!(b["location"]["lines"]["begin"], a["location"]["lines"]["begin"]);
    }
}

#[test]
fn gitlab_score_lists_breaches_and_invalid_files_and_is_empty_when_clean() {
    let out = stdout_of(&["score", "examples", "-f", "gitlab", "--fail-on", "rivalry>=75"]);
    insta::assert_snapshot!("gitlab_score", out);
    let issues = assert_code_quality(&out);
    assert!(!issues.is_empty());
    assert!(issues.iter().all(|i| i["check_name"] == "threshold"));
    assert_eq!(stdout_of(&["score", "examples/saas-crm.toml", "-f", "gitlab"]), "[]\n");
    assert_eq!(stdout_of(&["score", "examples/saas-crm.toml", "-f", "github"]), "");
}
