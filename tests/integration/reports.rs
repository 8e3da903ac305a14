//! Every report format: parsed back by real parsers, hostile user text made inert, thresholds
//! that gate a pipeline, and several reports written safely from one scoring pass.

use std::fs;
use std::path::Path;

use predicates::str::contains;

use crate::{fiveforces, run, stdout_of};

#[test]
fn snapshots_of_every_format() {
    for format in ["jsonl", "csv", "markdown", "junit"] {
        insta::assert_snapshot!(format!("examples_{format}"), stdout_of(&["score", "examples", "--format", format]));
    }
    insta::assert_snapshot!("saas_html", stdout_of(&["score", "examples/saas-crm.toml", "--format", "html"]));
    insta::assert_snapshot!("saas_markdown", stdout_of(&["score", "examples/saas-crm.toml", "--format", "md"]));
}

#[test]
fn csv_parses_with_one_row_per_questionnaire() {
    let text = stdout_of(&["score", "examples", "--format", "csv", "--top", "3"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("header").clone();
    assert_eq!(&headers[0], "path");
    assert_eq!(headers.len(), 6 + 5 * 4 + 3);
    for name in ["scope", "assessor", "date", "rivalry_tentative"] {
        assert!(headers.iter().any(|h| h == name), "no {name} column in {headers:?}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 8);
    let telecom = rows.iter().find(|r| &r[0] == "examples/telecom-operator.toml").expect("telecom row");
    let column = |name: &str| headers.iter().position(|h| h == name).expect("column");
    assert_eq!(&telecom[column("new_entrants_band")], "low");
    assert_eq!(&telecom[column("new_entrants_tentative")], "false");
    // An unscored force has empty score and band cells, as JSON has null.
    for row in &rows {
        for force in ["suppliers", "buyers", "rivalry", "substitutes", "new_entrants"] {
            assert_eq!(
                row[column(&format!("{force}_score"))].is_empty(),
                row[column(&format!("{force}_band"))].is_empty()
            );
            assert_ne!(&row[column(&format!("{force}_band"))], "unscored");
        }
    }
    assert!(telecom[column("rivalry_score")].parse::<u8>().is_ok());
    assert_eq!(telecom[column("top_actions")].split(' ').count(), 3);
}

#[test]
fn junit_and_html_parse_with_real_parsers() {
    let xml = stdout_of(&["score", "examples", "--format", "junit", "--fail-on", "rivalry>=84"]);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let suites: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 8);
    assert!(suites.iter().all(|s| s.children().filter(|c| c.has_tag_name("testcase")).count() == 5));
    let failures: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("failure")).collect();
    assert_eq!(failures.len(), 1);
    let case = failures[0].parent().expect("testcase");
    assert_eq!(case.attribute("name"), Some("rivalry"));
    assert_eq!(case.attribute("classname"), Some("examples/saas-crm.toml"));
    assert!(failures[0].text().unwrap_or_default().contains("competitive rivalry 84 (high) reached rivalry>=84"));

    let html = stdout_of(&["score", "examples", "--format", "html"]);
    let page = scraper::Html::parse_document(&html);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    assert_eq!(page.select(&select("section.assessment")).count(), 8);
    assert_eq!(page.select(&select("section.assessment svg polygon")).count(), 8 * 5);
    assert_eq!(page.select(&select("script")).count(), 0);
    for attribute in ["src", "href"] {
        for element in page.select(&select(&format!("[{attribute}]"))) {
            let link = element.value().attr(attribute).unwrap_or_default();
            assert!(link.starts_with('#'), "the page must not load anything: {attribute}={link}");
        }
    }
    assert!(
        !html.contains("http://")
            || html.matches("http://").all(|_| html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    );
    assert!(!html.contains("https://") && !html.contains("url("));
}

const HOSTILE: &str = "=HYPERLINK(\"http://evil\") <script>alert(1)</script> </svg> ]]> | pipe @SUM(A1)\nsecond line";

fn hostile_questionnaire(dir: &Path) -> std::path::PathBuf {
    let name = toml::Value::String(HOSTILE.to_owned()).to_string();
    let note = toml::Value::String(format!("@SUM(1) {HOSTILE}")).to_string();
    let path = dir.join("hostile.toml");
    let text = format!(
        "[assessment]\nname = {name}\nindustry = {name}\n\n[rivalry]\nbalanced_rivals = {{ score = 5, note = {note} }}\nslow_growth = 4\n\n[buyers]\nlow_switching = {{ score = 4, note = {note} }}\n"
    );
    fs::write(&path, text).expect("write");
    path
}

#[test]
fn hostile_user_text_is_inert_in_every_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = hostile_questionnaire(dir.path());
    let file = file.to_str().expect("utf-8 path");
    let out = |format: &str| stdout_of(&["score", file, "--format", format]);

    let report: serde_json::Value = serde_json::from_str(&out("json")).expect("json");
    assert_eq!(report["assessment"]["name"], HOSTILE);
    let line: serde_json::Value = serde_json::from_str(out("jsonl").trim_end()).expect("jsonl");
    assert_eq!(line["assessment"]["name"], HOSTILE);

    let csv_text = out("csv");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let row = reader.records().next().expect("a row").expect("valid csv");
    assert_eq!(&row[1], format!("'{HOSTILE}"), "a formula must be made inert");
    assert!(row.iter().all(|cell| !cell.starts_with(['=', '+', '-', '@'])));

    let markdown = out("markdown");
    assert!(!markdown.contains("<script>") && !markdown.contains("</svg>"));
    assert!(markdown.contains("&lt;script&gt;") && markdown.contains("\\| pipe"));
    for line in markdown.lines().filter(|l| l.starts_with('|')) {
        let unescaped = line.replace("\\|", "").matches('|').count();
        let header = markdown.lines().find(|l| l.starts_with('|')).expect("table").matches('|').count();
        assert!(unescaped == header || unescaped == 5 || unescaped == 8, "a pipe broke the table: {line}");
    }

    let html = out("html");
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    assert_eq!(page.select(&select("script")).count(), 0, "no script element may appear");
    assert_eq!(page.select(&select("svg")).count(), 1, "</svg> in user text must not close the chart");
    let h2 = page.select(&select("section.assessment h2")).next().expect("heading");
    assert_eq!(h2.text().collect::<String>(), HOSTILE);
    let evidence: String = page.select(&select("td")).flat_map(|td| td.text()).collect();
    assert!(evidence.contains("@SUM(1) =HYPERLINK"), "notes are shown as evidence, as text");

    let xml = out("junit");
    let doc = roxmltree::Document::parse(&xml).expect("]]> and < must not break the XML");
    let suite = doc.descendants().find(|n| n.has_tag_name("testsuite")).expect("suite");
    // XML normalises a newline inside an attribute to a space; everything else survives as text.
    let first_line = HOSTILE.lines().next().unwrap_or_default();
    assert!(suite.attribute("name").unwrap_or_default().starts_with(first_line));

    let table = out("table");
    assert!(table.contains("<script>"), "the terminal shows the text as it is");
}

#[test]
fn thresholds_gate_with_exit_codes_and_are_named_in_every_report() {
    let telecom = "examples/telecom-operator.toml";
    let (code, _, stderr) = run(&["score", telecom, "--fail-on", "rivalry>=90", "--fail-on", "new_entrants>low"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.is_empty());

    let (code, stdout, stderr) = run(&["score", telecom, "--fail-on", "rivalry>=70"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains(
        "threshold breached: examples/telecom-operator.toml: competitive rivalry 83 (high) reached rivalry>=70"
    ));
    assert!(stdout.contains("Thresholds breached:") && stdout.contains("rivalry>=70"));
    for (format, expected) in [
        ("json", "\"message\": \"competitive rivalry 83 (high) reached rivalry>=70\""),
        ("jsonl", "reached rivalry>=70"),
        ("csv", "competitive rivalry 83 (high) reached rivalry>=70"),
        ("markdown", "threshold breached: competitive rivalry 83 (high) reached rivalry&gt;=70"),
        ("html", "Threshold breached: competitive rivalry 83 (high) reached rivalry&gt;=70"),
        ("junit", "<failure message=\"competitive rivalry 83 (high) reached rivalry&gt;=70\""),
    ] {
        let (code, out, _) = run(&["score", telecom, "--fail-on", "rivalry>=70", "--format", format]);
        assert_eq!(code, Some(1), "{format}");
        assert!(out.contains(expected), "{format} does not name the breach:\n{out}");
    }

    let (code, _, stderr) = run(&["score", "examples", "--fail-on", "new_entrants>=high"]);
    assert_eq!(code, Some(1));
    assert_eq!(stderr.lines().count(), 3, "saas, coffee and the shoe store cross it:\n{stderr}");

    let (code, _, stderr) = run(&["score", "examples", "--fail-on", "bogus>=3"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown force `bogus`"));
}

#[test]
fn min_coverage_flags_partly_answered_questionnaires() {
    let dir = tempfile::tempdir().expect("tempdir");
    let partial = dir.path().join("partial.toml");
    fs::write(&partial, "[assessment]\nname = \"P\"\n[rivalry]\nbalanced_rivals = 4\n").expect("write");
    let path = partial.to_str().expect("utf-8");
    let (code, out, stderr) = run(&["score", path, "--min-coverage", "50", "--format", "json"]);
    assert_eq!(code, Some(1), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["breaches"].as_array().map(Vec::len), Some(5));
    assert_eq!(run(&["score", path, "--min-coverage", "0"]).0, Some(0));
}

#[test]
fn bad_input_wins_over_a_breach_and_is_an_error_in_junit() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::copy(crate::repo("examples/telecom-operator.toml"), dir.path().join("a.toml")).expect("copy");
    fs::write(dir.path().join("b.toml"), "[assessment]\nname = \"B\"\n[rivalry]\nbalanced_rivals = 9\n")
        .expect("write");
    let out = fiveforces()
        .args(["score", "--format", "junit", "--fail-on", "any>=high"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let xml = String::from_utf8(out.stdout).expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let errors: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("error")).collect();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].text().unwrap_or_default().contains("b.toml:4:19"));
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("failure")).count(), 2);
}

#[test]
fn several_reports_from_one_pass_written_safely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let at = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    let outputs = [
        format!("markdown={}", at("summary.md")),
        format!("html={}", at("out/report.html")),
        format!("junit={}", at("junit.xml")),
    ];
    let mut args = vec!["score", "examples", "--fail-on", "rivalry>=84"];
    for o in &outputs {
        args.extend(["-o", o.as_str()]);
    }
    let (code, stdout, _) = run(&args);
    assert_eq!(code, Some(1), "a breach still writes every report");
    assert!(stdout.is_empty());
    assert!(fs::read_to_string(at("summary.md")).expect("md").starts_with("# Five Forces assessment"));
    assert!(fs::read_to_string(at("out/report.html")).expect("html").starts_with("<!DOCTYPE html>"));
    assert!(fs::read_to_string(at("junit.xml")).expect("xml").contains("failures=\"1\""));

    // Nothing is overwritten without --force, and nothing is half-written: the run stops
    // before writing any report.
    fs::remove_file(at("summary.md")).expect("rm");
    fs::remove_file(at("out/report.html")).expect("rm");
    fs::write(at("junit.xml"), "keep me").expect("write");
    fiveforces().args(&args).assert().code(2).stderr(contains("junit.xml already exists; pass --force"));
    assert!(!Path::new(&at("summary.md")).exists() && !Path::new(&at("out/report.html")).exists());
    assert_eq!(fs::read_to_string(at("junit.xml")).expect("kept"), "keep me");
    let mut forced = args.clone();
    forced.push("--force");
    fiveforces().args(&forced).assert().code(1);
    assert!(fs::read_to_string(at("junit.xml")).expect("xml").contains("<testsuites"));
    let stray: Vec<_> = fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".fiveforces-"))
        .collect();
    assert!(stray.is_empty(), "temporary files left behind");

    fiveforces()
        .args(["score", "examples", "-o", "-", "-o", "json=-"])
        .assert()
        .code(2)
        .stderr(contains("only one report"));
    fiveforces().args(["score", "examples", "-o", "md=-"]).assert().success().stdout(contains("| Questionnaire |"));
}

/// Standard output of `args` laid out for a terminal of `width` columns (`COLUMNS`).
fn at_width(args: &[&str], width: u16) -> String {
    let output = fiveforces().args(args).env("COLUMNS", width.to_string()).output().expect("runs");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// Every table and line of prose fits 80 and 120 columns, and no word is split: every action
/// id and file path that the JSON report names appears whole in the table.
#[test]
fn tables_fit_80_and_120_columns_without_splitting_a_word() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["score", "examples", "--format", "json"])).expect("json");
    let mut whole: Vec<String> = Vec::new();
    for report in json.as_array().expect("array") {
        whole.extend(
            report["actions"].as_array().into_iter().flatten().filter_map(|a| a["id"].as_str().map(String::from)),
        );
    }
    let cases: [&[&str]; 5] = [
        &["score", "examples/saas-crm.toml"],
        &["score", "examples"],
        &["aggregate", "examples-panel"],
        &["diff", "examples/saas-crm.toml", "examples/coffee-chain.toml"],
        &["questions"],
    ];
    for width in [80u16, 120] {
        for args in cases {
            let shown = at_width(args, width);
            assert!(!shown.is_empty(), "{args:?} printed nothing");
            for line in shown.lines() {
                let columns = textwrap::core::display_width(line);
                assert!(columns <= usize::from(width), "{args:?} at {width}: {columns} columns: {line}");
            }
            if args == ["score", "examples/saas-crm.toml"].as_slice() {
                let ids: Vec<&String> = whole.iter().filter(|id| shown.contains(id.as_str())).collect();
                assert!(!ids.is_empty(), "no action id shown whole at {width}:\n{shown}");
                assert!(!shown.contains("Competitiv\n") && shown.contains("rivalry"), "{shown}");
            }
        }
        let batch = at_width(&["score", "examples"], width);
        for path in ["coffee-chain.toml", "industrial-equipment.toml", "office-equipment-dealer.toml"] {
            assert!(batch.contains(path), "{path} split at {width}:\n{batch}");
        }
        let rows = batch.lines().filter(|l| l.starts_with('│')).count();
        assert_eq!(rows, 9, "one line per file and the header at {width}:\n{batch}");
        insta::assert_snapshot!(format!("batch_table_{width}"), batch);
        insta::assert_snapshot!(format!("saas_table_{width}"), at_width(&["score", "examples/saas-crm.toml"], width));
    }
}
