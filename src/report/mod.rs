//! Renderers: each output format in its own module, each a pure function from results to a
//! `String`. The binary decides where the string goes.

pub mod catalog;
pub mod json;
pub mod table;

/// Version of the JSON report shape; raised only when a field changes meaning or goes away.
pub const JSON_FORMAT_VERSION: u32 = 1;
