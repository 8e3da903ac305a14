//! `fiveforces migrate`: rewrite questionnaires written for an earlier question bank.

use fiveforces::questionnaire::LegacyKind;
use fiveforces::questionnaire::migrate::{MigrateError, Migration, migrate};
use fiveforces::source::files::Input;

use crate::cli::MigrateArgs;
use crate::commands::{load_data, process};
use crate::sinks::{self, Outcome, notice, report_input_error, report_invalid};

pub fn run(args: &MigrateArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.data)?;
    let mut failed = false;
    let mut pending = false;
    process(
        &args.paths,
        &[],
        quiet,
        false,
        |input, text| (input.clone(), migrate(&input.origin(), text, &bank)),
        |result| {
            match result {
                Ok((input, Ok(migration))) => {
                    pending |= write(&input, &migration, args.check)?;
                }
                Ok((_, Err(MigrateError::Invalid(invalid)))) => {
                    report_invalid(&invalid);
                    failed = true;
                }
                Ok((_, Err(err))) => {
                    notice(&format!("error: {err}"));
                    failed = true;
                }
                Err(err) => {
                    report_input_error(&err);
                    failed = true;
                }
            }
            Ok(())
        },
    )?;
    Ok(Outcome::of(failed, args.check && pending))
}

/// Writes one migrated file (standard input goes to standard output) and says what changed;
/// returns whether the file needed changing.
fn write(input: &Input, migration: &Migration, check: bool) -> anyhow::Result<bool> {
    let origin = input.origin();
    let renamed = migration.changes.iter().filter(|c| matches!(c.kind, LegacyKind::Renamed(_))).count();
    let retired = migration.changes.len() - renamed;
    if matches!(input, Input::Stdin) && !check {
        sinks::print(&migration.text)?;
    }
    if migration.changes.is_empty() {
        notice(&format!("ok: {origin} already uses the current question bank"));
        return Ok(false);
    }
    for change in &migration.changes {
        let at = change.at;
        let line = match &change.kind {
            LegacyKind::Renamed(new) => {
                format!("  {origin}:{at}: {}.{} -> {}.{new}", change.force, change.id, change.force)
            }
            LegacyKind::Retired(_) => {
                format!("  {origin}:{at}: {}.{} retired, kept as a comment (not scored)", change.force, change.id)
            }
        };
        notice(&line);
    }
    let summary = format!("{renamed} renamed, {retired} retired");
    if check {
        notice(&format!("would migrate {origin}: {summary} (run `fiveforces migrate {origin}`)"));
    } else if let Some(path) = input.path() {
        sinks::replace(path, &migration.text)?;
        notice(&format!("migrated {origin}: {summary}"));
    }
    Ok(true)
}
