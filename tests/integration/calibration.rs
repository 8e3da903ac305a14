//! The calibration set (`calibration/`): the current model keeps its agreement with the
//! published analyses, the baseline is reproduced as measured, and `CALIBRATION.md` is what
//! `cargo run --example calibrate` writes.

#[path = "../../calibration/report.rs"]
mod report;

use crate::repo;

#[test]
fn agreement_with_published_analyses_does_not_drop() {
    let calibration = report::run(&repo("calibration"));
    let now = calibration.figures(report::Model::Current, report::Subset::All);
    assert!(calibration.rows.len() >= 95, "the set shrank to {} force ratings", calibration.rows.len());
    assert!(
        now.agree >= report::FLOOR,
        "agreement dropped to {}/{} (floor {}): see `cargo run --example calibrate`",
        now.agree,
        now.compared,
        report::FLOOR
    );
    // Not mostly moderate: no band holds more than half of the tool's ratings.
    assert!(now.bands.iter().all(|&n| 2 * n <= now.compared), "bands {:?}", now.bands);
}

#[test]
fn the_baseline_is_reproduced_as_measured() {
    // calibration/baseline/baseline.txt: 44/68 with the binary of the baseline commit.
    let base = report::run(&repo("calibration")).figures(report::Model::Baseline, report::Subset::First);
    assert_eq!((base.agree, base.compared), (44, 68));
    assert_eq!(base.bands, [18, 35, 15]);
}

#[test]
fn calibration_md_is_up_to_date() {
    let expected = report::run(&repo("calibration")).markdown();
    let written = std::fs::read_to_string(repo("CALIBRATION.md")).expect("CALIBRATION.md exists");
    assert!(written == expected, "CALIBRATION.md is out of date: run `cargo run --example calibrate`");
}
