//! `fiveforces aggregate` end to end: three assessors with known answers, the example panel,
//! the consensus file through `score` and `check`, and bad input.

use std::fs;
use std::path::Path;

use predicates::str::contains;
use serde_json::Value;

use crate::{fiveforces, run_in};

/// Three assessors of one business with answers whose statistics are worked out by hand:
///
/// | question (weight)            | Ana | Ben | Chloé | mean | SD   | span |
/// |------------------------------|-----|-----|-------|------|------|------|
/// | buyers.concentration (1.5)   | 4   | 4   | 4     | 4.00 | 0.00 | 0    |
/// | buyers.standardized_offer (1)| 4   | 4   | –     | 4.00 | 0.00 | 0    |
/// | buyers.low_switching (1.5)   | 2   | 4   | 5     | 3.67 | 1.53 | 3: contested |
/// | rivalry.balanced_rivals (1)       | 5   | –   | –     | 5.00 | –    | one answer |
///
/// Buyer power from the mean answers: (1.5 × 0.75 + 1 × 0.75 + 1.5 × 0.667) / 4 = 0.71875 → 72.
/// The assessors' own buyer power: Ana 56, Ben 75, Chloé 88 (SD 16.09).
/// rwg(J) for buyers: J = 3, s̄² = (0 + 0 + 2.333) / 3 = 0.778 → 0.83, agreement.
fn panel(dir: &Path) {
    let files = [
        (
            "ana.toml",
            "Ana",
            "2026-11-18",
            "concentration = 4\nstandardized_offer = 4\nlow_switching = { score = 2, note = \"Annual contracts keep them.\" }\n[rivalry]\nbalanced_rivals = 5\n",
        ),
        ("ben.toml", "Ben", "2026-11-20", "concentration = 4\nstandardized_offer = 4\nlow_switching = 4\n"),
        (
            "chloe.toml",
            "Chloé",
            "2026-11-19",
            "concentration = 4\nlow_switching = { score = 5, note = \"Free migration offers everywhere.\" }\n",
        ),
    ];
    for (file, who, date, buyers) in files {
        let text = format!("[assessment]\nname = \"Acme\"\nassessor = \"{who}\"\ndate = {date}\n\n[buyers]\n{buyers}");
        fs::write(dir.join(file), text).expect("write");
    }
}

fn question<'a>(report: &'a Value, force: &str, id: &str) -> &'a Value {
    report["questions"]
        .as_array()
        .and_then(|all| all.iter().find(|q| q["force"] == force && q["id"] == id))
        .expect("listed")
}

#[test]
fn three_assessors_give_the_expected_means_spreads_and_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    panel(dir.path());
    let (code, out, err) = run_in(dir.path(), &["aggregate", "ana.toml", "ben.toml", "chloe.toml", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let report: Value = serde_json::from_str(&out).expect("json");

    let low = question(&report, "buyers", "low_switching");
    assert_eq!((&low["n"], &low["mean"], &low["sd"]), (&3.into(), &3.67.into(), &1.53.into()));
    assert_eq!(
        (&low["min"], &low["max"], &low["rwg"], &low["contested"]),
        (&2.into(), &5.into(), &0.0.into(), &true.into())
    );
    let notes: Vec<(&Value, &Value)> =
        low["answers"].as_array().expect("answers").iter().map(|a| (&a["path"], &a["note"])).collect();
    assert_eq!(notes[0], (&"ana.toml".into(), &"Annual contracts keep them.".into()));
    assert_eq!(notes[1], (&"ben.toml".into(), &Value::Null));

    let concentration = question(&report, "buyers", "concentration");
    assert_eq!(
        (&concentration["mean"], &concentration["sd"], &concentration["rwg"]),
        (&4.0.into(), &0.0.into(), &1.0.into())
    );
    assert_eq!(concentration["contested"], false);
    assert_eq!(question(&report, "buyers", "standardized_offer")["n"], 2);
    let single = question(&report, "rivalry", "balanced_rivals");
    assert_eq!(
        (&single["n"], &single["mean"], &single["sd"], &single["rwg"]),
        (&1.into(), &5.0.into(), &Value::Null, &Value::Null)
    );
    let unanswered = question(&report, "buyers", "backward_integration");
    assert_eq!(
        (&unanswered["n"], &unanswered["mean"]),
        (&0.into(), &Value::Null),
        "unanswered is missing, not a score"
    );
    let contested: Vec<&Value> =
        report["questions"].as_array().expect("questions").iter().filter(|q| q["contested"] == true).collect();
    assert_eq!(contested.len(), 1);

    let buyers = &report["forces"]["buyers"];
    assert_eq!((&buyers["score"], &buyers["band"], &buyers["answered"]), (&74.into(), &"high".into(), &3.into()));
    assert_eq!(
        (&buyers["assessors"], &buyers["min"], &buyers["max"], &buyers["sd"]),
        (&3.into(), &69.into(), &96.into(), &14.18.into())
    );
    assert_eq!(
        (&buyers["rated_questions"], &buyers["rwg_j"], &buyers["agreement"]),
        (&3.into(), &0.83.into(), &true.into())
    );
    let rivalry = &report["forces"]["rivalry"];
    assert_eq!((&rivalry["score"], &rivalry["assessors"], &rivalry["rwg_j"]), (&100.into(), &1.into(), &Value::Null));
    assert_eq!(report["forces"]["suppliers"]["score"], Value::Null, "nobody answered: unscored");
    let own: Vec<&Value> =
        report["assessors"].as_array().expect("assessors").iter().map(|a| &a["scores"]["buyers"]).collect();
    assert_eq!(own, [&Value::from(69), &Value::from(75), &Value::from(96)]);
    assert_eq!(report["assessment"]["name"], "Acme");
    assert_eq!(report["assessment"]["assessor"], "consensus of 3 assessors: Ana, Ben, Chloé");
    assert_eq!(report["assessment"]["date"], "2026-11-20");

    let (_, table, _) = run_in(dir.path(), &["aggregate", "."]);
    assert!(table.contains("Contested questions (1)") && table.contains("buyers.low_switching"), "{table}");
    assert!(
        table.contains("Answered by one assessor only, so no spread to measure (1): rivalry.balanced_rivals"),
        "{table}"
    );
    let (_, markdown, _) = run_in(dir.path(), &["aggregate", ".", "--format", "md"]);
    assert!(markdown.contains("> [!WARNING]\n> **1 contested question**"), "{markdown}");
    assert!(markdown.contains("Ana, answer 2: Annual contracts keep them."), "{markdown}");

    // A wider span flags nothing.
    let (_, wide, _) = run_in(dir.path(), &["aggregate", ".", "--format", "json", "--contested-span", "4"]);
    let wide: Value = serde_json::from_str(&wide).expect("json");
    assert_eq!(wide["contested_span"], 4);
    assert!(wide["questions"].as_array().expect("questions").iter().all(|q| q["contested"] == false));
}

#[test]
fn a_consensus_file_round_trips_through_score_and_check() {
    let dir = tempfile::tempdir().expect("tempdir");
    let panel_dir = crate::repo("examples-panel");
    let panel_dir = panel_dir.to_str().expect("utf-8");
    let (code, _, stderr) =
        run_in(dir.path(), &["aggregate", panel_dir, "-o", "consensus.toml", "-o", "json=stats.json"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("wrote consensus.toml"), "{stderr}");
    assert!(dir.path().join("fiveforces.schema.json").exists(), "the file's #:schema line points to a file beside it");
    let text = fs::read_to_string(dir.path().join("consensus.toml")).expect("written");
    assert!(text.starts_with(
        "#:schema ./fiveforces.schema.json\n\n# Consensus written by `fiveforces aggregate` from 3 questionnaires:"
    ));
    assert!(
        text.contains("# Our customers could move their business to another established vendor"),
        "statements stay as comments"
    );

    fiveforces()
        .current_dir(dir.path())
        .args(["check", "consensus.toml"])
        .assert()
        .success()
        .stdout(contains("(42 of 53 questions answered)"));
    let (code, scored, stderr) = run_in(dir.path(), &["score", "consensus.toml", "--format", "json"]);
    assert_eq!(code, Some(0), "{stderr}");
    let scored: Value = serde_json::from_str(&scored).expect("json");
    assert_eq!(scored["assessment"]["name"], "Nimbus CRM");
    assert_eq!(scored["assessment"]["date"], "2026-11-20");

    // Each answer is the mean rounded to the nearest point, with the spread in its note.
    let stats: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("stats.json")).expect("json")).expect("json");
    let file: toml::Table = toml::from_str(&text).expect("toml");
    for q in stats["questions"].as_array().expect("questions") {
        let answer =
            file.get(q["force"].as_str().unwrap_or_default()).and_then(|t| t.get(q["id"].as_str().unwrap_or_default()));
        let Some(mean) = q["mean"].as_f64() else {
            assert!(answer.is_none(), "{q}");
            continue;
        };
        let answer = answer.expect("answered");
        let score = answer["score"].as_integer().and_then(|s| i32::try_from(s).ok()).map(f64::from).expect("score");
        assert!((score - mean).abs() <= 0.5 + 1e-9, "{q}");
        let note = answer["note"].as_str().unwrap_or_default();
        assert!(note.starts_with("consensus of ") || note.starts_with("answered by 1 of 3"), "{note}");
        assert_eq!(note.contains("; contested"), q["contested"] == true, "{note}");
    }
    let low = file["buyers"]["low_switching"]["note"].as_str().unwrap_or_default();
    assert!(low.starts_with("consensus of 3 assessors: mean 3.67, SD 1.53, answers 2, 4, 5; contested\n"), "{low}");
    assert!(low.contains("Chloé Martin (Finance), answer 2: 41% of ARR is on annual prepaid contracts"), "{low}");
    // Rounding moves each mean answer by half a point at most, so each pressure by 0.125 at
    // most; every force's rule moves by no more than the largest move of its pressures (12.5
    // points), supplier power's product by 1.5 times that. A min or max rule passes the move
    // of its decisive answer on almost whole, so this is more than the mean's point or two.
    for force in ["suppliers", "buyers", "rivalry", "substitutes", "new_entrants"] {
        let exact = stats["forces"][force]["score"].as_i64().unwrap_or_default();
        let rounded = scored["forces"][force]["score"].as_i64().unwrap_or_default();
        let bound = if force == "suppliers" { 19 } else { 13 };
        assert!((exact - rounded).abs() <= bound, "{force}: {exact} vs {rounded}");
    }

    // Never over an existing file without --force; the consensus also goes to standard output.
    let (code, _, stderr) = run_in(dir.path(), &["aggregate", panel_dir, "-o", "consensus.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("consensus.toml already exists; pass --force"), "{stderr}");
    let (code, stdout, _) = run_in(dir.path(), &["aggregate", panel_dir, "-o", "toml=-"]);
    assert_eq!(code, Some(0));
    assert_eq!(stdout, text);
}

#[test]
fn the_example_panel_in_every_format() {
    let (code, table, _) = run_in(crate::root(), &["aggregate", "examples-panel/"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!("aggregate_panel_table", table);
    let (_, markdown, _) = run_in(crate::root(), &["aggregate", "examples-panel/", "--format", "markdown"]);
    insta::assert_snapshot!("aggregate_panel_markdown", markdown);

    let (_, html, _) = run_in(crate::root(), &["aggregate", "examples-panel/", "--format", "html"]);
    let page = scraper::Html::parse_document(&html);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    assert_eq!(page.select(&select("script")).count(), 0);
    assert_eq!(page.select(&select("svg")).count(), 1);
    // The grid (4), one outline per assessor (3) and the consensus (1).
    assert_eq!(page.select(&select("svg polygon")).count(), 4 + 3 + 1);
    assert_eq!(page.select(&select("polygon[stroke-dasharray]")).count(), 3);
    assert!(html.contains("3 contested questions"), "{html}");
    assert!(!html.contains("https://") && !html.contains("url("));
}

#[test]
fn hostile_names_and_notes_are_inert_in_the_consensus() {
    let dir = tempfile::tempdir().expect("tempdir");
    let hostile = "<script>alert(1)</script> | pipe \"quote\"\nnew line";
    let value = toml::Value::String(hostile.to_owned()).to_string();
    for (file, score) in [("a.toml", 1), ("b.toml", 5)] {
        let text = format!(
            "[assessment]\nname = {value}\nassessor = {value}\n[rivalry]\nbalanced_rivals = {{ score = {score}, note = {value} }}\n"
        );
        fs::write(dir.path().join(file), text).expect("write");
    }
    let (code, markdown, _) = run_in(dir.path(), &["aggregate", ".", "--format", "md"]);
    assert_eq!(code, Some(0));
    assert!(!markdown.contains("<script>") && markdown.contains("&lt;script&gt;"), "{markdown}");
    let (_, html, _) = run_in(dir.path(), &["aggregate", ".", "--format", "html"]);
    assert_eq!(
        scraper::Html::parse_document(&html).select(&scraper::Selector::parse("script").expect("css")).count(),
        0
    );
    let (code, _, stderr) = run_in(dir.path(), &["aggregate", ".", "-o", "c.toml"]);
    assert_eq!(code, Some(0), "{stderr}");
    let read: toml::Table = toml::from_str(&fs::read_to_string(dir.path().join("c.toml")).expect("c")).expect("toml");
    assert_eq!(read["assessment"]["name"].as_str(), Some(hostile));
    assert_eq!(read["rivalry"]["balanced_rivals"]["score"].as_integer(), Some(3));
}

#[test]
fn a_consensus_needs_two_valid_questionnaires() {
    let dir = tempfile::tempdir().expect("tempdir");
    panel(dir.path());
    let (code, _, stderr) = run_in(dir.path(), &["aggregate", "ana.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("a consensus needs at least 2 questionnaires, got 1"), "{stderr}");

    fs::write(dir.path().join("bad.toml"), "[assessment]\nname = \"B\"\n[buyers]\nlow_switchng = 3\n").expect("write");
    let (code, stdout, stderr) = run_in(dir.path(), &["aggregate", ".", "-o", "consensus.toml"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("bad.toml:4:1") && stderr.contains("did you mean `low_switching`?"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(stdout.is_empty());
    assert!(!dir.path().join("consensus.toml").exists());
    fiveforces().args(["aggregate", "examples-panel", "--contested-span", "0"]).assert().code(2);
}

/// Questionnaires of different businesses are refused (FF402, naming each file), unless
/// `--allow-different`, which warns; names that differ only in case and spaces are one business.
#[test]
fn aggregate_refuses_different_businesses_unless_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let answer = "[rivalry]\nmany_rivals = 4\n";
    fs::write(dir.path().join("a.toml"), format!("[assessment]\nname = \"Acme\"\n{answer}")).expect("a");
    fs::write(dir.path().join("b.toml"), format!("[assessment]\nname = \" acme \"\n{answer}")).expect("b");
    let (code, _, stderr) = run_in(dir.path(), &["aggregate", "a.toml", "b.toml"]);
    assert_eq!(code, Some(0), "{stderr}");

    fs::write(dir.path().join("c.toml"), format!("[assessment]\nname = \"Globex\"\n{answer}")).expect("c");
    let (code, stdout, stderr) = run_in(dir.path(), &["aggregate", "a.toml", "b.toml", "c.toml"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stdout.is_empty(), "nothing is written: {stdout}");
    assert!(stderr.contains("error[FF402]") && stderr.contains("\"Acme\" (a.toml, b.toml)"), "{stderr}");
    assert!(stderr.contains("\"Globex\" (c.toml)") && stderr.contains("--allow-different"), "{stderr}");

    let (code, stdout, stderr) = run_in(dir.path(), &["aggregate", "a.toml", "b.toml", "c.toml", "--allow-different"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("warning[FF402]"), "{stderr}");
    assert!(stdout.contains("Consensus"), "{stdout}");
}
