//! Force scores: each force's answers turned into a 0–100 score, a band and a coverage.
//!
//! Per force, every answered question is oriented so that 1 means "least pressure" and 5 "most
//! pressure" (a `lowers` question's answer is mirrored), mapped to 0–1, and averaged with the
//! questions' weights. The score is that average × 100, rounded to a whole number. Coverage is
//! the share of the force's total weight that was answered. A force with no answer is unscored:
//! no evidence is not the same as no pressure.

use serde::Serialize;

use crate::data::bank::{Direction, QuestionBank};
use crate::force::{Force, PerForce};
use crate::questionnaire::{Likert, Questionnaire};

/// Scores from this value up are `moderate`.
pub const MODERATE_FROM: u8 = 35;
/// Scores from this value up are `high`.
pub const HIGH_FROM: u8 = 65;

/// How strong a force is, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 0–34: answers lean towards "this pressure is absent".
    Low,
    /// 35–64: mixed or neutral answers.
    Moderate,
    /// 65–100: answers lean towards "this pressure is strong".
    High,
}

impl Band {
    /// The band of a score.
    pub const fn of(score: u8) -> Band {
        if score >= HIGH_FROM {
            Band::High
        } else if score >= MODERATE_FROM {
            Band::Moderate
        } else {
            Band::Low
        }
    }

    /// The stable name used in machine output.
    pub const fn key(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Moderate => "moderate",
            Band::High => "high",
        }
    }
}

/// One force's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForceScore {
    /// The force.
    pub force: Force,
    /// 0–100, `None` when no question of the force was answered.
    pub score: Option<u8>,
    /// Percentage of the force's question weight that was answered, rounded down (so 100 means
    /// every question was answered).
    pub coverage: u8,
    /// Number of answered questions.
    pub answered: usize,
    /// Number of questions the bank has for this force.
    pub questions: usize,
}

impl ForceScore {
    /// The band, when the force is scored.
    pub fn band(&self) -> Option<Band> {
        self.score.map(Band::of)
    }
}

/// The scores of all five forces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile(pub PerForce<ForceScore>);

impl Profile {
    /// One force's result.
    pub fn get(&self, force: Force) -> &ForceScore {
        self.0.get(force)
    }

    /// All five results in display order.
    pub fn iter(&self) -> impl Iterator<Item = &ForceScore> {
        self.0.0.iter()
    }

    /// The strongest scored force (the first in display order on a tie), if any is scored.
    pub fn strongest(&self) -> Option<&ForceScore> {
        self.iter().filter(|f| f.score.is_some()).fold(None, |best: Option<&ForceScore>, f| match best {
            Some(b) if b.score >= f.score => Some(b),
            _ => Some(f),
        })
    }
}

/// How much pressure one answer signals, from 0 (none) to 1 (most).
pub fn pressure(direction: Direction, answer: Likert) -> f64 {
    pressure_at(direction, f64::from(answer.get()))
}

/// [`pressure`] for any point of the scale from 1 to 5, such as the mean answer of a panel.
pub fn pressure_at(direction: Direction, answer: f64) -> f64 {
    let steps = answer - f64::from(Likert::MIN);
    let span = f64::from(Likert::MAX - Likert::MIN);
    match direction {
        Direction::Raises => steps / span,
        Direction::Lowers => (span - steps) / span,
    }
}

/// Scores every force of a questionnaire validated against `bank`.
pub fn score(questionnaire: &Questionnaire, bank: &QuestionBank) -> Profile {
    score_values(bank, questionnaire.answers.iter().map(|a| (a.question, f64::from(a.score.get()))))
}

/// Scores answers given as `(question position in bank, answer from 1 to 5)`, where an answer
/// may lie between two points of the scale (a panel's mean answer). Each question at most once.
pub fn score_values(bank: &QuestionBank, answers: impl IntoIterator<Item = (usize, f64)>) -> Profile {
    let mut weighted = PerForce([0.0_f64; 5]);
    let mut answered_weight = PerForce([0.0_f64; 5]);
    let mut answered = PerForce([0_usize; 5]);
    for (index, answer) in answers {
        let Some(question) = bank.get(index) else { continue };
        *weighted.get_mut(question.force) += question.weight * pressure_at(question.direction, answer);
        *answered_weight.get_mut(question.force) += question.weight;
        *answered.get_mut(question.force) += 1;
    }
    Profile(PerForce(Force::ALL.map(|force| {
        let total: f64 = bank.for_force(force).map(|q| q.weight).sum();
        let got = *answered_weight.get(force);
        let count = *answered.get(force);
        let score = (count > 0).then(|| to_percent((weighted.get(force) / got * 100.0).round()));
        let coverage = if total > 0.0 { to_percent((got / total * 100.0 + 1e-9).floor()) } else { 0 };
        ForceScore { force, score, coverage, answered: count, questions: bank.for_force(force).count() }
    })))
}

/// A value already rounded and known to lie in 0..=100, as a `u8`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn to_percent(value: f64) -> u8 {
    value.clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::{Answer, Assessment};

    fn answer_all(bank: &QuestionBank, pick: impl Fn(Direction) -> u8) -> Questionnaire {
        let answers = bank
            .questions()
            .iter()
            .enumerate()
            .map(|(i, q)| Answer {
                question: i,
                score: Likert::new(pick(q.direction).into()).expect("1-5"),
                note: None,
            })
            .collect();
        Questionnaire { assessment: Assessment { name: "T".into(), ..Assessment::default() }, context: None, answers }
    }

    #[test]
    fn the_strongest_answers_give_exactly_100_and_the_mirror_0() {
        let bank = QuestionBank::builtin();
        let max = score(&answer_all(&bank, |d| if d == Direction::Raises { 5 } else { 1 }), &bank);
        let min = score(&answer_all(&bank, |d| if d == Direction::Raises { 1 } else { 5 }), &bank);
        for force in Force::ALL {
            assert_eq!(max.get(force).score, Some(100), "{force}");
            assert_eq!(max.get(force).band(), Some(Band::High));
            assert_eq!(max.get(force).coverage, 100);
            assert_eq!(min.get(force).score, Some(0), "{force}");
            assert_eq!(min.get(force).band(), Some(Band::Low));
        }
    }

    #[test]
    fn neutral_answers_give_50() {
        let bank = QuestionBank::builtin();
        let profile = score(&answer_all(&bank, |_| 3), &bank);
        assert!(profile.iter().all(|f| f.score == Some(50) && f.band() == Some(Band::Moderate)));
    }

    #[test]
    fn an_unanswered_force_is_unscored_and_coverage_counts_weight() {
        let bank = QuestionBank::builtin();
        let mut q = answer_all(&bank, |_| 4);
        let buyers: Vec<usize> =
            bank.questions().iter().enumerate().filter(|(_, q)| q.force == Force::Buyers).map(|(i, _)| i).collect();
        let first_rival = bank.questions().iter().position(|q| q.force == Force::Rivalry).expect("rivalry");
        q.answers.retain(|a| !buyers.contains(&a.question));
        // Keep only the first rivalry question.
        q.answers.retain(|a| bank.questions()[a.question].force != Force::Rivalry || a.question == first_rival);
        let profile = score(&q, &bank);
        let b = profile.get(Force::Buyers);
        assert_eq!((b.score, b.band(), b.coverage, b.answered), (None, None, 0, 0));
        let r = profile.get(Force::Rivalry);
        let total: f64 = bank.for_force(Force::Rivalry).map(|q| q.weight).sum();
        let expected = (bank.questions()[first_rival].weight / total * 100.0).floor();
        assert!((f64::from(r.coverage) - expected).abs() < f64::EPSILON, "{} vs {expected}", r.coverage);
        assert_eq!(r.answered, 1);
        assert!(r.score.is_some());
    }

    #[test]
    fn band_boundaries() {
        assert_eq!(Band::of(34), Band::Low);
        assert_eq!(Band::of(35), Band::Moderate);
        assert_eq!(Band::of(64), Band::Moderate);
        assert_eq!(Band::of(65), Band::High);
    }
}
