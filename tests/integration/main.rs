//! One integration-test binary (faster to build than one per file): the data files, the
//! scoring and ranking properties, and the `fiveforces` binary end to end (the interview through a
//! pseudo-terminal on Unix).

mod annotations;
mod bad_input;
mod calibration;
mod cli;
mod cmd;
mod compare;
mod data;
mod ecosystem;
mod fit;
mod fuzz_regressions;
mod interrupt;
#[cfg(unix)]
mod interview;
mod json_shape;
mod jsonl_writer;
mod junit;
mod migrate;
mod panel;
mod pipeline;
#[cfg(unix)]
mod progress;
mod properties;
mod reliability;
mod reports;
mod robustness;
mod scan;
mod schema;

use std::path::{Path, PathBuf};

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// The `fiveforces` binary, run from the repository root.
pub fn fiveforces() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_fiveforces"));
    cmd.current_dir(root()).env_remove("NO_COLOR");
    cmd
}

/// The binary run in `dir` with `args`: its exit code, standard output and standard error.
///
/// # Panics
/// When the binary cannot be run or its standard output is not UTF-8.
pub fn run_in(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = fiveforces().current_dir(dir).args(args).output().expect("runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The binary run from the repository root with `args`.
pub fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_in(root(), args)
}

/// The standard output of a run from the repository root that ends with exit code 0, or 1
/// (a breached threshold: the reports are written all the same).
///
/// # Panics
/// When the run ends otherwise (bad usage or input, a crash).
pub fn stdout_of(args: &[&str]) -> String {
    let (code, stdout, stderr) = run(args);
    assert!(matches!(code, Some(0 | 1)), "{args:?} exited with {code:?}: {stderr}");
    stdout
}
