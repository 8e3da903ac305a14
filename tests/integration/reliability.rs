//! The holes an adversarial pass found (issue 14): deep nesting, data loss, hostile text,
//! signals, and files the tool would write but then refuse to read.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use predicates::prelude::*;

use crate::fiveforces;

/// A questionnaire whose first answer holds `depth` nested inline tables or arrays.
fn nested(depth: usize, open: &str, close: &str) -> String {
    format!(
        "[assessment]\nname = \"Deep\"\n\n[suppliers]\nfew_suppliers = {}1{}\n",
        open.repeat(depth),
        close.repeat(depth)
    )
}

fn deep_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for depth in [2_000, 5_000, 100_000] {
        files.push((format!("tables-{depth}.toml"), nested(depth, "{a = ", "}")));
        files.push((format!("arrays-{depth}.toml"), nested(depth, "[", "]")));
    }
    files
}

/// Deep nesting is an input error with its place, never a crash: on a file, for every command
/// that reads questionnaires.
#[test]
fn deep_nesting_is_an_input_error_in_every_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = crate::repo("examples/saas-crm.toml");
    for (name, text) in deep_files() {
        let path = dir.path().join(&name);
        fs::write(&path, &text).expect("write");
        for args in [vec!["check"], vec!["score"], vec!["aggregate"]] {
            fiveforces()
                .args(&args)
                .arg(&path)
                .assert()
                .code(2)
                .stderr(predicate::str::contains("nested more than 80 levels deep"))
                .stderr(predicate::str::contains(format!("{name}:5:")));
        }
        fiveforces()
            .arg("diff")
            .arg(&good)
            .arg(&path)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("nested more than 80 levels deep"));
    }
}

#[test]
fn deep_nesting_on_standard_input_is_an_input_error() {
    for (_, text) in deep_files() {
        fiveforces()
            .args(["score", "-"])
            .write_stdin(text)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("<stdin>:5:"))
            .stderr(predicate::str::contains("nested more than 80 levels deep"));
    }
}

/// On the worker threads of a batch (smaller stacks than the main thread) too: the run goes on
/// past the deep files, writes its reports and leaves no temporary file.
#[test]
fn a_batch_goes_on_past_deeply_nested_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("units");
    fs::create_dir(&inputs).expect("mkdir");
    let example = fs::read_to_string(crate::repo("examples/saas-crm.toml")).expect("example");
    for i in 0..40 {
        fs::write(inputs.join(format!("unit-{i:02}.toml")), &example).expect("write");
    }
    for (name, text) in deep_files() {
        fs::write(inputs.join(name), text).expect("write");
    }
    let out = dir.path().join("out");
    let assert = fiveforces()
        .arg("score")
        .arg(&inputs)
        .arg("-o")
        .arg(out.join("report.json"))
        .arg("-o")
        .arg(out.join("report.jsonl"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tables-100000.toml:5:"))
        .stderr(predicate::str::contains("arrays-2000.toml:5:"));
    drop(assert);
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("report.json")).expect("report")).expect("json");
    let entries = json.as_array().expect("an array of entries");
    let valid = |entry: &serde_json::Value| entry.get("valid") != Some(&serde_json::Value::Bool(false));
    assert_eq!(entries.iter().filter(|e| valid(e)).count(), 40, "every good file is in the report");
    let deep = deep_files().len();
    assert_eq!(entries.len(), 40 + deep, "and each deep file as a failure");
    let lines = fs::read_to_string(out.join("report.jsonl")).expect("report");
    let scored = lines.lines().filter(|line| !line.contains("\"valid\":false")).count();
    assert_eq!(scored, 40, "and in the streamed report");
    let names: Vec<String> = fs::read_dir(&out)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with(".fiveforces-")), "temporary files left: {names:?}");
}

fn example() -> std::path::PathBuf {
    crate::repo("examples/saas-crm.toml")
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A report never replaces a questionnaire it reads, however the path is spelt, even with --force.
#[test]
fn an_input_is_never_an_output_whatever_the_spelling() {
    let dir = tempfile::tempdir().expect("tempdir");
    let victim = dir.path().join("victim.toml");
    fs::copy(example(), &victim).expect("copy");
    let before = fs::read_to_string(&victim).expect("read");
    for spec in ["md=victim.toml", "md=./victim.toml", "md=../{dir}/victim.toml", "json=sub/../victim.toml"] {
        let name = dir.path().file_name().expect("name").to_string_lossy().into_owned();
        fs::create_dir_all(dir.path().join("sub")).expect("mkdir");
        fiveforces()
            .current_dir(dir.path())
            .args(["score", "victim.toml", "--force", "-o", &spec.replace("{dir}", &name)])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is an input of this run"));
        assert_eq!(fs::read_to_string(&victim).expect("read"), before, "{spec} replaced the questionnaire");
    }
    // A question bank given with --questions is an input too.
    fs::write(dir.path().join("bank.toml"), "").expect("write");
    fiveforces()
        .current_dir(dir.path())
        .args(["score", "victim.toml", "--questions", "bank.toml", "--force", "-o", "md=./bank.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bank.toml is an input of this run"));
}

/// Two spellings of one file are one target: refused before anything is written.
#[test]
fn one_file_named_two_ways_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (first, second, force) in
        [("md=a.md", "md=./a.md", false), ("md=a.md", "html=./a.md", true), ("a.md", "md=sub/../a.md", true)]
    {
        let mut cmd = fiveforces();
        cmd.current_dir(dir.path()).arg("score").arg(example()).args(["-o", first, "-o", second]);
        if force {
            cmd.arg("--force");
        }
        cmd.assert().code(2).stderr(predicate::str::contains("is the same file as"));
        assert!(names_in(dir.path()).is_empty(), "{first} {second}: {:?}", names_in(dir.path()));
    }
}

#[test]
fn a_folder_as_target_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir(dir.path().join("somedir")).expect("mkdir");
    for force in [false, true] {
        let mut cmd = fiveforces();
        cmd.current_dir(dir.path()).arg("score").arg(example()).args(["-o", "md=somedir"]);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
            .code(2)
            .stderr(predicate::str::contains("somedir is a folder"))
            .stderr(predicate::str::contains("--force to overwrite").not());
    }
}

/// A run that cannot write one of its reports writes none, so its rerun is not refused.
#[test]
fn reports_are_all_written_or_none_when_a_folder_is_in_the_way() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("blocker"), "a file where a folder should be").expect("write");
    fiveforces()
        .current_dir(dir.path())
        .arg("score")
        .arg(example())
        .args(["-o", "first.md", "-o", "second.json", "-o", "blocker/third.html"])
        .assert()
        .code(2);
    assert_eq!(names_in(dir.path()), ["blocker"], "no report and no temporary file");
}

#[cfg(unix)]
#[test]
fn reports_are_all_written_or_none_on_a_read_only_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).expect("chmod");
    if fs::write(locked.join("probe"), "").is_ok() {
        eprintln!("skipped: this user can write in a read-only folder (root?)");
        return;
    }
    fiveforces()
        .current_dir(dir.path())
        .arg("score")
        .arg(example())
        .args(["-o", "first.md", "-o", "second.jsonl", "-o", "locked/third.html"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("locked"));
    assert_eq!(names_in(dir.path()), ["locked"]);
    // The rerun into a writable place is not refused because of leftovers.
    fiveforces().current_dir(dir.path()).arg("score").arg(example()).args(["-o", "first.md"]).assert().success();
}

/// A full disk (a small tmpfs, where this machine lets the test mount one): nothing is left.
#[cfg(target_os = "linux")]
#[test]
fn reports_are_all_written_or_none_on_a_full_disk() {
    let dir = tempfile::tempdir().expect("tempdir");
    let disk = dir.path().join("disk");
    fs::create_dir(&disk).expect("mkdir");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&disk)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root and CAP_SYS_ADMIN)");
        return;
    }
    // Fill it up but for a few KB: the small report fits, the big one does not.
    let filler = vec![b'x'; 56 * 1024];
    let _ = fs::write(disk.join("filler"), &filler);
    let assert = fiveforces()
        .arg("score")
        .arg(crate::repo("examples"))
        .arg("-o")
        .arg(disk.join("small.csv"))
        .arg("-o")
        .arg(disk.join("big.html"))
        .assert();
    let out = assert.get_output().clone();
    let names = names_in(&disk);
    let _ = std::process::Command::new("umount").arg(&disk).status();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("No space left"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(names, ["filler"], "no report and no temporary file");
}

#[test]
fn the_format_comes_from_the_name_or_the_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    fiveforces().current_dir(dir.path()).arg("score").arg(example()).args(["-o", "report.html"]).assert().success();
    let html = fs::read_to_string(dir.path().join("report.html")).expect("report");
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80.min(html.len())]);
    fiveforces().current_dir(dir.path()).arg("score").arg(example()).args(["-o", "HTML=r.html"]).assert().success();
    assert!(fs::read_to_string(dir.path().join("r.html")).expect("report").starts_with("<!DOCTYPE html>"));
    fiveforces()
        .current_dir(dir.path())
        .arg("score")
        .arg(example())
        .args(["-o", "markdwn=summary.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format `markdwn`"))
        .stderr(predicate::str::contains("did you mean `markdown`?"));
    fiveforces()
        .current_dir(dir.path())
        .arg("score")
        .arg(example())
        .args(["-o", "report.pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot tell the format"));
    assert_eq!(names_in(dir.path()), ["r.html", "report.html"]);
}

/// Escape sequences in a file's text and name are shown, not run: in the table, in Markdown
/// and on standard error.
#[test]
fn hostile_text_is_inert_on_the_terminal_and_in_plain_text_reports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = fs::read_to_string(example()).expect("example").replacen(
        "name = \"",
        "name = \"\\u001b[2J\\u001b[H ALL FORCES LOW \\u001b]0;pwned\\u0007\\u001b]8;;https://e.vil\\u001b\\\\link ",
        1,
    );
    let name = if cfg!(windows) { "evil.toml".to_owned() } else { "evil\u{1b}[1m.toml".to_owned() };
    fs::write(dir.path().join(&name), &text).expect("write");
    let out =
        fiveforces().current_dir(dir.path()).args(["score", &name, "-o", "-", "-o", "md=r.md"]).output().expect("run");
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).expect("utf-8");
    let markdown = fs::read_to_string(dir.path().join("r.md")).expect("report");
    for shown in [&table, &markdown] {
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "an escape got through: {shown:?}");
        assert!(shown.contains("␛[2J") || shown.contains("␛\\[2J"), "shown as text: {shown}");
    }
    if !cfg!(windows) {
        assert!(table.contains("evil␛[1m.toml"), "{table}");
    }
    // A broken file with that name: its problems name it inert too.
    fs::write(dir.path().join(&name), "[assessment]\nname = \"\\u001b[2J\"\nbad = 1\n").expect("write");
    let out = fiveforces().current_dir(dir.path()).args(["check", &name]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

/// `aggregate` counts each file once and never reads its own output.
#[test]
fn aggregate_counts_each_file_once_and_never_reads_its_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let panel = dir.path().join("panel");
    fs::create_dir(&panel).expect("mkdir");
    for entry in fs::read_dir(crate::repo("examples-panel")).expect("panel").filter_map(Result::ok) {
        fs::copy(entry.path(), panel.join(entry.file_name())).expect("copy");
    }
    let count = |out: &std::process::Output| {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        json["assessors"].as_array().map(Vec::len)
    };
    let run = |args: &[&str]| fiveforces().current_dir(dir.path()).args(args).output().expect("run");
    assert!(run(&["aggregate", "panel", "-o", "panel/consensus.toml"]).status.success());
    for _ in 0..2 {
        let out = run(&["aggregate", "panel", "-o", "panel/consensus.toml", "-o", "json=-", "--force"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(count(&out), Some(3), "its own consensus is not an assessor");
    }
    fs::remove_file(panel.join("consensus.toml")).expect("rm");
    let ana = "panel/ana-customer-success.toml";
    let out = run(&["aggregate", "--format", "json", ana, "./panel/ana-customer-success.toml", "panel/ben-sales.toml"]);
    assert_eq!(count(&out), Some(2), "one file named twice is one assessor");
    let out = run(&["aggregate", "--format", "json", "panel", "./panel/ben-sales.toml"]);
    assert_eq!(count(&out), Some(3), "a file inside a folder given is read once");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("ana-customer-success.toml", panel.join("link.toml")).expect("symlink");
        let out = run(&["aggregate", "--format", "json", "panel"]);
        assert_eq!(count(&out), Some(3), "a link to a file of the panel is the same assessor");
    }
}

/// Long notes: the consensus shortens the quoted notes so that `score` reads it back.
#[test]
fn a_consensus_with_long_notes_stays_readable() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = fiveforces::QuestionBank::builtin();
    let long = "evidence ".repeat(3_000);
    for who in ["a", "b", "c"] {
        let mut text = format!("[assessment]\nname = \"Panel\"\nassessor = \"{who}\"\n");
        for force in fiveforces::Force::ALL {
            let _ = writeln!(text, "[{}]", force.key());
            for q in bank.questions().iter().filter(|q| q.force == force) {
                let _ = writeln!(text, "{} = {{ score = 3, note = \"{long}\" }}", q.id);
            }
        }
        // Each file stays within the read limit; three of them together would not.
        let text = text.replace(&long, &long[..long.len() * 7 / 10]);
        assert!(text.len() < 1024 * 1024, "{}", text.len());
        fs::write(dir.path().join(format!("{who}.toml")), text).expect("write");
    }
    fiveforces()
        .current_dir(dir.path())
        .args(["aggregate", "a.toml", "b.toml", "c.toml", "-o", "consensus.toml"])
        .assert()
        .success();
    let consensus = fs::read_to_string(dir.path().join("consensus.toml")).expect("consensus");
    assert!(consensus.len() < 1024 * 1024, "{} bytes", consensus.len());
    assert!(consensus.contains("shortened"));
    fiveforces().current_dir(dir.path()).args(["score", "consensus.toml"]).assert().success();
}

/// Without a terminal, the advice for an existing file is to edit it, not to `init` it (which
/// would refuse).
#[test]
fn the_interview_without_a_terminal_advises_what_works_for_an_existing_file() {
    fiveforces()
        .args(["interview", "examples/saas-crm.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("answer the questions in examples/saas-crm.toml with any editor"))
        .stderr(predicate::str::contains("init").not());
}

#[cfg(unix)]
#[test]
fn messages_say_what_is_really_wrong() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink("gone.toml", dir.path().join("dl.toml")).expect("symlink");
    for path in ["dl.toml", "."] {
        fiveforces()
            .current_dir(dir.path())
            .args(["check", path])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("this symbolic link points to gone.toml, which does not exist"))
            .stderr(predicate::str::contains("did you mean").not());
    }
    if Path::new("/dev/zero").exists() {
        fiveforces()
            .args(["check", "/dev/zero"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("more than 1048576 bytes"))
            .stderr(predicate::str::contains("1048577").not());
    }
    fs::write(dir.path().join("big.toml"), "#".repeat(1_100_000)).expect("write");
    fiveforces()
        .current_dir(dir.path())
        .args(["score", "../x.toml", "--questions", "big.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("a questionnaire is at most").not());
}

/// An unreadable folder gets one message, about the folder, not also "no *.toml file".
#[cfg(unix)]
#[test]
fn an_unreadable_folder_gets_one_message() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let locked = dir.path().join("locked");
    fs::create_dir(&locked).expect("mkdir");
    fs::write(locked.join("a.toml"), "").expect("write");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read_dir(&locked).is_ok() {
        eprintln!("skipped: this user can read a folder without permissions (root?)");
        return;
    }
    let out = fiveforces().current_dir(dir.path()).args(["check", "locked"]).output().expect("run");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).expect("chmod");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("permission denied"), "{stderr}");
    assert!(!stderr.contains("no *.toml file"), "{stderr}");
}
