//! `--format junit`: JUnit XML so that CI systems show the assessment as tests. Each
//! questionnaire is a test suite and each force a test case; a force that crosses a `--fail-on`
//! or `--min-coverage` threshold is a failure, and a file that could not be read or validated is
//! a suite with one erroring test case. Details are in the element bodies as well as in the
//! `message` attribute, because GitLab ignores the attribute. Written with quick-junit, which
//! escapes all text.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use crate::report::{ReportError, Run, band_text, score_text};

/// The whole run as a JUnit XML document.
pub fn render(run: &Run<'_>) -> Result<String, ReportError> {
    let mut report = Report::new("fiveforces");
    for entry in &run.entries {
        let a = &entry.assessed;
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
            let status = if breaches.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status
                    .set_message(breaches.join("; "))
                    .set_type("threshold")
                    .set_description(format!("{}\n{summary}", breaches.join("\n")));
                status
            };
            let mut case = TestCase::new(f.force.key(), status);
            case.set_classname(a.origin.as_str()).set_system_out(summary);
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    for failure in &run.failures {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message("invalid questionnaire").set_type("invalid").set_description(failure.message.as_str());
        let mut case = TestCase::new("valid questionnaire", status);
        case.set_classname(failure.origin.as_str());
        let mut suite = TestSuite::new(failure.origin.as_str());
        suite.add_test_case(case);
        report.add_test_suite(suite);
    }
    let mut xml = report.to_string()?;
    if !xml.ends_with('\n') {
        xml.push('\n');
    }
    Ok(xml)
}
