//! Micro-benchmarks of the core for one questionnaire: `cargo bench --bench core`.
//! Parse and validate, score, rank, and render in each format.

use fiveforces::analysis::threshold::Thresholds;
use fiveforces::report::ReportFormat as _;
use fiveforces::report::{self, Entry, Format, Run};
use fiveforces::{Playbook, QuestionBank, Questionnaire, assess, rank, score};

fn main() {
    divan::main();
}

const EXAMPLE: &str = include_str!("../examples/saas-crm.toml");

#[divan::bench]
fn parse_and_validate(bencher: divan::Bencher<'_, '_>) {
    let bank = QuestionBank::builtin();
    bencher.bench(|| Questionnaire::parse("saas-crm.toml", divan::black_box(EXAMPLE), &bank));
}

#[divan::bench]
fn score_forces(bencher: divan::Bencher<'_, '_>) {
    let bank = QuestionBank::builtin();
    let questionnaire = Questionnaire::parse("saas-crm.toml", EXAMPLE, &bank).expect("valid");
    bencher.bench(|| score(divan::black_box(&questionnaire), &bank));
}

#[divan::bench]
fn rank_actions(bencher: divan::Bencher<'_, '_>) {
    let bank = QuestionBank::builtin();
    let playbook = Playbook::builtin();
    let profile = score(&Questionnaire::parse("saas-crm.toml", EXAMPLE, &bank).expect("valid"), &bank);
    bencher.bench(|| rank(divan::black_box(&profile), &playbook));
}

#[divan::bench(args = ["table", "json", "jsonl", "csv", "markdown", "html", "junit"])]
fn render(bencher: divan::Bencher<'_, '_>, format: &str) {
    let bank = QuestionBank::builtin();
    let playbook = Playbook::builtin();
    let thresholds = Thresholds::default();
    let assessed = assess("saas-crm.toml", EXAMPLE, &bank, &playbook, 5).expect("valid");
    let run = Run {
        entries: vec![Entry { assessed, breaches: Vec::new() }],
        failures: Vec::new(),
        batch: false,
        bank: &bank,
        thresholds: &thresholds,
    };
    let format = Format::from_key(format).expect("known format");
    bencher.bench(|| report::render(format, divan::black_box(&run), report::Terminal::plain(120)));
}
