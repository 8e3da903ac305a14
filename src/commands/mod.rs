//! One module per subcommand.

pub mod catalog;
pub mod check;
pub mod init;
pub mod interview;
pub mod score;

use anyhow::anyhow;
use fiveforces::input::{self, Input};
use fiveforces::{InvalidFile, Playbook, QuestionBank};
use std::path::Path;

use crate::cli::DataArgs;
use crate::output::{report_input_error, report_invalid};

/// The question bank and playbook to use: the built-in ones, extended or replaced by the
/// files given with `--questions` and `--playbook`.
pub fn load_data(args: &DataArgs) -> anyhow::Result<(QuestionBank, Playbook)> {
    let builtin_bank = QuestionBank::builtin();
    let bank = match &args.questions {
        Some(path) => layer("--questions", "question bank", path, |origin, text| {
            QuestionBank::from_toml(origin, text, Some(&builtin_bank))
        })?,
        None => builtin_bank,
    };
    let builtin_playbook = Playbook::builtin();
    let playbook = match &args.playbook {
        Some(path) => layer("--playbook", "playbook", path, |origin, text| {
            Playbook::from_toml(origin, text, Some(&builtin_playbook))
        })?,
        None => builtin_playbook,
    };
    Ok((bank, playbook))
}

/// Reads a team's data file given with `flag` and loads it with `load`, reporting its problems.
fn layer<T>(
    flag: &str,
    what: &str,
    path: &Path,
    load: impl FnOnce(&str, &str) -> Result<T, InvalidFile>,
) -> anyhow::Result<T> {
    let file = Input::File(path.to_path_buf());
    let text = input::read(&file).map_err(|e| anyhow!("{flag} {e}"))?;
    load(&file.origin(), &text).map_err(|invalid| {
        report_invalid(&invalid);
        anyhow!("the {what} {} is invalid; fix the problems above", file.origin())
    })
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
