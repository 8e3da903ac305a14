//! The whole pipeline for one questionnaire: parse and validate, score, rank.

use crate::analysis::plan::{Plan, plan};
use crate::analysis::score::{Explanation, Profile, score_and_explain};
use crate::data::bank::QuestionBank;
use crate::data::playbook::Playbook;
use crate::force::PerForce;
use crate::questionnaire::Questionnaire;
use crate::source::diagnostic::InvalidFile;

/// A scored questionnaire with its top actions: what every report format renders.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessed<'p> {
    /// Where it came from, as the user named it (`<stdin>` for standard input).
    pub origin: String,
    /// The validated questionnaire.
    pub questionnaire: Questionnaire,
    /// The force scores.
    pub profile: Profile,
    /// How each force's score came about: the answers that drive it.
    pub explanation: PerForce<Explanation<'p>>,
    /// The follow-up plan: the chosen actions (best first), their steps in journey order, and
    /// the actions left out because they do not fit the business.
    pub plan: Plan<'p>,
}

/// Validates, scores and plans one questionnaire, choosing `top` actions.
pub fn assess<'p>(
    origin: &str,
    text: &str,
    bank: &'p QuestionBank,
    playbook: &'p Playbook,
    top: usize,
) -> Result<Assessed<'p>, InvalidFile> {
    let questionnaire = Questionnaire::parse(origin, text, bank)?;
    let (profile, explanation) = score_and_explain(&questionnaire, bank);
    let plan = plan(&profile, playbook, questionnaire.context.as_ref(), top);
    Ok(Assessed { origin: origin.to_owned(), questionnaire, profile, explanation, plan })
}
