//! `fiveforces check`: validate questionnaires and say how complete each one is.

use std::fmt::Write as _;

use fiveforces::Questionnaire;

use crate::cli::CheckArgs;
use crate::commands::{load_data, read_inputs};
use crate::output::{self, Outcome, report_invalid};

pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.data)?;
    let (texts, mut failed) = read_inputs(&args.paths);
    let mut summary = String::new();
    for (origin, text) in &texts {
        match Questionnaire::parse(origin, text, &bank) {
            Ok(q) => {
                let _ = writeln!(
                    summary,
                    "ok: {origin} ({} of {} questions answered)",
                    q.answers.len(),
                    bank.questions().len()
                );
            }
            Err(invalid) => {
                report_invalid(&invalid);
                failed = true;
            }
        }
    }
    output::print(&summary)?;
    Ok(if failed { Outcome::BadInput } else { Outcome::Success })
}
