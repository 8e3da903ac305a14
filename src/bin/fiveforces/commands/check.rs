//! `fiveforces check`: validate questionnaires and say how complete each one is, for people
//! or (`--format json`) for machines.

use fiveforces::Questionnaire;
use fiveforces::report::check::{self, Checked};
use fiveforces::report::{Failure, annotations};
use fiveforces::source::files::Input;

use crate::cli::{CheckArgs, CheckFormat};
use crate::commands::{load_data, process};
use crate::sinks::{self, Outcome, report_input_error, report_invalid};

pub fn run(args: &CheckArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.data)?;
    let questions = bank.questions().len();
    let human = args.format == CheckFormat::Human;
    let mut failed = false;
    let mut files = Vec::new();
    process(
        &args.paths,
        &[],
        quiet,
        !human,
        |input: &Input, text: &str| {
            let origin = input.origin();
            match Questionnaire::parse(&origin, text, &bank) {
                Ok(q) => {
                    // Old ids are notices, not failures: the file still scores.
                    let legacy = fiveforces::questionnaire::Legacy::notices(&origin, &q.legacy);
                    Ok((Checked::Valid { origin, answered: q.answers.len(), questions }, legacy))
                }
                Err(invalid) => Err(invalid),
            }
        },
        |result| {
            let checked = match result {
                Ok(Ok((valid, legacy))) => {
                    for text in &legacy {
                        sinks::notice(text);
                    }
                    valid
                }
                Ok(Err(invalid)) => {
                    if human {
                        report_invalid(&invalid);
                    }
                    Checked::Invalid(Failure::from(&invalid))
                }
                Err(err) => {
                    if human {
                        report_input_error(&err);
                    }
                    Checked::Invalid(Failure::from(&err))
                }
            };
            failed |= matches!(checked, Checked::Invalid(_));
            match checked {
                Checked::Valid { origin, answered, questions } if human => {
                    sinks::print(&format!("ok: {origin} ({answered} of {questions} questions answered)\n"))?;
                }
                Checked::Invalid(_) if human => {}
                json => files.push(json),
            }
            Ok(())
        },
    )?;
    match args.format {
        CheckFormat::Human => {}
        CheckFormat::Json => sinks::print(&check::json(&files)?)?,
        CheckFormat::Github => sinks::print(&annotations::github::render(&annotations::of_check(&files)))?,
        CheckFormat::Gitlab => sinks::print(&annotations::gitlab::render(&annotations::of_check(&files))?)?,
    }
    Ok(if failed { Outcome::BadInput } else { Outcome::Success })
}
