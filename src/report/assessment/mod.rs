//! The report of `fiveforces score`: one or many scored questionnaires, one module per format.

pub mod csv;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod table;
