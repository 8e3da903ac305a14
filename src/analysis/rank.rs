//! Ranking: every action's priority from the force scores and its declared relevance.
//!
//! Each force an action addresses is an independent reason to do it. A force contributes
//! `(relevance / 3) × (score / 100)`: how directly the action counters it times how strong it
//! is. The priority combines the contributions like independent chances,
//! `1 − Π (1 − contribution)`, shown × 100 with one decimal. So one strong, directly addressed
//! force is enough for a high priority; each further force adds less and less; an unscored
//! force adds nothing. Raising a force's score never lowers any action's priority, and the
//! priority never exceeds 100. Ties are broken by action id, so the order is always the same.

use crate::analysis::score::Profile;
use crate::data::playbook::{Action, MAX_RELEVANCE, Playbook};
use crate::force::Force;
use smallvec::SmallVec;

/// The drivers of one action: at most one per force, kept inline (a plan clones the ranked
/// actions it lays out).
pub type Drivers = SmallVec<[Driver; Force::ALL.len()]>;

/// A force that makes an action worth doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Driver {
    /// The force.
    pub force: Force,
    /// The action's relevance to it (1–3).
    pub relevance: u8,
    /// The force's score (0–100).
    pub score: u8,
    /// `relevance / 3 × score`, in tenths (0–1000).
    pub contribution_tenths: u16,
}

/// An action with its priority and the forces that drive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RankedAction<'p> {
    /// The action.
    pub action: &'p Action,
    /// 0–100 in tenths (0–1000), so that ties and output are exact.
    pub priority_tenths: u16,
    /// The forces that contribute, strongest contribution first.
    pub drivers: Drivers,
}

impl RankedAction<'_> {
    /// The priority, 0.0–100.0 with one decimal.
    pub fn priority(&self) -> f64 {
        f64::from(self.priority_tenths) / 10.0
    }
}

/// Every action of the playbook, highest priority first (ties by id).
pub fn rank<'p>(profile: &Profile, playbook: &'p Playbook) -> Vec<RankedAction<'p>> {
    top(profile, playbook, usize::MAX)
}

/// The `n` highest-priority actions, in the same order as [`rank`] gives them. Only these get
/// their drivers worked out, which keeps a large batch cheap.
pub fn top<'p>(profile: &Profile, playbook: &'p Playbook, n: usize) -> Vec<RankedAction<'p>> {
    // Playbook actions are sorted by id, so a stable sort on priority alone breaks ties by id.
    let mut order: Vec<(u16, &'p Action)> =
        playbook.actions().iter().map(|a| (priority_tenths(profile, a), a)).collect();
    order.sort_by_key(|&(priority, _)| std::cmp::Reverse(priority));
    order.truncate(n);
    order.into_iter().map(|(_, action)| prioritise(profile, action)).collect()
}

/// An action's priority in tenths, without its drivers.
pub fn priority_tenths(profile: &Profile, action: &Action) -> u16 {
    let mut untouched = 1.0_f64;
    for (force, relevance) in action.relevance.iter() {
        if let Some(score) = profile.get(force).score {
            untouched *= 1.0 - contribution(relevance.level, score);
        }
    }
    tenths(1.0 - untouched)
}

/// How much one force makes an action worth doing, 0–1.
fn contribution(relevance: u8, score: u8) -> f64 {
    f64::from(relevance) / f64::from(MAX_RELEVANCE) * f64::from(score) / 100.0
}

/// One action's priority ([`priority_tenths`], the one the ranking sorts by) and drivers.
pub fn prioritise<'p>(profile: &Profile, action: &'p Action) -> RankedAction<'p> {
    let mut drivers = Drivers::new();
    for (force, relevance) in action.relevance.iter() {
        let Some(score) = profile.get(force).score else { continue };
        if relevance.level == 0 || score == 0 {
            continue;
        }
        let contribution_tenths = tenths(contribution(relevance.level, score));
        drivers.push(Driver { force, relevance: relevance.level, score, contribution_tenths });
    }
    drivers.sort_by(|a, b| b.contribution_tenths.cmp(&a.contribution_tenths).then(a.force.cmp(&b.force)));
    RankedAction { action, priority_tenths: priority_tenths(profile, action), drivers }
}

/// A fraction 0–1 as tenths of a percent, rounded.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn tenths(fraction: f64) -> u16 {
    crate::decimal::round(fraction.clamp(0.0, 1.0) * 1000.0) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::score::ForceScore;
    use crate::data::playbook::Relevance;
    use crate::force::PerForce;

    fn profile(scores: [Option<u8>; 5]) -> Profile {
        let mut per =
            PerForce(Force::ALL.map(|force| ForceScore { force, score: None, coverage: 0, answered: 0, questions: 1 }));
        for (force, score) in Force::ALL.into_iter().zip(scores) {
            per.get_mut(force).score = score;
        }
        Profile(per)
    }

    fn action(levels: [u8; 5]) -> Action {
        let mut relevance = PerForce::<Relevance>::default();
        for (force, level) in Force::ALL.into_iter().zip(levels) {
            *relevance.get_mut(force) = Relevance { level, reason: Some("r".into()), basis: None };
        }
        Action {
            id: "a".into(),
            title: "t".into(),
            what: "w".into(),
            example: None,
            when: crate::data::playbook::When::Ongoing,
            category: crate::data::playbook::Category::Loyalty,
            fits: crate::data::playbook::Fits::Everyone("any".into()),
            relevance,
            source: crate::data::playbook::Source {
                seed: "s".into(),
                title: "T".into(),
                author: None,
                passage: "p".into(),
                translation: None,
            },
        }
    }

    #[test]
    fn the_worked_example_of_the_readme() {
        // buyers 80 at relevance 3, rivalry 70 at relevance 2:
        // 1 − (1 − 0.80)(1 − 0.467) = 0.893
        let a = action([0, 3, 2, 0, 0]);
        let ranked = prioritise(&profile([Some(40), Some(80), Some(70), None, Some(20)]), &a);
        assert_eq!(ranked.priority_tenths, 893);
        let forces: Vec<Force> = ranked.drivers.iter().map(|d| d.force).collect();
        assert_eq!(forces, vec![Force::Buyers, Force::Rivalry]);
        assert_eq!(ranked.drivers[0].contribution_tenths, 800);
        assert_eq!(ranked.drivers[1].contribution_tenths, 467);
    }

    #[test]
    fn unscored_and_irrelevant_forces_do_not_drive() {
        let a = action([3, 0, 0, 0, 0]);
        let ranked = prioritise(&profile([None, Some(100), Some(100), Some(100), Some(100)]), &a);
        assert_eq!(ranked.priority_tenths, 0);
        assert!(ranked.drivers.is_empty());
    }

    #[test]
    fn full_relevance_to_a_maxed_force_is_100() {
        let a = action([3, 1, 0, 0, 0]);
        let ranked = prioritise(&profile([Some(100), Some(50), None, None, None]), &a);
        assert_eq!(ranked.priority_tenths, 1000);
    }
}
