//! The direct JSONL writer (`json::line`) against its serde reference (`json::line_serde`):
//! byte for byte on every bundled example and calibration file, and on random questionnaires
//! with arbitrary text (control characters, quotes, non-ASCII) in every string field.

use std::sync::LazyLock;

use fiveforces::analysis::plan::plan;
use fiveforces::analysis::score::explain;
use fiveforces::analysis::threshold::Thresholds;
use fiveforces::context::Values;
use fiveforces::questionnaire::{Context, ContextKey};
use fiveforces::report::Entry;
use fiveforces::report::assessment::json;
use fiveforces::{Answer, Assessed, Assessment, Likert, Playbook, QuestionBank, Questionnaire, assess, score};
use proptest::prelude::*;

static BANK: LazyLock<QuestionBank> = LazyLock::new(QuestionBank::builtin);
static PLAYBOOK: LazyLock<Playbook> = LazyLock::new(Playbook::builtin);

/// Asserts the two writers agree for `assessed`, without and with breaches on every force.
fn agree(assessed: &Assessed<'_>) {
    let gates = Thresholds { fail_on: vec!["any>=0".parse().expect("a valid rule")], min_coverage: Some(100) };
    for thresholds in [Thresholds::default(), gates] {
        let entry = Entry { assessed: assessed.clone(), breaches: thresholds.check(&assessed.profile) };
        let direct = json::line(&entry).expect("direct");
        let reference = json::line_serde(&entry).expect("serde");
        assert_eq!(direct, reference, "{}", assessed.origin);
    }
}

#[test]
fn every_example_and_calibration_file_is_written_byte_for_byte_as_serde_writes_it() {
    let mut seen = 0;
    for dir in ["examples", "examples-panel", "calibration", "calibration/v1"] {
        let Ok(listing) = std::fs::read_dir(crate::repo(dir)) else { continue };
        for entry in listing {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            let origin = path.display().to_string();
            for top in [0, 3, 10, 1000] {
                if let Ok(assessed) = assess(&origin, &text, &BANK, &PLAYBOOK, top) {
                    agree(&assessed);
                    seen += 1;
                }
            }
        }
    }
    assert!(seen >= 40, "the examples and calibration files were scored ({seen})");
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~\u{0}-\u{1f}\u{7f}é€😀\"\\\\]{0,40}", Just(String::new()),]
}

prop_compose! {
    fn questionnaire()(
        answers in proptest::collection::vec(proptest::option::weighted(0.8, (1u8..=5, proptest::option::of(text()))), BANK.questions().len()),
        name in text(),
        industry in proptest::option::of(text()),
        date in proptest::option::of(text()),
        context in proptest::option::of((0u8..3, 0u8..4, 0u8..4)),
    ) -> Questionnaire {
        Questionnaire {
            assessment: Assessment { name, industry, scope: None, assessor: Some("A \"B\"".into()), date },
            context: context.map(|(customers, selling, offering)| {
                let mut c = Context::default();
                for (key, index) in [(ContextKey::Customers, customers), (ContextKey::Selling, selling), (ContextKey::Offering, offering)] {
                    let mut v = Values::EMPTY;
                    v.insert(index);
                    c.set(key, v);
                }
                c
            }),
            answers: answers
                .into_iter()
                .enumerate()
                .filter_map(|(question, a)| {
                    a.and_then(|(v, note)| Likert::new(v.into()).map(|score| Answer { question, score, note }))
                })
                .collect(),
            legacy: Vec::new(),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_questionnaires_are_written_as_serde_writes_them(q in questionnaire(), origin in text(), top in 0usize..20) {
        let profile = score(&q, &BANK);
        let explanation = explain(&q, &BANK);
        let plan = plan(&profile, &PLAYBOOK, q.context.as_ref(), top);
        agree(&Assessed { origin, questionnaire: q, profile, explanation, plan });
    }
}

/// The JSON array written piece by piece (as `score` streams it) is the array serde_json
/// writes in one go, with the files that could not be scored in their places.
#[test]
fn the_streamed_json_array_is_the_one_serde_writes() {
    use fiveforces::report::{Failure, Run};
    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut files: Vec<_> =
        std::fs::read_dir(crate::repo("examples")).expect("examples").map(|e| e.expect("entry").path()).collect();
    files.sort();
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("read");
        let assessed = assess(&path.display().to_string(), &text, &BANK, &PLAYBOOK, 10).expect("valid example");
        entries.push(Entry { breaches: Vec::new(), assessed });
        if i % 3 == 0 {
            let invalid = assess("bad.toml", "[buyer]\n", &BANK, &PLAYBOOK, 10).expect_err("invalid");
            failures.push(Failure::from(&invalid).after(entries.len()));
        }
    }
    let thresholds = Thresholds::default();
    for (n, batch) in [(0, true), (1, false), (1, true), (3, true), (entries.len(), true)] {
        for with_failures in [false, true] {
            let kept: Vec<Failure> =
                if with_failures { failures.iter().filter(|f| f.position <= n).cloned().collect() } else { Vec::new() };
            let run =
                Run { entries: entries[..n].to_vec(), failures: kept, batch, bank: &BANK, thresholds: &thresholds };
            assert_eq!(json::render(&run).expect("pieces"), json::render_serde(&run).expect("serde"), "{n} {batch}");
        }
    }
}
