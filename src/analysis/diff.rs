//! What changed between two assessments of the same business: each force's score and band
//! before and after, how the top actions moved and why (the forces that drive them and whose
//! scores changed), and which answers were added, removed or changed, with their notes.
//!
//! ```
//! use fiveforces::analysis::diff::{Move, compare};
//! use fiveforces::{Force, Playbook, QuestionBank, Questionnaire};
//!
//! let bank = QuestionBank::builtin();
//! let playbook = Playbook::builtin();
//! let old = Questionnaire::parse("old.toml", "[assessment]\nname = \"Bakery\"\n[buyers]\nlow_switching = 2\n", &bank)?;
//! let new = Questionnaire::parse("new.toml", "[assessment]\nname = \"Bakery\"\n[buyers]\nlow_switching = 5\n", &bank)?;
//! let diff = compare(("old.toml", &old), ("new.toml", &new), &bank, &playbook, 3);
//! let buyers = diff.forces.get(Force::Buyers);
//! assert_eq!((buyers.before.score, buyers.after.score, buyers.delta()), (Some(25), Some(100), Some(75)));
//! assert!(buyers.band_changed());
//! assert_eq!(diff.answers.len(), 1);
//! assert!(diff.changed());
//! // Every action in the top 3 now addresses buyer power, the only scored force.
//! assert!(diff.actions.iter().filter(|a| a.movement != Move::Left).all(|a| a.because.iter().any(|c| c.force == Force::Buyers)));
//! # Ok::<(), fiveforces::InvalidFile>(())
//! ```

use std::collections::BTreeMap;

use crate::analysis::plan::ranking;
use crate::analysis::score::{ForceScore, Profile, score};
use crate::context::Context;
use crate::data::bank::{Question, QuestionBank};
use crate::data::playbook::{Action, MAX_RELEVANCE, Playbook};
use crate::force::{Force, PerForce};
use crate::questionnaire::{Answer, Assessment, Questionnaire};

/// One side of a comparison: where it came from, what was assessed, and its scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The file as the user named it (`<stdin>` for standard input).
    pub origin: String,
    /// The assessment's details.
    pub assessment: Assessment,
    /// The force scores.
    pub profile: Profile,
}

impl Snapshot {
    /// Scores a validated questionnaire.
    pub fn of(origin: &str, questionnaire: &Questionnaire, bank: &QuestionBank) -> Snapshot {
        Snapshot {
            origin: origin.to_owned(),
            assessment: questionnaire.assessment.clone(),
            profile: score(questionnaire, bank),
        }
    }
}

/// One force before and after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForceChange {
    /// The force.
    pub force: Force,
    /// Its result in the old questionnaire.
    pub before: ForceScore,
    /// Its result in the new one.
    pub after: ForceScore,
}

impl ForceChange {
    /// The change in score, when the force is scored on both sides.
    pub fn delta(&self) -> Option<i16> {
        Some(i16::from(self.after.score?) - i16::from(self.before.score?))
    }

    /// Whether the score changed (including becoming scored or unscored).
    pub fn changed(&self) -> bool {
        self.before.score != self.after.score
    }

    /// Whether the band changed (including becoming scored or unscored).
    pub fn band_changed(&self) -> bool {
        self.before.band() != self.after.band()
    }
}

/// Where an action stands in one side's full ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// 1 for the highest priority; counted over every action, not only the top N.
    pub rank: usize,
    /// The priority in tenths (0–1000).
    pub priority_tenths: u16,
}

impl Standing {
    /// The priority, 0.0–100.0 with one decimal.
    pub fn priority(self) -> f64 {
        f64::from(self.priority_tenths) / 10.0
    }
}

/// How an action's place in the top N changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// In the new top N, not in the old.
    Entered,
    /// In the old top N, not in the new.
    Left,
    /// Higher in the new top N by this many places.
    Up(usize),
    /// Lower in the new top N by this many places.
    Down(usize),
    /// The same place.
    Same,
}

impl Move {
    /// The stable name used in machine output.
    pub const fn key(self) -> &'static str {
        match self {
            Move::Entered => "entered",
            Move::Left => "left",
            Move::Up(_) => "up",
            Move::Down(_) => "down",
            Move::Same => "same",
        }
    }
}

/// A force whose score changed and that an action addresses: a reason the action moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cause {
    /// The force.
    pub force: Force,
    /// The action's relevance to it (1–3).
    pub relevance: u8,
    /// Its score before (`None` when unscored).
    pub before: Option<u8>,
    /// Its score after.
    pub after: Option<u8>,
}

/// An action in the old or the new top N.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionMove<'a> {
    /// The action.
    pub action: &'a Action,
    /// Its place in the old ranking.
    pub before: Standing,
    /// Its place in the new ranking.
    pub after: Standing,
    /// How its place in the top N changed.
    pub movement: Move,
    /// The forces it addresses whose scores changed, the largest effect on its priority first.
    pub because: Vec<Cause>,
}

/// An answer that was added, removed or changed.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerChange<'a> {
    /// The question.
    pub question: &'a Question,
    /// The old answer (`None`: it was unanswered).
    pub before: Option<Answer>,
    /// The new answer (`None`: it is unanswered now).
    pub after: Option<Answer>,
}

/// What kind of change an [`AnswerChange`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerChangeKind {
    /// Answered now, unanswered before.
    Added,
    /// Answered before, unanswered now.
    Removed,
    /// Answered on both sides, with another score or note.
    Changed,
}

impl AnswerChangeKind {
    /// The stable name used in machine output.
    pub const fn key(self) -> &'static str {
        match self {
            AnswerChangeKind::Added => "added",
            AnswerChangeKind::Removed => "removed",
            AnswerChangeKind::Changed => "changed",
        }
    }
}

impl AnswerChange<'_> {
    /// Added, removed or changed.
    pub fn kind(&self) -> AnswerChangeKind {
        match (&self.before, &self.after) {
            (None, _) => AnswerChangeKind::Added,
            (_, None) => AnswerChangeKind::Removed,
            _ => AnswerChangeKind::Changed,
        }
    }

    /// The old note.
    pub fn note_before(&self) -> Option<&str> {
        self.before.as_ref()?.note.as_deref()
    }

    /// The new note.
    pub fn note_after(&self) -> Option<&str> {
        self.after.as_ref()?.note.as_deref()
    }
}

/// Everything that changed between two questionnaires.
#[derive(Debug, Clone, PartialEq)]
pub struct Diff<'a> {
    /// The old side.
    pub old: Snapshot,
    /// The new side.
    pub new: Snapshot,
    /// How many actions count as the top.
    pub top: usize,
    /// Each force before and after.
    pub forces: PerForce<ForceChange>,
    /// Every action in the old or the new top N: those in the new top N in their new order,
    /// then those that left it in their old order.
    pub actions: Vec<ActionMove<'a>>,
    /// The answers that differ, in bank order.
    pub answers: Vec<AnswerChange<'a>>,
    /// The business context before and after, when it changed.
    pub context: Option<(Option<Context>, Option<Context>)>,
}

impl Diff<'_> {
    /// Whether anything differs: an answer, a note, a score or a place in the top N. (The
    /// assessment's details, such as its date, do not count.)
    pub fn changed(&self) -> bool {
        !self.answers.is_empty()
            || self.context.is_some()
            || self.forces.iter().any(|(_, f)| f.changed())
            || self.actions.iter().any(|a| a.movement != Move::Same)
    }

    /// The forces whose score changed, in display order.
    pub fn changed_forces(&self) -> impl Iterator<Item = &ForceChange> {
        self.forces.0.iter().filter(|f| f.changed())
    }
}

/// Compares two questionnaires validated against `bank`, each given with its origin, ranking
/// both against `playbook` and following the `top` actions of each.
pub fn compare<'a>(
    old: (&str, &Questionnaire),
    new: (&str, &Questionnaire),
    bank: &'a QuestionBank,
    playbook: &'a Playbook,
    top: usize,
) -> Diff<'a> {
    let before = Snapshot::of(old.0, old.1, bank);
    let after = Snapshot::of(new.0, new.1, bank);
    let forces = PerForce(Force::ALL.map(|force| ForceChange {
        force,
        before: *before.profile.get(force),
        after: *after.profile.get(force),
    }));
    let contexts = (old.1.context.as_ref(), new.1.context.as_ref());
    let actions = moves((&before.profile, contexts.0), (&after.profile, contexts.1), playbook, top);
    let answers = answer_changes(&old.1.answers, &new.1.answers, bank);
    let context = (old.1.context != new.1.context).then_some((old.1.context, new.1.context));
    Diff { old: before, new: after, top, forces, actions, answers, context }
}

/// Every fitting action's place in the plan order of a profile (what `score` ranks), by id.
fn standings<'a>(profile: &Profile, context: Option<&Context>, playbook: &'a Playbook) -> BTreeMap<&'a str, Standing> {
    ranking(profile, playbook, context)
        .ranked
        .iter()
        .enumerate()
        .map(|(i, r)| (r.action.id.as_str(), Standing { rank: i + 1, priority_tenths: r.priority_tenths }))
        .collect()
}

fn moves<'a>(
    before: (&Profile, Option<&Context>),
    after: (&Profile, Option<&Context>),
    playbook: &'a Playbook,
    top: usize,
) -> Vec<ActionMove<'a>> {
    let old = standings(before.0, before.1, playbook);
    let new = standings(after.0, after.1, playbook);
    let mut moved: Vec<ActionMove<'a>> = playbook
        .actions()
        .iter()
        .filter_map(|action| {
            let (&b, &a) = (old.get(action.id.as_str())?, new.get(action.id.as_str())?);
            let movement = match (b.rank <= top, a.rank <= top) {
                (false, false) => return None,
                (false, true) => Move::Entered,
                (true, false) => Move::Left,
                (true, true) if a.rank < b.rank => Move::Up(b.rank - a.rank),
                (true, true) if a.rank > b.rank => Move::Down(a.rank - b.rank),
                (true, true) => Move::Same,
            };
            Some(ActionMove { action, before: b, after: a, movement, because: causes(action, before.0, after.0) })
        })
        .collect();
    moved.sort_by_key(|m| if m.movement == Move::Left { (1, m.before.rank) } else { (0, m.after.rank) });
    moved
}

/// The forces `action` addresses whose score changed, the largest change in contribution first.
fn causes(action: &Action, before: &Profile, after: &Profile) -> Vec<Cause> {
    let mut causes: Vec<Cause> = action
        .relevance
        .iter()
        .filter(|(_, r)| r.level > 0)
        .filter_map(|(force, r)| {
            let (was, now) = (before.get(force).score, after.get(force).score);
            (was != now).then_some(Cause { force, relevance: r.level, before: was, after: now })
        })
        .collect();
    let effect = |c: &Cause| {
        let change = i32::from(c.after.unwrap_or(0)) - i32::from(c.before.unwrap_or(0));
        change.abs() * i32::from(c.relevance) * 100 / i32::from(MAX_RELEVANCE)
    };
    causes.sort_by(|a, b| effect(b).cmp(&effect(a)).then(a.force.cmp(&b.force)));
    causes
}

/// The answers that differ, in bank order (both lists are sorted by question, as
/// [`Questionnaire::parse`] gives them).
fn answer_changes<'a>(old: &[Answer], new: &[Answer], bank: &'a QuestionBank) -> Vec<AnswerChange<'a>> {
    let mut by_question: BTreeMap<usize, (Option<&Answer>, Option<&Answer>)> = BTreeMap::new();
    for answer in old {
        by_question.entry(answer.question).or_default().0 = Some(answer);
    }
    for answer in new {
        by_question.entry(answer.question).or_default().1 = Some(answer);
    }
    by_question
        .into_iter()
        .filter(|(_, (b, a))| b != a)
        .filter_map(|(index, (b, a))| {
            Some(AnswerChange { question: bank.get(index)?, before: b.cloned(), after: a.cloned() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Likert;

    fn answers(bank: &QuestionBank, force: Force, scores: &[u8]) -> Vec<Answer> {
        bank.questions()
            .iter()
            .enumerate()
            .filter(|(_, q)| q.force == force)
            .zip(scores)
            .map(|((question, _), &s)| Answer {
                question,
                score: Likert::new(s.into()).expect("1-5"),
                note: Some(format!("note {s}")),
            })
            .collect()
    }

    fn questionnaire(answers: Vec<Answer>) -> Questionnaire {
        let mut answers = answers;
        answers.sort_by_key(|a| a.question);
        Questionnaire {
            assessment: Assessment { name: "T".into(), ..Assessment::default() },
            context: None,
            answers,
            legacy: Vec::new(),
        }
    }

    #[test]
    fn identical_questionnaires_have_no_change() {
        let bank = QuestionBank::builtin();
        let playbook = Playbook::builtin();
        let q = questionnaire(
            [answers(&bank, Force::Buyers, &[4, 2, 5]), answers(&bank, Force::Rivalry, &[3, 3])].concat(),
        );
        let diff = compare(("a", &q), ("b", &q), &bank, &playbook, 5);
        assert!(!diff.changed());
        assert_eq!(diff.actions.len(), 5);
        assert!(diff.actions.iter().all(|a| a.movement == Move::Same && a.because.is_empty()));
        assert!(diff.forces.iter().all(|(_, f)| f.delta().is_none_or(|d| d == 0) && !f.band_changed()));
    }

    #[test]
    fn answer_changes_are_added_removed_or_changed_in_bank_order() {
        let bank = QuestionBank::builtin();
        let playbook = Playbook::builtin();
        let old = questionnaire(answers(&bank, Force::Buyers, &[4, 2, 5]));
        let mut new_answers = answers(&bank, Force::Buyers, &[4, 3]);
        new_answers[0].note = Some("new evidence".into());
        new_answers.extend(answers(&bank, Force::Suppliers, &[1]));
        let new = questionnaire(new_answers);
        let diff = compare(("a", &old), ("b", &new), &bank, &playbook, 5);
        let kinds: Vec<(&str, AnswerChangeKind)> =
            diff.answers.iter().map(|c| (c.question.id.as_str(), c.kind())).collect();
        let buyers: Vec<&str> = bank.for_force(Force::Buyers).map(|q| q.id.as_str()).collect();
        let supplier = bank.for_force(Force::Suppliers).next().map(|q| q.id.as_str()).unwrap_or_default();
        assert_eq!(
            kinds,
            vec![
                (supplier, AnswerChangeKind::Added),
                (buyers[0], AnswerChangeKind::Changed),
                (buyers[1], AnswerChangeKind::Changed),
                (buyers[2], AnswerChangeKind::Removed),
            ]
        );
        assert_eq!(diff.answers[1].note_before(), Some("note 4"));
        assert_eq!(diff.answers[1].note_after(), Some("new evidence"));
        let suppliers = diff.forces.get(Force::Suppliers);
        assert!(suppliers.changed() && suppliers.band_changed() && suppliers.delta().is_none());
    }

    #[test]
    fn actions_that_enter_and_leave_are_explained_by_the_forces_that_moved() {
        let bank = QuestionBank::builtin();
        let playbook = Playbook::builtin();
        let old = questionnaire(answers(&bank, Force::Rivalry, &[5, 5, 5, 5, 5, 5, 5, 5, 5]));
        let new = questionnaire(
            [answers(&bank, Force::Rivalry, &[1, 1, 1, 1, 1, 1, 1, 1, 1]), answers(&bank, Force::Suppliers, &[5; 9])]
                .concat(),
        );
        let diff = compare(("a", &old), ("b", &new), &bank, &playbook, 3);
        assert!(diff.changed());
        let entered: Vec<&ActionMove<'_>> = diff.actions.iter().filter(|a| a.movement == Move::Entered).collect();
        let left: Vec<&ActionMove<'_>> = diff.actions.iter().filter(|a| a.movement == Move::Left).collect();
        assert!(!entered.is_empty() && entered.len() == left.len(), "{:?}", diff.actions);
        assert!(entered.iter().all(|a| a.after.rank <= 3 && a.before.rank > 3));
        assert!(left.iter().all(|a| a.before.rank <= 3 && a.after.rank > 3));
        assert!(diff.actions.iter().take(3).all(|a| a.movement != Move::Left), "the new top 3 come first");
        // An action can also move because others passed it (or, in the plan's order, because a
        // second action of its category went ahead): the causes named are always forces that moved.
        assert!(entered.iter().chain(&left).any(|m| !m.because.is_empty()), "{:?}", diff.actions);
        for moved in entered.iter().chain(&left) {
            assert!(moved.because.iter().all(|c| matches!(c.force, Force::Rivalry | Force::Suppliers)));
        }
    }
}
