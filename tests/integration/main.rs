//! One integration-test binary (faster to build than one per file): the data files, the
//! scoring and ranking properties, and the `fiveforces` binary end to end (the interview through a
//! pseudo-terminal on Unix).

mod bad_input;
mod calibration;
mod cli;
mod compare;
mod data;
mod ecosystem;
mod fit;
mod fuzz_regressions;
mod interrupt;
#[cfg(unix)]
mod interview;
mod json_shape;
mod migrate;
mod panel;
mod pipeline;
mod properties;
mod reports;
mod robustness;

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
