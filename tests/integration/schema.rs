//! The editor schema in the shape Taplo reports well: each answer is one schema for both
//! spellings (`type: ["integer", "object"]` with bounds, keys and no other key), so a
//! validator's message names what is wrong (the maximum, the unexpected key) rather than
//! "not valid under any of the schemas listed in the 'anyOf' keyword"; checked with the
//! jsonschema crate (the validator Taplo is built on). The schema and `check` accept the
//! same answers.

use std::fs;

use crate::{run_in, stdout_of};

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

fn errors(text: &str) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(&stdout_of(&["schema"])).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("a valid schema of the draft it names");
    let doc: toml::Value = toml::from_str(text).expect("toml");
    validator.iter_errors(&to_json(doc)).map(|e| e.to_string()).collect()
}

fn check_accepts(text: &str) -> bool {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("q.toml"), text).expect("write");
    run_in(dir.path(), &["check", "q.toml"]).0 == Some(0)
}

const HEAD: &str = "[assessment]\nname = \"A\"\n[rivalry]\n";

#[test]
fn a_score_out_of_range_names_the_maximum_and_a_misspelt_key_is_unexpected() {
    let too_high = errors(&format!("{HEAD}many_rivals = 9\n"));
    assert_eq!(too_high, ["9 is greater than the maximum of 5"], "{too_high:?}");
    let too_low = errors(&format!("{HEAD}many_rivals = {{ score = 0 }}\n"));
    assert_eq!(too_low, ["0 is less than the minimum of 1"], "{too_low:?}");
    let typo = errors(&format!("{HEAD}many_rivals = {{ score = 4, nte = \"x\" }}\n"));
    assert_eq!(typo.len(), 1, "{typo:?}");
    assert!(typo[0].contains("'nte' was unexpected"), "{typo:?}");
    assert!(errors(&format!("{HEAD}many_rivals = \"4\"\n"))[0].contains("is not of types"));
    for text in [errors(&format!("{HEAD}many_rivals = 9\n")), typo] {
        assert!(text.iter().all(|e| !e.contains("anyOf") && !e.contains("any of the schemas")), "{text:?}");
    }
}

#[test]
fn the_schema_and_check_accept_the_same_answers() {
    for (answer, valid) in [
        ("4", true),
        ("{ score = 4, note = \"evidence\" }", true),
        ("{ note = \"no score\" }", false),
        ("9", false),
        ("0", false),
        ("\"4\"", false),
        ("{ score = 4, nte = \"x\" }", false),
        ("{ score = 4.5 }", false),
        ("3.5", false),
        ("3.0", false),
    ] {
        let text = format!("{HEAD}many_rivals = {answer}\n");
        assert_eq!(errors(&text).is_empty(), valid, "schema on {answer}: {:?}", errors(&text));
        assert_eq!(check_accepts(&text), valid, "check on {answer}");
    }
}
