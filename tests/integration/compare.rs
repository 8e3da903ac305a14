//! `fiveforces diff` end to end: a known change, no change, standard input (the `git show`
//! recipe), folders, `--fail-on` rises and levels, bad input and files written safely.

use std::fs;
use std::path::Path;

use predicates::str::contains;
use serde_json::Value;

use crate::{fiveforces, run_in};

/// `examples/saas-crm.toml` a quarter later: a reseller deal concentrates buyers, customers
/// could build it themselves, the budget share grew, and one rivalry answer was withdrawn.
fn changed_saas() -> String {
    let text = fs::read_to_string(crate::repo("examples/saas-crm.toml")).expect("example");
    let changed = text
        .replace(
            "concentration = { score = 1, note = \"About 9,400",
            "concentration = { score = 4, note = \"After the reseller deal, two resellers bring 55% of new ARR. About 9,400",
        )
        .replace("backward_integration = 1", "backward_integration = 4")
        .replace(
            "budget_share = 2",
            "budget_share = { score = 4, note = \"Mid-market customers now negotiate CRM as a line item.\" }",
        )
        .replace("date = 2026-10-15", "date = 2027-01-15")
        .replace("exit_barriers = 3\n", "");
    assert_ne!(changed, text);
    changed
}

/// A folder holding `old.toml` (the example) and `new.toml` (the changed copy).
fn old_and_new() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(crate::repo("examples/saas-crm.toml"), dir.path().join("old.toml")).expect("copy");
    fs::write(dir.path().join("new.toml"), changed_saas()).expect("write");
    dir
}

fn json_in(dir: &Path, args: &[&str]) -> Value {
    let (code, out, err) = run_in(dir, args);
    assert_eq!(code, Some(0), "{args:?}: {err}");
    serde_json::from_str(&out).expect("json")
}

/// Each action's rank (1-based) in `score`'s full ranking of a file.
fn ranks(dir: &Path, file: &str) -> Vec<String> {
    let report = json_in(dir, &["score", file, "--format", "json", "--top", "100"]);
    report["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| a["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn a_known_change_gives_the_expected_deltas_and_rank_moves() {
    let dir = old_and_new();
    let report = json_in(dir.path(), &["diff", "old.toml", "new.toml", "--format", "json"]);
    assert_eq!(report["changed"], true);
    let file = &report["files"][0];
    assert_eq!(
        file["summary"],
        "This change raises buyer power from 48 to 60; raises competitive rivalry from 84 to 88."
    );
    let forces = &file["forces"];
    for (force, before, after, delta, band_before, band_after) in [
        ("suppliers", 50, 50, 0, "moderate", "moderate"),
        ("buyers", 48, 60, 12, "moderate", "moderate"),
        ("rivalry", 84, 88, 4, "high", "high"),
        ("substitutes", 73, 73, 0, "high", "high"),
        ("new_entrants", 70, 70, 0, "high", "high"),
    ] {
        let f = &forces[force];
        assert_eq!(
            (&f["before"], &f["after"], &f["delta"], &f["band_before"], &f["band_after"]),
            (&before.into(), &after.into(), &delta.into(), &band_before.into(), &band_after.into()),
            "{force}"
        );
    }
    // The scores agree with `score` on each file.
    for (side, key) in [("old.toml", "before"), ("new.toml", "after")] {
        let scored = json_in(dir.path(), &["score", side, "--format", "json"]);
        for force in ["suppliers", "buyers", "rivalry", "substitutes", "new_entrants"] {
            assert_eq!(scored["forces"][force]["score"], forces[force][key], "{side} {force}");
        }
    }

    let moves: Vec<(&str, &str, u64, u64)> = file["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap_or_default(),
                a["move"].as_str().unwrap_or_default(),
                a["rank_before"].as_u64().unwrap_or_default(),
                a["rank_after"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("representative_at_delivery", "same", 1, 1),
            ("points_loyalty_program", "same", 2, 2),
            ("post_purchase_live_chat", "same", 3, 3),
            ("ask_satisfied_customers_for_referrals", "same", 4, 4),
            ("next_need_contact_from_history", "entered", 9, 5),
            ("thank_you_with_feature_guide", "left", 5, 6),
        ]
    );
    // The ranks are the places `score` gives each action in each file.
    let (old_ranks, new_ranks) = (ranks(dir.path(), "old.toml"), ranks(dir.path(), "new.toml"));
    for (id, _, before, after) in &moves {
        let place = |list: &[String]| list.iter().position(|x| x == id).and_then(|p| u64::try_from(p + 1).ok());
        assert_eq!((place(&old_ranks), place(&new_ranks)), (Some(*before), Some(*after)), "{id}");
    }
    // The visit rises with buyer power, which it addresses (relevance 2) and which rose most.
    let visit = &file["actions"][0];
    assert_eq!((visit["priority_before"].as_f64(), visit["priority_after"].as_f64()), (Some(94.2), Some(96.2)));
    assert_eq!(visit["because"][0]["force"], "buyers");
    assert_eq!((&visit["because"][0]["before"], &visit["because"][0]["after"]), (&48.into(), &60.into()));
    // The contact from purchase history enters the top 5 on the rise of buyer power, which it
    // addresses, and pushes the thank-you guide out.
    let entered = &file["actions"][4];
    assert_eq!((entered["priority_before"].as_f64(), entered["priority_after"].as_f64()), (Some(77.1), Some(83.5)));
    assert_eq!(entered["because"][0]["force"], "buyers");

    let answers: Vec<(&str, &str, &Value, &Value)> = file["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap_or_default(),
                a["change"].as_str().unwrap_or_default(),
                &a["score_before"],
                &a["score_after"],
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            ("concentration", "changed", &1.into(), &4.into()),
            ("backward_integration", "changed", &1.into(), &4.into()),
            ("budget_share", "changed", &2.into(), &4.into()),
            ("exit_barriers", "removed", &3.into(), &Value::Null),
        ]
    );
    assert!(file["answers"][0]["note_after"].as_str().unwrap_or_default().starts_with("After the reseller deal"));
    assert_eq!(file["answers"][2]["note_before"], Value::Null);
}

#[test]
fn the_known_change_as_a_merge_request_comment_and_a_table() {
    let dir = old_and_new();
    let (code, markdown, _) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "--format", "md"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!("diff_saas_markdown", markdown);
    let (_, table, _) = run_in(dir.path(), &["diff", "old.toml", "new.toml"]);
    insta::assert_snapshot!("diff_saas_table", table);
}

#[test]
fn identical_inputs_give_no_change() {
    let report =
        json_in(crate::root(), &["diff", "examples/saas-crm.toml", "examples/saas-crm.toml", "--format", "json"]);
    assert_eq!(report["changed"], false);
    let file = &report["files"][0];
    assert_eq!(file["changed"], false);
    assert_eq!(file["summary"], "No change: the same answers, scores and top 5 actions.");
    for force in ["suppliers", "buyers", "rivalry", "substitutes", "new_entrants"] {
        assert_eq!(file["forces"][force]["delta"], 0, "{force}");
    }
    let actions = file["actions"].as_array().expect("actions");
    assert_eq!(actions.len(), 5);
    assert!(actions.iter().all(|a| a["move"] == "same" && a["because"].as_array().is_some_and(Vec::is_empty)));
    assert_eq!(file["answers"].as_array().map(Vec::len), Some(0));

    let (code, table, _) = run_in(crate::root(), &["diff", "examples/saas-crm.toml", "examples/saas-crm.toml"]);
    assert_eq!(code, Some(0));
    assert!(
        table.contains("No change: the same answers, scores and top 5 actions.")
            && table.contains("No answer changed.")
    );

    let folders = json_in(crate::root(), &["diff", "examples", "examples/", "--format", "json"]);
    assert_eq!(folders["changed"], false);
    assert_eq!(folders["files"].as_array().map(Vec::len), Some(8));
    assert!(
        folders["added"].as_array().is_some_and(Vec::is_empty)
            && folders["removed"].as_array().is_some_and(Vec::is_empty)
    );
}

#[test]
fn the_git_show_recipe_reads_old_from_standard_input() {
    let dir = old_and_new();
    let old = fs::read_to_string(dir.path().join("old.toml")).expect("old");
    let out = fiveforces()
        .current_dir(dir.path())
        .args(["diff", "-", "new.toml", "--format", "markdown"])
        .write_stdin(old)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let markdown = String::from_utf8(out.stdout).expect("utf-8");
    assert!(markdown.contains("`<stdin>` (2026-10-15) → `new.toml` (2027-01-15)"), "{markdown}");
    assert!(markdown.contains("This change raises buyer power from 48 to 60"), "{markdown}");
    fiveforces()
        .args(["diff", "-", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(contains("standard input can be read only once"));
}

#[test]
fn folders_are_matched_by_relative_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    for sub in [old.join("crm"), new.join("crm")] {
        fs::create_dir_all(sub).expect("mkdir");
    }
    fs::copy(crate::repo("examples/saas-crm.toml"), old.join("crm/nimbus.toml")).expect("copy");
    fs::write(new.join("crm/nimbus.toml"), changed_saas()).expect("write");
    for folder in [&old, &new] {
        fs::copy(crate::repo("examples/telecom-operator.toml"), folder.join("telecom.toml")).expect("copy");
    }
    fs::copy(crate::repo("examples/coffee-chain.toml"), old.join("coffee.toml")).expect("copy");
    fs::copy(crate::repo("examples/online-retailer.toml"), new.join("retail.toml")).expect("copy");

    let report = json_in(dir.path(), &["diff", "old", "new", "--format", "json"]);
    assert_eq!(report["folders"], true);
    let files: Vec<(&str, bool)> = report["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| (f["path"].as_str().unwrap_or_default(), f["changed"].as_bool().unwrap_or_default()))
        .collect();
    assert_eq!(files, [("crm/nimbus.toml", true), ("telecom.toml", false)]);
    assert_eq!(report["added"][0]["path"], "retail.toml");
    assert_eq!(report["added"][0]["forces"]["buyers"]["score"], 88);
    assert_eq!(report["removed"][0]["path"], "coffee.toml");
    assert_eq!(report["removed"][0]["assessment"]["name"], "Daily Grind Coffee");

    let (code, markdown, _) = run_in(dir.path(), &["diff", "old", "new", "-f", "md"]);
    assert_eq!(code, Some(0));
    assert!(markdown.contains("| `crm/nimbus.toml` | changed | This change raises buyer power"), "{markdown}");
    assert!(markdown.contains("| `telecom.toml` | unchanged | – |"), "{markdown}");
    assert!(markdown.contains("| `retail.toml` | added |") && markdown.contains("| `coffee.toml` | removed |"));
    assert_eq!(markdown.matches("\n## ").count(), 1, "only the changed file gets a section");

    fiveforces()
        .current_dir(dir.path())
        .args(["diff", "old", "new/telecom.toml"])
        .assert()
        .code(2)
        .stderr(contains("compare a file with a file, or a folder with a folder"));
}

#[test]
fn fail_on_accepts_rises_and_every_score_threshold() {
    let dir = old_and_new();
    let (code, _, stderr) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "--fail-on", "buyers+10"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr
            .contains("threshold breached: new.toml: buyer power rose 12 points (48 → 60, moderate) reached buyers+10")
    );
    let (code, _, stderr) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "--fail-on", "buyers+13"]);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let (code, _, stderr) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "--fail-on", "any + 3"]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr.lines().count(), 2, "buyers and rivalry rose by 3 or more:\n{stderr}");
    // A level rule is checked against NEW: buyer power reaches 60 only after the change.
    let (code, _, _) = run_in(dir.path(), &["diff", "new.toml", "old.toml", "--fail-on", "buyers>=60"]);
    assert_eq!(code, Some(0));
    let (code, _, _) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "--fail-on", "buyers>=60"]);
    assert_eq!(code, Some(1));

    // The reports are written and name the breach.
    let (code, stdout, _) = run_in(
        dir.path(),
        &["diff", "old.toml", "new.toml", "--fail-on", "buyers+10", "-o", "md=mr.md", "-o", "json=d.json"],
    );
    assert_eq!((code, stdout.as_str()), (Some(1), ""));
    let markdown = fs::read_to_string(dir.path().join("mr.md")).expect("written");
    assert!(markdown.contains("> [!CAUTION]") && markdown.contains("reached buyers+10"), "{markdown}");
    let json: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("d.json")).expect("written")).expect("json");
    assert_eq!(json["files"][0]["breaches"][0]["force"], "buyers");

    for bad in ["buyers-10", "buyer+10", "buyers+0", "buyers>=170"] {
        let (code, _, stderr) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "--fail-on", bad]);
        assert_eq!(code, Some(2), "{bad}");
        assert!(stderr.contains("invalid threshold"), "{bad}: {stderr}");
    }
}

#[test]
fn bad_input_is_located_and_files_are_written_safely() {
    let dir = old_and_new();
    fs::write(dir.path().join("bad.toml"), "[assessment]\nname = \"B\"\n[rivalry]\nbalanced_rivals = 7\n")
        .expect("write");
    let (code, stdout, stderr) = run_in(dir.path(), &["diff", "bad.toml", "new.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("bad.toml:4:19") && stderr.contains("is 7, outside the scale"), "{stderr}");
    assert!(stdout.is_empty(), "nothing to compare: {stdout}");
    let (code, _, stderr) = run_in(dir.path(), &["diff", "old.toml", "missing.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("missing.toml: no such file or folder"), "{stderr}");

    fs::write(dir.path().join("mr.md"), "keep me").expect("write");
    let (code, _, stderr) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "-o", "md=mr.md"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("mr.md already exists; pass --force"), "{stderr}");
    assert_eq!(fs::read_to_string(dir.path().join("mr.md")).expect("kept"), "keep me");
    let (code, _, _) = run_in(dir.path(), &["diff", "old.toml", "new.toml", "-o", "md=mr.md", "--force"]);
    assert_eq!(code, Some(0));
    assert!(fs::read_to_string(dir.path().join("mr.md")).expect("replaced").starts_with("# Five Forces: what changed"));
}
