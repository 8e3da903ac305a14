//! `--format gitlab`: a GitLab Code Quality report, the JSON array GitLab reads from
//! `artifacts: reports: codequality` to show the problems in the merge request (GitLab's
//! "Code Quality" documentation, "Code Quality report format"; a subset of the Code Climate
//! spec):
//!
//! ```json
//! [ { "description": "unknown table `[buyer]` (help: did you mean `buyers`?)",
//!     "check_name": "FF101", "fingerprint": "…", "severity": "major",
//!     "location": { "path": "examples/bad.toml", "lines": { "begin": 3 } } } ]
//! ```
//!
//! The fingerprint is the SHA-256 of the path, the check and what identifies the problem (a
//! diagnostic's message, a breach's force), never the line: GitLab matches a problem between
//! the base and the head of a merge request by fingerprint, and a line that moves is the same
//! problem. Two problems with the same fingerprint in one file are numbered so each is unique.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Annotation, Severity};
use crate::report::ReportError;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The annotations as a Code Quality JSON array (`[]` when there is none).
pub fn render(annotations: &[Annotation]) -> Result<String, ReportError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = annotations
        .iter()
        .map(|a| {
            let mut fingerprint = fingerprint(&a.file, &a.check, &a.key);
            let count = seen.entry(fingerprint.clone()).or_insert(0);
            *count += 1;
            if *count > 1 {
                fingerprint = fingerprint_of(&format!("{fingerprint}\0{count}"));
            }
            Issue {
                description: &a.message,
                check_name: &a.check,
                fingerprint,
                severity: match a.severity {
                    Severity::Error => "major",
                },
                location: Location { path: &a.file, lines: Lines { begin: a.line } },
            }
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&issues)?;
    json.push('\n');
    Ok(json)
}

/// The stable fingerprint of a problem: SHA-256 (hex) of path, check and key.
pub fn fingerprint(path: &str, check: &str, key: &str) -> String {
    fingerprint_of(&format!("{path}\0{check}\0{key}"))
}

fn fingerprint_of(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}
