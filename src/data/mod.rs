//! The data the tool reasons with: the question [`bank`] and the [`playbook`], built in or
//! extended by a team's own files ([`team_files`]), loaded together by [`Data::load`].

pub mod bank;
pub mod playbook;
pub mod team_files;

use std::path::Path;

use crate::source::diagnostic::InvalidFile;
use crate::source::files::{self, Input, InputError};
use bank::QuestionBank;
use playbook::Playbook;

/// The question bank and the playbook a command works with.
#[derive(Debug, Clone)]
pub struct Data {
    /// Every question a questionnaire can answer.
    pub bank: QuestionBank,
    /// Every action that can be ranked.
    pub playbook: Playbook,
}

/// Why a team's data file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The file named by `flag` could not be read.
    #[error("{flag} {error}")]
    Unreadable {
        /// `--questions` or `--playbook`.
        flag: &'static str,
        /// What went wrong.
        error: InputError,
    },
    /// The file was read but has problems, every one located.
    #[error("the {what} {} is invalid; fix the problems above", file.origin)]
    Invalid {
        /// "question bank" or "playbook".
        what: &'static str,
        /// The problems.
        file: InvalidFile,
    },
}

impl DataError {
    /// The code of the problem, when it is one problem (an unreadable file); an invalid
    /// file's problems carry their own.
    pub fn code(&self) -> Option<crate::source::diagnostic::Code> {
        match self {
            DataError::Unreadable { error, .. } => Some(error.code()),
            DataError::Invalid { .. } => None,
        }
    }
}

impl Data {
    /// The built-in bank and playbook, each extended or replaced by the team's file given
    /// (`--questions`, `--playbook`).
    pub fn load(questions: Option<&Path>, playbook: Option<&Path>) -> Result<Data, DataError> {
        let builtin_bank = QuestionBank::builtin();
        let bank = match questions {
            Some(path) => layer("--questions", "question bank", path, |origin, text| {
                QuestionBank::from_toml(origin, text, Some(&builtin_bank))
            })?,
            None => builtin_bank,
        };
        let builtin_playbook = Playbook::builtin();
        let playbook = match playbook {
            Some(path) => layer("--playbook", "playbook", path, |origin, text| {
                Playbook::from_toml(origin, text, Some(&builtin_playbook))
            })?,
            None => builtin_playbook,
        };
        Ok(Data { bank, playbook })
    }
}

/// Reads a team's data file given with `flag` and loads it with `load`.
fn layer<T>(
    flag: &'static str,
    what: &'static str,
    path: &Path,
    load: impl FnOnce(&str, &str) -> Result<T, InvalidFile>,
) -> Result<T, DataError> {
    let file = Input::File(path.to_path_buf());
    let text = files::read(&file).map_err(|error| DataError::Unreadable { flag, error })?;
    load(&file.origin(), &text).map_err(|file| DataError::Invalid { what, file })
}
