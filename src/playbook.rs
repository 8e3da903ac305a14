//! The playbook: post-sale support actions, each with its relevance to every force and the
//! passage of the source document it comes from.
//!
//! The built-in playbook is `data/playbook.toml`, drawn from the five seed documents and
//! embedded in the binary; `--playbook FILE` adds a team's own actions through the same loader
//! (an action with a built-in id replaces it).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::diagnostic::{InvalidFile, Problem};
use crate::force::{Force, PerForce};
use crate::layering::{Layering, is_snake_case};
use crate::toml_source::schema_problem;

const HINT: &str = "each [[action]] has id, title, what, when, category, [action.relevance] and [action.source]; see the built-in playbook with `fiveforces actions --format json`";

/// The built-in playbook's source text.
pub const BUILTIN_PLAYBOOK: &str = include_str!("../data/playbook.toml");

/// The highest relevance an action can declare for a force.
pub const MAX_RELEVANCE: u8 = 3;

/// When in the post-sale journey an action happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// At delivery, installation or launch.
    AtDelivery,
    /// In the first days after the sale.
    FirstDays,
    /// In the first month.
    FirstMonth,
    /// For as long as the customer stays.
    Ongoing,
}

impl When {
    /// The stable name used in files and machine output.
    pub const fn key(self) -> &'static str {
        match self {
            When::AtDelivery => "at_delivery",
            When::FirstDays => "first_days",
            When::FirstMonth => "first_month",
            When::Ongoing => "ongoing",
        }
    }
}

/// What kind of post-sale work an action is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Thank-you messages, updates, check-ins.
    FollowUp,
    /// Help desks, complaint handling, fixing problems.
    CustomerSupport,
    /// Getting the customer to first value.
    Onboarding,
    /// Rewards and reasons to stay.
    Loyalty,
    /// Customers meeting each other and the brand.
    Community,
    /// Complementary products, upgrades.
    UpsellCrossSell,
    /// Asking for and acting on the customer's view.
    Feedback,
    /// Working with suppliers so the after-sale service holds.
    SupplierPartnership,
}

impl Category {
    /// The stable name used in files and machine output.
    pub const fn key(self) -> &'static str {
        match self {
            Category::FollowUp => "follow_up",
            Category::CustomerSupport => "customer_support",
            Category::Onboarding => "onboarding",
            Category::Loyalty => "loyalty",
            Category::Community => "community",
            Category::UpsellCrossSell => "upsell_cross_sell",
            Category::Feedback => "feedback",
            Category::SupplierPartnership => "supplier_partnership",
        }
    }

    /// The name a person reads.
    pub const fn label(self) -> &'static str {
        match self {
            Category::FollowUp => "follow-up communication",
            Category::CustomerSupport => "customer support",
            Category::Onboarding => "onboarding",
            Category::Loyalty => "loyalty",
            Category::Community => "community",
            Category::UpsellCrossSell => "upsell and cross-sell",
            Category::Feedback => "feedback",
            Category::SupplierPartnership => "supplier partnership",
        }
    }
}

/// How much an action counters one force, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Relevance {
    /// 0 (not at all) to 3 (directly counters the force).
    pub level: u8,
    /// One line on the mechanism; absent when the level is 0.
    pub reason: Option<String>,
}

/// Where an action's advice comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source document's file name (one of the seed files for built-in actions).
    pub seed: String,
    /// The passage, quoted verbatim.
    pub passage: String,
    /// An English translation, when the passage is in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

/// One post-sale support action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// Stable snake_case id.
    pub id: String,
    /// Short imperative title.
    pub title: String,
    /// What to do, concretely.
    pub what: String,
    /// When in the post-sale journey.
    pub when: When,
    /// The kind of work.
    pub category: Category,
    /// Relevance to each force; at least one is nonzero.
    pub relevance: PerForce<Relevance>,
    /// Where the advice comes from.
    pub source: Source,
}

/// A validated set of actions with unique ids, sorted by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playbook {
    actions: Vec<Action>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlaybook {
    #[serde(default)]
    builtin: Layering,
    #[serde(default)]
    action: Vec<RawAction>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    id: Spanned<String>,
    title: Spanned<String>,
    what: Spanned<String>,
    when: When,
    category: Category,
    relevance: Spanned<BTreeMap<Force, RawRelevance>>,
    source: Spanned<Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelevance {
    level: Spanned<u8>,
    #[serde(default)]
    reason: Option<String>,
}

impl Playbook {
    /// The playbook that ships inside the binary.
    ///
    /// # Panics
    /// Never in a released build: a unit test loads the embedded file.
    pub fn builtin() -> Self {
        match Self::from_toml("data/playbook.toml", BUILTIN_PLAYBOOK, None) {
            Ok(playbook) => playbook,
            Err(err) => panic!("the built-in playbook is invalid:\n{err}"),
        }
    }

    /// Reads a playbook file. With `base`, the file's actions are added to it (an action with
    /// the same id replaces the base's) unless the file says `builtin = "replace"`.
    pub fn from_toml(origin: &str, text: &str, base: Option<&Playbook>) -> Result<Self, InvalidFile> {
        let invalid = |problems| InvalidFile::new(origin, text, problems);
        let raw: RawPlaybook = toml::from_str(text).map_err(|err| invalid(vec![schema_problem(&err, HINT)]))?;
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        let mut own = Vec::with_capacity(raw.action.len());
        for a in raw.action {
            let id_span = a.id.span();
            let id = a.id.into_inner();
            if !is_snake_case(&id) {
                problems.push(
                    Problem::at(id_span.clone(), format!("action id `{id}` is not snake_case"))
                        .help("use lowercase letters, digits and underscores, starting with a letter"),
                );
            }
            if !seen.insert(id.clone()) {
                problems.push(
                    Problem::at(id_span, format!("action `{id}` is defined twice"))
                        .help("action ids must be unique; rename or remove one"),
                );
            }
            for field in [&a.title, &a.what] {
                if field.get_ref().trim().is_empty() {
                    problems.push(Problem::at(field.span(), "this text is empty").help("write a short sentence here"));
                }
            }
            let source_span = a.source.span();
            let source = a.source.into_inner();
            if source.seed.trim().is_empty() || source.passage.trim().is_empty() {
                problems.push(
                    Problem::at(source_span, "the source needs a document name and a passage")
                        .help("set `seed` to the document's file name and `passage` to the quoted text"),
                );
            }
            let relevance_span = a.relevance.span();
            let mut relevance = PerForce::<Relevance>::default();
            for (force, r) in a.relevance.into_inner() {
                let level = *r.level.get_ref();
                if level > MAX_RELEVANCE {
                    problems.push(
                        Problem::at(r.level.span(), format!("relevance {level} is out of range"))
                            .help("relevance is an integer from 0 (none) to 3 (directly counters the force)"),
                    );
                }
                if level > 0 && r.reason.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    problems.push(
                        Problem::at(r.level.span(), format!("relevance to `{force}` has no reason"))
                            .help("add `reason = \"…\"`: one line on how the action counters this force"),
                    );
                }
                *relevance.get_mut(force) = Relevance { level: level.min(MAX_RELEVANCE), reason: r.reason };
            }
            if relevance.iter().all(|(_, r)| r.level == 0) {
                problems.push(Problem::at(relevance_span, format!("action `{id}` is not relevant to any force")).help(
                    "give at least one force a level from 1 to 3, e.g. `buyers = { level = 2, reason = \"…\" }`",
                ));
            }
            own.push(Action {
                id,
                title: a.title.into_inner(),
                what: a.what.into_inner(),
                when: a.when,
                category: a.category,
                relevance,
                source,
            });
        }
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        let mut actions = match (base, raw.builtin) {
            (Some(base), Layering::Extend) => {
                let mut merged: Vec<Action> = base.actions.iter().filter(|b| !seen.contains(&b.id)).cloned().collect();
                merged.extend(own);
                merged
            }
            _ => own,
        };
        actions.sort_by(|a, b| a.id.cmp(&b.id));
        if actions.is_empty() {
            return Err(invalid(vec![
                Problem::whole_file("the playbook has no actions").help("add at least one [[action]]"),
            ]));
        }
        Ok(Playbook { actions })
    }

    /// All actions, sorted by id.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAM_ACTION: &str = r#"
[[action]]
id = "weekly_office_hours"
title = "Hold weekly office hours"
what = "Every Tuesday, a product expert answers customers' questions live."
when = "ongoing"
category = "customer_support"
[action.relevance]
rivalry = { level = 2, reason = "Competes on support, not price." }
[action.source]
seed = "our-handbook.md"
passage = "Customers who talk to us weekly stay longer."
"#;

    #[test]
    fn the_builtin_playbook_loads() {
        assert!(Playbook::builtin().actions().len() >= 30);
    }

    #[test]
    fn a_team_playbook_adds_and_replaces() {
        let base = Playbook::builtin();
        let playbook = Playbook::from_toml("team.toml", TEAM_ACTION, Some(&base)).expect("valid");
        assert_eq!(playbook.actions().len(), base.actions().len() + 1);
        let replaced_id = &base.actions()[0].id;
        let replacing = TEAM_ACTION.replace("weekly_office_hours", replaced_id);
        let playbook = Playbook::from_toml("team.toml", &replacing, Some(&base)).expect("valid");
        assert_eq!(playbook.actions().len(), base.actions().len());
        let action = playbook.actions().iter().find(|a| &a.id == replaced_id).expect("kept");
        assert_eq!(action.title, "Hold weekly office hours");
    }

    #[test]
    fn an_action_must_matter_to_some_force() {
        let text = TEAM_ACTION.replace("rivalry = { level = 2, reason = \"Competes on support, not price.\" }", "");
        let err = Playbook::from_toml("team.toml", &text, None).expect_err("no relevance");
        assert!(err.to_string().contains("is not relevant to any force"), "{err}");
    }

    #[test]
    fn a_misspelled_force_is_located() {
        let text = TEAM_ACTION.replace("rivalry = {", "rivals = {");
        let err = Playbook::from_toml("team.toml", &text, None).expect_err("bad force");
        let shown = err.to_string();
        assert!(shown.starts_with("team.toml:9:1: unknown variant `rivals`"), "{shown}");
    }
}
