//! One integration-test binary (faster to build than one per file): the data files, the
//! scoring and ranking properties, and the `fiveforces` binary end to end.

mod bad_input;
mod cli;
mod data;
mod fuzz_regressions;
mod interrupt;
mod json_shape;
mod pipeline;
mod properties;
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
