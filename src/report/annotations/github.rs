//! `--format github`: one GitHub Actions workflow command per problem and per breach,
//!
//! ```text
//! ::error file=examples/bad.toml,line=3,col=2,endLine=3,endColumn=7,title=FF101 unknown-table::unknown table `[buyer]` (help: did you mean `buyers`?)
//! ```
//!
//! which the runner turns into an annotation on that line of the changed file. The grammar and
//! escaping are GitHub's ("Workflow commands for GitHub Actions", `::error` and "Setting an
//! error message"; the escaping is that of `@actions/core`'s `command.ts`): in the message `%`,
//! CR and LF are written `%25`, `%0D`, `%0A`; in a property also `:` and `,` (`%3A`, `%2C`).
//! Control characters are made inert as in every terminal output, since the log shows the
//! line as it is.

use std::fmt::Write as _;

use super::{Annotation, Severity};
use crate::report::inert;

/// The annotations as workflow commands, one per line.
pub fn render(annotations: &[Annotation]) -> String {
    let mut out = String::new();
    for a in annotations {
        let command = match a.severity {
            Severity::Error => "error",
        };
        let mut properties = vec![format!("file={}", property(&a.file)), format!("line={}", a.line)];
        if let Some(column) = a.column {
            properties.push(format!("col={column}"));
        }
        if let Some(end_line) = a.end_line {
            properties.push(format!("endLine={end_line}"));
            // GitHub uses the columns only for a span on one line.
            if let (Some(end_column), true) = (a.end_column, end_line == a.line) {
                properties.push(format!("endColumn={end_column}"));
            }
        }
        properties.push(format!("title={}", property(&a.title)));
        let _ = writeln!(out, "::{command} {}::{}", properties.join(","), data(&a.message));
    }
    out
}

/// A command's message: `%`, CR and LF escaped.
pub fn data(text: &str) -> String {
    inert(text).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value: as [`data`], and `:` and `,` escaped too.
pub fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}
