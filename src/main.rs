//! The `fiveforces` binary: parses arguments, runs a command, prints, and exits with the
//! contract's code. All the work is in the library.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)
)]

mod cli;
mod commands;
mod interrupt;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    interrupt::install();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Score(args) => commands::score::run(&args),
        Command::Check(args) => commands::check::run(&args),
        Command::Init(args) => commands::init::run(&args),
        Command::Questions(args) => commands::catalog::questions(&args),
        Command::Actions(args) => commands::catalog::actions(&args),
    };
    match outcome {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => output::fail(&err),
    }
}
