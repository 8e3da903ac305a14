//! Ctrl-C, SIGTERM and SIGHUP during a long batch: exit code 130, 143 or 129, and no report
//! file, complete or partial, and no temporary file left behind.

#![cfg(unix)]

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::Duration;

/// Fills `dir` with `count` copies of an example questionnaire.
fn batch(dir: &Path, count: usize) {
    let text = fs::read_to_string(crate::repo("examples/saas-crm.toml")).expect("example");
    for i in fs::read_dir(dir).expect("dir").count()..count {
        fs::write(dir.join(format!("unit-{i:05}.toml")), &text).expect("write");
    }
}

#[test]
fn ctrl_c_during_a_batch_exits_130_and_writes_nothing() {
    interrupt_a_batch("INT", 130, &["report.json"]);
}

/// A streamed format has its temporary file open for the whole batch: Ctrl-C removes it.
#[test]
fn ctrl_c_during_a_streamed_report_leaves_no_temporary_file() {
    interrupt_a_batch("INT", 130, &["report.jsonl"]);
}

/// CI cancellation and `docker stop` send SIGTERM: as clean as Ctrl-C, with several reports.
#[test]
fn sigterm_during_a_batch_with_several_reports_exits_143_and_leaves_nothing() {
    interrupt_a_batch("TERM", 143, &["report.jsonl", "report.csv", "report.json", "report.md"]);
}

/// Closing the terminal sends SIGHUP.
#[test]
fn sighup_during_a_batch_with_several_reports_exits_129_and_leaves_nothing() {
    interrupt_a_batch("HUP", 129, &["report.jsonl", "report.csv", "report.html"]);
}

fn interrupt_a_batch(signal: &str, code: i32, names: &[&str]) {
    let work = tempfile::tempdir().expect("tempdir");
    let inputs = work.path().join("units");
    fs::create_dir(&inputs).expect("mkdir");
    let out_dir = work.path().join("out");
    fs::create_dir(&out_dir).expect("mkdir");
    let reports: Vec<_> = names.iter().map(|name| out_dir.join(name)).collect();

    // The signal must arrive after the handler is installed and before the batch is done.
    // Timing varies between machines, so adapt: a run that finished first gets a bigger
    // batch, one killed before its handler was installed gets a later signal.
    let mut count = 3_000;
    let mut delay = Duration::from_millis(150);
    for _attempt in 0..8 {
        batch(&inputs, count);
        for report in &reports {
            let _ = fs::remove_file(report);
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_fiveforces"));
        command.arg("score");
        for report in &reports {
            command.arg("-o").arg(report);
        }
        let child = command.arg(&inputs).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("spawn");
        sleep(delay);
        let killed = Command::new("kill").arg(format!("-{signal}")).arg(child.id().to_string()).status().expect("kill");
        let out = child.wait_with_output().expect("wait");
        match out.status.code() {
            Some(stopped) if stopped == code => {
                assert!(killed.success());
                for report in &reports {
                    assert!(!report.exists(), "an interrupted batch wrote {}", report.display());
                }
                let leftovers: Vec<_> = fs::read_dir(&out_dir).expect("dir").filter_map(Result::ok).collect();
                assert!(leftovers.is_empty(), "files left behind: {leftovers:?}");
                let said = match signal {
                    "TERM" => "terminated",
                    "HUP" => "hung up",
                    _ => "interrupted",
                };
                assert!(String::from_utf8_lossy(&out.stderr).contains(said));
                return;
            }
            // Finished before the signal: a bigger batch.
            Some(0) => count *= 2,
            // Killed by the signal's default action, before the handler was installed.
            None => delay *= 2,
            Some(other) => panic!("exit code {other}: {}", String::from_utf8_lossy(&out.stderr)),
        }
    }
    panic!("could not interrupt a batch in 8 attempts");
}
