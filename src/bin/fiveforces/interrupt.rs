//! Ctrl-C: the command stops at once with exit code 130, except while a file is being written.
//!
//! Stopping at once keeps Ctrl-C responsive everywhere, including while reading a terminal's
//! standard input or scoring a long batch, and it loses nothing: reports are only written at
//! the end, and writing a file (through a temporary file renamed into place) happens under
//! [`defer`], which makes Ctrl-C wait until the file is complete. So an interrupted command
//! never leaves a half-written or temporary file behind, and exits 130 as the contract says.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_CODE: i32 = 130;

/// Held while Ctrl-C must wait.
static CRITICAL: Mutex<()> = Mutex::new(());
/// Temporary files being written over a long run (streamed reports): removed on Ctrl-C.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static REQUESTED: AtomicBool = AtomicBool::new(false);

/// Installs the Ctrl-C handler. Without one (it cannot be installed), Ctrl-C keeps its
/// default effect, which still never leaves a half-written output file: files are renamed
/// into place only once complete.
pub fn install() {
    let _ = ctrlc::set_handler(on_interrupt);
}

fn on_interrupt() {
    if REQUESTED.swap(true, Ordering::SeqCst) {
        return; // Already stopping; a second Ctrl-C changes nothing.
    }
    let _critical = CRITICAL.lock().unwrap_or_else(PoisonError::into_inner);
    for path in PENDING.lock().unwrap_or_else(PoisonError::into_inner).drain(..) {
        let _ = std::fs::remove_file(path);
    }
    let _ = writeln!(io::stderr().lock(), "\ninterrupted");
    std::process::exit(EXIT_CODE);
}

/// Remembers a temporary file that stays open while a long run goes on, so that Ctrl-C removes
/// it. Call it while holding [`defer`], right after creating the file.
pub fn track(path: &Path) {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner).push(path.to_path_buf());
}

/// Forgets a temporary file once it has been renamed into place or removed.
pub fn untrack(path: &Path) {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner).retain(|p| p != path);
}

/// Makes Ctrl-C wait until the returned guard is dropped: hold it while writing a file.
pub fn defer() -> MutexGuard<'static, ()> {
    CRITICAL.lock().unwrap_or_else(PoisonError::into_inner)
}
