//! `--format junit`: JUnit XML so that CI systems show the assessment as tests. Each
//! questionnaire is a test suite and each force a test case; a force that crosses a `--fail-on`
//! or `--min-coverage` threshold is a failure, an unscored force (no applicable question
//! answered) is skipped, and a file that could not be read or validated is a suite with one
//! erroring test case whose message is its first problem with its place. Details are in the
//! element bodies as well as in the `message` attribute, because GitLab ignores the attribute.
//! Written with quick-junit, which escapes all text.
//!
//! What the consumers read, from their parsers' source: mikepenz/action-junit-report takes
//! the annotation's path from the test case's `file` attribute and its line from `line` (and
//! only guesses from `classname` when there is no `file`, which made every annotation point
//! at a file called `toml`), its message from the failure's `message`, and counts a test case
//! with `<skipped>` as skipped; dorny/test-reporter reads `name`, `classname`, `time` and the
//! `failure`/`error`/`skipped` elements; GitLab reads `classname`, `name`, `file` and the
//! element bodies. The document is valid against the Jenkins xunit plugin's `junit-10.xsd`
//! (vendored under `tests/schemas/`), which has no `skipped` attribute on `<testsuites>`:
//! that attribute, which quick-junit always writes, is left out.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::force::Force;
use crate::report::annotations::{Sources, force_table_line};
use crate::report::parts::{Piece, Totals};
use crate::report::{Entry, Failure, ReportError, Run, band_text, score_text};

/// The whole run as a JUnit XML document; `sources` gives each file's text, for the line of
/// each force's table.
pub fn render(run: &Run<'_>, sources: Sources<'_>) -> Result<String, ReportError> {
    crate::report::parts::render(crate::report::Format::Junit, run, sources)
}

/// A questionnaire's test suite (part 0; part 1 is the failed files).
pub(crate) fn entry_piece(entry: &Entry<'_>, sources: Sources<'_>) -> Result<Piece, ReportError> {
    let a = &entry.assessed;
    let text = sources(&a.origin);
    let mut suite = TestSuite::new(format!("{} ({})", a.questionnaire.assessment.name, a.origin));
    for f in a.profile.iter() {
        let breaches: Vec<&str> =
            entry.breaches.iter().filter(|b| b.force == f.force).map(|b| b.message.as_str()).collect();
        let summary = format!(
            "{}: score {} ({}), coverage {}% ({} of {} questions answered)",
            f.force.label(),
            score_text(f),
            band_text(f),
            f.coverage,
            f.answered,
            f.questions
        );
        let status = if !breaches.is_empty() {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_message(breaches.join("; "))
                .set_type("threshold")
                .set_description(format!("{}\n{summary}", breaches.join("\n")));
            status
        } else if f.score.is_none() {
            let mut status = TestCaseStatus::skipped();
            status.set_message(format!("unscored: {summary}")).set_type("unscored");
            status
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(f.force.key(), status);
        case.set_classname(a.origin.as_str()).set_system_out(summary).set_time(Duration::ZERO);
        case.extra.insert("file".into(), a.origin.as_str().into());
        if let Some(line) = text.as_deref().and_then(|t| force_table_line(t, f.force)) {
            case.extra.insert("line".into(), line.to_string().into());
        }
        suite.add_test_case(case);
    }
    Ok(Piece::new(0, suite_text(suite)?))
}

/// A failed file's test suite: one erroring test case whose message is its first problem
/// (part 1).
pub(crate) fn failure_piece(failure: &Failure) -> Result<Piece, ReportError> {
    let first = failure.message.lines().next().unwrap_or("invalid questionnaire");
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status.set_message(first).set_type("invalid").set_description(failure.message.as_str());
    let mut case = TestCase::new("valid questionnaire", status);
    case.set_classname(failure.origin.as_str()).set_time(Duration::ZERO);
    case.extra.insert("file".into(), failure.origin.as_str().into());
    if let Some(line) = failure.diagnostics.first().and_then(|d| d.line) {
        case.extra.insert("line".into(), line.to_string().into());
    }
    let mut suite = TestSuite::new(failure.origin.as_str());
    suite.add_test_case(case);
    Ok(Piece::new(1, suite_text(suite)?))
}

/// One `<testsuite>` element as quick-junit writes it inside a document (indented, with its
/// line ends).
fn suite_text(suite: TestSuite) -> Result<String, ReportError> {
    let mut report = Report::new("fiveforces");
    report.add_test_suite(suite);
    let xml = report.to_string()?;
    let (_, inside) = split_document(&xml);
    Ok(inside.to_owned())
}

/// A document split after its `<testsuites …>` line: the head, and what follows it.
fn split_document(xml: &str) -> (&str, &str) {
    let start = xml.find("<testsuites").and_then(|at| xml.get(at..)?.find('\n').map(|end| at + end + 1));
    let start = start.unwrap_or(xml.len());
    let (head, rest) = xml.split_at(start);
    (head, rest.rsplit_once("</testsuites>").map_or(rest, |(inside, _)| inside))
}

/// The document around the suites: the declaration and `<testsuites>` with the run's totals,
/// the end between the two parts (nothing), and `</testsuites>`.
pub(crate) fn frames(totals: &Totals) -> Result<Vec<String>, ReportError> {
    let mut report = Report::new("fiveforces");
    report.tests = totals.entries * Force::ALL.len() + totals.failures;
    report.failures = totals.failing_forces;
    report.errors = totals.failures;
    let xml = without_testsuites_skipped(&report.to_string()?);
    let (head, _) = split_document(&xml);
    Ok(vec![head.to_owned(), String::new(), "</testsuites>\n".to_owned()])
}

/// The document without the `skipped` attribute of its `<testsuites>` element (which
/// `junit-10.xsd` does not allow; every `<testsuite>` keeps its own count).
fn without_testsuites_skipped(xml: &str) -> String {
    let removed = xml.split_once("<testsuites ").and_then(|(head, rest)| {
        let (tag, tail) = rest.split_once('>')?;
        let (before, after) = tag.split_once(" skipped=\"")?;
        let (_, after) = after.split_once('"')?;
        Some(format!("{head}<testsuites {before}{after}>{tail}"))
    });
    removed.unwrap_or_else(|| xml.to_owned())
}
