//! Every kind of bad input a person can give, run through the real binary: each must exit 2
//! with a message that names the file, line and column, says what is wrong and how to fix it.

use std::fs;
use std::path::Path;

use crate::fiveforces;

/// A questionnaire file and what `fiveforces check` must say about it: the location after the
/// file name (`3:8` for line 3, column 8) and key words of the message and of the advice.
struct Case {
    name: &'static str,
    text: &'static [u8],
    location: &'static str,
    says: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "json",
        text: b"{\"assessment\": {\"name\": \"Acme\"}}\n",
        location: "1:1",
        says: &["not TOML", "looks like JSON", "fiveforces init"],
    },
    Case {
        name: "markdown",
        text: b"# Acme\n\nOur customers love us.\n",
        location: "3:5",
        says: &["not TOML", "Markdown", "right file"],
    },
    Case {
        name: "unclosed_header",
        text: b"[assessment\nname = \"Acme\"\n",
        location: "1:12",
        says: &["unclosed table", "between brackets"],
    },
    Case {
        name: "unclosed_string",
        text: b"[assessment]\nname = \"Acme\n",
        location: "2:13",
        says: &["invalid basic string", "close the text"],
    },
    Case {
        name: "trailing_comma",
        text: b"[assessment]\nname = \"Acme\",\n",
        location: "2:14",
        says: &["do not end with a comma"],
    },
    Case {
        name: "missing_value",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration =\n",
        location: "4:16",
        says: &["missing value after `=`", "delete the line"],
    },
    Case {
        name: "duplicate_key",
        text: b"[assessment]\nname = \"Acme\"\nname = \"Other\"\n",
        location: "3:1",
        says: &["`name` is set twice", "keep one"],
    },
    Case {
        name: "duplicate_table",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = 2\n[buyers]\n",
        location: "5:2",
        says: &["`[buyers]` appears twice", "move these keys"],
    },
    Case {
        name: "supplier",
        text: b"[assessment]\nname = \"Acme\"\n[supplier]\n",
        location: "3:2",
        says: &["unknown table `[supplier]`", "did you mean `suppliers`?"],
    },
    Case {
        name: "entrants",
        text: b"[assessment]\nname = \"Acme\"\n[entrants]\n",
        location: "3:2",
        says: &["unknown table `[entrants]`", "did you mean `new_entrants`?"],
    },
    Case {
        name: "question_typo",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentraton = 3\n",
        location: "4:1",
        says: &["unknown question `concentraton` in [buyers]", "did you mean `concentration`?"],
    },
    Case {
        name: "question_elsewhere",
        text: b"[assessment]\nname = \"Acme\"\n[suppliers]\nlow_switching = 3\n",
        location: "4:1",
        says: &["unknown question `low_switching` in [suppliers]", "move it"],
    },
    Case {
        name: "score_0",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = 0\n",
        location: "4:17",
        says: &["is 0, outside the scale", "from 1 (strongly disagree) to 5"],
    },
    Case {
        name: "score_6",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = 6\n",
        location: "4:17",
        says: &["is 6, outside the scale", "leave the question out"],
    },
    Case {
        name: "score_words",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = \"Agree\"\n",
        location: "4:17",
        says: &["is written in words", "write the number instead: concentration = 4"],
    },
    Case {
        name: "answer_under_assessment",
        text: b"[assessment]\nname = \"Acme\"\nconcentration = 4\n",
        location: "3:1",
        says: &["unknown key `concentration` in [assessment]", "a question of [suppliers] or [buyers]"],
    },
    Case {
        name: "score_decimal",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = 3.5\n",
        location: "4:17",
        says: &["is a decimal number", "nearer whole number"],
    },
    Case {
        name: "score_string",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = \"4\"\n",
        location: "4:17",
        says: &["is a string, not a number", "remove the quotes: concentration = 4"],
    },
    Case {
        name: "score_bool",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = true\n",
        location: "4:17",
        says: &["found a boolean", "concentration = 4"],
    },
    Case {
        name: "score_array",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = [4]\n",
        location: "4:17",
        says: &["found an array", "concentration = 4"],
    },
    Case {
        name: "score_in_table",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = { score = 9, note = \"x\" }\n",
        location: "4:27",
        says: &["is 9, outside the scale"],
    },
    Case {
        name: "note_number",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = { score = 4, note = 5 }\n",
        location: "4:37",
        says: &["`note` must be a string", "double quotes"],
    },
    Case {
        name: "answer_without_score",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = { note = \"x\" }\n",
        location: "4:17",
        says: &["has no `score`", "score = 4"],
    },
    Case {
        name: "answer_key_typo",
        text: b"[assessment]\nname = \"Acme\"\n[buyers]\nconcentration = { score = 4, note = \"x\", notes = \"y\" }\n",
        location: "4:42",
        says: &["unknown key `notes`", "did you mean `note`?"],
    },
    Case {
        name: "no_assessment",
        text: b"[buyers]\nconcentration = 2\n",
        location: "1:1",
        says: &["no [assessment] table", "name = \"The business you assess\"", "fiveforces init"],
    },
    Case {
        name: "no_name",
        text: b"[assessment]\nindustry = \"Retail\"\n",
        location: "1:2",
        says: &["[assessment] has no `name`", "name = \"The business you assess\""],
    },
    Case {
        name: "empty_name",
        text: b"[assessment]\nname = \"  \"\n",
        location: "2:8",
        says: &["`name` is empty", "name the business"],
    },
    Case {
        name: "name_not_text",
        text: b"[assessment]\nname = 42\n",
        location: "2:8",
        says: &["`name` must be a string, found an integer", "double quotes"],
    },
    Case {
        name: "assessment_key_typo",
        text: b"[assessment]\nname = \"Acme\"\nindusty = \"Retail\"\n",
        location: "3:1",
        says: &["unknown key `industy` in [assessment]", "did you mean `industry`?"],
    },
    Case {
        name: "date_text",
        text: b"[assessment]\nname = \"Acme\"\ndate = \"last spring\"\n",
        location: "3:8",
        says: &["`date` must be a calendar date", "YYYY-MM-DD"],
    },
    Case {
        name: "date_impossible",
        text: b"[assessment]\nname = \"Acme\"\ndate = 2026-13-01\n",
        location: "3:8",
        says: &["invalid date", "YYYY-MM-DD"],
    },
    Case {
        name: "date_number",
        text: b"[assessment]\nname = \"Acme\"\ndate = 20261122\n",
        location: "3:8",
        says: &["found an integer", "YYYY-MM-DD"],
    },
    Case { name: "empty", text: b"", location: "1:1", says: &["the file is empty", "fiveforces init"] },
    Case { name: "blank", text: b"\n  \n\n", location: "1:1", says: &["the file is empty", "fiveforces init"] },
    Case {
        name: "comments",
        text: b"# Acme, to do\n\n# [buyers]\n",
        location: "1:1",
        says: &["only comments", "fiveforces init"],
    },
    Case {
        name: "not_utf8",
        text: b"[assessment]\nname = \"Caf\xe9\"\n",
        location: "2:12",
        says: &["not UTF-8", "UTF-8"],
    },
    Case { name: "binary", text: b"\x7fELF\x02\x01\x01\x00\x00\x00", location: "1:8", says: &["NUL bytes", "binary"] },
    Case {
        name: "other_toml",
        text: b"[package]\nname = \"acme\"\nversion = \"1.0.0\"\n",
        location: "1:1",
        says: &["not a questionnaire", "right file"],
    },
    Case {
        name: "bank_as_questionnaire",
        text: b"[[question]]\nid = \"x\"\n",
        location: "1:1",
        says: &["this is a question bank", "--questions FILE"],
    },
];

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], path: &[&Path], stdin: Option<&[u8]>) -> Run {
    let mut cmd = fiveforces();
    cmd.args(args).args(path);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn assert_says(run: &Run, what: &str, says: &[&str]) {
    assert_eq!(run.code, Some(2), "{what}: exit code\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{what}: panicked\n{}", run.stderr);
    for words in says {
        assert!(run.stderr.contains(words), "{what}: stderr lacks `{words}`:\n{}", run.stderr);
    }
}

#[test]
fn every_bad_questionnaire_is_explained_at_its_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    for case in CASES {
        let path = dir.path().join(format!("{}.toml", case.name));
        fs::write(&path, case.text).expect("write");
        for command in ["check", "score"] {
            let run = run(&[command], &[&path], None);
            let location = format!("{}.toml:{}", case.name, case.location);
            assert_says(&run, &format!("{command} {}", case.name), &[&location]);
            assert_says(&run, &format!("{command} {}", case.name), case.says);
        }
    }
}

#[test]
fn a_batch_reports_every_bad_file_and_scores_the_rest() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(crate::repo("examples/saas-crm.toml"), dir.path().join("good.toml")).expect("copy");
    let bad = ["supplier", "score_decimal", "empty", "not_utf8", "duplicate_key", "json"];
    for name in bad {
        let case = CASES.iter().find(|c| c.name == name).expect("case");
        fs::write(dir.path().join(format!("{name}.toml")), case.text).expect("write");
    }
    let run = run(&["score", "--format", "json"], &[dir.path()], None);
    assert_says(&run, "batch", &[]);
    for name in bad {
        assert!(run.stderr.contains(&format!("{name}.toml:")), "{name} not reported:\n{}", run.stderr);
    }
    let reports: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("json");
    let valid: Vec<bool> = reports.iter().map(|r| r["valid"] == true).collect();
    assert_eq!(valid.iter().filter(|v| **v).count(), 1, "only the good file is scored");
    assert_eq!(valid.len(), 1 + bad.len(), "the bad files are listed too");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("many.toml");
    let text = "[assessment]\nname = \"Acme\"\ndate = \"soon\"\n[supplier]\n[buyers]\nconcentration = 7,\n\
                low_switching = \"4\"\nwell_informed = { score = 4, note = unquoted }\n[rivalry]\nmany_equal = 3.5\n";
    fs::write(&path, text).expect("write");
    let run = run(&["check"], &[&path], None);
    let expected =
        ["many.toml:3:8", "many.toml:4:2", "many.toml:6:18", "many.toml:7:17", "many.toml:8:37", "many.toml:10:14"];
    assert_says(&run, "many", &expected);
}

#[test]
fn bad_paths_are_explained() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = crate::repo("examples/saas-crm.tmol");
    assert_says(
        &run(&["score"], &[&missing], None),
        "missing",
        &["no such file or folder", "did you mean", "saas-crm.toml"],
    );
    let empty_dir = dir.path().join("empty");
    fs::create_dir(&empty_dir).expect("mkdir");
    assert_says(
        &run(&["score"], &[&empty_dir], None),
        "empty folder",
        &["no *.toml file in this folder", "fiveforces init"],
    );
    let big = dir.path().join("big.toml");
    fs::write(&big, "#".repeat(1024 * 1024 + 1)).expect("write");
    assert_says(&run(&["check"], &[&big], None), "too large", &["big.toml", "at most 1048576 bytes", "right file"]);
    assert_says(&run(&["score", "-", "-"], &[], Some(b"")), "stdin twice", &["more than once"]);
    assert_says(&run(&["score", "-"], &[], Some(b"")), "empty stdin", &["standard input is empty", "acme.toml"]);
    assert_says(&run(&["check", "-"], &[], Some(b"  \n")), "blank stdin", &["standard input is empty"]);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_explained() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("locked.toml");
    fs::copy(crate::repo("examples/saas-crm.toml"), &path).expect("copy");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    // Root (and some CI containers run as root) can read a file whatever its permissions, so
    // the permission error can only be seen when a real read attempt fails.
    if fs::read(&path).is_ok() {
        return;
    }
    assert_says(&run(&["score"], &[&path], None), "unreadable", &["locked.toml", "permission denied", "ls -l"]);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_and_the_rest_scored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("unit");
    fs::create_dir(&folder).expect("mkdir");
    fs::copy(crate::repo("examples/saas-crm.toml"), folder.join("a.toml")).expect("copy");
    std::os::unix::fs::symlink(&folder, folder.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("self.toml", folder.join("self.toml")).expect("symlink");
    let run = run(&["score", "--format", "json"], &[&folder], None);
    assert_says(&run, "loop", &["loop: this symbolic link loops back", "self.toml", "loop back on themselves"]);
    assert!(run.stdout.contains("\"name\": \"Nimbus CRM\""), "{}", run.stdout);
}

#[test]
fn bad_question_banks_and_playbooks_report_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bank = dir.path().join("bank.toml");
    fs::write(
        &bank,
        "builtin = \"replce\"\n[[question]]\nid = \"Bad Id\"\nforce = \"buyer\"\nstatement = \"\"\nhelp = 3\n\
         direction = \"raise\"\nweight = -1\nsourc = \"x\"\n",
    )
    .expect("write");
    let run_bank = run(&["questions", "--questions"], &[&bank], None);
    assert_says(
        &run_bank,
        "bank",
        &[
            "bank.toml:1:11",
            "did you mean `replace`?",
            "bank.toml:3:6",
            "not snake_case",
            "bank.toml:4:9",
            "did you mean `buyers`?",
            "bank.toml:5:13",
            "bank.toml:6:8",
            "bank.toml:7:13",
            "did you mean `raises`?",
            "bank.toml:8:10",
            "bank.toml:9:1",
            "did you mean `source`?",
            "bank.toml:2:1",
            "has no `source`",
        ],
    );
    let playbook = dir.path().join("playbook.toml");
    fs::write(
        &playbook,
        "[[action]]\nid = \"x\"\ntitle = \"T\"\nwhat = \"W\"\nwhen = \"always\"\ncategory = \"loyalty\"\n\
         [action.relevance]\nrivals = { level = 2, reason = \"r\" }\nbuyers = { level = 5 }\n\
         [action.source]\nseed = \"s\"\npassage = \"p\"\n",
    )
    .expect("write");
    let run_playbook = run(&["actions", "--playbook"], &[&playbook], None);
    assert_says(
        &run_playbook,
        "playbook",
        &[
            "playbook.toml:5:8",
            "`ongoing`",
            "playbook.toml:8:1",
            "did you mean `rivalry`?",
            "playbook.toml:9:20",
            "0 to 3",
        ],
    );
}
