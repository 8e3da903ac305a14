//! `--format csv`: one row per questionnaire, for spreadsheets: path, name, industry, scope,
//! assessor, date, each force's score, band, coverage and whether it is tentative, the strongest
//! force, the top action ids and any threshold not met. Scores and bands are empty when the
//! force is unscored (where JSON has `null`); text cells that a spreadsheet would
//! run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) are prefixed
//! with `'` (OWASP's advice against CSV injection).

use crate::force::Force;
use crate::report::{Entry, ReportError};

fn to_line(cells: &[String]) -> Result<String, ReportError> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(cells)?;
    let bytes = writer.into_inner().map_err(|err| ReportError::CsvFlush(err.error().to_string()))?;
    Ok(String::from_utf8(bytes)?)
}

/// A text cell that a spreadsheet will show as text, never evaluate, and a terminal will show
/// without running any escape sequence in it.
pub fn inert(text: &str) -> String {
    let shown = crate::report::inert(text);
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{shown}"),
        _ => shown.into_owned(),
    }
}

/// The header row.
pub fn header() -> Result<String, ReportError> {
    let mut cells: Vec<String> = ["path", "name", "industry", "scope", "assessor", "date"].map(String::from).to_vec();
    for force in Force::ALL {
        for column in ["score", "band", "coverage", "tentative"] {
            cells.push(format!("{}_{column}", force.key()));
        }
    }
    cells.extend(["strongest", "top_actions", "breaches"].map(String::from));
    to_line(&cells)
}

/// One questionnaire's row.
pub fn row(entry: &Entry<'_>) -> Result<String, ReportError> {
    let a = &entry.assessed;
    let details = &a.questionnaire.assessment;
    let mut cells = vec![
        inert(&a.origin),
        inert(&details.name),
        inert(details.industry.as_deref().unwrap_or_default()),
        inert(details.scope.as_deref().unwrap_or_default()),
        inert(details.assessor.as_deref().unwrap_or_default()),
        inert(details.date.as_deref().unwrap_or_default()),
    ];
    for f in a.profile.iter() {
        cells.push(f.score.map(|s| s.to_string()).unwrap_or_default());
        cells.push(f.band().map(crate::analysis::score::Band::key).unwrap_or_default().to_owned());
        cells.push(f.coverage.to_string());
        cells.push(f.tentative().to_string());
    }
    cells.push(a.profile.strongest().map(|f| f.force.key().to_owned()).unwrap_or_default());
    cells.push(a.plan.chosen.iter().map(|r| r.action.id.as_str()).collect::<Vec<_>>().join(" "));
    cells.push(inert(&entry.breaches.iter().map(|b| b.message.as_str()).collect::<Vec<_>>().join("; ")));
    to_line(&cells)
}

#[cfg(test)]
mod tests {
    use super::inert;

    #[test]
    fn formulas_are_made_inert() {
        assert_eq!(inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(inert("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(inert("-2+3"), "'-2+3");
        assert_eq!(inert("Acme"), "Acme");
    }
}
