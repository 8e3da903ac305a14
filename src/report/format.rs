//! The one vocabulary of report formats. Each report family (score, diff, aggregate, catalog)
//! has its own `Format` enum whose names, aliases and help come from one derive
//! (`clap::ValueEnum`), so the command line, `-o FORMAT=PATH` and the documentation can never
//! disagree; [`ReportFormat`] adds what `-o` needs: the file extensions that select a format.

use std::path::Path;

use clap::ValueEnum;

/// A report format of one family.
pub trait ReportFormat: ValueEnum + Copy + 'static {
    /// The file extensions (without the dot, lower case) that select this format for
    /// `-o PATH`; empty when only `FORMAT=` selects it.
    fn extensions(self) -> &'static [&'static str];

    /// The name used on the command line.
    fn key(self) -> String {
        self.to_possible_value().map(|v| v.get_name().to_owned()).unwrap_or_default()
    }

    /// A format by its name or alias (`md` for Markdown), ignoring case.
    fn from_key(key: &str) -> Option<Self> {
        Self::from_str(key, true).ok()
    }

    /// The format a file's extension selects, if any.
    fn from_extension(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Self::value_variants().iter().copied().find(|f| f.extensions().contains(&ext.as_str()))
    }

    /// Every name, for messages: `table, json, …`.
    fn names() -> String {
        Self::value_variants().iter().map(|f| f.key()).collect::<Vec<_>>().join(", ")
    }

    /// Every extension, for messages: `.json, .md, …`.
    fn all_extensions() -> String {
        Self::value_variants()
            .iter()
            .flat_map(|f| f.extensions().iter().map(|e| format!(".{e}")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
