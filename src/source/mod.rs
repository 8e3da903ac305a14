//! Reading: which files a command reads and reading them safely ([`files`]), the
//! span-preserving TOML tree every loader walks ([`toml_tree`]), TOML syntax errors in words
//! ([`syntax_errors`]), located problems ([`diagnostic`]), "did you mean" ([`suggest`]) and the
//! walk of a folder in name order in bounded memory ([`walk`]).
//! Everything here is about input in general; nothing knows what a questionnaire is.

pub mod diagnostic;
pub mod files;
pub mod inert;
pub mod suggest;
pub(crate) mod syntax_errors;
pub(crate) mod toml_tree;
pub(crate) mod walk;
pub(crate) mod words;
