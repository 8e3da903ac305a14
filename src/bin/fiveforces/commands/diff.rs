//! `fiveforces diff OLD NEW`: compare two questionnaires, or two folders matched by relative
//! path, check the `--fail-on` rules on the change, and write every requested report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::bail;
use fiveforces::analysis::diff::{Snapshot, compare};
use fiveforces::analysis::threshold::{check_change, levels};
use fiveforces::report::Failure;
use fiveforces::report::diff::{DiffEntry, DiffRun, Format, OneSided, render_with_sources};
use fiveforces::source::files::{self, Input, InputError};
use fiveforces::{InvalidFile, QuestionBank, Questionnaire};

use crate::cli::DiffArgs;
use crate::commands::{Vocabulary, load_data, named_inputs, open_all, plan_outputs};
use crate::sinks::{self, Outcome, Staged, notice, report_input_error, report_invalid};

/// The two sides of one comparison, as found on disk.
enum Pair {
    Both { path: String, old: Input, new: Input },
    Added { path: String, new: Input },
    Removed { path: String, old: Input },
}

pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    let inputs = named_inputs([&args.old, &args.new], &args.data);
    let outputs = plan_outputs(&args.output, args.format, args.force, &Vocabulary::<Format>::of(), &inputs)?;
    let sinks = open_all(&outputs, args.force)?;
    let (bank, playbook) = load_data(&args.data)?;
    let stdin = |p: &Path| p.as_os_str() == "-";
    if stdin(&args.old) && stdin(&args.new) {
        bail!("OLD and NEW are both `-`; standard input can be read only once, so give one of them as a file");
    }
    let folders = match (args.old.is_dir(), args.new.is_dir()) {
        (true, true) => true,
        (false, false) => false,
        (old_is_dir, _) => {
            let (dir, file) = if old_is_dir { (&args.old, &args.new) } else { (&args.new, &args.old) };
            bail!(
                "{} is a folder but {} is not; compare a file with a file, or a folder with a folder",
                dir.display(),
                file.display()
            );
        }
    };
    let mut failures = Vec::new();
    let pairs = if folders {
        pair_folders(&args.old, &args.new, &mut failures)
    } else {
        let input = |p: &PathBuf| if stdin(p) { Input::Stdin } else { Input::File(p.clone()) };
        let new = input(&args.new);
        let path = if stdin(&args.new) { input(&args.old).origin() } else { new.origin() };
        vec![Pair::Both { path, old: input(&args.old), new }]
    };

    let level_rules = levels(&args.fail_on);
    let (mut entries, mut added, mut removed) = (Vec::new(), Vec::new(), Vec::new());
    // Every pair is read, validated and compared on all cores, by the ordered machinery of
    // `score`; the results (and each side's problems) come back in path order.
    let work = |pair: Pair| {
        let mut problems = Vec::new();
        let mut read = |input: &Input| read_questionnaire(input, &bank, &mut problems);
        let compared = match pair {
            Pair::Both { path, old, new } => match (read(&old), read(&new)) {
                (Some(before), Some(after)) => {
                    let diff = compare((&old.origin(), &before), (&new.origin(), &after), &bank, &playbook, args.top);
                    let breaches = check_change(&args.fail_on, &diff.old.profile, &diff.new.profile);
                    Some(Compared::Both(Box::new(DiffEntry { path, diff, breaches })))
                }
                _ => None,
            },
            Pair::Added { path, new } => read(&new).map(|after| {
                let snapshot = Snapshot::of(&new.origin(), &after, &bank);
                let breaches = level_rules.check(&snapshot.profile);
                Compared::Added(OneSided { path, snapshot, breaches })
            }),
            Pair::Removed { path, old } => read(&old).map(|before| {
                let snapshot = Snapshot::of(&old.origin(), &before, &bank);
                Compared::Removed(OneSided { path, snapshot, breaches: Vec::new() })
            }),
        };
        (compared, problems)
    };
    let mut skipped = 0;
    fiveforces::batch::run_ordered(pairs.into_iter(), work, |(compared, problems)| {
        for problem in problems {
            match &problem {
                Problem::Input(err) => {
                    report_input_error(err);
                    failures.push(Failure::from(err));
                }
                Problem::Invalid(invalid) => {
                    report_invalid(invalid);
                    failures.push(Failure::from(invalid));
                }
                Problem::Skipped => skipped += 1,
            }
        }
        match compared {
            Some(Compared::Both(entry)) => entries.push(*entry),
            Some(Compared::Added(one)) => added.push(one),
            Some(Compared::Removed(one)) => removed.push(one),
            None => {}
        }
        Ok::<_, std::convert::Infallible>(())
    })
    .unwrap_or_else(|never| match never {});
    if skipped > 0 {
        notice(&crate::commands::skipped_notice(skipped));
    }
    let run = DiffRun {
        old: args.old.to_string_lossy().replace('\\', "/"),
        new: args.new.to_string_lossy().replace('\\', "/"),
        folders,
        top: args.top,
        entries,
        added,
        removed,
        failures,
    };

    let mut breached = false;
    for (path, breach) in run.breaches() {
        notice(&format!("threshold breached: {path}: {breach}"));
        breached = true;
    }
    let mut staged = Staged::default();
    for (out, mut sink) in outputs.iter().zip(sinks) {
        sink.write(&render_with_sources(out.format, &run, sinks::terminal(&out.target), &sinks::source_text)?)?;
        staged.add(sink)?;
    }
    staged.commit()?;
    Ok(Outcome::of(!run.failures.is_empty(), breached))
}

/// One pair compared on a worker.
enum Compared<'p> {
    Both(Box<DiffEntry<'p>>),
    Added(OneSided),
    Removed(OneSided),
}

/// A side that could not be read or validated (reported and recorded by the emitter), or a file
/// found in a folder that is plainly not a questionnaire (skipped and counted).
enum Problem {
    Input(InputError),
    Invalid(InvalidFile),
    Skipped,
}

/// Reads and validates one side, keeping any problem for the emitter to report.
fn read_questionnaire(input: &Input, bank: &QuestionBank, problems: &mut Vec<Problem>) -> Option<Questionnaire> {
    let text = match files::read(input) {
        Ok(text) if matches!(input, Input::Found(_)) && files::plainly_not_questionnaire(&text) => {
            problems.push(Problem::Skipped);
            return None;
        }
        Ok(text) => text,
        Err(err) => {
            problems.push(Problem::Input(err));
            return None;
        }
    };
    match Questionnaire::parse(&input.origin(), &text, bank) {
        Ok(questionnaire) => Some(questionnaire),
        Err(invalid) => {
            problems.push(Problem::Invalid(invalid));
            None
        }
    }
}

/// The questionnaires of two folders, matched by their path relative to each folder, in path
/// order. A folder without questionnaires is simply empty (everything on the other side is added
/// or removed); any other problem is reported and recorded.
fn pair_folders(old: &Path, new: &Path, failures: &mut Vec<Failure>) -> Vec<Pair> {
    let mut by_path: BTreeMap<String, (Option<Input>, Option<Input>)> = BTreeMap::new();
    for (dir, is_new) in [(old, false), (new, true)] {
        for item in files::expand(&[dir.to_path_buf()]) {
            match item {
                Ok(Input::File(file) | Input::Found(file)) => {
                    let relative = file.strip_prefix(dir).unwrap_or(&file).to_string_lossy().replace('\\', "/");
                    let slot = by_path.entry(relative).or_default();
                    if is_new {
                        slot.1 = Some(Input::Found(file));
                    } else {
                        slot.0 = Some(Input::Found(file));
                    }
                }
                Ok(Input::Stdin) | Err(InputError::NoQuestionnaires { .. }) => {}
                Err(err) => {
                    report_input_error(&err);
                    failures.push(Failure::from(&err));
                }
            }
        }
    }
    by_path
        .into_iter()
        .filter_map(|(path, sides)| match sides {
            (Some(old), Some(new)) => Some(Pair::Both { path, old, new }),
            (None, Some(new)) => Some(Pair::Added { path, new }),
            (Some(old), None) => Some(Pair::Removed { path, old }),
            (None, None) => None,
        })
        .collect()
}
