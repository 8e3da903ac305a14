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
        |input, text| -> Result<String, InvalidFile> {
            let q = Questionnaire::parse(&input.origin(), text, &bank)?;
            Ok(format!("ok: {} ({} of {total} questions answered)\n", input.origin(), q.answers.len()))
        },
        |result| {
            match reported(result) {
                Some(line) => sinks::print(&line)?,
                None => failed = true,
            }
            Ok(())
        },
    )?;
    Ok(if failed { Outcome::BadInput } else { Outcome::Success })
}
