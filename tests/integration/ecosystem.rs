//! Editor schema, shell completions, man page, version, colours and help text.

use std::fs;

use predicates::str::contains;

use crate::{fiveforces, stdout_of};

/// A TOML document as the JSON an editor validates (dates become strings, as Taplo does).
fn to_json(value: toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(items) => items.into_iter().map(to_json).collect(),
        toml::Value::Table(table) => table.into_iter().map(|(k, v)| (k, to_json(v))).collect(),
    }
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&stdout_of(&["schema"])).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("a valid schema of the draft it names")
}

#[test]
fn every_example_validates_against_the_schema_and_broken_files_do_not() {
    let validator = validator();
    for entry in fs::read_dir(crate::repo("examples")).expect("examples") {
        let path = entry.expect("entry").path();
        let doc: toml::Value = toml::from_str(&fs::read_to_string(&path).expect("read")).expect("toml");
        let errors: Vec<String> = validator.iter_errors(&to_json(doc)).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    for broken in [
        "[assessment]\nname = \"A\"\n[rivalry]\nmany_equals = 4\n",
        "[assessment]\nname = \"A\"\n[rivalry]\nmany_equal = 6\n",
        "[assessment]\nname = \"A\"\n[rivalry]\nmany_equal = { score = 4, nte = \"x\" }\n",
        "[assessment]\nname = \"\"\n",
        "[assessment]\nindustry = \"x\"\n",
        "[assessment]\nname = \"A\"\n[supplier]\n",
    ] {
        let doc: toml::Value = toml::from_str(broken).expect("toml");
        assert!(!validator.is_valid(&to_json(doc)), "the schema accepts {broken:?}");
    }
}

#[test]
fn the_schema_lists_every_question_with_its_statement() {
    let schema: serde_json::Value = serde_json::from_str(&stdout_of(&["schema"])).expect("json");
    let questions: serde_json::Value =
        serde_json::from_str(&stdout_of(&["questions", "--format", "json"])).expect("json");
    for q in questions.as_array().expect("array") {
        let (force, id) = (q["force"].as_str().expect("force"), q["id"].as_str().expect("id"));
        let description = schema["properties"][force]["properties"][id]["description"].as_str().unwrap_or_default();
        assert!(description.starts_with(q["statement"].as_str().expect("statement")), "{force}.{id}");
    }
}

#[test]
fn init_points_the_file_at_a_schema_it_writes_beside_it_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("acme.toml");
    fiveforces().arg("init").arg(&file).assert().success().stderr(contains("fiveforces.schema.json"));
    assert!(fs::read_to_string(&file).expect("file").starts_with("#:schema ./fiveforces.schema.json\n\n"));
    let schema = dir.path().join("fiveforces.schema.json");
    assert_eq!(fs::read_to_string(&schema).expect("schema"), stdout_of(&["schema"]));
    fs::write(&schema, "{ \"mine\": true }").expect("write");
    fiveforces().arg("init").arg(dir.path().join("other.toml")).assert().success();
    assert_eq!(fs::read_to_string(&schema).expect("kept"), "{ \"mine\": true }");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("fiveforces") && script.contains("interview"), "{shell}");
    }
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH fiveforces") && page.contains(".SH SYNOPSIS"), "{page}");
    assert!(page.contains("interview") && page.contains("score"));
}

#[test]
fn version_names_the_release() {
    let version = stdout_of(&["--version"]);
    assert!(version.starts_with(&format!("fiveforces {}", env!("CARGO_PKG_VERSION"))), "{version}");
}

#[test]
fn colours_follow_the_flag_and_the_environment() {
    let esc = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = fiveforces();
        cmd.args(args).env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR").env_remove("CLICOLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8(cmd.output().expect("runs").stdout).expect("utf-8").contains('\u{1b}')
    };
    let example = ["score", "examples/telecom-operator.toml"];
    assert!(!esc(&example, &[]), "no colours into a pipe");
    assert!(esc(&[&example[..], &["--color", "always"]].concat(), &[]));
    assert!(esc(&example, &[("CLICOLOR_FORCE", "1")]));
    assert!(!esc(&example, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!esc(&[&example[..], &["--color", "never"]].concat(), &[("CLICOLOR_FORCE", "1")]));
    let bad = tempfile::tempdir().expect("tempdir");
    let file = bad.path().join("bad.toml");
    fs::write(&file, "[assessment]\nname = 3\n").expect("write");
    let out = fiveforces().args(["check", "--color", "always"]).arg(&file).output().expect("runs");
    assert!(String::from_utf8_lossy(&out.stderr).contains('\u{1b}'), "diagnostics are coloured when asked");
}

#[test]
fn every_subcommand_help_has_examples() {
    for command in [
        "score",
        "check",
        "diff",
        "aggregate",
        "interview",
        "init",
        "questions",
        "actions",
        "schema",
        "completions",
        "man",
    ] {
        fiveforces().args([command, "--help"]).assert().success().stdout(contains("Examples:"));
    }
}

#[test]
fn man_dir_writes_one_page_per_subcommand_with_every_option() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_str().expect("utf-8 path");
    let (code, _, err) = crate::run(&["man", "--dir", path]);
    assert_eq!(code, Some(0), "{err}");
    let help = stdout_of(&["--help"]);
    let subcommands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.strip_prefix("  ").filter(|l| !l.starts_with(' ')).and_then(|l| l.split_whitespace().next()))
        .filter(|name| *name != "help")
        .collect();
    assert!(subcommands.len() >= 10, "{subcommands:?}");
    let top = fs::read_to_string(dir.path().join("fiveforces.1")).expect("top page");
    for sub in &subcommands {
        let page = fs::read_to_string(dir.path().join(format!("fiveforces-{sub}.1"))).expect("a page per subcommand");
        for section in [".SH OPTIONS", ".SH \"EXIT STATUS\"", ".SH ENVIRONMENT", ".SH EXAMPLES", ".SH \"SEE ALSO\""] {
            assert!(page.contains(section), "fiveforces-{sub}.1 lacks {section}");
        }
        // Every long option of the subcommand's --help is on its page.
        for option in stdout_of(&[sub, "--help"]).split_whitespace().filter(|w| w.starts_with("--") && w.len() > 2) {
            let option =
                option.trim_end_matches([',', '.', ')', '`']).split(['=', '<', '`']).next().unwrap_or_default();
            if option.len() > 2 && !option.contains('\'') {
                assert!(page.contains(&option.replace('-', "\\-")), "fiveforces-{sub}.1 lacks {option}");
            }
        }
        assert!(top.contains(&format!("fiveforces\\-{sub}")), "the top page refers to fiveforces-{sub}(1)");
    }
    // Pages are never overwritten without --force.
    assert_eq!(crate::run(&["man", "--dir", path]).0, Some(2));
    assert_eq!(crate::run(&["man", "--dir", path, "--force"]).0, Some(0));
}
