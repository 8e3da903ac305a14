//! The ordered parallel pipeline every batch command runs on: the files named on the command
//! line are walked, read and processed on all cores, and each result (or the input's problem)
//! is handed back in path order, so the output of a batch is the same whatever the timing.
//!
//! Each worker thread takes the next few files from the walk, reads and processes them, and
//! sends the results to the calling thread, which puts them back in path order and hands them
//! to `emit`. No worker waits for another except when the workers run a window of
//! [`WINDOW_BATCHES_PER_WORKER`] batches per worker ahead of the emitter, which bounds the
//! results held for reordering however many files a batch has.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, mpsc};

use crate::source::files::{self, Input, InputError, Inputs};

/// How far ahead of the file being emitted the workers may go, in batches per worker: two, so
/// that each worker has the next batch to take while the emitter catches up. A result in
/// flight is a rendered entry (10 KB of JSON, 25 KB or more of HTML), so the window is what
/// bounds a batch's memory: 512 files ahead took an HTML batch from 23 MB at 10,000 files to
/// 53 MB at 100,000, two batches per worker hold it flat (see BENCHMARKS.md).
pub const WINDOW_BATCHES_PER_WORKER: usize = 2;

/// The stack of each worker thread (the standard library's default, made explicit so that the
/// fuzz target can parse on a stack of the same size: no input may need more).
pub const WORKER_STACK: usize = 2 * 1024 * 1024;

/// How many consecutive files a worker takes at once: handing work between threads file by
/// file would cost a context switch per file.
const BATCH: usize = 32;

/// What the workers share: the walk over the inputs, how far it has gone, and how far the
/// emitter has got.
struct Feed<I> {
    inputs: I,
    /// How many files ahead of the emitter the workers may be.
    window: usize,
    next: usize,
    emitted: usize,
    waiting: usize,
    stop: bool,
}

/// Runs `work` on every questionnaire file under `paths` (files, folders, `-`), on all cores,
/// and hands each result, or the input's problem, to `emit` in path order. Stops early, with
/// the error, as soon as `emit` fails.
pub fn run<R: Send, E>(
    paths: &[PathBuf],
    work: impl Fn(&Input, &str) -> R + Sync,
    emit: impl FnMut(Result<R, InputError>) -> Result<(), E>,
) -> Result<(), E> {
    run_on(files::expand(paths), work, emit)
}

/// [`run`] on inputs already expanded (e.g. with [`files::expand_except`]).
pub fn run_on<R: Send, E>(
    inputs: Inputs,
    work: impl Fn(&Input, &str) -> R + Sync,
    emit: impl FnMut(Result<R, InputError>) -> Result<(), E>,
) -> Result<(), E> {
    run_ordered(
        inputs,
        |item| {
            item.and_then(|input| {
                let text = files::read(&input)?;
                // A folder scan skips the TOML files that are plainly not questionnaires.
                if matches!(input, Input::Found(_)) && files::plainly_not_questionnaire(&text) {
                    return Err(InputError::NotQuestionnaire { path: input.origin() });
                }
                Ok(work(&input, &text))
            })
        },
        emit,
    )
}

/// The machinery under [`run`], for any work: runs `work` on every item of `items` on all
/// cores and hands each result to `emit` in the items' order (e.g. `diff` of two folders, one
/// pair of files per item). Stops early, with the error, as soon as `emit` fails.
pub fn run_ordered<T: Send, R: Send, E>(
    items: impl Iterator<Item = T> + Send,
    work: impl Fn(T) -> R + Sync,
    mut emit: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E> {
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let window = BATCH * WINDOW_BATCHES_PER_WORKER * workers;
    let feed = Mutex::new(Feed { inputs: items, window, next: 0, emitted: 0, waiting: 0, stop: false });
    let moved = Condvar::new();
    let (results, received) = mpsc::channel::<Vec<(usize, R)>>();
    let process = |(index, item): (usize, T)| (index, work(item));
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..workers {
            let results = results.clone();
            let (feed, moved, process) = (&feed, &moved, &process);
            let worker = std::thread::Builder::new().name("fiveforces-worker".to_owned()).stack_size(WORKER_STACK);
            let spawned = worker.spawn_scoped(scope, move || {
                loop {
                    let batch = take_next(feed, moved);
                    if batch.is_empty() {
                        break;
                    }
                    let done = batch.into_iter().map(process).collect();
                    if results.send(done).is_err() {
                        break;
                    }
                }
            });
            // A thread that cannot be started leaves the work to the others.
            started += usize::from(spawned.is_ok());
        }
        if started == 0 {
            // No thread at all: the work is done here, one batch after the other.
            drop(results);
            loop {
                let batch = take_next(&feed, &moved);
                if batch.is_empty() {
                    return Ok(());
                }
                for (_, result) in batch.into_iter().map(process) {
                    emit(result)?;
                }
                let mut state = lock(&feed);
                state.emitted = state.next;
            }
        }
        drop(results);
        let mut waiting = BTreeMap::new();
        let mut expected = 0;
        let outcome = received.iter().try_for_each(|batch| {
            waiting.extend(batch);
            while let Some(result) = waiting.remove(&expected) {
                emit(result)?;
                expected += 1;
            }
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
        outcome
    })
}

/// The next few inputs for a worker (consecutive, with their positions), waiting while the
/// workers are a whole window ahead of the emitter; empty when the walk is over or the run
/// stopped.
fn take_next<I: Iterator>(feed: &Mutex<Feed<I>>, moved: &Condvar) -> Vec<(usize, I::Item)> {
    let mut state = lock(feed);
    while !state.stop && state.next >= state.emitted + state.window {
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

fn lock<I>(feed: &Mutex<Feed<I>>) -> MutexGuard<'_, Feed<I>> {
    feed.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_path_order_with_problems_in_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..300 {
            std::fs::write(dir.path().join(format!("{i:04}.toml")), format!("[assessment]\nname = \"{i}\"\n"))
                .expect("write");
        }
        let mut seen = Vec::new();
        let elsewhere = tempfile::tempdir().expect("temp dir");
        let paths = [dir.path().to_path_buf(), elsewhere.path().join("missing.toml")];
        run(
            &paths,
            |_, text| text.trim().to_owned(),
            |r| {
                seen.push(r.map_err(|_| ()));
                Ok::<_, ()>(())
            },
        )
        .expect("no emit error");
        assert_eq!(seen.len(), 301, "every file and the missing path, once each");
        let texts: Vec<String> = seen.iter().filter_map(|r| r.as_ref().ok().cloned()).collect();
        let expected: Vec<String> = (0..300).map(|i| format!("[assessment]\nname = \"{i}\"")).collect();
        assert_eq!(texts, expected, "in path order");
        assert_eq!(seen.iter().filter(|r| r.is_err()).count(), 1);
    }

    #[test]
    fn an_emit_error_stops_the_run() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..2000 {
            std::fs::write(dir.path().join(format!("{i:04}.toml")), "x = 1\n").expect("write");
        }
        let mut count = 0;
        let out = run(
            &[dir.path().to_path_buf()],
            |_, _| (),
            |_| {
                count += 1;
                if count == 10 { Err("stop") } else { Ok(()) }
            },
        );
        assert_eq!(out, Err("stop"));
        assert_eq!(count, 10);
    }
}
