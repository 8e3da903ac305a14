//! How a team's own data file combines with the built-in one, and the id rule both share.

use serde::Deserialize;

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

/// Whether an id is snake_case: a lowercase letter, then lowercase letters, digits or `_`.
pub fn is_snake_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
