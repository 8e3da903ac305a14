//! `fiveforces migrate`: a questionnaire written for an earlier question bank rewritten to the
//! current one. A renamed id is replaced by its current id in place; a retired answer is kept
//! as a comment (with the reason) so that its note is not lost; every other byte of the file,
//! comments and notes included, stays as it was. The result is checked: it must read back with
//! the same answers and no old id, or nothing is written.

use std::fmt::Write as _;
use std::ops::Range;

use crate::data::bank::QuestionBank;
use crate::questionnaire::model::{Legacy, LegacyKind, Questionnaire};
use crate::source::diagnostic::InvalidFile;

/// The outcome of migrating one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migration {
    /// The migrated text (the input itself when nothing needed to change).
    pub text: String,
    /// What was changed, in file order (empty: the file already uses the current bank).
    pub changes: Vec<Legacy>,
}

/// Why a file could not be migrated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrateError {
    /// The file has problems other than old ids.
    #[error("{0}")]
    Invalid(Box<InvalidFile>),
    /// An old id sits where it cannot be rewritten line by line (inside an inline table that
    /// holds other answers, say): the file is left alone.
    #[error("{origin}:{at}: `{id}` cannot be rewritten automatically here; rename or comment it out by hand ({hint})")]
    Unsupported {
        /// The file.
        origin: String,
        /// Where.
        at: crate::source::diagnostic::Location,
        /// The old id.
        id: String,
        /// What to do.
        hint: String,
    },
}

/// Rewrites `text` (named `origin` in messages) to the current ids of `bank`.
pub fn migrate(origin: &str, text: &str, bank: &QuestionBank) -> Result<Migration, MigrateError> {
    let before = Questionnaire::parse(origin, text, bank).map_err(|e| MigrateError::Invalid(Box::new(e)))?;
    if before.legacy.is_empty() {
        return Ok(Migration { text: text.to_owned(), changes: Vec::new() });
    }
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for legacy in &before.legacy {
        match &legacy.kind {
            LegacyKind::Renamed(new) => edits.push((legacy.key_span.clone(), new.clone())),
            LegacyKind::Retired(reason) => {
                let lines = whole_lines(text, &legacy.entry_span);
                let old = text.get(lines.clone()).unwrap_or_default();
                let indent: String = old.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
                let mut comment = format!(
                    "{indent}# retired from the question bank, not scored: {}\n",
                    reason.replace(['\n', '\r'], " ")
                );
                for line in old.split_inclusive('\n') {
                    let _ = write!(comment, "{indent}# {}", line.strip_prefix(indent.as_str()).unwrap_or(line));
                }
                if !comment.ends_with('\n') && text.get(lines.end..).is_some_and(|rest| !rest.is_empty()) {
                    comment.push('\n');
                }
                edits.push((lines, comment));
            }
        }
    }
    edits.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (span, replacement) in &edits {
        if span.start < at {
            return Err(unsupported(origin, &before.legacy, span.start));
        }
        out.push_str(text.get(at..span.start).unwrap_or_default());
        out.push_str(replacement);
        at = span.end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    // The check: the same answers, nothing old left.
    let after = Questionnaire::parse(origin, &out, bank);
    match after {
        Ok(after)
            if after.legacy.is_empty()
                && after.answers == before.answers
                && after.assessment == before.assessment
                && after.context == before.context =>
        {
            Ok(Migration { text: out, changes: before.legacy })
        }
        _ => Err(unsupported(origin, &before.legacy, before.legacy.first().map_or(0, |l| l.key_span.start))),
    }
}

fn unsupported(origin: &str, legacy: &[Legacy], offset: usize) -> MigrateError {
    let first = legacy.iter().find(|l| l.key_span.start >= offset).or(legacy.first());
    MigrateError::Unsupported {
        origin: origin.to_owned(),
        at: first.map_or(crate::source::diagnostic::Location { line: 1, column: 1 }, |l| l.at),
        id: first.map(|l| format!("{}.{}", l.force, l.id)).unwrap_or_default(),
        hint: "`fiveforces questions` lists the current ids; data/migration.toml says what became of each old one"
            .to_owned(),
    }
}

/// The byte range of the whole lines that `span` touches, with the final line break.
fn whole_lines(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = text.get(..span.start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let end = text.get(span.end..).and_then(|t| t.find('\n')).map_or(text.len(), |i| span.end + i + 1);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "# Our assessment\n[assessment]\nname = \"Acme\"\n\n[rivalry]\n# counted in 2025\nmany_equal = { score = 4, note = \"five rivals\" } # trailing\nnonprice_competition = { score = 2, note = \"\"\"ads\nand more\"\"\" }\nslow_growth = 3\n\n[substitutes]\neasy_trial = 5\n";

    #[test]
    fn renames_in_place_and_keeps_retired_answers_as_comments() {
        let bank = QuestionBank::builtin();
        let m = migrate("old.toml", OLD, &bank).expect("migrates");
        assert_eq!(m.changes.len(), 3);
        assert!(m.text.starts_with("# Our assessment\n[assessment]\nname = \"Acme\"\n\n[rivalry]\n# counted in 2025\nbalanced_rivals = { score = 4, note = \"five rivals\" } # trailing\n"), "{}", m.text);
        assert!(m.text.contains("# retired from the question bank, not scored: mixed the basis"), "{}", m.text);
        assert!(
            m.text.contains(
                "# nonprice_competition = { score = 2, note = \"\"\"ads\n# and more\"\"\" }\nslow_growth = 3\n"
            ),
            "{}",
            m.text
        );
        assert!(m.text.ends_with("# easy_trial = 5\n"), "{}", m.text);
        let q = Questionnaire::parse("new.toml", &m.text, &bank).expect("valid");
        assert!(q.legacy.is_empty());
        let again = migrate("new.toml", &m.text, &bank).expect("migrates");
        assert!(again.changes.is_empty() && again.text == m.text);
    }

    #[test]
    fn an_old_and_a_new_id_for_one_question_is_an_error() {
        let text = "[assessment]\nname = \"A\"\n[rivalry]\nmany_equal = 4\nbalanced_rivals = 3\n";
        let err = migrate("q.toml", text, &QuestionBank::builtin()).expect_err("conflict");
        let shown = err.to_string();
        assert!(
            shown.contains("`many_equal` and `balanced_rivals` both answer [rivalry] `balanced_rivals`"),
            "{shown}"
        );
    }
}
