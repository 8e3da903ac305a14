//! `fiveforces score`: validate, score and rank every questionnaire once, check the
//! thresholds, and write every requested report. Streamed formats (jsonl, csv, and json in a
//! batch) are written as each questionnaire is scored; the others are rendered at the end from
//! the same results.

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

    let batch = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let mut sinks = open_all(&outputs, args.force)?;
    let mut streams = Vec::new();
    for (out, sink) in outputs.iter().zip(&mut sinks).filter(|(o, _)| o.format.streams_in(batch)) {
        sink.write(&report::stream_header(out.format)?)?;
        streams.push(Stream { format: out.format, sink, count: 0 });
    }
    let stream_formats: Vec<Format> = streams.iter().map(|s| s.format).collect();
    let keep = outputs.iter().any(|o| !o.format.streams_in(batch));

    let mut entries = Vec::new();
    let mut failures = Vec::new();
    let mut breached = false;
    process(
        &args.paths,
        &written(&outputs),
        quiet,
        !outputs.iter().any(|o| o.target == crate::sinks::Target::Stdout && o.format.streams_in(batch)),
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
                    for (stream, text) in streams.iter_mut().zip(&streamed) {
                        stream.write(text)?;
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

    let counts: Vec<usize> = streams.into_iter().map(|s| s.count).collect();
    let mut counts = counts.into_iter();
    let run = Run { entries, failures, batch, bank: &bank, thresholds: &thresholds };
    let mut staged = Staged::default();
    for (out, mut sink) in outputs.iter().zip(sinks) {
        if out.format.streams_in(batch) {
            sink.write(report::stream_footer(out.format, counts.next().unwrap_or_default()))?;
        } else {
            sink.write(&report::render_with_sources(
                out.format,
                &run,
                sinks::terminal(&out.target),
                &sinks::source_text,
            )?)?;
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

/// A streamed output: its format, where it goes, and how many elements it has had.
struct Stream<'s> {
    format: Format,
    sink: &'s mut Sink,
    count: usize,
}

impl Stream<'_> {
    /// Writes one element, after its separator.
    fn write(&mut self, text: &str) -> anyhow::Result<()> {
        self.sink.write(report::stream_separator(self.format, self.count))?;
        self.sink.write(text)?;
        self.count += 1;
        Ok(())
    }
}

/// Writes a file that could not be scored into the streamed outputs that list failures (JSON
/// lines, the JSON array), in its place in path order.
fn stream_failure(streams: &mut [Stream<'_>], failure: &Failure) -> anyhow::Result<()> {
    for stream in streams {
        if let Some(text) = report::stream_failure(stream.format, failure)? {
            stream.write(&text)?;
        }
    }
    Ok(())
}
