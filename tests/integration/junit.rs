//! `--format junit` against what its consumers read: the Jenkins xunit plugin's
//! `junit-10.xsd` (vendored in `tests/schemas/`, checked here structurally from the schema
//! itself and by `xmlschema` in `.ci/lint-ci.sh`), mikepenz/action-junit-report (the test
//! case's `file` and `line`, else a guess from `classname`; the failure's `message`; a
//! `<skipped>` child), dorny/test-reporter (`name`, `classname`, `time`) and GitLab
//! (`classname`, `name`, `file`, the element bodies).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use crate::{repo, run_in, stdout_of};

/// Each element the schema declares: its allowed attributes, its required ones, and the
/// elements it may contain.
struct Decl {
    attributes: BTreeSet<String>,
    required: BTreeSet<String>,
    children: BTreeSet<String>,
}

fn schema() -> BTreeMap<String, Decl> {
    let text = fs::read_to_string(repo("tests/schemas/junit-10.xsd")).expect("vendored schema");
    let doc = roxmltree::Document::parse(&text).expect("schema parses");
    let mut decls = BTreeMap::new();
    for element in
        doc.root_element().children().filter(|n| n.has_tag_name(("http://www.w3.org/2001/XMLSchema", "element")))
    {
        let name = element.attribute("name").expect("named").to_owned();
        let mut decl = Decl { attributes: BTreeSet::new(), required: BTreeSet::new(), children: BTreeSet::new() };
        for node in element.descendants() {
            match node.tag_name().name() {
                "attribute" => {
                    let attr = node.attribute("name").expect("attribute name").to_owned();
                    if node.attribute("use") == Some("required") {
                        decl.required.insert(attr.clone());
                    }
                    decl.attributes.insert(attr);
                }
                "element" if node != element => {
                    decl.children.insert(node.attribute("ref").expect("ref").to_owned());
                }
                _ => {}
            }
        }
        decls.insert(name, decl);
    }
    decls
}

/// Fails unless every element of `xml` is declared, has only declared attributes and every
/// required one, and sits in an element that may contain it.
fn assert_valid(xml: &str) {
    let decls = schema();
    let doc = roxmltree::Document::parse(xml).expect("well-formed");
    assert_eq!(doc.root_element().tag_name().name(), "testsuites");
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        let decl = decls.get(name).unwrap_or_else(|| panic!("<{name}> is not in junit-10.xsd"));
        for attr in node.attributes() {
            assert!(decl.attributes.contains(attr.name()), "junit-10.xsd has no `{}` on <{name}>", attr.name());
        }
        for required in &decl.required {
            assert!(node.attribute(required.as_str()).is_some(), "<{name}> lacks the required `{required}`");
        }
        if let Some(parent) = node.parent_element() {
            let parent_name = parent.tag_name().name();
            assert!(decls[parent_name].children.contains(name), "<{name}> may not be inside <{parent_name}>");
        }
    }
}

fn bad_and_unscored() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("bad.toml"), "[assessment]\nname = \"x\"\n\n[buyer]\na = 9\n").expect("write");
    fs::write(dir.path().join("thin.toml"), "[assessment]\nname = \"Thin\"\n\n[rivalry]\nmany_rivals = 4\n")
        .expect("write");
    dir
}

#[test]
fn junit_is_valid_against_junit_10_xsd() {
    assert_valid(&stdout_of(&["score", "examples", "-f", "junit", "--fail-on", "rivalry>=70", "--min-coverage", "90"]));
    let dir = bad_and_unscored();
    let (code, xml, _) = run_in(dir.path(), &["score", ".", "-f", "junit"]);
    assert_eq!(code, Some(2));
    assert_valid(&xml);
    assert!(!xml.lines().find(|l| l.contains("<testsuites")).expect("root").contains("skipped="));
}

#[test]
fn every_test_case_names_its_file_for_action_junit_report_dorny_and_gitlab() {
    let xml = stdout_of(&["score", "examples/saas-crm.toml", "-f", "junit", "--fail-on", "rivalry>=70"]);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let text = fs::read_to_string(repo("examples/saas-crm.toml")).expect("example");
    let cases: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), 5);
    for case in &cases {
        let name = case.attribute("name").expect("name");
        assert_eq!(case.attribute("classname"), Some("examples/saas-crm.toml"));
        assert_eq!(
            case.attribute("file"),
            Some("examples/saas-crm.toml"),
            "action-junit-report and GitLab read `file`"
        );
        assert!(case.attribute("time").is_some_and(|t| t.parse::<f64>().is_ok()), "dorny reads `time`");
        // The line is the force's table, so the annotation lands on the right part of the file.
        let line: usize = case.attribute("line").and_then(|l| l.parse().ok()).expect("line");
        assert_eq!(text.lines().nth(line - 1), Some(format!("[{name}]").as_str()));
    }
    let rivalry = cases.iter().find(|c| c.attribute("name") == Some("rivalry")).expect("rivalry");
    let failure = rivalry.children().find(|n| n.has_tag_name("failure")).expect("a failure");
    assert!(failure.attribute("message").is_some_and(|m| m.contains("reached rivalry>=70")));
    assert!(failure.text().is_some_and(|t| t.contains("reached rivalry>=70")), "GitLab reads the body");
}

#[test]
fn unscored_forces_are_skipped_and_invalid_files_say_what_is_wrong_and_where() {
    let dir = bad_and_unscored();
    let (_, xml, _) = run_in(dir.path(), &["score", ".", "-f", "junit"]);
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let case = |file: &str, name: &str| {
        doc.descendants()
            .find(|n| {
                n.has_tag_name("testcase") && n.attribute("file") == Some(file) && n.attribute("name") == Some(name)
            })
            .unwrap_or_else(|| panic!("no {file} {name}"))
    };
    let skipped = case("./thin.toml", "buyers");
    assert!(skipped.children().any(|n| n.has_tag_name("skipped")), "an unscored force is skipped");
    assert!(!case("./thin.toml", "rivalry").children().any(|n| n.is_element() && n.tag_name().name() != "system-out"));
    let error = case("./bad.toml", "valid questionnaire").children().find(|n| n.has_tag_name("error")).expect("error");
    assert_eq!(
        error.attribute("message"),
        Some("./bad.toml:4:2: error[FF101]: unknown table `[buyer]` (did you mean `buyers`?)")
    );
    assert_eq!(case("./bad.toml", "valid questionnaire").attribute("line"), Some("4"));
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite") && n.attribute("name").is_some_and(|s| s.contains("thin")))
        .expect("suite");
    assert_eq!(suite.attribute("skipped"), Some("4"));
}
