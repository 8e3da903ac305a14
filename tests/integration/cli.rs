//! The `fiveforces` binary end to end: the examples, bad input, files it writes, exit codes.

use std::fs;

use predicates::prelude::*;
use predicates::str::contains;

use crate::{fiveforces, stdout_of};

#[test]
fn scoring_one_example_shows_the_profile_and_the_top_actions() {
    insta::assert_snapshot!("score_saas_table", stdout_of(&["score", "examples/saas-crm.toml"]));
}

#[test]
fn scoring_the_examples_folder_shows_one_row_per_file() {
    insta::assert_snapshot!("score_examples_table", stdout_of(&["score", "examples/"]));
}

#[test]
fn the_json_report_is_stable() {
    insta::assert_snapshot!(
        "score_telecom_json",
        stdout_of(&["score", "examples/telecom-operator.toml", "--format", "json"])
    );
}

#[test]
fn output_is_byte_identical_across_runs() {
    for args in [&["score", "examples"][..], &["score", "examples", "--format", "json", "--top", "40"]] {
        assert_eq!(stdout_of(args), stdout_of(args), "{args:?}");
    }
}

#[test]
fn different_industries_get_different_strongest_forces_and_top_actions() {
    let out = stdout_of(&["score", "examples", "--format", "json"]);
    let reports: serde_json::Value = serde_json::from_str(&out).expect("json");
    let reports = reports.as_array().expect("array");
    let strongest: std::collections::BTreeSet<&str> = reports.iter().filter_map(|r| r["strongest"].as_str()).collect();
    let top: std::collections::BTreeSet<&str> = reports.iter().filter_map(|r| r["actions"][0]["id"].as_str()).collect();
    assert!(strongest.len() >= 4, "{strongest:?}");
    assert!(top.len() >= 4, "{top:?}");
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let text = fs::read_to_string(crate::repo("examples/coffee-chain.toml")).expect("example");
    fiveforces()
        .args(["score", "-", "--format", "json"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(contains("\"path\": \"<stdin>\""));
}

#[test]
fn init_writes_a_template_that_check_accepts_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("acme.toml");
    fiveforces().arg("init").arg(&path).assert().success();
    let text = fs::read_to_string(&path).expect("written");
    assert!(text.contains("name = \"acme\""));
    fiveforces().arg("check").arg(&path).assert().success().stdout(contains("(0 of 53 questions answered)"));

    fs::write(&path, "mine").expect("write");
    fiveforces().arg("init").arg(&path).assert().code(2).stderr(contains("already exists; pass --force"));
    assert_eq!(fs::read_to_string(&path).expect("kept"), "mine");
    fiveforces().arg("init").arg(&path).arg("--force").assert().success();
    assert!(fs::read_to_string(&path).expect("rewritten").contains("[new_entrants]"));
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["acme.toml", "fiveforces.schema.json"], "no temporary files are left behind");
}

#[test]
fn a_filled_in_template_scores() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("acme.toml");
    fiveforces().arg("init").arg(&path).args(["--name", "Acme"]).assert().success();
    let text = fs::read_to_string(&path).expect("written");
    let answered = text
        .replace("# balanced_rivals =\n", "balanced_rivals = 5\n")
        .replace("# slow_growth =\n", "slow_growth = 4\n");
    fs::write(&path, answered).expect("write");
    fiveforces()
        .args(["score", "--format", "json"])
        .arg(&path)
        .assert()
        .success()
        .stdout(contains("\"rivalry\": {\n      \"score\": 88"))
        .stdout(contains("\"suppliers\": {\n      \"score\": null,\n      \"band\": null,\n      \"coverage\": 0"));
}

#[test]
fn score_writes_reports_to_files_safely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.json");
    fiveforces().args(["score", "examples/saas-crm.toml", "--format", "json", "-o"]).arg(&out).assert().success();
    let first = fs::read_to_string(&out).expect("written");
    assert!(first.starts_with("{\n  \"format_version\": 2"));
    fiveforces().args(["score", "examples/saas-crm.toml", "-o"]).arg(&out).assert().code(2).stderr(contains("--force"));
    assert_eq!(fs::read_to_string(&out).expect("kept"), first);
}

#[test]
fn a_team_playbook_adds_actions_that_can_rank_first() {
    let dir = tempfile::tempdir().expect("tempdir");
    let playbook = dir.path().join("team.toml");
    fs::write(
        &playbook,
        r#"[[action]]
id = "spectrum_roaming_guarantee"
title = "Guarantee roaming quality"
what = "Publish roaming quality figures every month."
when = "ongoing"
category = "customer_support"
[action.fits]
everyone = "Any operator can publish its figures."
[action.relevance]
rivalry = { level = 3, reason = "Competes on service, not price." }
suppliers = { level = 3, reason = "Holds vendors to the published figures." }
[action.source]
seed = "team-handbook.md"
title = "Team handbook"
passage = "Publish what you promise."
"#,
    )
    .expect("write");
    fiveforces()
        .args(["score", "examples/telecom-operator.toml", "--format", "json", "--playbook"])
        .arg(&playbook)
        .assert()
        .success()
        .stdout(
            contains("\"id\": \"spectrum_roaming_guarantee\"")
                .and(contains("\"rank\": 1,\n      \"id\": \"spectrum_roaming_guarantee\"")),
        );
}

#[test]
fn the_catalogs_list_everything() {
    fiveforces().arg("questions").assert().success().stdout(contains("53 questions"));
    fiveforces().arg("actions").assert().success().stdout(contains("40 actions, in journey order"));
    fiveforces()
        .args(["actions", "--format", "json"])
        .assert()
        .success()
        .stdout(contains("\"id\": \"representative_at_delivery\""));
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Reading nothing of a long output must not panic (exit 101) or print an error.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fiveforces"))
        .current_dir(crate::root())
        .args(["actions", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The README's worked example quotes real output; this keeps the two in step.
#[test]
fn the_readme_worked_example_matches_the_real_output() {
    let readme = std::fs::read_to_string(crate::repo("README.md")).expect("README");
    let out = stdout_of(&["score", "examples/saas-crm.toml", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let labels = [
        ("suppliers", "Supplier power"),
        ("buyers", "Buyer power"),
        ("rivalry", "Competitive rivalry"),
        ("substitutes", "Threat of substitutes"),
        ("new_entrants", "Threat of new entrants"),
    ];
    for (key, label) in labels {
        let force = &report["forces"][key];
        let row = format!("| {label} | {} | {} |", force["score"], force["band"].as_str().unwrap_or_default());
        assert!(readme.contains(&row), "README lacks `{row}`");
    }
    let actions = report["actions"].as_array().expect("actions");
    assert_eq!(actions[0]["id"], "representative_at_delivery");
    assert!(readme.contains("= 94.2") && actions[0]["priority"] == 94.2);
    assert_eq!(actions[1]["id"], "points_loyalty_program");
    assert_eq!(actions[2]["id"], "post_purchase_live_chat");
    assert!(readme.contains("= 91.5") && actions[1]["priority"] == 91.5 && actions[2]["priority"] == 91.5);
    let left_out = report["left_out"].as_array().expect("left_out");
    assert!(readme.contains(&format!(
        "leaves out the {} actions",
        ["zero", "one", "two", "three", "four", "five", "six", "seven"][left_out.len().min(7)]
    )));
}

#[test]
fn the_interview_without_a_terminal_exits_2_and_points_to_init_and_score() {
    let dir = tempfile::tempdir().expect("tempdir");
    fiveforces()
        .current_dir(dir.path())
        .args(["interview", "acme.toml"])
        .write_stdin("3\n")
        .assert()
        .code(2)
        .stderr(contains("needs a terminal"))
        .stderr(contains("fiveforces init acme.toml"))
        .stderr(contains("fiveforces score acme.toml"));
    assert!(!dir.path().join("acme.toml").exists(), "nothing is written");
}
