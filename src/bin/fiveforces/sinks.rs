//! Everything the binary writes: reports to standard output or to files (atomically, never
//! clobbering without `--force`), problems to standard error, and the exit code.

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use std::sync::{Mutex, OnceLock, PoisonError};

use indicatif::ProgressBar;

use fiveforces::InvalidFile;
use fiveforces::data::DataError;
use fiveforces::report::{Terminal, inert};

use crate::cli::ColorChoice;
use crate::interrupt;
use fiveforces::source::files::InputError;
use tempfile::NamedTempFile;

/// Width used for tables when they do not go to a terminal, so that piped, CI and file output
/// is the same on every machine.
pub const FIXED_WIDTH: u16 = 120;

/// How a command ended, when it ran to completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read and written.
    Success,
    /// A `--fail-on` or `--min-coverage` threshold was crossed (reports were written).
    Breached,
    /// Some input was unreadable or invalid (reported already); the rest was processed.
    BadInput,
    /// The person stopped an interactive command (Ctrl-C); what was done is saved.
    Interrupted,
}

impl Outcome {
    /// How a run that checks thresholds ended: bad input wins over a breach.
    pub fn of(bad_input: bool, breached: bool) -> Outcome {
        if bad_input {
            Outcome::BadInput
        } else if breached {
            Outcome::Breached
        } else {
            Outcome::Success
        }
    }

    /// The contract's exit code.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Breached => ExitCode::from(1),
            Outcome::BadInput => ExitCode::from(2),
            Outcome::Interrupted => ExitCode::from(130),
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
    let code = err.chain().find_map(|cause| cause.downcast_ref::<DataError>()).and_then(DataError::code);
    let mut stderr = io::stderr().lock();
    let message = format!("{err:#}");
    let shown = inert(&message);
    let _ = match code {
        Some(code) => writeln!(stderr, "error[{code}]: {shown}"),
        None => writeln!(stderr, "error: {shown}"),
    };
    ExitCode::from(2)
}

static COLOR: OnceLock<ColorChoice> = OnceLock::new();

/// Sets `--color` for the whole run (once, at start-up).
pub fn set_color(choice: ColorChoice) {
    let _ = COLOR.set(choice);
    console::set_colors_enabled_stderr(stderr_styled());
}

/// Whether output to a stream gets colours: `--color always|never` decide; with `auto`, the
/// conventions do (NO_COLOR turns colours off, CLICOLOR_FORCE on, TERM=dumb or CLICOLOR=0 off),
/// and otherwise only a terminal gets them.
fn colour_for(is_terminal: bool) -> bool {
    let choice = COLOR.get().copied().unwrap_or(ColorChoice::Auto);
    decide_colour(choice, is_terminal, |key| std::env::var(key).ok())
}

fn decide_colour(choice: ColorChoice, is_terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
    let set = |key: &str| env(key).filter(|value| !value.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto if set("TERM").is_some_and(|t| t == "dumb") => false,
        ColorChoice::Auto if set("CLICOLOR").is_some_and(|v| v == "0") => false,
        ColorChoice::Auto => is_terminal,
    }
}

/// Whether standard error should get colours.
fn stderr_styled() -> bool {
    colour_for(io::stderr().is_terminal())
}

/// The progress counter on standard error while a batch shows one.
static PROGRESS: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Registers the progress counter being shown (or, with `None`, that it is gone), so that
/// messages to standard error are written above it instead of through it.
pub fn set_progress(bar: Option<ProgressBar>) {
    *PROGRESS.lock().unwrap_or_else(PoisonError::into_inner) = bar;
}

/// Writes to standard error with the progress counter, if one is shown, lifted for the write.
pub fn above_progress(write: impl FnOnce(&mut io::StderrLock<'_>) -> io::Result<()>) {
    let bar = PROGRESS.lock().unwrap_or_else(PoisonError::into_inner).clone();
    // A closed standard error is not worth failing over.
    let _ = match bar {
        Some(bar) => bar.suspend(|| write(&mut io::stderr().lock())),
        None => write(&mut io::stderr().lock()),
    };
}

/// Prints a file's problems to standard error, each with its place and how to fix it.
pub fn report_invalid(file: &InvalidFile) {
    let text = file.render(stderr_styled());
    above_progress(|stderr| stderr.write_all(text.as_bytes()));
}

/// Prints an input problem (missing path, unreadable file…) to standard error.
pub fn report_input_error(err: &InputError) {
    above_progress(|stderr| writeln!(stderr, "error[{}]: {}", err.code(), inert(&err.to_string())));
}

/// Prints a notice for the person at the terminal (a breached threshold, what was written,
/// what to do next) to standard error.
pub fn notice(text: &str) {
    above_progress(|stderr| writeln!(stderr, "{}", inert(text)));
}

/// The narrowest and widest `COLUMNS` honoured; outside them the value is clamped.
const COLUMNS_RANGE: (u16, u16) = (40, 1000);

/// The width `COLUMNS` asks for, when it is set to a number.
fn columns_variable() -> Option<u16> {
    let value: u32 = std::env::var("COLUMNS").ok()?.trim().parse().ok()?;
    let (low, high) = COLUMNS_RANGE;
    Some(u16::try_from(value).unwrap_or(high).clamp(low, high))
}

/// How tables are laid out for a target: for standard output the width `COLUMNS` gives
/// (whether or not it is a terminal), else the terminal's width, else [`FIXED_WIDTH`];
/// colours on a terminal (or when forced). Files are always [`FIXED_WIDTH`], without colour.
pub fn terminal(target: &Target) -> Terminal {
    match target {
        Target::File(_) => Terminal::plain(FIXED_WIDTH),
        Target::Stdout => {
            let on_terminal = io::stdout().is_terminal();
            let width = match (columns_variable(), terminal_size::terminal_size()) {
                (Some(columns), _) => columns,
                (None, Some((terminal_size::Width(w), _))) if on_terminal => w,
                _ => FIXED_WIDTH,
            };
            Terminal { width, color: colour_for(on_terminal) }
        }
    }
}

/// Where a report goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    /// Standard output (`-`, or no `-o`).
    Stdout,
    /// A file.
    File(PathBuf),
}

impl Target {
    /// `-` is standard output, anything else a file.
    pub fn from_path(path: &Path) -> Target {
        if path.as_os_str() == "-" { Target::Stdout } else { Target::File(path.to_path_buf()) }
    }

    /// Refuses a file target that exists, unless `force` is set, and one that no report can
    /// replace (a folder, a device); checked before any work so that a run never writes half of
    /// its reports.
    pub fn check_free(&self, force: bool) -> anyhow::Result<()> {
        let Target::File(path) = self else { return Ok(()) };
        let shown = shown(path);
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => bail!(
                "{shown} is a folder, so no report can be written there (not even with --force); name a file inside it, e.g. {shown}/report.md"
            ),
            Ok(meta) if !meta.is_file() => bail!(
                "{shown} is not a regular file (a device, a pipe or a socket), so no report can replace it; to send a report down a pipe, write it to standard output with `-o FORMAT=-`"
            ),
            _ if !force && fs::symlink_metadata(path).is_ok() => {
                bail!("{shown} already exists; pass --force to overwrite it, or choose another file name")
            }
            _ => Ok(()),
        }
    }
}

/// An open output: standard output, or a temporary file beside the destination that becomes
/// the destination only when [`Sink::finish`] succeeds. Dropped unfinished (an error, an
/// interruption), it leaves nothing behind.
pub enum Sink {
    /// Writes go to standard output, buffered (flushed by [`Sink::finish`]).
    Stdout(io::BufWriter<io::Stdout>),
    /// Writes go to a temporary file, renamed over `path` at the end.
    File {
        /// The temporary file in the destination's folder.
        temp: NamedTempFile,
        /// The destination.
        path: PathBuf,
        /// Whether an existing destination may be replaced.
        force: bool,
    },
}

impl Sink {
    /// Opens a target for writing.
    pub fn open(target: &Target, force: bool) -> anyhow::Result<Sink> {
        let Target::File(path) = target else {
            return Ok(Sink::Stdout(io::BufWriter::with_capacity(64 * 1024, io::stdout())));
        };
        target.check_free(force)?;
        let dir = folder(path);
        fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))?;
        let temp = temp_beside(path)?;
        Ok(Sink::File { temp, path: path.clone(), force })
    }

    /// Appends text.
    pub fn write(&mut self, text: &str) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(out) => out.write_all(text.as_bytes()).context("cannot write to standard output"),
            Sink::File { temp, path, .. } => {
                temp.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))
            }
        }
    }

    /// Appends everything `reader` holds (a report part kept in a temporary file).
    pub fn copy_from(&mut self, reader: &mut impl io::Read) -> anyhow::Result<()> {
        match self {
            Sink::Stdout(out) => io::copy(reader, out).map(drop).context("cannot write to standard output"),
            Sink::File { temp, path, .. } => {
                io::copy(reader, temp).map(drop).with_context(|| format!("cannot write {}", path.display()))
            }
        }
    }

    /// Makes the written text the destination's content, all at once.
    pub fn finish(self) -> anyhow::Result<()> {
        let (temp, path, force) = match self {
            Sink::Stdout(mut out) => return out.flush().context("cannot write to standard output"),
            Sink::File { temp, path, force } => (temp, path, force),
        };
        temp.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
        persist(temp, &path, force)
    }
}

/// A path as shown in messages: `/` separators, control characters and bytes that are not UTF-8
/// shown escaped (see [`fiveforces::report::inert`]).
pub fn shown_path(path: &Path) -> String {
    fiveforces::report::inert(&fiveforces::source::files::Input::File(path.to_path_buf()).origin()).into_owned()
}

fn shown(path: &Path) -> String {
    shown_path(path)
}

/// The reports of one run, written in full to temporary files beside their destinations:
/// [`Staged::commit`] puts them all in place, or none of them. So a run that cannot write one
/// of its reports (a read-only folder, a full disk) leaves none, and its rerun is not refused
/// because "the file already exists".
#[derive(Default)]
pub struct Staged(Vec<(NamedTempFile, PathBuf, bool)>);

impl Staged {
    /// Adds a finished report: standard output is flushed at once; a file is synced to the disk
    /// and waits for [`Staged::commit`].
    pub fn add(&mut self, sink: Sink) -> anyhow::Result<()> {
        match sink {
            Sink::Stdout(mut out) => out.flush().context("cannot write to standard output"),
            Sink::File { temp, path, force } => {
                temp.as_file().sync_all().with_context(|| format!("cannot write {}", shown(&path)))?;
                self.0.push((temp, path, force));
                Ok(())
            }
        }
    }

    /// Renames every staged file into place. When one rename fails, the ones already done are
    /// undone (a new file removed, a replaced one put back), so the destinations are as before.
    pub fn commit(self) -> anyhow::Result<()> {
        let _deferred = interrupt::defer();
        let mut placed: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
        for (temp, path, force) in self.0 {
            // The file a `--force` replaces, kept under another name until every report is in.
            let backup = if force { keep_aside(&path) } else { None };
            if let Err(err) = persist_deferred(temp, &path, force) {
                // This destination is untouched; the ones before it go back to what they were.
                discard(backup);
                for (done, backup) in placed.into_iter().rev() {
                    match backup {
                        Some(backup) => {
                            let _ = fs::rename(&backup, &done);
                            interrupt::untrack(&backup);
                        }
                        None => {
                            let _ = fs::remove_file(&done);
                        }
                    }
                }
                return Err(err.context("no report was written (a run writes all of its reports or none)"));
            }
            placed.push((path, backup));
        }
        for (_, backup) in placed {
            discard(backup);
        }
        Ok(())
    }
}

fn discard(backup: Option<PathBuf>) {
    if let Some(backup) = backup {
        let _ = fs::remove_file(&backup);
        interrupt::untrack(&backup);
    }
}

/// A second name (a hard link beside it) for the file at `path`, when it exists and the file
/// system allows it: what a failed [`Staged::commit`] puts back.
fn keep_aside(path: &Path) -> Option<PathBuf> {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let dir = folder(path);
    for attempt in 0..16u32 {
        let backup = dir.join(format!(".fiveforces-backup-{}-{attempt}", std::process::id()));
        if fs::hard_link(path, &backup).is_ok() {
            interrupt::track(&backup);
            return Some(backup);
        }
    }
    None
}

/// Writes `text` to standard output.
pub fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).context("cannot write to standard output")
}

/// Writes `text` to `path` (or standard output for `-`): atomically, and never over an
/// existing file unless `force` is set.
pub fn write(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    write_to(&Target::from_path(path), text, force)
}

/// Writes `text` to a target: standard output, or a file written atomically and never over an
/// existing one unless `force` is set.
pub fn write_to(target: &Target, text: &str, force: bool) -> anyhow::Result<()> {
    let mut sink = Sink::open(target, force)?;
    sink.write(text)?;
    sink.finish()
}

/// Replaces `path` with `text` atomically, whether or not it exists: a reader sees the old file
/// or the new one, never a part. Keeps the permissions of the file it replaces. This is how the
/// interview saves its own file after every answer.
pub fn replace(path: &Path, text: &str) -> anyhow::Result<()> {
    let temp = staged(path, text)?;
    if let Ok(meta) = fs::metadata(path) {
        let _ = fs::set_permissions(temp.path(), meta.permissions());
    }
    persist(temp, path, true)?;
    // Make the rename itself durable; not every system can sync a folder, so this is best effort.
    let _ = fs::File::open(folder(path)).and_then(|dir| dir.sync_all());
    Ok(())
}

/// Fails, saying why, when files cannot be written beside `path` (a missing or read-only
/// folder): checked before a person starts typing answers that could then not be saved.
pub fn check_writable(path: &Path) -> anyhow::Result<()> {
    staged(path, "").map(drop)
}

fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// An empty temporary file beside `path` (the same folder, so that renaming it over `path` is
/// atomic), with the permissions of a new file (not tempfile's private 0600).
fn temp_beside(path: &Path) -> anyhow::Result<NamedTempFile> {
    let dir = folder(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".fiveforces-");
    #[cfg(unix)]
    builder.permissions(<fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o666));
    // Created and remembered under the Ctrl-C guard: an interruption removes it, so no
    // temporary file is ever left behind.
    let _deferred = interrupt::defer();
    let temp = builder.tempfile_in(dir).with_context(|| {
        format!("cannot create a file in {} (does the folder exist, and may you write there?)", dir.display())
    })?;
    interrupt::track(temp.path());
    Ok(temp)
}

/// Renames a finished temporary file over `path` (only if `path` does not exist, unless
/// `force`), under the Ctrl-C guard so that the rename is never cut short.
fn persist(temp: NamedTempFile, path: &Path, force: bool) -> anyhow::Result<()> {
    let _deferred = interrupt::defer();
    persist_deferred(temp, path, force)
}

/// [`persist`], for a caller that holds the Ctrl-C guard already.
fn persist_deferred(temp: NamedTempFile, path: &Path, force: bool) -> anyhow::Result<()> {
    let temp_path = temp.path().to_path_buf();
    let shown = path.display();
    let result = if force {
        temp.persist(path).map(drop).map_err(|e| e.error).with_context(|| format!("cannot write {shown}"))
    } else {
        temp.persist_noclobber(path)
            .map(drop)
            .map_err(|e| e.error)
            .with_context(|| format!("cannot write {shown} (if it appeared meanwhile, pass --force to overwrite it)"))
    };
    interrupt::untrack(&temp_path);
    result
}

/// A temporary file beside `path` holding `text`, written through to the disk.
fn staged(path: &Path, text: &str) -> anyhow::Result<NamedTempFile> {
    let mut temp = temp_beside(path)?;
    temp.write_all(text.as_bytes())
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(temp)
}

/// The text of a questionnaire named `origin`, read again for the annotation formats to point
/// at its answers; `None` for standard input or a file that cannot be read now.
pub fn source_text(origin: &str) -> Option<String> {
    if origin == "<stdin>" {
        return None;
    }
    fiveforces::source::files::read(&fiveforces::source::files::Input::File(origin.into())).ok()
}

#[cfg(test)]
mod tests {
    use super::{ColorChoice, decide_colour};

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn colour_follows_the_flag_and_the_conventions() {
        assert!(decide_colour(ColorChoice::Auto, true, env(&[])));
        assert!(!decide_colour(ColorChoice::Auto, false, env(&[])));
        assert!(!decide_colour(ColorChoice::Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(decide_colour(ColorChoice::Auto, true, env(&[("NO_COLOR", "")])), "an empty NO_COLOR is unset");
        assert!(decide_colour(ColorChoice::Auto, false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!decide_colour(ColorChoice::Auto, true, env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])));
        assert!(!decide_colour(ColorChoice::Auto, true, env(&[("TERM", "dumb")])));
        assert!(!decide_colour(ColorChoice::Auto, true, env(&[("CLICOLOR", "0")])));
        assert!(decide_colour(ColorChoice::Always, false, env(&[("NO_COLOR", "1")])));
        assert!(!decide_colour(ColorChoice::Never, true, env(&[("CLICOLOR_FORCE", "1")])));
    }
}
