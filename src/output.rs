//! Everything the binary writes: reports to standard output or to files (atomically, never
//! clobbering without `--force`), problems to standard error, and the exit code.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, bail};
use fiveforces::InvalidFile;
use fiveforces::input::InputError;

use crate::interrupt;

/// Width used for tables when standard output is not a terminal, so that piped and CI output
/// is the same on every machine.
pub const FIXED_WIDTH: u16 = 120;

/// How a command ended, when it ran to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read and written.
    Success,
    /// Some input was unreadable or invalid (reported already); the rest was processed.
    BadInput,
}

impl Outcome {
    /// The contract's exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::BadInput => ExitCode::from(2),
        }
    }
}

/// Reports an error that stopped a command and returns exit code 2 (a closed pipe is not an
/// error: the reader has all it wanted).
pub fn fail(err: &anyhow::Error) -> ExitCode {
    if err.chain().any(|cause| cause.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
    {
        return ExitCode::SUCCESS;
    }
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "error: {err:#}");
    ExitCode::from(2)
}

/// Whether standard error should get colours.
fn stderr_styled() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints a file's problems to standard error, each with its place and how to fix it.
pub fn report_invalid(file: &InvalidFile) {
    let _ = io::stderr().lock().write_all(file.render(stderr_styled()).as_bytes());
}

/// Prints a note for the person at the terminal (what was written, what to do next) to
/// standard error. A closed standard error is not worth failing over.
pub fn note(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// Prints an input problem (missing path, unreadable file…) to standard error.
pub fn report_input_error(err: &InputError) {
    let _ = writeln!(io::stderr().lock(), "error: {err}");
}

/// The width to fit tables into: the terminal's, or [`FIXED_WIDTH`] when piped.
pub fn table_width() -> u16 {
    match terminal_size::terminal_size() {
        Some((terminal_size::Width(w), _)) if io::stdout().is_terminal() => w,
        _ => FIXED_WIDTH,
    }
}

/// Writes `text` to standard output.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).context("cannot write to standard output")
}

/// Writes `text` to `path` (or standard output for `-`): atomically, through a temporary file
/// in the same folder, and never over an existing file unless `force` is set.
pub fn write(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    if path.as_os_str() == "-" {
        return print(text);
    }
    let shown = path.display();
    // Ctrl-C waits until the file is written (or the attempt abandoned): no temporary file is
    // ever left behind.
    let _deferred = interrupt::defer();
    if !force && fs::symlink_metadata(path).is_ok() {
        bail!("{shown} already exists; pass --force to overwrite it, or choose another file name");
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new().prefix(".fiveforces-").tempfile_in(dir).with_context(|| {
        format!("cannot create a file in {} (does the folder exist, and may you write there?)", dir.display())
    })?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {shown}"))?;
    if force {
        temp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write {shown}"))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| e.error).with_context(|| {
            format!("cannot write {shown} (if it appeared meanwhile, pass --force to overwrite it)")
        })?;
    }
    Ok(())
}
