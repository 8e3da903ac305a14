//! Ctrl-C (SIGINT), SIGTERM and SIGHUP: the command stops at once with exit code 130, 143 or 129
//! (128 + the signal's number, as shells report it), except while a file is being written.
//!
//! Stopping at once keeps every command responsive, including while reading a terminal's
//! standard input or scoring a long batch, and it loses nothing: reports are only put in place
//! at the end, and writing a file (through a temporary file renamed into place) happens under
//! [`defer`], which makes the signal wait until the file is complete. The temporary files of a
//! run are removed and the terminal's cursor is shown again (an interrupted prompt hides it),
//! so a stopped command never leaves a half-written or temporary file, or a broken terminal,
//! behind. CI cancellation and `docker stop` send SIGTERM; closing a terminal sends SIGHUP.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Held while a signal must wait.
static CRITICAL: Mutex<()> = Mutex::new(());
/// Temporary files being written over a long run (streamed reports, staged reports): removed
/// when a signal stops the run.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static REQUESTED: AtomicBool = AtomicBool::new(false);
/// What the line printed on stopping adds after its first word (the interview says how much is
/// saved and how to go on).
static FAREWELL: Mutex<Option<String>> = Mutex::new(None);
/// The terminal's settings (`stty -g`) to put back on stopping, when a prompt may have switched
/// it to raw mode.
static TERMINAL: Mutex<Option<String>> = Mutex::new(None);

/// Sets what the line printed on stopping says after `interrupted:` (or `terminated:`…).
pub fn set_farewell(text: String) {
    *FAREWELL.lock().unwrap_or_else(PoisonError::into_inner) = Some(text);
}

/// Remembers the terminal's settings, to restore them if a signal arrives while a prompt has
/// the terminal in raw mode. Best effort: without `stty`, only the cursor is restored.
pub fn remember_terminal() {
    let saved = std::process::Command::new("stty")
        .arg("-g")
        .stdin(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .map(|text| text.trim().to_owned());
    *TERMINAL.lock().unwrap_or_else(PoisonError::into_inner) = saved;
}

/// Installs the handler of the three signals, on a thread of its own. Without one (it cannot be
/// installed), a signal keeps its default effect, which still never leaves a half-written output
/// file: files are renamed into place only once complete.
pub fn install() {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else { return };
    let _ = std::thread::Builder::new().name("fiveforces-signals".to_owned()).spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop(signal);
        }
    });
}

/// What the line printed on stopping says, and the exit code, for a signal.
fn describe(signal: i32) -> (&'static str, i32) {
    let word = match signal {
        SIGTERM => "terminated",
        SIGHUP => "hung up",
        _ => "interrupted",
    };
    (word, 128 + signal)
}

fn stop(signal: i32) {
    if REQUESTED.swap(true, Ordering::SeqCst) {
        return; // Already stopping; a second signal changes nothing.
    }
    let _critical = CRITICAL.lock().unwrap_or_else(PoisonError::into_inner);
    for path in PENDING.lock().unwrap_or_else(PoisonError::into_inner).drain(..) {
        let _ = std::fs::remove_file(path);
    }
    let (word, code) = describe(signal);
    if let Some(settings) = TERMINAL.lock().unwrap_or_else(PoisonError::into_inner).take() {
        let _ = std::process::Command::new("stty").arg(settings).stdin(std::process::Stdio::inherit()).status();
    }
    let farewell = FAREWELL.lock().unwrap_or_else(PoisonError::into_inner).take();
    let mut stderr = io::stderr().lock();
    if stderr.is_terminal() {
        // Show the cursor: a prompt or a progress bar may have hidden it.
        let _ = stderr.write_all(b"\x1b[?25h");
    }
    match farewell {
        Some(text) => writeln!(stderr, "\n{word}: {text}"),
        None => writeln!(stderr, "\n{word}"),
    }
    .ok();
    std::process::exit(code);
}

/// Remembers a temporary file that stays open while a long run goes on, so that a signal
/// removes it. Call it while holding [`defer`], right after creating the file.
pub fn track(path: &Path) {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner).push(path.to_path_buf());
}

/// Forgets a temporary file once it has been renamed into place or removed.
pub fn untrack(path: &Path) {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner).retain(|p| p != path);
}

/// Makes a signal wait until the returned guard is dropped: hold it while writing a file.
pub fn defer() -> MutexGuard<'static, ()> {
    CRITICAL.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_signal_has_the_shells_exit_code() {
        assert_eq!(describe(SIGINT), ("interrupted", 130));
        assert_eq!(describe(SIGTERM), ("terminated", 143));
        assert_eq!(describe(SIGHUP), ("hung up", 129));
    }
}
