//! `fiveforces init`: write a questionnaire template ready to fill in.

use std::path::Path;

use fiveforces::questionnaire::template;

use crate::cli::InitArgs;
use crate::commands::load_data;
use crate::sinks::{self, Outcome};

pub fn run(args: &InitArgs, quiet: bool) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.data)?;
    let name = args.name.clone().unwrap_or_else(|| default_name(&args.path));
    let text = template::questionnaire(&bank, &name);
    sinks::write(&args.path, &text, args.force)?;
    if args.path.as_os_str() == "-" {
        return Ok(Outcome::Success);
    }
    let schema = crate::commands::docs::write_schema_beside(&args.path, &bank)?;
    if !quiet {
        let path = args.path.display();
        sinks::notice(&format!("wrote {path}: answer the questions in it, then run `fiveforces score {path}`"));
        if let Some(schema) = schema {
            sinks::notice(&format!(
                "wrote {}: editors with TOML schema support complete ids and flag mistakes",
                schema.display()
            ));
        }
    }
    Ok(Outcome::Success)
}

/// The file name without its extension, or a generic name for standard output.
fn default_name(path: &Path) -> String {
    match path.file_stem().and_then(|s| s.to_str()) {
        Some(stem) if path.as_os_str() != "-" && !stem.is_empty() => stem.to_owned(),
        _ => "My business".to_owned(),
    }
}
