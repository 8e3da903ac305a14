//! How a team's own data file combines with the built-in one, and the id rule both share.

use serde::Deserialize;

use crate::toml_source::{Key, Problems, Value};

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

/// Reads the `builtin` key, reporting a value that is not `"extend"` or `"replace"`.
pub(crate) fn layering(problems: &mut Problems<'_>, key: &Key<'_>, value: &Value<'_>) -> Option<Layering> {
    problems.choice(key, value, &Layering::ALL)
}

/// Whether an id is snake_case: a lowercase letter, then lowercase letters, digits or `_`.
pub fn is_snake_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}
