//! The playbook: post-sale support actions, each with its relevance to every force and the
//! passage of the source document it comes from.
//!
//! The built-in playbook is `data/playbook.toml`, drawn from the five seed documents and
//! embedded in the binary; `--playbook FILE` adds a team's own actions through the same loader
//! (an action with a built-in id replaces it).

use std::collections::BTreeSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::de::{DeTable, DeValue};

use crate::data::team_files::{Layering, check_id, read_entries};
use crate::force::{Force, PerForce};
use crate::source::diagnostic::FileKind;
use crate::source::diagnostic::{Code, InvalidFile, Problem};
use crate::source::suggest::did_you_mean;
use crate::source::toml_tree::{Fields, Key, Problems, Value};

/// The built-in playbook's source text.
pub const BUILTIN_PLAYBOOK: &str = include_str!("../../data/playbook.toml");

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
    /// Every moment, in journey order.
    pub const ALL: [When; 4] = [When::AtDelivery, When::FirstDays, When::FirstMonth, When::Ongoing];

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
    /// Every category.
    pub const ALL: [Category; 8] = [
        Category::FollowUp,
        Category::CustomerSupport,
        Category::Onboarding,
        Category::Loyalty,
        Category::Community,
        Category::UpsellCrossSell,
        Category::Feedback,
        Category::SupplierPartnership,
    ];

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

const KIND: FileKind = FileKind {
    what: "playbook",
    how_to_start: "copy data/playbook.toml from the fiveforces repository and edit it (the comment at its top describes every field)",
};

const ACTION_KEYS: [&str; 7] = ["id", "title", "what", "when", "category", "relevance", "source"];
const RELEVANCE_KEYS: [&str; 2] = ["level", "reason"];
const SOURCE_KEYS: [&str; 3] = ["seed", "passage", "translation"];

impl Playbook {
    /// The playbook that ships inside the binary.
    ///
    /// # Panics
    /// Never in a released build: a unit test loads the embedded file.
    #[allow(clippy::panic)]
    pub fn builtin() -> Self {
        match Self::from_toml("data/playbook.toml", BUILTIN_PLAYBOOK, None) {
            Ok(playbook) => playbook,
            Err(err) => panic!("the built-in playbook is invalid:\n{err}"),
        }
    }

    /// Reads a playbook file. With `base`, the file's actions are added to it (an action with
    /// the same id replaces the base's) unless the file says `builtin = "replace"`. Every
    /// problem of the file is reported, each at its place.
    pub fn from_toml(origin: &str, text: &str, base: Option<&Playbook>) -> Result<Self, InvalidFile> {
        let mut seen = BTreeSet::new();
        let (problems, layering, own) =
            read_entries(text, KIND, "action", |problems, at, table| action(problems, &mut seen, at, table));
        if !problems.is_empty() {
            return Err(InvalidFile::new(origin, text, problems.into_vec()));
        }
        let mut actions = match (base, layering) {
            (Some(base), Layering::Extend) => {
                let mut merged: Vec<Action> = base.actions.iter().filter(|b| !seen.contains(&b.id)).cloned().collect();
                merged.extend(own);
                merged
            }
            _ => own,
        };
        actions.sort_by(|a, b| a.id.cmp(&b.id));
        if actions.is_empty() {
            let problem = Problem::whole_file(Code::EmptyPlaybook, "the playbook has no actions")
                .help("add at least one [[action]]");
            return Err(InvalidFile::new(origin, text, vec![problem]));
        }
        Ok(Playbook { actions })
    }

    /// All actions, sorted by id.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }
}

/// One `[[action]]`, when every field is valid. `seen` holds the ids of the actions above it,
/// to find duplicates.
fn action(
    problems: &mut Problems<'_>,
    seen: &mut BTreeSet<String>,
    at: Range<usize>,
    table: &DeTable<'_>,
) -> Option<Action> {
    let fields = Fields::new(problems, table, at, "this [[action]]", &ACTION_KEYS);
    let id = fields.text(problems, "id", "id = \"short_snake_case_id\"");
    let title = fields.text(problems, "title", "title = \"Short imperative title\"");
    let what = fields.text(problems, "what", "what = \"What to do, concretely.\"");
    let when = fields.choice(problems, "when", "when = \"ongoing\"", &When::ALL.map(|w| (w.key(), w)));
    let category =
        fields.choice(problems, "category", "category = \"customer_support\"", &Category::ALL.map(|c| (c.key(), c)));
    let relevance = fields
        .required(problems, "relevance", "[action.relevance] with e.g. rivalry = { level = 2, reason = \"…\" }")
        .and_then(|(k, v)| relevance(problems, k, v));
    let source = fields
        .required(problems, "source", "[action.source] with seed = \"document name\" and passage = \"…\"")
        .and_then(|(k, v)| source(problems, k, v));
    if let (Some(id), Some((_, id_value))) = (&id, fields.get("id")) {
        let taken = !seen.insert(id.clone());
        check_id(problems, "action", id, id_value.span(), taken.then_some((id.as_str(), "among actions")));
    }
    Some(Action {
        id: id?,
        title: title?,
        what: what?,
        when: when?,
        category: category?,
        relevance: relevance?,
        source: source?,
    })
}

/// `[action.relevance]`: a level and a reason per force, at least one level above 0.
fn relevance(problems: &mut Problems<'_>, key: &Key<'_>, value: &Value<'_>) -> Option<PerForce<Relevance>> {
    let table = problems.table(key, value)?;
    let forces: Vec<&str> = Force::keys().collect();
    let mut relevance = PerForce::<Relevance>::default();
    let mut valid = true;
    for (force_key, entry) in table {
        let Some(force) = Force::from_key(force_key.get_ref()) else {
            problems.push(
                Problem::at(
                    Code::UnknownForce,
                    force_key.span(),
                    format!("unknown force `{}` in [action.relevance]", force_key.get_ref()),
                )
                .label("not a force")
                .help(did_you_mean(force_key.get_ref(), &forces, "the forces")),
            );
            valid = false;
            continue;
        };
        let DeValue::Table(entry_table) = entry.get_ref() else {
            problems.push(
                Problem::at(
                    Code::RelevanceNotATable,
                    entry.span(),
                    format!("the relevance to `{force}` must be a table with a level and a reason"),
                )
                .label("expected { level = …, reason = \"…\" }")
                .help(format!(
                    "write it as {force} = {{ level = 2, reason = \"how the action counters this force\" }}"
                )),
            );
            valid = false;
            continue;
        };
        let fields =
            Fields::new(problems, entry_table, entry.span(), format!("the relevance to `{force}`"), &RELEVANCE_KEYS);
        let level = fields
            .required(problems, "level", "level = 2")
            .and_then(|(k, v)| problems.integer_in(k, v, 0..=i64::from(MAX_RELEVANCE)))
            .and_then(|level| u8::try_from(level).ok());
        let reason = fields.get("reason").and_then(|(k, v)| problems.string(k, v)).map(|r| r.trim().to_owned());
        let Some(level) = level else {
            valid = false;
            continue;
        };
        if level > 0 && reason.as_deref().is_none_or(str::is_empty) {
            problems.push(
                Problem::at(
                    Code::RelevanceWithoutReason,
                    entry.span(),
                    format!("relevance to `{force}` has no reason"),
                )
                .label("a reason is required when the level is above 0")
                .help("add `reason = \"…\"`: one line on how the action counters this force"),
            );
            valid = false;
        }
        *relevance.get_mut(force) = Relevance { level, reason: reason.filter(|r| !r.is_empty()) };
    }
    if valid && relevance.iter().all(|(_, r)| r.level == 0) {
        problems.push(
            Problem::at(Code::NotRelevant, value.span(), "the action is not relevant to any force")
                .label("every level is 0")
                .help("give at least one force a level from 1 to 3, e.g. `buyers = { level = 2, reason = \"…\" }`"),
        );
        valid = false;
    }
    valid.then_some(relevance)
}

/// `[action.source]`: the document and the passage the action comes from.
fn source(problems: &mut Problems<'_>, key: &Key<'_>, value: &Value<'_>) -> Option<Source> {
    let table = problems.table(key, value)?;
    let fields = Fields::new(problems, table, value.span(), "[action.source]", &SOURCE_KEYS);
    let seed = fields.text(problems, "seed", "seed = \"the document's file name\"");
    let passage = fields.text(problems, "passage", "passage = \"the quoted text\"");
    let translation = fields.get("translation").and_then(|(k, v)| problems.text(k, v));
    Some(Source { seed: seed?, passage: passage?, translation })
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
        assert!(
            shown.starts_with(
                "team.toml:9:1: error[FF210]: unknown force `rivals` in [action.relevance] (did you mean `rivalry`?)"
            ),
            "{shown}"
        );
    }
}
