//! `fiveforces questions` and `fiveforces actions`: list the bank and the playbook.

use fiveforces::report::catalog;

use crate::cli::{CatalogArgs, CatalogFormat, QuestionsArgs};
use crate::commands::load_data;
use crate::sinks::{self, Outcome};

pub fn questions(args: &QuestionsArgs) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.bank.data())?;
    sinks::print(&match args.format {
        CatalogFormat::Table => catalog::questions_table(&bank, sinks::terminal(&sinks::Target::Stdout).width),
        CatalogFormat::Json => catalog::questions_json(&bank)?,
    })?;
    Ok(Outcome::Success)
}

pub fn actions(args: &CatalogArgs) -> anyhow::Result<Outcome> {
    let (_, playbook) = load_data(&args.data)?;
    sinks::print(&match args.format {
        CatalogFormat::Table => catalog::actions_table(&playbook, sinks::terminal(&sinks::Target::Stdout).width),
        CatalogFormat::Json => catalog::actions_json(&playbook)?,
    })?;
    Ok(Outcome::Success)
}
