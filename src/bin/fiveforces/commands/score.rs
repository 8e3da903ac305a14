//! `fiveforces score`: validate, score and rank every questionnaire once, check the
//! thresholds, and write every requested report. Streamed formats (jsonl, csv) are written as
//! each questionnaire is scored; the others are rendered at the end from the same results.

use fiveforces::analysis::threshold::Thresholds;
use fiveforces::report::{self, Entry, Failure, Format, ReportError, Run};
use fiveforces::{InvalidFile, assess};

use crate::cli::ScoreArgs;
use crate::commands::{Vocabulary, load_data, named_inputs, open_all, plan_outputs, process, written};
use crate::sinks::{self, Outcome, Sink, Staged, notice, report_input_error, report_invalid};

/// One questionnaire's result, computed on a worker thread.
enum Scored<'p> {
    /// Scored: the entry (only when a whole-run format needs it: otherwise it is dropped on
    /// the worker that made it), its text for each streamed output, and its breaches as notices.
    Ok {
        entry: Option<Box<Entry<'p>>>,
        streamed: Result<Vec<String>, ReportError>,
        notices: Vec<String>,
        legacy: Vec<String>,
    },
    /// Invalid.
    Invalid(InvalidFile),
}

pub fn run(args: &ScoreArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let inputs = named_inputs(&args.paths, &args.data);
    let outputs = plan_outputs(&args.output, args.format, args.force, &Vocabulary::<Format>::of(), &inputs)?;
    let (bank, playbook) = load_data(&args.data)?;
    let thresholds = Thresholds { fail_on: args.fail_on.clone(), min_coverage: args.min_coverage };

    let mut sinks = open_all(&outputs, args.force)?;
    let mut streams = Vec::new();
    for (out, sink) in outputs.iter().zip(&mut sinks).filter(|(o, _)| o.format.streams()) {
        sink.write(&report::stream_header(out.format)?)?;
        streams.push((out.format, sink));
    }
    let stream_formats: Vec<Format> = streams.iter().map(|(format, _)| *format).collect();
    let keep = outputs.iter().any(|o| !o.format.streams());

    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut breached = false;
    process(
        &args.paths,
        &written(&outputs),
        quiet,
        |input, text| match assess(&input.origin(), text, &bank, &playbook, args.top) {
            Ok(assessed) => {
                let entry = Entry { breaches: thresholds.check(&assessed.profile), assessed };
                let streamed = stream_formats.iter().map(|&format| report::stream_entry(format, &entry)).collect();
                let notices = entry
                    .breaches
                    .iter()
                    .map(|breach| format!("threshold breached: {}: {breach}", entry.assessed.origin))
                    .collect();
                let origin = &entry.assessed.origin;
                let legacy = fiveforces::questionnaire::Legacy::notices(origin, &entry.assessed.questionnaire.legacy);
                Scored::Ok { entry: keep.then(|| Box::new(entry)), streamed, notices, legacy }
            }
            Err(invalid) => Scored::Invalid(invalid),
        },
        |result| {
            match result {
                Ok(Scored::Ok { entry, streamed, notices, legacy }) => {
                    let streamed = streamed?;
                    for line in &legacy {
                        notice(line);
                    }
                    for line in &notices {
                        notice(line);
                    }
                    breached |= !notices.is_empty();
                    for ((_, sink), text) in streams.iter_mut().zip(&streamed) {
                        sink.write(text)?;
                    }
                    entries.extend(entry.map(|entry| *entry));
                }
                Ok(Scored::Invalid(invalid)) => {
                    report_invalid(&invalid);
                    let failure = Failure::from(&invalid).after(entries.len());
                    stream_failure(&mut streams, &failure)?;
                    failures.push(failure);
                }
                Err(err) => {
                    report_input_error(&err);
                    let failure = Failure::from(&err).after(entries.len());
                    stream_failure(&mut streams, &failure)?;
                    failures.push(failure);
                }
            }
            Ok(())
        },
    )?;

    let batch = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let run = Run { entries, failures, batch, bank: &bank, thresholds: &thresholds };
    let mut staged = Staged::default();
    for (out, mut sink) in outputs.iter().zip(sinks) {
        if !out.format.streams() {
            sink.write(&report::render(out.format, &run, sinks::terminal(&out.target))?)?;
        }
        staged.add(sink)?;
    }
    staged.commit()?;
    if !quiet {
        for out in &outputs {
            if let sinks::Target::File(path) = &out.target {
                notice(&format!(
                    "wrote {}: the {} report",
                    sinks::shown_path(path),
                    fiveforces::report::ReportFormat::key(out.format)
                ));
            }
        }
    }
    Ok(Outcome::of(!run.failures.is_empty(), breached))
}

/// Writes a file that could not be scored into the streamed outputs that list failures (JSON
/// lines), in its place in path order.
fn stream_failure(streams: &mut [(Format, &mut Sink)], failure: &Failure) -> anyhow::Result<()> {
    for (format, sink) in streams {
        if let Some(line) = report::stream_failure(*format, failure)? {
            sink.write(&line)?;
        }
    }
    Ok(())
}
