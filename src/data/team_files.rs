//! How a team's own data file combines with the built-in one, and the id rule both share.

use serde::Deserialize;

use std::ops::Range;

use toml::de::DeTable;

use crate::source::diagnostic::FileKind;
use crate::source::diagnostic::{Code, Problem};
use crate::source::toml_tree::{Fields, Parsed, Problems, array_of_tables, parse};

/// The optional top-level `builtin` key of a `--questions` or `--playbook` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layering {
    /// Keep the built-in entries; an entry with the same id replaces the built-in one.
    #[default]
    Extend,
    /// Ignore the built-in entries entirely.
    Replace,
}

impl Layering {
    /// Every layering with its name in files.
    pub const ALL: [(&'static str, Layering); 2] = [("extend", Layering::Extend), ("replace", Layering::Replace)];
}

/// Reads a secondary kind of `[[entry]]` of a data file (a playbook's `[[procedure]]`).
pub(crate) type ExtraReader<'r> = &'r mut dyn FnMut(&mut Problems<'_>, Range<usize>, &DeTable<'_>);

/// Reads a team's data file: its optional `builtin` key and its `[[entry]]` tables, each
/// read with `read` (which reports the entry's problems and returns it when it is valid), and
/// the tables of each `extra` kind, each handed to its reader.
pub(crate) fn read_entries<'t, T>(
    text: &'t str,
    kind: FileKind,
    entry: &str,
    mut read: impl FnMut(&mut Problems<'t>, Range<usize>, &DeTable<'_>) -> Option<T>,
    extra: &mut [(&str, ExtraReader<'_>)],
) -> (Problems<'t>, Layering, Vec<T>) {
    let Parsed { root, mut problems } = parse(text, kind);
    let mut known = vec!["builtin", entry];
    known.extend(extra.iter().map(|(name, _)| *name));
    let top = Fields::new(&mut problems, root.get_ref(), 0..0, format!("this {}", kind.what), &known);
    let layering =
        top.get("builtin").and_then(|(key, value)| problems.choice(key, value, &Layering::ALL)).unwrap_or_default();
    let tables = top.get(entry).map(|(key, value)| array_of_tables(&mut problems, key, value)).unwrap_or_default();
    let entries = tables.into_iter().filter_map(|(at, table)| read(&mut problems, at, table)).collect();
    for (name, reader) in extra.iter_mut() {
        let tables = top.get(name).map(|(key, value)| array_of_tables(&mut problems, key, value)).unwrap_or_default();
        for (at, table) in tables {
            reader(&mut problems, at, table);
        }
    }
    if top.get(entry).is_none() && !root.get_ref().is_empty() {
        problems.push_structural(
            Problem::at(Code::NoEntries, 0..0, format!("the file has no [[{entry}]]"))
                .label(format!("expected `[[{entry}]]` entries"))
                .help(format!("add entries, each starting with a `[[{entry}]]` header; {}", kind.how_to_start)),
        );
    }
    (problems, layering, entries)
}

/// Whether an id is snake_case: a lowercase letter, then lowercase letters, digits or `_`.
pub fn is_snake_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Reports an id (of a `what`, "question" or "action") that is not snake_case, or that is
/// `taken` already; `shown` is how the id is named in the duplicate message, `scope` where it
/// must be unique.
pub(crate) fn check_id(
    problems: &mut Problems<'_>,
    what: &str,
    id: &str,
    at: Range<usize>,
    taken: Option<(&str, &str)>,
) {
    if !is_snake_case(id) {
        problems.push(
            Problem::at(Code::IdNotSnakeCase, at.clone(), format!("{what} id `{id}` is not snake_case"))
                .label("not snake_case")
                .help("use lowercase letters, digits and underscores, starting with a letter"),
        );
    }
    if let Some((shown, scope)) = taken {
        problems.push(
            Problem::at(Code::DuplicateId, at, format!("{what} `{shown}` is defined twice"))
                .label(format!("same id as a {what} above"))
                .help(format!("ids must be unique {scope}; rename or remove one")),
        );
    }
}
