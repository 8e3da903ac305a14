//! Force scores: each force's answers turned into a 0–100 score, a band, a coverage and an
//! explanation of which answers drive it.
//!
//! Every answer becomes a *pressure* `p` from 0 to 1: `(a − 1)/4` when agreeing raises the
//! force, `(5 − a)/4` when it lowers it. Each force then follows its own rule, from Porter's
//! logic of that force (model [`MODEL`]; the README explains each rule with a worked example):
//!
//! * rivalry: the mean of its two aspects (Porter 2008): the intensity (the weighted mean of
//!   its conditions) and the price basis (a soft maximum of the conditions that tempt rivals to
//!   cut prices, each of which can do it alone);
//! * new entrants: the threat the barriers leave is a soft minimum of the barrier pressures
//!   (one high barrier keeps entrants out), blended 3:1 with the strength of would-be
//!   entrants;
//! * substitutes: a soft minimum of the price-performance and the switching-ease means (both
//!   conditions are needed);
//! * suppliers: leverage (a soft maximum of the decisive sources of leverage, with the mean of
//!   every leverage answer) times an importance factor from ½ to 1;
//! * buyers: the buyers' leverage, built the same way, times a price-sensitivity factor from ½
//!   to 1 (Porter 2008: buyers are powerful if they have negotiating leverage, especially if
//!   they are price sensitive).
//!
//! A soft max / min is `λ·extreme + (1 − λ)·weighted mean` with λ = 2/3. Only the questions
//! that apply to the questionnaire's `[context] customers` count, in the score and in coverage.
//! Unanswered questions are left out (never imputed); a force with no answer is unscored.

use serde::Serialize;
use smallvec::SmallVec;

use crate::data::bank::{Direction, QuestionBank, Role};
use crate::decimal::push_fixed;
use crate::force::{Force, PerForce};
use crate::questionnaire::{Context, Likert, Questionnaire};

/// The scoring model's version, in every JSON report (`model`).
pub const MODEL: &str = "porter-4";

/// Scores from this value up are `moderate` (the midpoint of "disagree", 25, and "neutral", 50).
pub const MODERATE_FROM: u8 = 38;
/// Scores from this value up are `high` (the midpoint of "neutral", 50, and "agree", 75).
pub const HIGH_FROM: u8 = 63;

/// Share of a soft max / soft min given to the extreme value; the weighted mean of the group
/// decides the rest. From the logic: one decisive factor at full strength must carry its force
/// across the band boundary alone (λ ≥ 0.625), a single "agree" must not (λ ≤ 0.833).
pub const LAMBDA: f64 = 2.0 / 3.0;
/// new_entrants: the share of the strength of would-be entrants when barriers are answered too
/// (strong diversifiers alone cannot lift a fully barred industry out of `low`: 25 < 38).
pub const ENTRANT_SHARE: f64 = 0.25;
/// suppliers and buyers: the factor that leverage is multiplied by (the input's importance,
/// the buyers' price sensitivity) runs from this (none) to 1, so leverage alone still counts
/// for half ("especially if", not "only if").
pub const IMPORTANCE_FLOOR: f64 = 0.5;

/// How strong a force is, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 0–37: answers lean towards "this pressure is absent".
    Low,
    /// 38–62: within half a scale point of neutral.
    Moderate,
    /// 63–100: answers lean towards "this pressure is strong".
    High,
}

impl Band {
    /// The band of a score (symmetric: `s` is low exactly when `100 − s` is high).
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
    /// 0–100, `None` when no applicable question of the force was answered.
    pub score: Option<u8>,
    /// Percentage of the weight of the force's applicable questions that was answered, rounded
    /// down (so 100 means every applicable question was answered).
    pub coverage: u8,
    /// Number of answered applicable questions.
    pub answered: usize,
    /// Number of the force's questions that apply to the questionnaire's context.
    pub questions: usize,
}

/// A scored force whose answered questions carry less than this share (in percent) of its
/// applicable weight is *tentative*: its score rests on thin evidence, reports mark it, and it
/// is never named the strongest force on its own.
pub const TENTATIVE_BELOW: u8 = 50;

impl ForceScore {
    /// The band, when the force is scored.
    pub fn band(&self) -> Option<Band> {
        self.score.map(Band::of)
    }

    /// Whether the force is scored from less than [`TENTATIVE_BELOW`] percent of its weight.
    pub fn tentative(&self) -> bool {
        self.score.is_some() && self.coverage < TENTATIVE_BELOW
    }

    /// Coverage for people, weight share and count kept apart so they do not read as one
    /// fraction: `94% of weight · 8/9 answered`.
    pub fn coverage_text(&self) -> String {
        format!("{}% of weight · {}/{} answered", self.coverage, self.answered, self.questions)
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

    /// The strongest force scored on enough evidence (not [`ForceScore::tentative`]; the first
    /// in display order on a tie), if any. `None` when nothing is scored or every scored force
    /// is tentative.
    pub fn strongest(&self) -> Option<&ForceScore> {
        self.iter().filter(|f| f.score.is_some() && !f.tentative()).fold(
            None,
            |best: Option<&ForceScore>, f| match best {
                Some(b) if b.score >= f.score => Some(b),
                _ => Some(f),
            },
        )
    }

    /// The tentative forces that score above the [`Profile::strongest`] one (or all tentative
    /// forces when none is strongest): named beside it so a thin score is neither hidden nor
    /// taken for the strongest.
    pub fn tentative_above_strongest(&self) -> impl Iterator<Item = &ForceScore> {
        let floor = self.strongest().and_then(|f| f.score);
        self.iter().filter(move |f| f.tentative() && f.score > floor)
    }

    /// Whether some force is scored but every scored force is tentative.
    pub fn all_tentative(&self) -> bool {
        self.iter().any(|f| f.score.is_some()) && self.iter().all(|f| f.score.is_none() || f.tentative())
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

/// One applicable question of a force with its answer's pressure, as the model sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Item {
    /// The question's position in the bank.
    pub question: usize,
    /// What the force's model does with it.
    pub role: Role,
    /// Its weight (positive).
    pub weight: f64,
    /// The answer's pressure from 0 to 1, `None` when unanswered.
    pub pressure: Option<f64>,
}

/// How a force's score came about: the answers that drive it, in score points.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<'b> {
    /// The force.
    pub force: Force,
    /// Every answered applicable question with the points of the score it accounts for,
    /// largest first (bank order on a tie). The points are never negative and add up to the
    /// unrounded score; an answer at the no-pressure end accounts for 0.
    pub drivers: Vec<Driver<'b>>,
    /// The one answer the rule gives the decisive share to, when the force has one: for new
    /// entrants the highest barrier (what keeps entrants out), for suppliers and buyers the
    /// strongest source of leverage, for rivalry the strongest price trigger.
    pub decisive: Option<usize>,
    /// The values of the rule's groups, 0–100 (intensity and price basis, price-performance and
    /// switching ease, leverage and importance, barriers and entrants); only the answered ones.
    pub parts: Vec<(&'static str, f64)>,
}

/// One answer's share of a force's score.
#[derive(Debug, Clone, PartialEq)]
pub struct Driver<'b> {
    /// The question's position in the bank.
    pub question: usize,
    /// The question's id (within its force), borrowed from the bank.
    pub id: &'b str,
    /// The answer (a panel's mean answer may lie between two points).
    pub answer: f64,
    /// The points of the score it accounts for.
    pub points: f64,
}

/// Scores every force of a questionnaire validated against `bank`, counting only the
/// questions that apply to its context.
pub fn score(questionnaire: &Questionnaire, bank: &QuestionBank) -> Profile {
    score_values(bank, questionnaire.context.as_ref(), answer_values(questionnaire))
}

/// How each force's score of a questionnaire came about.
pub fn explain<'b>(questionnaire: &Questionnaire, bank: &'b QuestionBank) -> PerForce<Explanation<'b>> {
    explain_values(bank, questionnaire.context.as_ref(), answer_values(questionnaire))
}

fn answer_values(questionnaire: &Questionnaire) -> impl Iterator<Item = (usize, f64)> + '_ {
    questionnaire.answers.iter().map(|a| (a.question, f64::from(a.score.get())))
}

/// The applicable items of each force, with the answers given as `(question position in
/// bank, answer from 1 to 5)`.
fn items(
    bank: &QuestionBank,
    context: Option<&Context>,
    answers: impl IntoIterator<Item = (usize, f64)>,
) -> (PerForce<Items>, Vec<Option<f64>>) {
    let mut given: Vec<Option<f64>> = vec![None; bank.questions().len()];
    for (index, answer) in answers {
        if let Some(slot) = given.get_mut(index) {
            *slot = Some(answer);
        }
    }
    let mut per = PerForce::<Items>::default();
    for (index, question) in bank.questions().iter().enumerate() {
        if !question.applies_to.applies(context) {
            continue;
        }
        let pressure = given
            .get(index)
            .copied()
            .flatten()
            .filter(|a| (f64::from(Likert::MIN)..=f64::from(Likert::MAX)).contains(a))
            .map(|a| pressure_at(question.direction, a).clamp(0.0, 1.0));
        per.get_mut(question.force).push(Item {
            question: index,
            role: question.role,
            weight: question.weight,
            pressure,
        });
    }
    (per, given)
}

/// Scores answers given as `(question position in bank, answer from 1 to 5)`, where an answer
/// may lie between two points of the scale (a panel's mean answer). Each question at most once.
/// Only the questions that apply to `context` count.
pub fn score_values(
    bank: &QuestionBank,
    context: Option<&Context>,
    answers: impl IntoIterator<Item = (usize, f64)>,
) -> Profile {
    profile_of(&items(bank, context, answers).0)
}

/// [`explain`] for answers given as in [`score_values`].
pub fn explain_values<'b>(
    bank: &'b QuestionBank,
    context: Option<&Context>,
    answers: impl IntoIterator<Item = (usize, f64)>,
) -> PerForce<Explanation<'b>> {
    let (per, given) = items(bank, context, answers);
    explanations_of(bank, &per, &given)
}

/// [`score`] and [`explain`] together, working out the applicable items once.
pub fn score_and_explain<'b>(
    questionnaire: &Questionnaire,
    bank: &'b QuestionBank,
) -> (Profile, PerForce<Explanation<'b>>) {
    let (per, given) = items(bank, questionnaire.context.as_ref(), answer_values(questionnaire));
    // Each force's groups are sorted once, for its score and its explanation.
    let both = Force::ALL.map(|force| {
        let items = per.get(force);
        let g = Groups::of(items);
        (force_score(force, items, &g), explanation(bank, force, &g, &given))
    });
    (Profile(PerForce(both.each_ref().map(|(score, _)| *score))), PerForce(both.map(|(_, why)| why)))
}

fn profile_of(per: &PerForce<Items>) -> Profile {
    Profile(PerForce(Force::ALL.map(|force| {
        let items = per.get(force);
        force_score(force, items, &Groups::of(items))
    })))
}

/// One force's result from its applicable items and their groups.
fn force_score(force: Force, items: &[Item], g: &Groups) -> ForceScore {
    ForceScore {
        force,
        score: value_of(force, g).map(to_score),
        coverage: coverage(items),
        answered: items.iter().filter(|i| i.pressure.is_some()).count(),
        questions: items.len(),
    }
}

fn explanations_of<'b>(
    bank: &'b QuestionBank,
    per: &PerForce<Items>,
    given: &[Option<f64>],
) -> PerForce<Explanation<'b>> {
    PerForce(Force::ALL.map(|force| explanation(bank, force, &Groups::of(per.get(force)), given)))
}

/// How one force's score came about, from its groups.
fn explanation<'b>(bank: &'b QuestionBank, force: Force, g: &Groups, given: &[Option<f64>]) -> Explanation<'b> {
    let drivers = attribution(force, g)
        .into_iter()
        .map(|(question, points)| Driver {
            question,
            id: bank.get(question).map_or("", |q| q.id.as_str()),
            answer: given.get(question).copied().flatten().unwrap_or_default(),
            points,
        })
        .collect();
    Explanation { force, drivers, decisive: decisive(force, g), parts: parts(force, g) }
}

/// One answered item: its bank position, weight and pressure.
#[derive(Clone, Copy)]
struct Answered {
    question: usize,
    weight: f64,
    p: f64,
}

/// The applicable items of one force, inline (no force has more than a few dozen questions;
/// a longer list spills to the heap).
type Items = SmallVec<[Item; 16]>;

/// The answered items of one group of a force's rule.
type Group = SmallVec<[Answered; 16]>;

/// Per-answer shares of a force's value, `(question position, share)`.
type Parts = SmallVec<[(usize, f64); 24]>;

/// A force's answered items (with a positive weight) in the groups its rule reads, sorted in
/// one pass over the items: each role's answers and the leverage answers of both kinds, each
/// group in bank order.
struct Groups {
    by_role: [RoleGroup; Role::ALL.len()],
    leverage_all: RoleGroup,
}

/// One group of [`Groups`], inline up to ten answers (no role of the built-in bank has more;
/// a larger one spills to the heap).
type RoleGroup = SmallVec<[Answered; 10]>;

impl Groups {
    fn of(items: &[Item]) -> Groups {
        let mut groups = Groups { by_role: std::array::from_fn(|_| RoleGroup::new()), leverage_all: RoleGroup::new() };
        for it in items.iter().filter(|it| it.weight.is_finite() && it.weight > 0.0) {
            let Some(p) = it.pressure else { continue };
            let answer = Answered { question: it.question, weight: it.weight, p };
            if let Some(group) = groups.by_role.get_mut(it.role as usize) {
                group.push(answer);
            }
            if matches!(it.role, Role::Leverage | Role::LeverageModifier) {
                groups.leverage_all.push(answer);
            }
        }
        groups
    }

    /// The answers of one role.
    fn role(&self, role: Role) -> &[Answered] {
        self.by_role.get(role as usize).map_or(&[], |group| group.as_slice())
    }

    /// The answers of both leverage roles, decisive sources and modifiers.
    fn leverage_all(&self) -> &[Answered] {
        &self.leverage_all
    }
}

/// Weighted mean, `None` for an empty group.
fn mean(group: &[Answered]) -> Option<f64> {
    if group.is_empty() {
        return None;
    }
    let total: f64 = group.iter().map(|a| a.weight).sum();
    let weighted: f64 = group.iter().map(|a| a.weight * a.p).sum();
    Some((weighted / total).clamp(0.0, 1.0))
}

/// The largest (`max`) or smallest pressure of a group; the first on a tie.
fn extreme(group: &[Answered], max: bool) -> Option<Answered> {
    group.iter().copied().fold(None, |best: Option<Answered>, a| match best {
        Some(b) if (max && a.p <= b.p) || (!max && a.p >= b.p) => Some(b),
        _ => Some(a),
    })
}

/// `λ·extreme + (1 − λ)·mean` of a group.
fn soft(group: &[Answered], max: bool) -> Option<f64> {
    Some(LAMBDA * extreme(group, max)?.p + (1.0 - LAMBDA) * mean(group)?)
}

/// Both values combined, or the one present (a group without answers is left out).
fn either(a: Option<f64>, b: Option<f64>, both: impl Fn(f64, f64) -> f64) -> Option<f64> {
    match (a, b) {
        (None, None) => None,
        (Some(x), None) | (None, Some(x)) => Some(x),
        (Some(x), Some(y)) => Some(both(x, y)),
    }
}

/// The terms of rivalry's intensity mean: every intensity answer, and the strongest answered
/// alternative as one term with the largest weight of the answered alternatives (Porter:
/// rivalry is intense if competitors are numerous *or* roughly equal, so the stronger
/// condition counts and the other cannot dilute it).
fn intensity_terms(g: &Groups) -> Group {
    let mut terms: Group = g.role(Role::Pressure).iter().copied().collect();
    let alternatives = g.role(Role::Alternative);
    if let Some(top) = extreme(alternatives, true) {
        let weight = alternatives.iter().map(|a| a.weight).fold(0.0, f64::max);
        terms.push(Answered { weight, ..top });
    }
    terms
}

/// Rivalry's two aspects: its intensity (the weighted mean of [`intensity_terms`]) and its
/// price basis (the soft maximum of the price triggers), `None` for an aspect with no answer.
fn rivalry_aspects(g: &Groups) -> (Option<f64>, Option<f64>) {
    (mean(&intensity_terms(g)), soft(g.role(Role::PriceTrigger), true))
}

/// The group that suppliers' or buyers' leverage is multiplied by, with its name in
/// explanations and JSON `parts`.
const fn factor(force: Force) -> (Role, &'static str) {
    match force {
        Force::Buyers => (Role::PriceSensitivity, "price sensitivity"),
        _ => (Role::Importance, "importance"),
    }
}

/// Supplier or buyer leverage: `λ·max over decisive sources + (1 − λ)·mean over every
/// leverage answer`; the mean alone without a decisive source answered.
fn leverage(g: &Groups) -> Option<f64> {
    let all = g.leverage_all();
    match extreme(g.role(Role::Leverage), true) {
        Some(top) => Some(LAMBDA * top.p + (1.0 - LAMBDA) * mean(all)?),
        None => mean(all),
    }
}

/// The force's value in `[0, 1]` before rounding, `None` when unscored. Built from weighted
/// means, min, max, and sums and products with non-negative constants, so it never decreases
/// when a pressure increases.
pub fn force_value(force: Force, items: &[Item]) -> Option<f64> {
    value_of(force, &Groups::of(items))
}

/// [`force_value`] from the force's groups.
fn value_of(force: Force, g: &Groups) -> Option<f64> {
    let value = match force {
        Force::Rivalry => {
            let (intensity, price) = rivalry_aspects(g);
            either(intensity, price, f64::midpoint)
        }
        Force::NewEntrants => either(soft(g.role(Role::Barrier), false), mean(g.role(Role::Entrant)), |t, e| {
            (1.0 - ENTRANT_SHARE) * t + ENTRANT_SHARE * e
        }),
        Force::Substitutes => {
            either(mean(g.role(Role::PricePerformance)), mean(g.role(Role::SwitchingEase)), |a, b| {
                LAMBDA * a.min(b) + (1.0 - LAMBDA) * f64::midpoint(a, b)
            })
        }
        Force::Suppliers | Force::Buyers => either(leverage(g), mean(g.role(factor(force).0)), |l, i| {
            l * (IMPORTANCE_FLOOR + (1.0 - IMPORTANCE_FLOOR) * i)
        }),
    };
    value.map(|v| v.clamp(0.0, 1.0))
}

/// The group values of a two-group rule, 0–100.
fn parts(force: Force, g: &Groups) -> Vec<(&'static str, f64)> {
    let pairs: [(&'static str, Option<f64>); 2] = match force {
        Force::Rivalry => {
            let (intensity, price) = rivalry_aspects(g);
            [("intensity", intensity), ("price basis", price)]
        }
        Force::NewEntrants => [
            ("threat left by the barriers", soft(g.role(Role::Barrier), false)),
            ("strength of would-be entrants", mean(g.role(Role::Entrant))),
        ],
        Force::Substitutes => [
            ("price-performance", mean(g.role(Role::PricePerformance))),
            ("switching ease", mean(g.role(Role::SwitchingEase))),
        ],
        Force::Suppliers | Force::Buyers => {
            let (role, name) = factor(force);
            [("leverage", leverage(g)), (name, mean(g.role(role)))]
        }
    };
    pairs.into_iter().filter_map(|(name, v)| Some((name, v? * 100.0))).collect()
}

/// The answer carrying the rule's decisive share (see [`Explanation::decisive`]).
fn decisive(force: Force, g: &Groups) -> Option<usize> {
    let (role, max) = match force {
        Force::NewEntrants => (Role::Barrier, false),
        Force::Suppliers | Force::Buyers => (Role::Leverage, true),
        Force::Rivalry => (Role::PriceTrigger, true),
        Force::Substitutes => return None,
    };
    extreme(g.role(role), max).map(|a| a.question)
}

/// Per-answer parts of a weighted mean: `w·p / W`.
fn mean_parts(group: &[Answered]) -> Parts {
    let total: f64 = group.iter().map(|a| a.weight).sum();
    group.iter().map(|a| (a.question, a.weight * a.p / total)).collect()
}

/// Parts of a soft max / min: the mean's parts times `1 − λ`, plus `λ·p` for the extreme.
fn soft_parts(group: &[Answered], max: bool) -> Option<Parts> {
    let top = extreme(group, max)?;
    let mut parts: Parts = scaled(mean_parts(group), 1.0 - LAMBDA);
    parts.push((top.question, LAMBDA * top.p));
    Some(parts)
}

fn scaled(mut parts: Parts, k: f64) -> Parts {
    for (_, c) in &mut parts {
        *c *= k;
    }
    parts
}

fn joined(mut a: Parts, b: Parts) -> Parts {
    a.extend(b);
    a
}

/// An exact additive split of the force's value (× 100) over the answered items, merged per
/// question and sorted largest first.
fn attribution(force: Force, g: &Groups) -> Parts {
    let parts: Option<Parts> = match force {
        Force::Rivalry => {
            // The weaker alternative adds nothing but is listed, with 0 points.
            let group = intensity_terms(g);
            let weaker: Parts = g.role(Role::Alternative).iter().map(|a| (a.question, 0.0)).collect();
            let intensity = (!group.is_empty()).then(|| joined(mean_parts(&group), weaker));
            let price = soft_parts(g.role(Role::PriceTrigger), true);
            match (intensity, price) {
                (Some(i), Some(p)) => Some(joined(scaled(i, 0.5), scaled(p, 0.5))),
                (i, p) => i.or(p),
            }
        }
        Force::NewEntrants => {
            let barriers = soft_parts(g.role(Role::Barrier), false);
            let entrants = g.role(Role::Entrant);
            let entrants = (!entrants.is_empty()).then(|| mean_parts(entrants));
            match (barriers, entrants) {
                (Some(b), Some(e)) => Some(joined(scaled(b, 1.0 - ENTRANT_SHARE), scaled(e, ENTRANT_SHARE))),
                (b, e) => b.or(e),
            }
        }
        Force::Substitutes => {
            let pp = g.role(Role::PricePerformance);
            let se = g.role(Role::SwitchingEase);
            match (mean(pp), mean(se)) {
                (Some(a), Some(b)) => {
                    // The weaker condition (price-performance on a tie) carries the λ share.
                    let half = (1.0 - LAMBDA) / 2.0;
                    let (kp, ks) = if a <= b { (LAMBDA + half, half) } else { (half, LAMBDA + half) };
                    Some(joined(scaled(mean_parts(pp), kp), scaled(mean_parts(se), ks)))
                }
                (Some(_), None) => Some(mean_parts(pp)),
                (None, Some(_)) => Some(mean_parts(se)),
                (None, None) => None,
            }
        }
        Force::Suppliers | Force::Buyers => {
            let all = g.leverage_all();
            let importance = g.role(factor(force).0);
            let lev = if all.is_empty() {
                None
            } else if let Some(top) = extreme(g.role(Role::Leverage), true) {
                let mut parts = scaled(mean_parts(all), 1.0 - LAMBDA);
                parts.push((top.question, LAMBDA * top.p));
                Some(parts)
            } else {
                Some(mean_parts(all))
            };
            let imp = (!importance.is_empty()).then(|| mean_parts(importance));
            match (lev, imp) {
                (Some(l), Some(i)) => {
                    // S = f·L + (1 − f)·L·I: the product term is split half to the leverage
                    // answers, half to the importance answers (the Shapley split of a product).
                    let lv: f64 = l.iter().map(|(_, c)| c).sum();
                    let iv: f64 = i.iter().map(|(_, c)| c).sum();
                    let f = IMPORTANCE_FLOOR;
                    Some(joined(scaled(l, f + (1.0 - f) * iv / 2.0), scaled(i, (1.0 - f) * lv / 2.0)))
                }
                (l, i) => l.or(i),
            }
        }
    };
    let mut merged: Parts = Parts::new();
    for (question, c) in parts.unwrap_or_default() {
        match merged.iter_mut().find(|(q, _)| *q == question) {
            Some((_, total)) => *total += c * 100.0,
            None => merged.push((question, c * 100.0)),
        }
    }
    merged.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    merged
}

/// Share of the items' weight that is answered, in percent, rounded down.
fn coverage(items: &[Item]) -> u8 {
    let total: f64 = items.iter().map(|i| i.weight).sum();
    if total <= 0.0 {
        return 0;
    }
    let got: f64 = items.iter().filter(|i| i.pressure.is_some()).map(|i| i.weight).sum();
    to_percent(crate::decimal::floor(got / total * 100.0 + 1e-9))
}

/// A value in `[0, 1]` as a whole score 0–100, ties rounded to even so that a value and its
/// mirror round symmetrically.
pub fn to_score(value: f64) -> u8 {
    to_percent((value.clamp(0.0, 1.0) * 100.0).round_ties_even())
}

/// A value already rounded and known to lie in 0..=100, as a `u8`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn to_percent(value: f64) -> u8 {
    value.clamp(0.0, 100.0) as u8
}

impl Explanation<'_> {
    /// The id of the decisive answer, if any.
    pub fn decisive_id(&self) -> Option<&str> {
        let q = self.decisive?;
        self.drivers.iter().find(|d| d.question == q).map(|d| d.id)
    }

    /// One line for a person: the rule's groups, the decisive answer and the answers that
    /// account for most of the score.
    pub fn summary(&self) -> String {
        let mut out = String::with_capacity(160);
        self.write_summary(&mut out);
        out
    }

    /// [`Explanation::summary`] appended to `out`, with no text made on the way.
    pub fn write_summary(&self, out: &mut String) {
        let driver = |q: usize| self.drivers.iter().find(|d| d.question == q);
        let name = |q: usize| driver(q).map_or("", |d| d.id);
        let answer = |out: &mut String, q: usize| {
            if let Some(d) = driver(q) {
                push_answer(out, d.answer);
            }
        };
        // `concentration 4`: a question's id and its answer.
        let named = |out: &mut String, q: usize| {
            out.push_str(name(q));
            out.push(' ');
            answer(out, q);
        };
        if self.drivers.is_empty() {
            out.push_str("unscored: no applicable question answered");
            return;
        }
        match self.force {
            Force::Rivalry => match (self.decisive, self.parts.as_slice()) {
                (Some(q), [(_, i), (_, p)]) => {
                    out.push_str("intensity ");
                    push_fixed(out, *i, 0);
                    out.push_str(", price basis ");
                    push_fixed(out, *p, 0);
                    out.push_str(" (strongest ");
                    named(out, q);
                    out.push_str("): their mean");
                }
                (Some(q), _) => {
                    out.push_str("price basis only (strongest ");
                    named(out, q);
                    out.push(')');
                }
                (None, _) => out.push_str("intensity only (no price trigger answered)"),
            },
            Force::NewEntrants => match self.decisive {
                Some(q) => {
                    out.push_str("highest barrier ");
                    out.push_str(name(q));
                    out.push_str(" (");
                    answer(out, q);
                    out.push(')');
                }
                None => out.push_str("no barrier answered"),
            },
            Force::Substitutes => match self.parts.as_slice() {
                [(a, x), (b, y)] => {
                    for (i, (part, value)) in [(a, x), (b, y)].into_iter().enumerate() {
                        out.push_str(if i == 0 { "" } else { ", " });
                        out.push_str(part);
                        out.push(' ');
                        push_fixed(out, *value, 0);
                    }
                    out.push_str(": the weaker caps the threat");
                }
                _ => out.push_str("only one condition answered"),
            },
            Force::Suppliers | Force::Buyers => match (self.decisive, self.parts.as_slice()) {
                (Some(q), [(_, l), (f, i)]) => {
                    out.push_str("leverage ");
                    push_fixed(out, *l, 0);
                    out.push_str(" (strongest ");
                    named(out, q);
                    out.push_str(") × ");
                    out.push_str(f);
                    out.push(' ');
                    push_fixed(out, *i, 0);
                }
                (Some(q), _) => {
                    out.push_str("leverage only (strongest ");
                    named(out, q);
                    out.push(')');
                }
                (None, _) => out.push_str("no decisive source of leverage answered"),
            },
        }
        if let (Force::NewEntrants, [(_, t), (_, e)]) = (self.force, self.parts.as_slice()) {
            out.push_str("; barriers leave ");
            push_fixed(out, *t, 0);
            out.push_str(", entrants ");
            push_fixed(out, *e, 0);
        }
        for (i, d) in self.drivers.iter().filter(|d| d.points >= 0.5).take(3).enumerate() {
            out.push_str(if i == 0 { "; most from " } else { ", " });
            out.push_str(d.id);
            out.push(' ');
            push_answer(out, d.answer);
            out.push_str(" (+");
            push_fixed(out, d.points, 0);
            out.push(')');
        }
    }
}

/// An answer as written: `4`, or `3.5` for a panel's mean.
pub fn format_answer(answer: f64) -> String {
    let mut out = String::with_capacity(4);
    push_answer(&mut out, answer);
    out
}

/// [`format_answer`] appended to `out`.
pub fn push_answer(out: &mut String, answer: f64) {
    let whole = (answer - crate::decimal::round(answer)).abs() < 1e-9;
    push_fixed(out, answer, u8::from(!whole));
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
        Questionnaire {
            assessment: Assessment { name: "T".into(), ..Assessment::default() },
            context: None,
            answers,
            legacy: Vec::new(),
        }
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
    fn neutral_answers_give_50_except_the_bargaining_forces() {
        let bank = QuestionBank::builtin();
        let profile = score(&answer_all(&bank, |_| 3), &bank);
        for f in profile.iter() {
            // Supplier power needs leverage and importance, buyer power leverage and price
            // sensitivity: neutral on both is 0.5 × 0.75, still moderate.
            let expected = if matches!(f.force, Force::Suppliers | Force::Buyers) { 38 } else { 50 };
            assert_eq!(f.score, Some(expected), "{}", f.force);
            assert_eq!(f.band(), Some(Band::Moderate));
        }
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
        assert_eq!(Band::of(37), Band::Low);
        assert_eq!(Band::of(38), Band::Moderate);
        assert_eq!(Band::of(62), Band::Moderate);
        assert_eq!(Band::of(63), Band::High);
        for s in 0..=100 {
            assert_eq!(Band::of(s) == Band::Low, Band::of(100 - s) == Band::High, "{s}");
        }
    }

    /// Answers to one force's questions by id, as `(bank position, answer)`.
    fn given(bank: &QuestionBank, force: Force, answers: &[(&str, u8)]) -> Vec<(usize, f64)> {
        answers.iter().map(|(id, a)| (bank.find(force, id).expect("a question").0, f64::from(*a))).collect()
    }

    /// The README's worked example: an ore oligopoly with a large cost share.
    #[test]
    fn the_worked_example_of_the_readme() {
        let bank = QuestionBank::builtin();
        let answers = [
            ("concentration", 5),
            ("switching_cost", 2),
            ("differentiated_inputs", 1),
            ("minor_customer", 1),
            ("forward_integration", 1),
            ("make_ourselves", 2),
            ("no_substitute_input", 5),
            ("input_shapes_quality", 3),
            ("input_cost_share", 5),
        ];
        let given = given(&bank, Force::Suppliers, &answers);
        let profile = score_values(&bank, None, given.clone());
        let s = profile.get(Force::Suppliers);
        assert_eq!((s.score, s.band(), s.coverage), (Some(74), Some(Band::High), 100));
        let why = explain_values(&bank, None, given);
        let e = why.get(Force::Suppliers);
        assert_eq!(e.decisive_id(), Some("concentration"));
        let points: Vec<(&str, String)> = e.drivers.iter().map(|d| (d.id, format!("{:.1}", d.points))).collect();
        assert_eq!(
            points.get(..5).unwrap_or_default(),
            [
                ("concentration", "53.1".to_owned()),
                ("input_cost_share", "8.5".to_owned()),
                ("no_substitute_input", "5.7".to_owned()),
                ("input_shapes_quality", "2.8".to_owned()),
                ("make_ourselves", "2.7".to_owned()),
            ]
        );
        assert_eq!(
            e.summary(),
            "leverage 79 (strongest concentration 5) × importance 86; most from concentration 5 (+53), input_cost_share 5 (+9), no_substitute_input 5 (+6)"
        );
        // The same answers under the previous rule (a weighted mean) gave 53, moderate.
    }

    /// The README's rivalry example: high fixed costs are not diluted by products that differ.
    #[test]
    fn rivalry_is_the_mean_of_intensity_and_the_price_basis() {
        let bank = QuestionBank::builtin();
        let answers = [
            ("many_rivals", 2),
            ("balanced_rivals", 4),
            ("slow_growth", 3),
            ("exit_barriers", 4),
            ("high_commitment", 3),
            ("nonprice_battles", 2),
            ("identical_products", 2),
            ("fixed_costs", 5),
            ("perishable", 4),
        ];
        let given = given(&bank, Force::Rivalry, &answers);
        let r = *score_values(&bank, None, given.clone()).get(Force::Rivalry);
        assert_eq!((r.score, r.band()), (Some(72), Some(Band::High)));
        let why = explain_values(&bank, None, given);
        let e = why.get(Force::Rivalry);
        assert_eq!(e.decisive_id(), Some("fixed_costs"));
        let parts: Vec<(&str, String)> = e.parts.iter().map(|(n, v)| (*n, format!("{v:.1}"))).collect();
        assert_eq!(parts, [("intensity", "55.0".to_owned()), ("price basis", "88.9".to_owned())]);
        assert_eq!(
            e.summary(),
            "intensity 55, price basis 89 (strongest fixed_costs 5): their mean; most from fixed_costs 5 (+39), balanced_rivals 4 (+8), exit_barriers 4 (+8)"
        );
        let total: f64 = e.drivers.iter().map(|d| d.points).sum();
        assert!((total - 71.94).abs() < 0.01, "{total}");
        // The same answers in one weighted mean, slow growth weighed 1.5 (porter-3), gave 59.
    }

    mod model {
        use super::super::*;
        use proptest::prelude::*;

        fn items(force: Force) -> impl Strategy<Value = Vec<(Item, bool)>> {
            let roles = Role::of(force);
            proptest::collection::vec(
                (
                    0..roles.len(),
                    any::<bool>(),
                    prop_oneof![Just(0.5), Just(1.0), Just(1.5)],
                    proptest::option::weighted(0.8, 1u8..=5),
                ),
                1..14,
            )
            .prop_map(move |v| {
                v.into_iter()
                    .enumerate()
                    .map(|(i, (r, raises, weight, a))| {
                        let d = if raises { Direction::Raises } else { Direction::Lowers };
                        let pressure = a.map(|a| pressure_at(d, f64::from(a)));
                        (Item { question: i, role: roles[r], weight, pressure }, raises)
                    })
                    .collect()
            })
        }

        fn case() -> impl Strategy<Value = (Force, Vec<(Item, bool)>)> {
            prop::sample::select(Force::ALL.to_vec()).prop_flat_map(|f| (Just(f), items(f)))
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            /// Every rule: all answered at most pressure is exactly 100, all at least exactly 0.
            #[test]
            fn extremes((force, items) in case()) {
                let at = |p: f64| -> Vec<Item> {
                    items.iter().map(|(it, _)| Item { pressure: it.pressure.map(|_| p), ..*it }).collect()
                };
                let any = items.iter().any(|(it, _)| it.pressure.is_some());
                prop_assert_eq!(force_value(force, &at(1.0)).map(to_score), any.then_some(100));
                prop_assert_eq!(force_value(force, &at(0.0)).map(to_score), any.then_some(0));
            }

            /// An unanswered item is left out: the result is that of the same items without it
            /// (never a 3 or a 0 in its place).
            #[test]
            fn unanswered_is_left_out((force, items) in case()) {
                let all: Vec<Item> = items.iter().map(|(it, _)| *it).collect();
                let answered: Vec<Item> = all.iter().copied().filter(|it| it.pressure.is_some()).collect();
                prop_assert_eq!(force_value(force, &all), force_value(force, &answered));
            }

            /// More pressure on any one answer never lowers the value.
            #[test]
            fn monotone((force, items) in case(), k in 0usize..14, step in 0.0f64..=1.0) {
                let all: Vec<Item> = items.iter().map(|(it, _)| *it).collect();
                let k = k % all.len();
                let Some(p) = all[k].pressure else { return Ok(()) };
                let mut up = all.clone();
                up[k].pressure = Some((p + step).min(1.0));
                prop_assert!(force_value(force, &up) >= force_value(force, &all));
            }
        }
    }
}
