//! One module per subcommand.

pub mod catalog;
pub mod check;
pub mod init;
pub mod score;

use anyhow::anyhow;
use fiveforces::input::{self, Input};
use fiveforces::{Playbook, QuestionBank};

use crate::cli::DataArgs;
use crate::output::{report_input_error, report_invalid};

/// The question bank and playbook to use: the built-in ones, extended or replaced by the
/// files given with `--questions` and `--playbook`.
pub fn load_data(args: &DataArgs) -> anyhow::Result<(QuestionBank, Playbook)> {
    let mut bank = QuestionBank::builtin();
    if let Some(path) = &args.questions {
        let file = Input::File(path.clone());
        let text = input::read(&file).map_err(|e| anyhow!("--questions {e}"))?;
        bank = QuestionBank::from_toml(&file.origin(), &text, Some(&bank)).map_err(|invalid| {
            report_invalid(&invalid);
            anyhow!("the question bank {} is invalid", file.origin())
        })?;
    }
    let mut playbook = Playbook::builtin();
    if let Some(path) = &args.playbook {
        let file = Input::File(path.clone());
        let text = input::read(&file).map_err(|e| anyhow!("--playbook {e}"))?;
        playbook = Playbook::from_toml(&file.origin(), &text, Some(&playbook)).map_err(|invalid| {
            report_invalid(&invalid);
            anyhow!("the playbook {} is invalid", file.origin())
        })?;
    }
    Ok((bank, playbook))
}

/// The questionnaires named on the command line, read as text: `(origin, text)` in path
/// order. Problems are reported as they are found; the flag says whether there were any.
pub fn read_inputs(paths: &[std::path::PathBuf]) -> (Vec<(String, String)>, bool) {
    let (inputs, errors) = input::expand(paths);
    let mut failed = !errors.is_empty();
    for err in &errors {
        report_input_error(err);
    }
    let mut texts = Vec::with_capacity(inputs.len());
    for item in &inputs {
        match input::read(item) {
            Ok(text) => texts.push((item.origin(), text)),
            Err(err) => {
                report_input_error(&err);
                failed = true;
            }
        }
    }
    (texts, failed)
}
