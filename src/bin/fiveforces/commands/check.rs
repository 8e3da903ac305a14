//! `fiveforces check`: validate questionnaires and say how complete each one is.

use fiveforces::{InvalidFile, Questionnaire};

use crate::cli::CheckArgs;
use crate::commands::{load_data, process, reported};
use crate::sinks::{self, Outcome};

pub fn run(args: &CheckArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.data)?;
    let total = bank.questions().len();
    let mut failed = false;
    process(
        &args.paths,
        quiet,
        |input, text| -> Result<(String, Vec<String>), InvalidFile> {
            let origin = input.origin();
            let q = Questionnaire::parse(&origin, text, &bank)?;
            // Old ids are notices, not failures: the file still scores.
            let notices = fiveforces::questionnaire::Legacy::notices(&origin, &q.legacy);
            Ok((format!("ok: {origin} ({} of {total} questions answered)\n", q.answers.len()), notices))
        },
        |result| {
            match reported(result) {
                Some((line, notices)) => {
                    for text in &notices {
                        sinks::notice(text);
                    }
                    sinks::print(&line)?;
                }
                None => failed = true,
            }
            Ok(())
        },
    )?;
    Ok(if failed { Outcome::BadInput } else { Outcome::Success })
}
