//! `fiveforces init`: write a questionnaire template ready to fill in.

use std::path::Path;

use fiveforces::template;

use crate::cli::InitArgs;
use crate::commands::load_data;
use crate::output::{self, Outcome};

pub fn run(args: &InitArgs) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.data)?;
    let name = args.name.clone().unwrap_or_else(|| default_name(&args.path));
    let text = template::questionnaire(&bank, &name);
    output::write(&args.path, &text, args.force)?;
    if args.path.as_os_str() != "-" {
        let path = args.path.display();
        output::note(&format!("wrote {path}: answer the questions in it, then run `fiveforces score {path}`"));
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
