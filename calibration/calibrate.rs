//! `cargo run --example calibrate`: scores the calibration set (`calibration/`) with the
//! previous and the current model and writes `CALIBRATION.md` at the repository root.
//! `--check` only compares the file with what it would write (exit 1 when it differs).

#[path = "report.rs"]
mod report;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let calibration = report::run(&root.join("calibration"));
    let text = calibration.markdown();
    let target = root.join("CALIBRATION.md");
    let now = calibration.figures(report::Model::Current, report::Subset::All);
    let base = calibration.figures(report::Model::Baseline, report::Subset::First);
    let summary = format!(
        "baseline {}/{}, current {}/{} ({:.1}%)",
        base.agree,
        base.compared,
        now.agree,
        now.compared,
        100.0 * f64::from(u32::try_from(now.agree).unwrap_or(0)) / f64::from(u32::try_from(now.compared).unwrap_or(1))
    );
    if std::env::args().any(|a| a == "--check") {
        let same = std::fs::read_to_string(&target).is_ok_and(|old| old == text);
        eprintln!("{summary}; CALIBRATION.md is {}", if same { "up to date" } else { "out of date" });
        return if same { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    if let Err(err) = std::fs::write(&target, text) {
        eprintln!("cannot write {}: {err}", target.display());
        return ExitCode::FAILURE;
    }
    eprintln!("{summary}; wrote {}", target.display());
    ExitCode::SUCCESS
}
