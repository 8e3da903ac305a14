//! `fiveforces score`: validate, score and rank every questionnaire, render one report.

use fiveforces::assess;
use fiveforces::report::{json, table};

use crate::cli::{ScoreArgs, ScoreFormat};
use crate::commands::{load_data, read_inputs};
use crate::output::{self, Outcome, report_invalid};

pub fn run(args: &ScoreArgs) -> anyhow::Result<Outcome> {
    let (bank, playbook) = load_data(&args.data)?;
    let (texts, mut failed) = read_inputs(&args.paths);
    let mut assessed = Vec::with_capacity(texts.len());
    for (origin, text) in &texts {
        match assess(origin, text, &bank, &playbook, args.top) {
            Ok(a) => assessed.push(a),
            Err(invalid) => {
                report_invalid(&invalid);
                failed = true;
            }
        }
    }
    let batch = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir());
    let report = match args.format {
        ScoreFormat::Json => json::render(&assessed, batch),
        ScoreFormat::Table if assessed.is_empty() => String::new(),
        ScoreFormat::Table => table::render(&assessed, batch, output::table_width()),
    };
    match &args.output {
        Some(path) => output::write(path, &report, args.force)?,
        None => output::print(&report)?,
    }
    Ok(if failed { Outcome::BadInput } else { Outcome::Success })
}
