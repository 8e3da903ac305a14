//! The progress counter of a large batch, watched through a pseudo-terminal: redrawn at a
//! bounded rate (not once per file, even when the report goes to a file), its rate in whole
//! files per second, and not drawn between results printed on the same terminal.

use std::fs;
use std::process::Command;
use std::time::Instant;

use rexpect::session::spawn_command;

/// Enough files for the counter to appear (it waits for 2,000).
const FILES: usize = 6_000;

/// The most redraws a second the counter may make (it is set to 10; the margin is for the
/// first and the last frame).
const MOST_PER_SECOND: f64 = 12.0;

/// A folder of `FILES` copies of a bundled example.
fn big_batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = fs::read_to_string(crate::repo("examples/coffee-chain.toml")).expect("example");
    for i in 0..FILES {
        fs::write(dir.path().join(format!("{i:05}.toml")), &text).expect("write");
    }
    dir
}

/// Runs `fiveforces ARGS` in a pseudo-terminal and returns everything it showed there.
fn on_a_terminal(dir: &std::path::Path, args: &[&str]) -> (String, f64) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fiveforces"));
    cmd.current_dir(dir).args(args).env_remove("NO_COLOR").env("TERM", "xterm");
    let started = Instant::now();
    let mut p = spawn_command(cmd, Some(300_000)).expect("runs in a pseudo-terminal");
    let shown = p.exp_eof().expect("the run ends");
    (shown, started.elapsed().as_secs_f64())
}

#[test]
fn the_counter_is_redrawn_at_a_bounded_rate_when_the_report_goes_to_a_file() {
    let dir = big_batch();
    let out = dir.path().join("out").join("report.json");
    fs::create_dir(dir.path().join("out")).expect("out folder");
    let folder = dir.path().to_string_lossy().into_owned();
    let (shown, seconds) = on_a_terminal(dir.path(), &["score", &folder, "-o", &out.to_string_lossy()]);
    let frames = shown.matches(" files (").count();
    assert!(frames >= 1, "the counter is shown for {FILES} files: {shown:?}");
    let most = (seconds * MOST_PER_SECOND).ceil() + 2.0;
    #[allow(clippy::cast_precision_loss)]
    let drawn = frames as f64;
    assert!(drawn <= most, "{frames} frames in {seconds:.1} s (at most {most}): one per file is what this prevents");
    let rates: Vec<&str> =
        shown.split(" files/s").filter_map(|before| before.rsplit('(').next()).take(frames).collect();
    assert!(!rates.is_empty(), "the rate is in files per second: {shown:?}");
    for rate in rates {
        assert!(rate.bytes().all(|b| b.is_ascii_digit() || b == b','), "a rate in whole files: {rate:?}");
    }
    let report = fs::read_to_string(&out).expect("the report is written");
    assert_eq!(report.matches("\"format_version\"").count(), FILES);
}

#[test]
fn no_counter_between_results_printed_on_the_same_terminal() {
    let dir = big_batch();
    let folder = dir.path().to_string_lossy().into_owned();
    let (shown, _) = on_a_terminal(dir.path(), &["score", &folder, "--format", "jsonl"]);
    assert_eq!(shown.matches("\"format_version\"").count(), FILES, "every result is printed");
    assert!(!shown.contains(" files ("), "no counter among the results");
}
