//! One module per subcommand, and what they share: loading the data, planning the `-o`
//! outputs and running a batch with a progress counter.

pub mod aggregate;
pub mod catalog;
pub mod check;
pub mod diff;
pub mod docs;
pub mod init;
pub mod interview;
pub mod migrate;
pub mod score;

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::bail;
use fiveforces::batch;
use fiveforces::data::{Data, DataError};
use fiveforces::report::ReportFormat;
use fiveforces::source::files::{self, Input, InputError};
use fiveforces::{InvalidFile, Playbook, QuestionBank};
use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

use crate::cli::DataArgs;
use crate::sinks::{Sink, Target, report_invalid};

/// The question bank and playbook to use: the built-in ones, extended or replaced by the
/// files given with `--questions` and `--playbook`. A bad file's problems are shown here.
pub fn load_data(args: &DataArgs) -> anyhow::Result<(QuestionBank, Playbook)> {
    match Data::load(args.questions.as_deref(), args.playbook.as_deref()) {
        Ok(Data { bank, playbook }) => Ok((bank, playbook)),
        Err(err) => {
            if let DataError::Invalid { file, .. } = &err {
                report_invalid(file);
            }
            Err(err.into())
        }
    }
}

/// The files a run reads that are named on its command line: `paths` and the data files.
pub fn named_inputs<'a>(paths: impl IntoIterator<Item = &'a PathBuf>, data: &'a DataArgs) -> Vec<&'a Path> {
    paths.into_iter().chain(data.questions.as_ref()).chain(data.playbook.as_ref()).map(PathBuf::as_path).collect()
}

/// Opens every output before any work, so that one that cannot be written (a read-only folder)
/// stops the run before it starts.
pub fn open_all<F>(outputs: &[Output<F>], force: bool) -> anyhow::Result<Vec<Sink>> {
    outputs.iter().map(|o| Sink::open(&o.target, force)).collect()
}

/// One output to write: a format and where it goes.
pub struct Output<F> {
    pub format: F,
    pub target: Target,
}

/// The files a run writes, as [`files::output_identity`] names them: what its folder walks leave
/// out, so that a run never reads its own output.
pub fn written<F>(outputs: &[Output<F>]) -> Vec<PathBuf> {
    outputs
        .iter()
        .filter_map(|o| match &o.target {
            Target::File(path) => Some(files::output_identity(path)),
            Target::Stdout => None,
        })
        .collect()
}

/// What `-o` can write, for one command: its formats by name and by extension, and how to
/// list them in a message.
pub struct Vocabulary<F> {
    /// A format by its name or alias.
    pub named: fn(&str) -> Option<F>,
    /// The format a path's extension selects.
    pub by_extension: fn(&Path) -> Option<F>,
    /// Every name, e.g. `table, json, markdown`.
    pub names: String,
    /// Every extension, e.g. `.txt, .json, .md`.
    pub extensions: String,
}

impl<F: ReportFormat> Vocabulary<F> {
    /// The vocabulary of one report family.
    pub fn of() -> Self {
        Vocabulary {
            named: F::from_key,
            by_extension: F::from_extension,
            names: F::names(),
            extensions: F::all_extensions(),
        }
    }
}

/// The outputs to write: every `-o [FORMAT=]PATH` (a FORMAT the vocabulary knows; without one,
/// the format the path's extension selects), or standard output in `default`. Refuses an
/// unknown format or extension, two outputs on standard output, the same file twice (however it
/// is spelt), a file that is one of the run's `inputs`, and existing files without `force`,
/// before any work is done.
pub fn plan_outputs<F: Copy>(
    specs: &[String],
    default: F,
    force: bool,
    vocabulary: &Vocabulary<F>,
    inputs: &[&Path],
) -> anyhow::Result<Vec<Output<F>>> {
    if specs.is_empty() {
        return Ok(vec![Output { format: default, target: Target::Stdout }]);
    }
    let mut outputs = Vec::new();
    let mut seen = BTreeSet::new();
    let mut files_seen: Vec<(PathBuf, &str)> = Vec::new();
    let input_names: Vec<(PathBuf, &Path)> = inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .flat_map(|&p| files::identities(p).into_iter().map(move |name| (name, p)))
        .collect();
    for spec in specs {
        let (format, path) = match spec.split_once('=') {
            Some((name, path)) if is_format_word(name) => match (vocabulary.named)(name) {
                Some(format) => (format, path),
                None => bail!(
                    "-o {spec}: unknown format `{name}`{}; the formats are {}",
                    did_you_mean_format(name, &vocabulary.names),
                    vocabulary.names
                ),
            },
            _ if spec == "-" => (default, spec.as_str()),
            _ => match (vocabulary.by_extension)(Path::new(spec)) {
                Some(format) => (format, spec.as_str()),
                None => bail!(
                    "-o {spec}: cannot tell the format from the file name; name it with one of {} or write -o FORMAT={spec} (formats: {})",
                    vocabulary.extensions,
                    vocabulary.names
                ),
            },
        };
        if path.is_empty() {
            bail!("-o {spec}: no file name after `=`; write e.g. -o html=report.html");
        }
        let target = Target::from_path(Path::new(path));
        if target == Target::Stdout && !seen.insert(target.clone()) {
            bail!("only one report can go to standard output (`-o -`); write the others to files");
        }
        if let Target::File(file) = &target {
            // Compared as files, not as text: `a.md`, `./a.md` and `../here/a.md` are one file.
            let identity = files::output_identity(file);
            if let Some((_, earlier)) = files_seen.iter().find(|(seen, _)| *seen == identity) {
                bail!(
                    "-o {}: this is the same file as -o {}; give each report its own file",
                    crate::sinks::shown_path(Path::new(spec)),
                    crate::sinks::shown_path(Path::new(earlier))
                );
            }
            if let Some((_, input)) = input_names.iter().find(|(name, _)| *name == identity) {
                bail!(
                    "-o {}: {} is an input of this run, and a report never replaces what it reads (not even with --force); choose another file name",
                    crate::sinks::shown_path(Path::new(spec)),
                    crate::sinks::shown_path(input)
                );
            }
            files_seen.push((identity, spec));
        }
        target.check_free(force)?;
        outputs.push(Output { format, target });
    }
    Ok(outputs)
}

/// Whether the text before `=` in `-o` is meant as a format name (a plain word), rather than
/// part of a path such as `./a=b.md`.
fn is_format_word(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// ` (did you mean `markdown`?)` when a known name is close to `name`.
fn did_you_mean_format(name: &str, names: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let candidates: Vec<&str> = names.split(", ").collect();
    fiveforces::source::suggest::closest(&lower, &candidates)
        .map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"))
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

/// Runs `work` on every questionnaire named on the command line ([`batch::run`]), leaving the
/// run's `outputs` ([`written`]) out of the folder walks, and hands each result to `emit` in
/// path order, with a progress counter on a terminal for large batches unless `quiet` (and
/// unless the results themselves go to that terminal: `stdout_free` says they do not).
pub fn process<R: Send>(
    paths: &[PathBuf],
    outputs: &[PathBuf],
    quiet: bool,
    stdout_free: bool,
    work: impl Fn(&Input, &str) -> R + Sync,
    mut emit: impl FnMut(Result<R, InputError>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let progress = Progress::new(quiet, stdout_free);
    let mut skipped = 0_usize;
    let outcome = batch::run_on(files::expand_except(paths, outputs), work, |result| {
        if let Err(InputError::NotQuestionnaire { .. }) = result {
            skipped += 1;
        } else {
            emit(result)?;
        }
        progress.advance(1);
        Ok(())
    });
    progress.finish();
    if skipped > 0 {
        crate::sinks::notice(&skipped_notice(skipped));
    }
    outcome
}

/// The one notice for the TOML files a folder scan skipped as plainly not questionnaires.
pub fn skipped_notice(count: usize) -> String {
    let files = if count == 1 { "TOML file that is" } else { "TOML files that are" };
    format!(
        "skipped {count} {files} not a questionnaire (no `[assessment]` table and no force table); name a file on the command line to check it"
    )
}

/// Files processed so far, on standard error, once a batch is large enough to be worth it.
///
/// The counter is redrawn at indicatif's bounded rate, never once per file: while it is shown,
/// whatever the run writes to standard error goes through [`crate::sinks::above_progress`], which lifts
/// it only for that message. It is not shown when the results are printed on the same
/// terminal (they show the progress themselves, and a bar between them would be redrawn for
/// every one).
struct Progress(Option<ProgressBar>);

impl Progress {
    /// Batches smaller than this finish before a counter would help.
    const SHOW_FROM: u64 = 2_000;

    /// Redraws per second at most.
    const REDRAWS_PER_SECOND: u8 = 10;

    fn new(quiet: bool, stdout_free: bool) -> Self {
        let results_on_terminal = !stdout_free && std::io::stdout().is_terminal();
        if quiet || !std::io::stderr().is_terminal() || results_on_terminal {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {human_pos} files ({rate}, {elapsed})").map(|style| {
            style.with_key("rate", |state: &ProgressState, out: &mut dyn std::fmt::Write| {
                let _ = write!(out, "{} files/s", HumanCount(rounded_rate(state.per_sec())));
            })
        });
        if let Ok(style) = style {
            bar.set_style(style);
        }
        Progress(Some(bar))
    }

    fn advance(&self, count: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(count);
            if bar.position() >= Self::SHOW_FROM && bar.is_hidden() {
                bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(Self::REDRAWS_PER_SECOND));
                crate::sinks::set_progress(Some(bar.clone()));
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            crate::sinks::set_progress(None);
            bar.finish_and_clear();
        }
    }
}

/// A rate in whole files per second (a rate with four decimals says nothing more).
fn rounded_rate(per_second: f64) -> u64 {
    if per_second.is_finite() && per_second > 0.0 {
        // Rates are far below 2^53, so the conversion is exact after rounding.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let whole = per_second.round() as u64;
        whole
    } else {
        0
    }
}
