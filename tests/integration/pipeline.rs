//! Everything a user's file goes through, as one function that the property tests and the fuzz
//! target (`fuzz/fuzz_targets/questionnaire.rs`, which includes this file) both call: read as
//! a questionnaire, a question bank and a playbook; score, rank and render every report of a
//! valid one; render the problems of an invalid one. It panics (a failed property) when an
//! invalid file has no problem, or a problem points outside the text.
//!
//! A new report format belongs in [`render_everything`], so that both keep covering it.

use std::sync::LazyLock;

use fiveforces::report::{catalog, json, table};
use fiveforces::{Assessed, InvalidFile, Playbook, QuestionBank, assess, template};

static BANK: LazyLock<QuestionBank> = LazyLock::new(QuestionBank::builtin);
static PLAYBOOK: LazyLock<Playbook> = LazyLock::new(Playbook::builtin);

/// Table widths to render at: absurdly narrow, a small terminal, the fixed width, a wide one.
const WIDTHS: [u16; 4] = [1, 40, 120, 400];

/// Runs `text` through every reader and, when it is valid, every renderer.
pub fn exercise(text: &str) {
    match assess("input.toml", text, &BANK, &PLAYBOOK, 10) {
        Ok(assessed) => render_everything(&[assessed]),
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

/// Every report format, for one questionnaire and as a batch.
pub fn render_everything(assessed: &[Assessed<'_>]) {
    for batch in [false, true] {
        let rendered = json::render(assessed, batch);
        assert!(serde_json::from_str::<serde_json::Value>(&rendered).is_ok(), "invalid JSON:\n{rendered}");
        for width in WIDTHS {
            let _ = table::render(assessed, batch, width);
        }
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
