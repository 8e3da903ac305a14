//! The `fiveforces` binary: parses arguments, runs a command, prints, and exits with the
//! contract's code. All the work is in the library.

mod cli;
mod commands;
mod output;
mod prompt;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    output::set_color(cli.color);
    let outcome = match cli.command {
        Command::Score(args) => commands::score::run(&args, quiet),
        Command::Check(args) => commands::check::run(&args, quiet),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Aggregate(args) => commands::aggregate::run(&args, quiet),
        Command::Interview(args) => commands::interview::run(&args),
        Command::Init(args) => commands::init::run(&args, quiet),
        Command::Questions(args) => commands::catalog::questions(&args),
        Command::Actions(args) => commands::catalog::actions(&args),
        Command::Schema(args) => commands::docs::schema(&args),
        Command::Completions(args) => commands::docs::completions(&args),
        Command::Man => commands::docs::man(),
    };
    match outcome {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => output::fail(&err),
    }
}
