//! Files written for the previous question bank: read with notices, migrated in place.

use std::fs;

use crate::fiveforces;

/// A questionnaire in the previous bank's ids, with comments and notes.
const OLD: &str = "# Our 2025 review.\n[assessment]\nname = \"Acme\"\n\n[rivalry]\n# Counted in the 2025 review.\nmany_equal = { score = 4, note = \"Five rivals of similar size.\" }\nnonprice_competition = 2\nslow_growth = 3\n\n[substitutes]\neasy_trial = 5\nadoption_effort = 1\nprice_performance = 4\n";

#[test]
fn an_old_file_checks_and_scores_with_notices_and_migrates_keeping_comments_and_notes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.toml");
    fs::write(&path, OLD).expect("write");

    let out = fiveforces().arg("check").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "notices never fail check");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("old.toml:7:1: `rivalry.many_equal` is now `rivalry.balanced_rivals`"), "{stderr}");
    assert!(stderr.contains("warning: ") && stderr.contains("`rivalry.nonprice_competition` is retired"), "{stderr}");
    assert!(stderr.contains("`fiveforces migrate "), "{stderr}");

    // Scored under the new ids, the retired answers left out.
    let before: serde_json::Value = serde_json::from_slice(
        &fiveforces().args(["score", "--format", "json"]).arg(&path).output().expect("runs").stdout,
    )
    .expect("json");
    assert_eq!(before["forces"]["rivalry"]["answered"], 2);
    assert_eq!(before["forces"]["substitutes"]["answered"], 2);

    let check = fiveforces().args(["migrate", "--check"]).arg(&path).output().expect("runs");
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&path).expect("read"), OLD, "--check writes nothing");

    let out = fiveforces().arg("migrate").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("# Our 2025 review.\n[assessment]\nname = \"Acme\"\n\n[rivalry]\n# Counted in the 2025 review.\nbalanced_rivals = { score = 4, note = \"Five rivals of similar size.\" }\n# retired from the question bank, not scored: "), "{text}");
    assert!(text.contains("\n# nonprice_competition = 2\nslow_growth = 3\n"), "{text}");
    assert!(text.contains("\n# easy_trial = 5\nswitching_cost = 1\nprice_performance = 4\n"), "{text}");

    // The same scores, no notice any more, and a second run changes nothing.
    let out = fiveforces().args(["score", "--format", "json"]).arg(&path).output().expect("runs");
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    let after: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(before["forces"], after["forces"]);
    let again = fiveforces().arg("migrate").arg(&path).output().expect("runs");
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already uses the current question bank"));
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
}

#[test]
fn migrate_reads_standard_input_and_refuses_a_file_with_other_problems() {
    let out = fiveforces().args(["migrate", "-"]).write_stdin(OLD).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("balanced_rivals = { score = 4") && !text.contains("\nmany_equal"), "{text}");

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    let bad = OLD.replace("slow_growth = 3", "slow_growth = 9");
    fs::write(&path, &bad).expect("write");
    let out = fiveforces().arg("migrate").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.toml:9:15"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(fs::read_to_string(&path).expect("read"), bad, "never touched");
}

#[test]
fn an_old_and_a_new_id_for_one_question_is_located() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("both.toml");
    fs::write(&path, "[assessment]\nname = \"A\"\n[rivalry]\nmany_equal = 4\nbalanced_rivals = 3\n").expect("write");
    let out = fiveforces().arg("check").arg(&path).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("both answer [rivalry] `balanced_rivals`"), "{stderr}");
}
