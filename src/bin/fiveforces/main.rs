//! The `fiveforces` binary: parses arguments, runs a command, prints, and exits with the
//! contract's code. All the work is in the library.

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)
)]

mod cli;
mod commands;
mod interrupt;
mod prompts;
mod sinks;

use std::process::ExitCode;

use crate::cli::Command;

/// mimalloc instead of the system allocator: a batch allocates and frees many small strings
/// per file, often on another worker thread than the one that made them; glibc's malloc spent
/// about a sixth of a batch's time there (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::parse();
    // SIGINT, SIGTERM and SIGHUP stop every command at once, never mid-way through writing a
    // file. (Ctrl-C typed at an interview prompt is a key, not a signal: the interview handles
    // it itself, restoring the terminal and saying how to resume.)
    interrupt::install();
    let quiet = cli.quiet;
    sinks::set_color(cli.color);
    let outcome = match cli.command {
        Command::Score(args) => commands::score::run(&args, quiet),
        Command::Check(args) => commands::check::run(&args, quiet),
        Command::Migrate(args) => commands::migrate::run(&args, quiet),
        Command::Diff(args) => commands::diff::run(&args),
        Command::Aggregate(args) => commands::aggregate::run(&args, quiet),
        Command::Interview(args) => commands::interview::run(&args),
        Command::Init(args) => commands::init::run(&args, quiet),
        Command::Questions(args) => commands::catalog::questions(&args),
        Command::Actions(args) => commands::catalog::actions(&args),
        Command::Schema(args) => commands::docs::schema(&args),
        Command::Completions(args) => commands::docs::completions(&args),
        Command::Man(args) => commands::docs::man(&args),
    };
    match outcome {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => sinks::fail(&err),
    }
}
