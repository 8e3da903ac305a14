//! Everything a user's file goes through, as one function that the property tests and the fuzz
//! target (`fuzz/fuzz_targets/questionnaire.rs`, which includes this file) both call: read as
//! a questionnaire, a question bank and a playbook; score, rank and render every report of a
//! valid one; render the problems of an invalid one. It panics (a failed property) when an
//! invalid file has no problem, or a problem points outside the text.
//!
//! A new report format belongs in [`render_everything`], so that both keep covering it.

use std::sync::LazyLock;

use fiveforces::analysis::threshold::Thresholds;
use fiveforces::questionnaire::template;
use fiveforces::report::{self, Entry, Format, Run, Terminal, catalog};
use fiveforces::{Assessed, InvalidFile, Playbook, QuestionBank, Questionnaire, assess};

static BANK: LazyLock<QuestionBank> = LazyLock::new(QuestionBank::builtin);
static PLAYBOOK: LazyLock<Playbook> = LazyLock::new(Playbook::builtin);

/// Table widths to render at: absurdly narrow, a small terminal, the fixed width, a wide one.
const WIDTHS: [u16; 4] = [1, 40, 120, 400];

/// Runs `text` through every reader and, when it is valid, every renderer.
pub fn exercise(text: &str) {
    match assess("input.toml", text, &BANK, &PLAYBOOK, 10) {
        Ok(assessed) => {
            render_everything(&[assessed]);
            compare_and_combine(text);
        }
        Err(invalid) => check_invalid(&invalid, text),
    }
    match QuestionBank::from_toml("bank.toml", text, Some(&BANK)) {
        Ok(bank) => {
            let _ = catalog::questions_json(&bank);
            let _ = catalog::questions_table(&bank, 120);
            let _ = template::questionnaire(&bank, "Name");
        }
        Err(invalid) => check_invalid(&invalid, text),
    }
    match Playbook::from_toml("playbook.toml", text, Some(&PLAYBOOK)) {
        Ok(playbook) => {
            let _ = catalog::actions_json(&playbook);
            let _ = catalog::actions_table(&playbook, 120);
        }
        Err(invalid) => check_invalid(&invalid, text),
    }
}

/// Every report format, for one questionnaire and as a batch, with thresholds that every
/// force crosses (so that breaches are rendered too) and without.
pub fn render_everything(assessed: &[Assessed<'_>]) {
    let gates = Thresholds { fail_on: vec!["any>=0".parse().expect("a valid rule")], min_coverage: Some(100) };
    for thresholds in [Thresholds::default(), gates] {
        let entries: Vec<Entry<'_>> =
            assessed.iter().map(|a| Entry { assessed: a.clone(), breaches: thresholds.check(&a.profile) }).collect();
        for batch in [false, true] {
            let run =
                Run { entries: entries.clone(), failures: Vec::new(), batch, bank: &BANK, thresholds: &thresholds };
            for &format in <Format as clap::ValueEnum>::value_variants() {
                for width in WIDTHS {
                    let rendered = report::render(format, &run, Terminal { width, color: width == 40 })
                        .expect("rendering to memory does not fail");
                    if format == Format::Json {
                        assert!(
                            serde_json::from_str::<serde_json::Value>(&rendered).is_ok(),
                            "invalid JSON:\n{rendered}"
                        );
                    }
                }
            }
        }
    }
}

/// A valid questionnaire compared with an example and combined with it into a consensus, in
/// every format of `diff` and `aggregate`.
fn compare_and_combine(text: &str) {
    let Ok(mine) = Questionnaire::parse("input.toml", text, &BANK) else { return };
    let example = include_str!("../../examples/saas-crm.toml");
    let Ok(other) = Questionnaire::parse("example.toml", example, &BANK) else { return };
    let diff =
        fiveforces::analysis::diff::compare(("example.toml", &other), ("input.toml", &mine), &BANK, &PLAYBOOK, 5);
    let run = report::diff::DiffRun {
        old: "example.toml".into(),
        new: "input.toml".into(),
        folders: false,
        top: 5,
        entries: vec![report::diff::DiffEntry { path: "input.toml".into(), diff, breaches: Vec::new() }],
        added: Vec::new(),
        removed: Vec::new(),
        failures: Vec::new(),
    };
    for &format in <report::diff::Format as clap::ValueEnum>::value_variants() {
        let _ = report::diff::render(format, &run, Terminal::plain(120));
    }
    let panel = vec![("example.toml".to_owned(), other), ("input.toml".to_owned(), mine)];
    let Ok(aggregate) = fiveforces::analysis::aggregate::aggregate(panel, &BANK, 2) else { return };
    let _ = aggregate.consensus_toml("consensus.toml", &BANK);
    let profile = fiveforces::score(&aggregate.consensus(), &BANK);
    let plan = fiveforces::analysis::plan::plan(&profile, &PLAYBOOK, aggregate.context.as_ref(), 5);
    let consensus = report::aggregate::Consensus { plan, aggregate };
    for &format in <report::aggregate::Format as clap::ValueEnum>::value_variants() {
        let _ = report::aggregate::render(format, &consensus, Terminal::plain(120));
    }
}

/// An invalid file has at least one problem, each inside the text, and renders.
pub fn check_invalid(invalid: &InvalidFile, text: &str) {
    assert!(!invalid.problems.is_empty(), "an error without a problem");
    let lines = text.split('\n').count();
    for problem in &invalid.problems {
        if let Some(span) = &problem.span {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?} is outside the text: {problem:?}");
        }
        let location = invalid.location(problem);
        assert!(location.line >= 1 && location.line <= lines && location.column >= 1, "{location:?}: {problem:?}");
    }
    let shown = invalid.render(false);
    let _ = invalid.render(true);
    let summary = invalid.to_string();
    assert!(summary.contains("input.toml:") || summary.contains("bank.toml:") || summary.contains("playbook.toml:"));
    assert!(shown.contains(&format!("{}:", invalid.origin)), "the rendering lacks the file name:\n{shown}");
}
