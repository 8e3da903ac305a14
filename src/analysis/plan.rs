//! The follow-up plan: the actions that fit the business, the best of them chosen without
//! near-duplicates, and laid out in the order a customer lives them.
//!
//! 1. **Fit.** An action whose `fits` the business's `[context]` does not meet is left out,
//!    with the reason (the first unmet need). Without a context nothing is left out.
//! 2. **Choice.** The fitting actions are ranked by priority ([`crate::analysis::rank`]), an
//!    action whose category already has [`MAX_PER_CATEGORY`] actions above it moving after all
//!    the others, so that the top `n` are not five variants of one idea (the action keeps its
//!    priority). The top `n` are chosen.
//! 3. **Procedures.** A source's ordered procedure (seed 004's first post-sale visit, seed 003's
//!    email series and store scenario) stays whole: when one of its steps is chosen, its other
//!    steps join the plan, marked as steps of that procedure. A procedure applies only to a
//!    business that every one of its steps fits (a bakery does not live seed 004's
//!    representative visit); otherwise its fitting steps stand on their own. When two procedures
//!    share steps, the one with more chosen steps (then more steps, then its id) takes them.
//! 4. **Journey order.** The plan's steps are sorted by phase; within a phase, a procedure's
//!    steps keep their order and the rest go by priority. A procedure's steps never go back in
//!    the journey (the playbook checks it), so each procedure reads in its source's order.

use std::cmp::Reverse;

use crate::analysis::rank::{RankedAction, prioritise, priority_tenths};
use crate::analysis::score::Profile;
use crate::context::Context;
use crate::data::playbook::{Action, Category, Need, Playbook, Procedure, When};

/// At most this many actions of one category are chosen for a plan.
pub const MAX_PER_CATEGORY: usize = 2;

/// An action that does not fit the business, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut<'p> {
    /// The action.
    pub action: &'p Action,
    /// The need the business does not meet.
    pub need: &'p Need,
}

/// Where a plan step sits in its procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepOf<'p> {
    /// The procedure.
    pub procedure: &'p Procedure,
    /// 1-based position among the procedure's steps.
    pub step: usize,
    /// How many steps it has.
    pub of: usize,
}

/// One step of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep<'p> {
    /// The action, its priority and drivers.
    pub ranked: RankedAction<'p>,
    /// Whether it was chosen on its own priority (false: it joined with its procedure).
    pub chosen: bool,
    /// The procedure it belongs to in this plan, if any.
    pub procedure: Option<StepOf<'p>>,
}

/// The follow-up plan of one assessment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan<'p> {
    /// The chosen actions, best first (the ranked list of reports).
    pub chosen: Vec<RankedAction<'p>>,
    /// The plan's steps, in journey order.
    pub steps: Vec<PlanStep<'p>>,
    /// The actions that do not fit the business, by id.
    pub left_out: Vec<LeftOut<'p>>,
    /// Whether the business gave a context (false: nothing was fitted).
    pub fitted: bool,
}

/// A fitting action and its priority, without the drivers (worked out only for the actions a
/// plan shows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked<'p> {
    /// The action.
    pub action: &'p Action,
    /// 0–100 in tenths, as [`RankedAction::priority_tenths`].
    pub priority_tenths: u16,
}

/// Every fitting action in plan order (see [`ranking`]), and the actions left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking<'p> {
    /// The fitting actions: by priority, except that an action whose category already has
    /// [`MAX_PER_CATEGORY`] actions above it waits until every other fitting action is placed
    /// (then they follow, by priority). The top `n` of a plan are the first `n` of this list.
    pub ranked: Vec<Ranked<'p>>,
    /// The fitting actions by priority alone, for laying out procedures.
    pub by_priority: Vec<Ranked<'p>>,
    /// The actions that do not fit the business, by id.
    pub left_out: Vec<LeftOut<'p>>,
}

/// Ranks the actions that fit `context` for these scores.
pub fn ranking<'p>(profile: &Profile, playbook: &'p Playbook, context: Option<&Context>) -> Ranking<'p> {
    let mut left_out = Vec::new();
    let mut fitting: Vec<Ranked<'p>> = Vec::with_capacity(playbook.actions().len());
    for action in playbook.actions() {
        match action.fits.unmet(context) {
            Some(need) => left_out.push(LeftOut { action, need }),
            None => fitting.push(Ranked { action, priority_tenths: priority_tenths(profile, action) }),
        }
    }
    // Actions are sorted by id, so a stable sort on priority alone breaks ties by id.
    fitting.sort_by_key(|r| Reverse(r.priority_tenths));
    let mut ranked: Vec<Ranked<'p>> = Vec::with_capacity(fitting.len());
    let mut waiting = Vec::with_capacity(fitting.len());
    // How many actions of each category are placed already.
    let mut placed = [0_usize; Category::ALL.len()];
    for candidate in &fitting {
        match placed.get_mut(candidate.action.category as usize) {
            Some(same) if *same >= MAX_PER_CATEGORY => waiting.push(*candidate),
            Some(same) => {
                *same += 1;
                ranked.push(*candidate);
            }
            None => ranked.push(*candidate),
        }
    }
    ranked.extend(waiting);
    Ranking { ranked, by_priority: fitting, left_out }
}

/// The plan for a business with these scores and context, choosing `n` actions.
pub fn plan<'p>(profile: &Profile, playbook: &'p Playbook, context: Option<&Context>, n: usize) -> Plan<'p> {
    let Ranking { ranked, by_priority, left_out } = ranking(profile, playbook, context);
    let chosen: Vec<RankedAction<'p>> = ranked.iter().take(n).map(|r| prioritise(profile, r.action)).collect();
    let steps = lay_out(profile, playbook, &by_priority, &chosen);
    Plan { chosen, steps, left_out, fitted: context.is_some_and(|c| !c.is_empty()) }
}

/// Where a step goes in the plan: its phase, its group's best priority, the group, its place
/// in the group.
type OrderKey = (When, Reverse<u16>, usize, usize);

/// The chosen actions and the fitting steps of their procedures, in journey order.
fn lay_out<'p>(
    profile: &Profile,
    playbook: &'p Playbook,
    fitting: &[Ranked<'p>],
    chosen: &[RankedAction<'p>],
) -> Vec<PlanStep<'p>> {
    let find = |id: &str| fitting.iter().find(|r| r.action.id == id);
    // A plan's actions are all borrowed from `playbook`, whose ids are unique: the same action
    // is the same reference.
    let chosen_as = |action: &Action| chosen.iter().find(|c| std::ptr::eq(c.action, action));
    let is_chosen = |action: &Action| chosen_as(action).is_some();
    // Procedures with a chosen step, most chosen steps first.
    let mut procedures: Vec<(&'p Procedure, Vec<&Ranked<'p>>)> = playbook
        .procedures()
        .iter()
        .map(|p| (p, p.steps.iter().filter_map(|id| find(id)).collect::<Vec<_>>()))
        .filter(|(p, steps)| steps.len() == p.steps.len() && steps.iter().any(|s| is_chosen(s.action)))
        .collect();
    let weight =
        |steps: &[&Ranked<'p>]| (Reverse(steps.iter().filter(|s| is_chosen(s.action)).count()), Reverse(steps.len()));
    procedures.sort_by(|(p, a), (q, b)| weight(a).cmp(&weight(b)).then_with(|| p.id.cmp(&q.id)));
    // (phase, group, position in group, step)
    let mut placed: Vec<(When, usize, usize, PlanStep<'p>)> = Vec::with_capacity(chosen.len() * 2 + 8);
    let taken = |placed: &[(When, usize, usize, PlanStep<'p>)], action: &Action| {
        placed.iter().any(|(_, _, _, s)| std::ptr::eq(s.ranked.action, action))
    };
    for (group, (procedure, steps)) in procedures.iter().enumerate() {
        if !steps.iter().any(|s| is_chosen(s.action) && !taken(&placed, s.action)) {
            continue;
        }
        let of = steps.len();
        for (position, step) in steps.iter().enumerate() {
            if taken(&placed, step.action) {
                continue;
            }
            let by_itself = chosen_as(step.action);
            let step = PlanStep {
                ranked: by_itself.cloned().unwrap_or_else(|| prioritise(profile, step.action)),
                chosen: by_itself.is_some(),
                procedure: Some(StepOf { procedure, step: position + 1, of }),
            };
            placed.push((step.ranked.action.when, group, position, step));
        }
    }
    let first_loose = procedures.len();
    for (rank, ranked) in chosen.iter().enumerate() {
        if !taken(&placed, ranked.action) {
            placed.push((
                ranked.action.when,
                first_loose + rank,
                0,
                PlanStep { ranked: ranked.clone(), chosen: true, procedure: None },
            ));
        }
    }
    // Within a phase: procedure steps in procedure order, each procedure and loose action by
    // the best priority of its group.
    let group_priority = |group: usize| -> u16 {
        placed
            .iter()
            .filter(|(_, g, _, s)| *g == group && s.chosen)
            .map(|(_, _, _, s)| s.ranked.priority_tenths)
            .max()
            .unwrap_or(0)
    };
    let mut keyed: Vec<(OrderKey, usize)> = placed
        .iter()
        .enumerate()
        .map(|(i, (when, group, position, _))| ((*when, Reverse(group_priority(*group)), *group, *position), i))
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    let mut slots: Vec<Option<PlanStep<'p>>> = placed.into_iter().map(|(_, _, _, step)| Some(step)).collect();
    keyed.into_iter().filter_map(|(_, i)| slots.get_mut(i).and_then(Option::take)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::score::ForceScore;
    use crate::context::{ContextKey, Values};
    use crate::force::{Force, PerForce};

    fn profile(score: u8) -> Profile {
        Profile(PerForce(Force::ALL.map(|force| ForceScore {
            force,
            score: Some(score),
            coverage: 100,
            answered: 9,
            questions: 9,
        })))
    }

    fn context(pairs: &[(ContextKey, &[&str])]) -> Context {
        let mut context = Context::default();
        for (key, names) in pairs {
            let mut values = Values::EMPTY;
            for name in *names {
                values.insert(key.value_index(name).expect("a value"));
            }
            context.set(*key, values);
        }
        context
    }

    #[test]
    fn without_context_nothing_is_left_out() {
        let playbook = Playbook::builtin();
        let plan = plan(&profile(70), &playbook, None, 5);
        assert!(plan.left_out.is_empty());
        assert!(!plan.fitted);
        assert_eq!(plan.chosen.len(), 5);
    }

    #[test]
    fn a_bakery_gets_no_representative_software_or_contract_action() {
        let playbook = Playbook::builtin();
        let bakery = context(&[
            (ContextKey::Customers, &["consumers"]),
            (ContextKey::Selling, &["stores"]),
            (ContextKey::Offering, &["goods"]),
            (ContextKey::Purchase, &["repeat"]),
        ]);
        let plan = plan(&profile(70), &playbook, Some(&bakery), 8);
        for step in &plan.steps {
            if let crate::data::playbook::Fits::Needs(needs) = &step.ranked.action.fits {
                for need in needs {
                    assert!(bakery.matches(need.key, need.any), "{} does not fit a bakery", step.ranked.action.id);
                }
            }
        }
        assert!(plan.left_out.iter().any(|l| l.action.id == "representative_at_delivery"));
        assert!(plan.fitted);
    }

    #[test]
    fn no_category_takes_more_than_its_share_of_the_choice() {
        let playbook = Playbook::builtin();
        for score in [20, 50, 80, 100] {
            let plan = plan(&profile(score), &playbook, None, 8);
            for action in &plan.chosen {
                let same = plan.chosen.iter().filter(|c| c.action.category == action.action.category).count();
                assert!(same <= MAX_PER_CATEGORY, "{:?}", action.action.category);
            }
        }
    }

    #[test]
    fn steps_are_in_journey_order_and_procedures_in_their_order() {
        let playbook = Playbook::builtin();
        let plan = plan(&profile(80), &playbook, None, 10);
        let phases: Vec<When> = plan.steps.iter().map(|s| s.ranked.action.when).collect();
        assert!(phases.windows(2).all(|w| w.first() <= w.get(1)), "{phases:?}");
        for procedure in playbook.procedures() {
            let positions: Vec<usize> = plan
                .steps
                .iter()
                .filter_map(|s| s.procedure.filter(|p| p.procedure.id == procedure.id).map(|p| p.step))
                .collect();
            assert!(positions.windows(2).all(|w| w.first() < w.get(1)), "{}: {positions:?}", procedure.id);
        }
    }
}
