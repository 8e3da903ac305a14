//! `fiveforces schema`, `completions` and `man`: what editors, shells and `man` need.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use fiveforces::QuestionBank;

use crate::cli::{Cli, CompletionsArgs, SchemaArgs};
use crate::commands::load_data;
use crate::sinks::{self, Outcome};

pub fn schema(args: &SchemaArgs) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.bank.data())?;
    sinks::print(&fiveforces::questionnaire::schema::render(&bank)?)?;
    Ok(Outcome::Success)
}

/// Writes the schema file that a questionnaire's `#:schema` line points to, beside it, unless
/// one is there already (it is never overwritten). Returns where it wrote, if it did.
pub fn write_schema_beside(questionnaire: &Path, bank: &QuestionBank) -> anyhow::Result<Option<PathBuf>> {
    let path = questionnaire.with_file_name(fiveforces::questionnaire::schema::FILE_NAME);
    if path.exists() {
        return Ok(None);
    }
    sinks::write(&path, &fiveforces::questionnaire::schema::render(bank)?, false)?;
    Ok(Some(path))
}

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "fiveforces", &mut script);
    sinks::print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}

pub fn man() -> anyhow::Result<Outcome> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    sinks::print(&String::from_utf8_lossy(&page))?;
    Ok(Outcome::Success)
}
