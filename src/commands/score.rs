//! `fiveforces score`: validate, score and rank every questionnaire once, check the
//! thresholds, and write every requested report. Streamed formats (jsonl, csv) are written as
//! each questionnaire is scored; the others are rendered at the end from the same results.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::bail;
use fiveforces::input::InputError;
use fiveforces::report::{self, Entry, Failure, Format, Run};
use fiveforces::threshold::Thresholds;
use fiveforces::{InvalidFile, assess};

use crate::cli::ScoreArgs;
use crate::commands::{load_data, process};
use crate::output::{self, Outcome, Sink, Target, notice, report_input_error, report_invalid};

/// One report to write.
struct Output {
    format: Format,
    target: Target,
}

/// One questionnaire's result, computed on a worker thread.
enum Scored<'p> {
    /// Scored: the entry (kept only when a whole-run format needs it), its streamed text per
    /// streamed output, and its breaches.
    Ok { entry: Box<Entry<'p>>, streamed: Vec<String> },
    /// Invalid.
    Invalid(InvalidFile),
}

pub fn run(args: &ScoreArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let outputs = plan_outputs(args)?;
    let (bank, playbook) = load_data(&args.data)?;
    let thresholds = Thresholds { fail_on: args.fail_on.clone(), min_coverage: args.min_coverage };

    let mut streams = Vec::new();
    for out in outputs.iter().filter(|o| o.format.streams()) {
        let mut sink = Sink::open(&out.target, args.force)?;
        sink.write(&report::stream_header(out.format))?;
        streams.push((out.format, sink));
    }
    let stream_formats: Vec<Format> = streams.iter().map(|(format, _)| *format).collect();
    let keep = outputs.iter().any(|o| !o.format.streams());

    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut breached = false;
    process(
        &args.paths,
        quiet,
        |input, text| match assess(&input.origin(), text, &bank, &playbook, args.top) {
            Ok(assessed) => {
                let entry = Entry { breaches: thresholds.check(&assessed.profile), assessed };
                let streamed = stream_formats.iter().map(|&format| report::stream_entry(format, &entry)).collect();
                Scored::Ok { entry: Box::new(entry), streamed }
            }
            Err(invalid) => Scored::Invalid(invalid),
        },
        |result| {
            match result {
                Ok(Scored::Ok { entry, streamed }) => {
                    for breach in &entry.breaches {
                        notice(&format!("threshold breached: {}: {breach}", entry.assessed.origin));
                    }
                    breached |= !entry.breaches.is_empty();
                    for ((_, sink), text) in streams.iter_mut().zip(&streamed) {
                        sink.write(text)?;
                    }
                    if keep {
                        entries.push(*entry);
                    }
                }
                Ok(Scored::Invalid(invalid)) => {
                    report_invalid(&invalid);
                    failures.push(Failure { origin: invalid.origin.clone(), message: invalid.to_string() });
                }
                Err(err) => {
                    report_input_error(&err);
                    failures.push(input_failure(&err));
                }
            }
            Ok(())
        },
    )?;

    let batch = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let run = Run { entries, failures, batch, bank: &bank, thresholds: &thresholds };
    for out in outputs.iter().filter(|o| !o.format.streams()) {
        let text = report::render(out.format, &run, output::terminal(&out.target));
        let mut sink = Sink::open(&out.target, args.force)?;
        sink.write(&text)?;
        sink.finish()?;
    }
    for (_, sink) in streams {
        sink.finish()?;
    }
    Ok(if !run.failures.is_empty() {
        Outcome::BadInput
    } else if breached {
        Outcome::Breached
    } else {
        Outcome::Success
    })
}

/// The reports to write: every `-o [FORMAT=]PATH`, or standard output in `--format`. Refuses
/// two reports on standard output, the same file twice, and existing files without `--force`,
/// before any work is done.
fn plan_outputs(args: &ScoreArgs) -> anyhow::Result<Vec<Output>> {
    if args.output.is_empty() {
        return Ok(vec![Output { format: args.format.format(), target: Target::Stdout }]);
    }
    let mut outputs = Vec::new();
    let mut seen = BTreeSet::new();
    for spec in &args.output {
        let (format, path) = match spec.split_once('=') {
            Some((name, path)) if Format::from_key(name).is_some() => (Format::from_key(name), path),
            _ => (Some(args.format.format()), spec.as_str()),
        };
        let Some(format) = format else { continue };
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
        target.check_free(args.force)?;
        outputs.push(Output { format, target });
    }
    Ok(outputs)
}

fn input_failure(err: &InputError) -> Failure {
    let message = err.to_string();
    let origin = message.split(": ").next().unwrap_or_default().to_owned();
    Failure { origin, message }
}
