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
use fiveforces::input::{self, Input};
use fiveforces::{InvalidFile, Playbook, QuestionBank};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use fiveforces::input::InputError;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::cli::DataArgs;
use crate::output::{Target, report_invalid};

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
    let text = input::read(&file).map_err(|e| anyhow!("{flag} {e}"))?;
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
            crate::output::report_input_error(&err);
            None
        }
    }
}

/// How many inputs are read and processed in parallel before their results are emitted.
/// Bounded so that memory stays flat however many files a batch has.
const CHUNK: usize = 128;

/// Runs `work` on every questionnaire named on the command line, on all cores, and hands each
/// result (or the input's problem) to `emit` in path order. Shows a progress counter on a
/// terminal for large batches unless `quiet`.
///
/// Pipelined: while one chunk of files is read and processed in parallel, the results of the
/// chunk before are emitted and the paths of the chunk after are listed, so the serial work
/// never leaves a core idle.
pub fn process<R: Send>(
    paths: &[PathBuf],
    quiet: bool,
    work: impl Fn(&Input, &str) -> R + Sync,
    mut emit: impl FnMut(Result<R, InputError>) -> anyhow::Result<()> + Send,
) -> anyhow::Result<()> {
    let progress = Progress::new(quiet);
    let mut inputs = input::expand(paths);
    let mut current: Vec<Result<Input, InputError>> = inputs.by_ref().take(CHUNK).collect();
    let mut finished: Vec<Result<R, InputError>> = Vec::new();
    while !current.is_empty() || !finished.is_empty() {
        let count = current.len() as u64;
        let (results, (next, emitted)) = rayon::join(
            || {
                std::mem::take(&mut current)
                    .into_par_iter()
                    .map(|item| item.and_then(|input| input::read(&input).map(|text| work(&input, &text))))
                    .collect::<Vec<_>>()
            },
            || {
                let emitted =
                    std::mem::take(&mut finished).into_iter().try_for_each(|result| progress.suspend(|| emit(result)));
                (inputs.by_ref().take(CHUNK).collect::<Vec<_>>(), emitted)
            },
        );
        emitted?;
        progress.advance(count);
        finished = results;
        current = next;
    }
    progress.finish();
    Ok(())
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
