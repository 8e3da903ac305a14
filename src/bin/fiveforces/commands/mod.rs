//! One module per subcommand.

pub mod aggregate;
pub mod catalog;
pub mod check;
pub mod diff;
pub mod docs;
pub mod init;
pub mod interview;
pub mod score;

use std::collections::BTreeSet;

use anyhow::{anyhow, bail};
use fiveforces::source::files::{self, Input};
use fiveforces::{InvalidFile, Playbook, QuestionBank};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use fiveforces::source::files::InputError;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, mpsc};

use crate::cli::DataArgs;
use crate::sinks::{Target, report_invalid};

/// The question bank and playbook to use: the built-in ones, extended or replaced by the
/// files given with `--questions` and `--playbook`.
pub fn load_data(args: &DataArgs) -> anyhow::Result<(QuestionBank, Playbook)> {
    let builtin_bank = QuestionBank::builtin();
    let bank = match &args.questions {
        Some(path) => layer("--questions", "question bank", path, |origin, text| {
            QuestionBank::from_toml(origin, text, Some(&builtin_bank))
        })?,
        None => builtin_bank,
    };
    let builtin_playbook = Playbook::builtin();
    let playbook = match &args.playbook {
        Some(path) => layer("--playbook", "playbook", path, |origin, text| {
            Playbook::from_toml(origin, text, Some(&builtin_playbook))
        })?,
        None => builtin_playbook,
    };
    Ok((bank, playbook))
}

/// Reads a team's data file given with `flag` and loads it with `load`, reporting its problems.
fn layer<T>(
    flag: &str,
    what: &str,
    path: &Path,
    load: impl FnOnce(&str, &str) -> Result<T, InvalidFile>,
) -> anyhow::Result<T> {
    let file = Input::File(path.to_path_buf());
    let text = files::read(&file).map_err(|e| anyhow!("{flag} {e}"))?;
    load(&file.origin(), &text).map_err(|invalid| {
        report_invalid(&invalid);
        anyhow!("the {what} {} is invalid; fix the problems above", file.origin())
    })
}

/// One output to write: a format and where it goes.
pub struct Output<F> {
    pub format: F,
    pub target: Target,
}

/// The outputs to write: every `-o [FORMAT=]PATH` (a FORMAT that `named` knows; without one,
/// the format `by_extension` infers from the path, else `default`), or standard output in
/// `default`. Refuses two outputs on standard output, the same file twice, and existing files
/// without `force`, before any work is done.
pub fn plan_outputs<F: Copy>(
    specs: &[String],
    default: F,
    force: bool,
    named: impl Fn(&str) -> Option<F>,
    by_extension: impl Fn(&Path) -> Option<F>,
) -> anyhow::Result<Vec<Output<F>>> {
    if specs.is_empty() {
        return Ok(vec![Output { format: default, target: Target::Stdout }]);
    }
    let mut outputs = Vec::new();
    let mut seen = BTreeSet::new();
    for spec in specs {
        let (format, path) = match spec.split_once('=').and_then(|(name, path)| Some((named(name)?, path))) {
            Some((format, path)) => (format, path),
            None => (by_extension(Path::new(spec)).unwrap_or(default), spec.as_str()),
        };
        if path.is_empty() {
            bail!("-o {spec}: no file name after `=`; write e.g. -o html=report.html");
        }
        let target = Target::from_path(Path::new(path));
        if !seen.insert(target.clone()) {
            match target {
                Target::Stdout => {
                    bail!("only one report can go to standard output (`-o -`); write the others to files")
                }
                Target::File(_) => bail!("-o {spec}: {path} is named twice; give each report its own file"),
            }
        }
        target.check_free(force)?;
        outputs.push(Output { format, target });
    }
    Ok(outputs)
}

/// The value of one processed input, or `None` once its problem (unreadable, or invalid with
/// every problem located) is reported on standard error.
pub fn reported<T>(result: Result<Result<T, InvalidFile>, InputError>) -> Option<T> {
    match result {
        Ok(Ok(value)) => Some(value),
        Ok(Err(invalid)) => {
            report_invalid(&invalid);
            None
        }
        Err(err) => {
            crate::sinks::report_input_error(&err);
            None
        }
    }
}

/// How far ahead of the file being emitted the workers may go. Bounds memory (results held
/// for reordering) however many files a batch has, while keeping every core busy.
const WINDOW: usize = 512;

/// How many consecutive files a worker takes at once: handing work between threads file by
/// file would cost a context switch per file.
const BATCH: usize = 64;

/// What the workers share: the walk over the inputs, how far it has gone, and how far the
/// emitter has got.
struct Feed {
    inputs: files::Inputs,
    next: usize,
    emitted: usize,
    waiting: usize,
    stop: bool,
}

/// Runs `work` on every questionnaire named on the command line, on all cores, and hands each
/// result (or the input's problem) to `emit` in path order. Shows a progress counter on a
/// terminal for large batches unless `quiet`.
///
/// Each worker thread takes the next file from the walk, reads and processes it, and sends
/// the result to this thread, which puts results back in path order and emits them. No
/// worker waits for another except when it runs [`WINDOW`] files ahead of the emitter.
pub fn process<R: Send>(
    paths: &[PathBuf],
    quiet: bool,
    work: impl Fn(&Input, &str) -> R + Sync,
    mut emit: impl FnMut(Result<R, InputError>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let progress = Progress::new(quiet);
    let feed = Mutex::new(Feed { inputs: files::expand(paths), next: 0, emitted: 0, waiting: 0, stop: false });
    let moved = Condvar::new();
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let (results, received) = mpsc::channel::<Vec<(usize, Result<R, InputError>)>>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let results = results.clone();
            let (feed, moved, work) = (&feed, &moved, &work);
            scope.spawn(move || {
                loop {
                    let batch = take_next(feed, moved);
                    if batch.is_empty() {
                        break;
                    }
                    let done = batch
                        .into_iter()
                        .map(|(index, item)| {
                            (index, item.and_then(|input| files::read(&input).map(|text| work(&input, &text))))
                        })
                        .collect();
                    if results.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(results);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        let outcome = received.iter().try_for_each(|batch| {
            waiting.extend(batch);
            let before = expected;
            while let Some(result) = waiting.remove(&expected) {
                progress.suspend(|| emit(result))?;
                expected += 1;
            }
            progress.advance((expected - before) as u64);
            let mut state = lock(&feed);
            state.emitted = expected;
            if state.waiting > 0 {
                moved.notify_all();
            }
            Ok(())
        });
        if outcome.is_err() {
            lock(&feed).stop = true;
            moved.notify_all();
        }
        progress.finish();
        outcome
    })
}

/// The next few inputs for a worker (consecutive, with their positions), waiting while the
/// workers are a whole window ahead of the emitter; empty when the walk is over or the run
/// stopped.
fn take_next(feed: &Mutex<Feed>, moved: &Condvar) -> Vec<(usize, Result<Input, InputError>)> {
    let mut state = lock(feed);
    while !state.stop && state.next >= state.emitted + WINDOW {
        state.waiting += 1;
        state = moved.wait(state).unwrap_or_else(PoisonError::into_inner);
        state.waiting -= 1;
    }
    let mut batch = Vec::with_capacity(BATCH);
    while !state.stop && batch.len() < BATCH {
        let Some(item) = state.inputs.next() else { break };
        batch.push((state.next, item));
        state.next += 1;
    }
    batch
}

fn lock(feed: &Mutex<Feed>) -> MutexGuard<'_, Feed> {
    feed.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Files processed so far, on standard error, once a batch is large enough to be worth it.
struct Progress(Option<ProgressBar>);

impl Progress {
    /// Batches smaller than this finish before a counter would help.
    const SHOW_FROM: u64 = 2_000;

    fn new(quiet: bool) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {human_pos} files ({per_sec}, {elapsed})") {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    fn advance(&self, count: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(count);
            if bar.position() >= Self::SHOW_FROM && bar.is_hidden() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    fn suspend<T>(&self, f: impl FnOnce() -> T) -> T {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
