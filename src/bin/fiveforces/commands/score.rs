//! `fiveforces score`: validate, score and rank every questionnaire once, check the
//! thresholds, and write every requested report. Streamed formats (jsonl, csv, and json in a
//! batch) are written as each questionnaire is scored; in a batch, the formats written in parts
//! (markdown, html, junit: [`report::parts`]) keep each part in a temporary file as it goes and
//! are put together at the end; the others (the table, the annotation formats) are rendered at
//! the end from the results kept in memory.

use std::fs::File;
use std::io::{self, BufRead as _, BufWriter, Seek, Write as _};

use anyhow::Context as _;
use fiveforces::analysis::threshold::Thresholds;
use fiveforces::report::assessment::table::batch::{BatchRow, BatchTable};
use fiveforces::report::parts::{self, Piece, Totals};
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
        /// Its pieces for each output written in parts.
        pieces: Result<Vec<Vec<Piece>>, ReportError>,
        /// What it adds to the counts of the outputs written in parts.
        counted: Totals,
        /// Its row of the batch table, when one is written.
        row: Option<BatchRow>,
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
    let in_parts = |format: Format| batch && parts::count(format) > 0;
    let tabled = |format: Format| batch && format == Format::Table;
    let mut streams = Vec::new();
    let mut spools = Vec::new();
    let mut table_spools = Vec::new();
    for (out, sink) in outputs.iter().zip(&mut sinks) {
        if out.format.streams_in(batch) {
            sink.write(&report::stream_header(out.format)?)?;
            streams.push(Stream { format: out.format, sink, count: 0 });
        } else if in_parts(out.format) {
            spools.push(Spool::new(out.format, sink)?);
        } else if tabled(out.format) {
            table_spools.push(TableSpool::new(BatchTable::new(sinks::terminal(&out.target)), sink)?);
        }
    }
    let want_rows = !table_spools.is_empty();
    let stream_formats: Vec<Format> = streams.iter().map(|s| s.format).collect();
    let part_formats: Vec<Format> = spools.iter().map(|s| s.format).collect();
    let setting = report::parts::Setting { batch, bank: &bank, thresholds: &thresholds };
    let mut totals = Totals::default();
    let keep = outputs.iter().any(|o| !o.format.streams_in(batch) && !in_parts(o.format) && !tabled(o.format));

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
                let pieces = part_formats
                    .iter()
                    .map(|&format| parts::of_entry(format, setting, &entry, &sinks::source_text))
                    .collect();
                let counted = Totals::of_entry(&entry);
                let row = want_rows.then(|| BatchRow::of(&entry));
                let notices = entry
                    .breaches
                    .iter()
                    .map(|breach| format!("threshold breached: {}: {breach}", entry.assessed.origin))
                    .collect();
                let origin = &entry.assessed.origin;
                let legacy = fiveforces::questionnaire::Legacy::notices(origin, &entry.assessed.questionnaire.legacy);
                Scored::Ok { entry: keep.then(|| Box::new(entry)), streamed, pieces, counted, row, notices, legacy }
            }
            Err(invalid) => Scored::Invalid(invalid),
        },
        |result| {
            let failure = match result {
                Ok(Scored::Ok { entry, streamed, pieces, counted, row, notices, legacy }) => {
                    let streamed = streamed?;
                    for (spool, pieces) in spools.iter_mut().zip(pieces?) {
                        spool.add(pieces, totals.entries)?;
                    }
                    if let Some(row) = row {
                        for table in &mut table_spools {
                            table.add(&row)?;
                        }
                    }
                    totals.extend(counted);
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
                    return Ok(());
                }
                Ok(Scored::Invalid(invalid)) => {
                    report_invalid(&invalid);
                    Failure::from(&invalid)
                }
                Err(err) => {
                    report_input_error(&err);
                    Failure::from(&err)
                }
            };
            let failure = failure.after(entries.len());
            spool_failure(&mut streams, &mut spools, &mut totals, &failure)?;
            failures.extend(keep.then_some(failure));
            Ok(())
        },
    )?;

    let counts: Vec<usize> = streams.into_iter().map(|s| s.count).collect();
    let mut counts = counts.into_iter();
    for spool in spools {
        spool.finish(setting, &totals)?;
    }
    for table in table_spools {
        table.finish()?;
    }
    let run = Run { entries, failures, batch, bank: &bank, thresholds: &thresholds };
    let mut staged = Staged::default();
    for (out, mut sink) in outputs.iter().zip(sinks) {
        if in_parts(out.format) || tabled(out.format) {
            // Written by its spool.
        } else if out.format.streams_in(batch) {
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
    Ok(Outcome::of(totals.failures > 0, breached))
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

/// Writes a file that could not be scored into the streamed outputs and the spools, and counts
/// it.
fn spool_failure(
    streams: &mut [Stream<'_>],
    spools: &mut [Spool<'_>],
    totals: &mut Totals,
    failure: &Failure,
) -> anyhow::Result<()> {
    stream_failure(streams, failure)?;
    for spool in spools {
        spool.add(parts::of_failure(spool.format, failure)?, 0)?;
    }
    totals.add_failure();
    Ok(())
}

/// An output written in parts ([`report::parts`]): each part in an anonymous temporary file
/// while the batch runs, so that memory stays flat, then the parts in order, with the text
/// around them, into the output.
struct Spool<'s> {
    format: Format,
    sink: &'s mut Sink,
    parts: Vec<BufWriter<File>>,
}

impl<'s> Spool<'s> {
    fn new(format: Format, sink: &'s mut Sink) -> anyhow::Result<Self> {
        let parts = (0..parts::count(format))
            .map(|_| {
                tempfile::tempfile().map(|file| BufWriter::with_capacity(64 * 1024, file)).context(
                    "cannot create a temporary file for the report (is the temporary folder writable? TMPDIR names it)",
                )
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Spool { format, sink, parts })
    }

    /// Adds one questionnaire's (or failed file's) pieces; `position` is its place among the
    /// scored questionnaires.
    fn add(&mut self, pieces: Vec<Piece>, position: usize) -> anyhow::Result<()> {
        parts::add(&mut self.parts, pieces, position).context("cannot write a temporary file for the report")
    }

    /// Writes the parts in order, with the text around them, into the output.
    fn finish(self, setting: parts::Setting<'_>, totals: &Totals) -> anyhow::Result<()> {
        let mut frames = parts::frames(self.format, setting, totals)?.into_iter();
        self.sink.write(&frames.next().unwrap_or_default())?;
        for (part, frame) in self.parts.into_iter().zip(frames) {
            let mut file = part
                .into_inner()
                .map_err(io::IntoInnerError::into_error)
                .context("cannot write a temporary file for the report")?;
            file.rewind().context("cannot read back a temporary file for the report")?;
            self.sink.copy_from(&mut file)?;
            self.sink.write(&frame)?;
        }
        Ok(())
    }
}

/// The table view of a batch: each questionnaire's row kept in an anonymous temporary file
/// (one JSON line each) while the batch runs and measured as it comes, then the table drawn
/// from the file at the end ([`BatchTable::draw`]), so that memory stays flat.
struct TableSpool<'s> {
    table: BatchTable,
    sink: &'s mut Sink,
    rows: BufWriter<File>,
}

impl<'s> TableSpool<'s> {
    fn new(table: BatchTable, sink: &'s mut Sink) -> anyhow::Result<Self> {
        let rows = tempfile::tempfile().map(|file| BufWriter::with_capacity(64 * 1024, file)).context(
            "cannot create a temporary file for the report (is the temporary folder writable? TMPDIR names it)",
        )?;
        Ok(TableSpool { table, sink, rows })
    }

    fn add(&mut self, row: &BatchRow) -> anyhow::Result<()> {
        self.table.add(row);
        serde_json::to_writer(&mut self.rows, row)
            .map_err(io::Error::from)
            .and_then(|()| self.rows.write_all(b"\n"))
            .context("cannot write a temporary file for the report")
    }

    fn finish(self) -> anyhow::Result<()> {
        let TableSpool { table, sink, rows } = self;
        let mut file = rows
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
            .context("cannot write a temporary file for the report")?;
        let read_back = |file: &mut File| -> anyhow::Result<_> {
            file.rewind().context("cannot read back a temporary file for the report")?;
            let reader = io::BufReader::with_capacity(
                64 * 1024,
                file.try_clone().context("cannot read back a temporary file for the report")?,
            );
            Ok(reader.lines().map(|line| {
                let line = line.context("cannot read back a temporary file for the report")?;
                serde_json::from_str::<BatchRow>(&line)
                    .context("a temporary file for the report was changed while the batch ran")
            }))
        };
        table.draw(|| read_back(&mut file), &mut |text| sink.write(text))
    }
}
