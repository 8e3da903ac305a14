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

use crate::context::{Context, ContextKey, Values};
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

/// When in the customer's journey an action happens: the phases the seeds' timing cues
/// support, in journey order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// When the order is placed or signed.
    AtPurchase,
    /// Between the order and the customer receiving it.
    InTransit,
    /// When the product is received or the service launched.
    AtDelivery,
    /// The first days after delivery (up to about a week).
    FirstDays,
    /// The first weeks of use.
    FirstWeeks,
    /// Recurring, or standing for as long as the customer stays.
    Ongoing,
    /// Whenever a problem arises.
    OnProblem,
}

impl When {
    /// Every phase, in journey order.
    pub const ALL: [When; 7] = [
        When::AtPurchase,
        When::InTransit,
        When::AtDelivery,
        When::FirstDays,
        When::FirstWeeks,
        When::Ongoing,
        When::OnProblem,
    ];

    /// The stable name used in files and machine output.
    pub const fn key(self) -> &'static str {
        match self {
            When::AtPurchase => "at_purchase",
            When::InTransit => "in_transit",
            When::AtDelivery => "at_delivery",
            When::FirstDays => "first_days",
            When::FirstWeeks => "first_weeks",
            When::Ongoing => "ongoing",
            When::OnProblem => "on_problem",
        }
    }

    /// The phase for people.
    pub const fn label(self) -> &'static str {
        match self {
            When::AtPurchase => "at purchase",
            When::InTransit => "in transit",
            When::AtDelivery => "at delivery or launch",
            When::FirstDays => "first days",
            When::FirstWeeks => "first weeks",
            When::Ongoing => "ongoing",
            When::OnProblem => "when a problem arises",
        }
    }

    /// Phase names of the previous playbook format that are no longer phases.
    const RETIRED: [&'static str; 1] = ["first_month"];
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
    /// Keeping the business's place in its market: watching it, securing channels.
    MarketPosition,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 9] = [
        Category::FollowUp,
        Category::CustomerSupport,
        Category::Onboarding,
        Category::Loyalty,
        Category::Community,
        Category::UpsellCrossSell,
        Category::Feedback,
        Category::SupplierPartnership,
        Category::MarketPosition,
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
            Category::MarketPosition => "market_position",
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
            Category::MarketPosition => "market position",
        }
    }
}

/// Where a relevance level comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A source document links the practice to this force (the reason quotes it).
    Seed,
    /// The tool's own mapping (the reason cites research/domain.md).
    Judgement,
}

impl Basis {
    const ALL: [(&'static str, Basis); 2] = [("seed", Basis::Seed), ("judgement", Basis::Judgement)];
}

/// How much an action counters one force, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Relevance {
    /// 0 (not at all) to 3 (directly counters the force).
    pub level: u8,
    /// One line on the mechanism; absent when the level is 0.
    pub reason: Option<String>,
    /// Whether a source says so or the tool judges so; absent when the level is 0 or a team
    /// file does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
}

/// Where an action's advice comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The source document's file name (one of the seed files for built-in actions).
    pub seed: String,
    /// The document's title.
    pub title: String,
    /// Its author, where the document names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The passage, quoted verbatim.
    pub passage: String,
    /// An English translation, when the passage is in another language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

impl Source {
    /// The document for people: `"Title" (Author)`, or the title alone.
    pub fn shown(&self) -> String {
        match &self.author {
            Some(author) => format!("{} ({author})", self.title),
            None => self.title.clone(),
        }
    }
}

/// One context requirement of an action: the business must have at least one of `any` for
/// `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The context key.
    pub key: ContextKey,
    /// The values, any of which will do.
    pub any: Values,
    /// One line on why the action needs it.
    pub reason: String,
}

impl Need {
    /// The values for people: `sales_reps or partners`.
    pub fn values_text(&self) -> String {
        self.any.indices().map(|i| self.key.value_name(i)).collect::<Vec<_>>().join(" or ")
    }
}

/// Where an action fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fits {
    /// Any business, for this reason.
    Everyone(String),
    /// Businesses that meet every need.
    Needs(Vec<Need>),
}

impl Fits {
    /// The first need the business does not meet, or `None` when the action fits (always
    /// without a context: nothing is known against it).
    pub fn unmet(&self, context: Option<&Context>) -> Option<&Need> {
        let context = context?;
        match self {
            Fits::Everyone(_) => None,
            Fits::Needs(needs) => needs.iter().find(|need| !context.matches(need.key, need.any)),
        }
    }
}

/// One post-sale support action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// Stable snake_case id.
    pub id: String,
    /// Short imperative title.
    pub title: String,
    /// What the source says to do, and no more.
    pub what: String,
    /// The tool's own concrete suggestion ("For example, …"), kept apart from the source's words.
    pub example: Option<String>,
    /// When in the customer's journey.
    pub when: When,
    /// The kind of work.
    pub category: Category,
    /// The businesses it fits.
    pub fits: Fits,
    /// Relevance to each force; at least one is nonzero.
    pub relevance: PerForce<Relevance>,
    /// Where the advice comes from.
    pub source: Source,
}

/// An ordered practice a source describes step by step; its steps are actions, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Procedure {
    /// Stable snake_case id.
    pub id: String,
    /// Its name for people.
    pub title: String,
    /// The source document's file name.
    pub source: String,
    /// The actions, in the source's order (their phases never go back).
    pub steps: Vec<String>,
}

/// A validated set of actions with unique ids, sorted by id, and the procedures that order some
/// of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playbook {
    actions: Vec<Action>,
    procedures: Vec<Procedure>,
}

const KIND: FileKind = FileKind {
    what: "playbook",
    how_to_start: "copy data/playbook.toml from the fiveforces repository and edit it (the comment at its top describes every field)",
};

const ACTION_KEYS: [&str; 9] = ["id", "title", "what", "example", "when", "category", "fits", "relevance", "source"];
const RELEVANCE_KEYS: [&str; 3] = ["level", "reason", "basis"];
const SOURCE_KEYS: [&str; 5] = ["seed", "title", "author", "passage", "translation"];
const NEED_KEYS: [&str; 2] = ["any", "reason"];
const PROCEDURE_KEYS: [&str; 4] = ["id", "title", "source", "steps"];
/// How every `example` starts, so that a reader tells the tool's suggestion from the source.
pub const EXAMPLE_START: &str = "For example, ";

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

    /// Reads a playbook file. With `base`, the file's actions and procedures are added to it
    /// (one with the same id replaces the base's) unless the file says `builtin = "replace"`.
    /// Every problem of the file is reported, each at its place.
    pub fn from_toml(origin: &str, text: &str, base: Option<&Playbook>) -> Result<Self, InvalidFile> {
        let mut seen = BTreeSet::new();
        let mut seen_procedures = BTreeSet::new();
        let mut own_procedures = Vec::new();
        let (mut problems, layering, own) = read_entries(
            text,
            KIND,
            "action",
            |problems, at, table| action(problems, &mut seen, at, table),
            &mut [("procedure", &mut |problems: &mut Problems<'_>, at: Range<usize>, table: &DeTable<'_>| {
                if let Some(p) = procedure(problems, &mut seen_procedures, at.clone(), table) {
                    own_procedures.push((at, p));
                }
            })],
        );
        let (mut actions, mut procedures) = match (base, layering) {
            (Some(base), Layering::Extend) => (
                base.actions.iter().filter(|b| !seen.contains(&b.id)).cloned().collect(),
                base.procedures.iter().filter(|b| !seen_procedures.contains(&b.id)).cloned().collect(),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        actions.extend(own);
        actions.sort_by(|a, b| a.id.cmp(&b.id));
        for (at, procedure) in &own_procedures {
            check_steps(&mut problems, at.clone(), procedure, &actions);
        }
        procedures.extend(own_procedures.into_iter().map(|(_, p)| p));
        procedures.sort_by(|a, b| a.id.cmp(&b.id));
        if !problems.is_empty() {
            return Err(InvalidFile::new(origin, text, problems.into_vec()));
        }
        if actions.is_empty() {
            let problem = Problem::whole_file(Code::EmptyPlaybook, "the playbook has no actions")
                .help("add at least one [[action]]");
            return Err(InvalidFile::new(origin, text, vec![problem]));
        }
        Ok(Playbook { actions, procedures })
    }

    /// All actions, sorted by id.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// All procedures, sorted by id.
    pub fn procedures(&self) -> &[Procedure] {
        &self.procedures
    }

    /// The action with this id.
    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.binary_search_by(|a| a.id.as_str().cmp(id)).ok().and_then(|i| self.actions.get(i))
    }
}

/// A procedure's steps must be actions of the playbook, each once, in journey order.
fn check_steps(problems: &mut Problems<'_>, at: Range<usize>, procedure: &Procedure, actions: &[Action]) {
    let ids: Vec<&str> = actions.iter().map(|a| a.id.as_str()).collect();
    let mut last: Option<(When, &str)> = None;
    for (i, step) in procedure.steps.iter().enumerate() {
        if procedure.steps.iter().take(i).any(|s| s == step) {
            problems.push(
                Problem::at(
                    Code::ProcedureSteps,
                    at.clone(),
                    format!("procedure `{}` lists step `{step}` twice", procedure.id),
                )
                .label("a step repeats")
                .help("list each action once, in the order the source gives"),
            );
            continue;
        }
        let Some(action) = actions.iter().find(|a| &a.id == step) else {
            problems.push(
                Problem::at(
                    Code::ProcedureSteps,
                    at.clone(),
                    format!("procedure `{}` names `{step}`, which is not an action", procedure.id),
                )
                .label("unknown step")
                .help(did_you_mean(step, &ids, "the action ids")),
            );
            continue;
        };
        if let Some((when, before)) = last
            && action.when < when
        {
            problems.push(
                Problem::at(
                    Code::ProcedureSteps,
                    at.clone(),
                    format!(
                        "procedure `{}` goes back in the journey: `{step}` ({}) comes after `{before}` ({})",
                        procedure.id,
                        action.when.key(),
                        when.key()
                    ),
                )
                .label("steps out of journey order")
                .help("order the steps as the customer lives them, or fix the steps' `when`"),
            );
        }
        last = Some((action.when, step));
    }
}

/// One `[[procedure]]`.
fn procedure(
    problems: &mut Problems<'_>,
    seen: &mut BTreeSet<String>,
    at: Range<usize>,
    table: &DeTable<'_>,
) -> Option<Procedure> {
    let fields = Fields::new(problems, table, at, "this [[procedure]]", &PROCEDURE_KEYS);
    let id = fields.text(problems, "id", "id = \"short_snake_case_id\"");
    let title = fields.text(problems, "title", "title = \"The procedure's name\"");
    let source = fields.text(problems, "source", "source = \"the document's file name\"");
    let steps = fields.required(problems, "steps", "steps = [\"first_action_id\", \"second_action_id\"]").and_then(
        |(key, value)| {
            let DeValue::Array(items) = value.get_ref() else {
                problems.push(
                    Problem::at(Code::ProcedureSteps, value.span(), "`steps` must be a list of action ids")
                        .label("expected a list")
                        .help("write steps = [\"first_action_id\", \"second_action_id\"]"),
                );
                return None;
            };
            let steps: Vec<String> = items.iter().filter_map(|item| problems.text(key, item)).collect();
            if steps.len() < 2 {
                problems.push(
                    Problem::at(Code::ProcedureSteps, value.span(), "a procedure has at least two steps")
                        .label("too few steps")
                        .help("list the actions of the procedure in order, or make the single one a plain action"),
                );
                return None;
            }
            (steps.len() == items.len()).then_some(steps)
        },
    );
    if let (Some(id), Some((_, id_value))) = (&id, fields.get("id")) {
        let taken = !seen.insert(id.clone());
        check_id(problems, "procedure", id, id_value.span(), taken.then_some((id.as_str(), "among procedures")));
    }
    Some(Procedure { id: id?, title: title?, source: source?, steps: steps? })
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
    let what = fields.text(problems, "what", "what = \"What the source says to do.\"");
    let example = fields.get("example").and_then(|(k, v)| {
        let text = problems.text(k, v)?;
        if text.starts_with(EXAMPLE_START) {
            Some(text)
        } else {
            problems.push(
                Problem::at(Code::UnmarkedExample, v.span(), format!("`example` must start with \"{EXAMPLE_START}\""))
                    .label("not marked as the tool's example")
                    .help("start it with \"For example, \" so a reader tells the suggestion from the source's words"),
            );
            None
        }
    });
    let example_ok = fields.get("example").is_none() || example.is_some();
    let when = fields.required(problems, "when", "when = \"ongoing\"").and_then(|(k, v)| phase(problems, k, v));
    let category =
        fields.choice(problems, "category", "category = \"customer_support\"", &Category::ALL.map(|c| (c.key(), c)));
    let fits = fields
        .required(problems, "fits", "[action.fits] with everyone = \"why it fits any business\" or e.g. selling = { any = [\"sales_reps\"], reason = \"…\" }")
        .and_then(|(k, v)| fits(problems, k, v));
    let relevance = fields
        .required(problems, "relevance", "[action.relevance] with e.g. rivalry = { level = 2, reason = \"…\" }")
        .and_then(|(k, v)| relevance(problems, k, v));
    let source = fields
        .required(problems, "source", "[action.source] with seed, title and passage")
        .and_then(|(k, v)| source(problems, k, v));
    if let (Some(id), Some((_, id_value))) = (&id, fields.get("id")) {
        let taken = !seen.insert(id.clone());
        check_id(problems, "action", id, id_value.span(), taken.then_some((id.as_str(), "among actions")));
    }
    if !example_ok {
        return None;
    }
    Some(Action {
        id: id?,
        title: title?,
        what: what?,
        example,
        when: when?,
        category: category?,
        fits: fits?,
        relevance: relevance?,
        source: source?,
    })
}

/// `when`: a phase, with the new phases named when an old one is used.
fn phase(problems: &mut Problems<'_>, key: &Key<'_>, value: &Value<'_>) -> Option<When> {
    let phases = When::ALL.map(|w| (w.key(), w));
    if let DeValue::String(given) = value.get_ref()
        && When::RETIRED.contains(&given.as_ref())
    {
        problems.push(
            Problem::at(
                Code::RetiredPhase,
                value.span(),
                format!("`{given}` is a phase of the previous playbook format"),
            )
            .label("no longer a phase")
            .help(format!(
                "the phases are, in journey order: {} (`first_month` is now `first_weeks`)",
                When::ALL.map(When::key).join(", ")
            )),
        );
        return None;
    }
    problems.choice(key, value, &phases)
}

/// `[action.fits]`: `everyone = "reason"`, or context needs, each `{ any = [...], reason }`.
fn fits(problems: &mut Problems<'_>, key: &Key<'_>, value: &Value<'_>) -> Option<Fits> {
    let table = problems.table(key, value)?;
    let mut known = vec!["everyone"];
    known.extend(ContextKey::ALL.map(ContextKey::key));
    let fields = Fields::new(problems, table, value.span(), "[action.fits]", &known);
    let everyone = fields.get("everyone").and_then(|(k, v)| problems.text(k, v));
    let mut needs = Vec::new();
    let mut valid = true;
    for context_key in ContextKey::ALL {
        let Some((k, v)) = fields.get(context_key.key()) else { continue };
        match need(problems, context_key, k, v) {
            Some(need) => needs.push(need),
            None => valid = false,
        }
    }
    match (fields.get("everyone"), needs.is_empty() && valid) {
        (Some((k, _)), false) => {
            problems.push(
                Problem::at(Code::InvalidFits, k.span(), "`everyone` and context needs in the same [action.fits]")
                    .label("fits everyone, or needs something")
                    .help("keep `everyone = \"…\"` for an action any business can take, or the needs alone"),
            );
            None
        }
        (Some(_), true) => everyone.map(Fits::Everyone),
        (None, true) => {
            problems.push(
                Problem::at(Code::InvalidFits, value.span(), "[action.fits] says neither who the action fits nor that it fits everyone")
                    .label("empty fits")
                    .help("write everyone = \"why any business can do this\", or e.g. selling = { any = [\"sales_reps\"], reason = \"…\" }"),
            );
            None
        }
        (None, false) => valid.then_some(Fits::Needs(needs)),
    }
}

/// One context need: `selling = { any = ["sales_reps"], reason = "…" }`.
fn need(problems: &mut Problems<'_>, key: ContextKey, k: &Key<'_>, value: &Value<'_>) -> Option<Need> {
    let table = problems.table(k, value)?;
    let fields = Fields::new(problems, table, value.span(), format!("the `{key}` need"), &NEED_KEYS);
    let reason = fields.text(problems, "reason", "reason = \"why the action needs this\"");
    let names: Vec<&str> = key.values().iter().map(|(v, _)| *v).collect();
    let any = fields
        .required(problems, "any", &format!("any = [\"{}\"]", names.first().copied().unwrap_or("")))
        .and_then(|(_, list)| {
            let DeValue::Array(items) = list.get_ref() else {
                problems.push(
                    Problem::at(Code::InvalidFits, list.span(), format!("`any` must be a list of values of `{key}`"))
                        .label("expected a list")
                        .help(format!(
                            "write e.g. any = [\"{}\"]; the values are {}",
                            names.first().copied().unwrap_or(""),
                            names.join(", ")
                        )),
                );
                return None;
            };
            let mut values = Values::EMPTY;
            let mut valid = !items.is_empty();
            for item in items {
                let given = item.get_ref().as_str().unwrap_or_default();
                if let Some(index) = key.value_index(given) {
                    values.insert(index);
                } else {
                    problems.push(
                        Problem::at(Code::UnknownValue, item.span(), format!("`{given}` is not a value of `{key}`"))
                            .label(format!("not one of the values of `{key}`"))
                            .help(did_you_mean(given, &names, &format!("the values of `{key}`"))),
                    );
                    valid = false;
                }
            }
            valid.then_some(values)
        });
    Some(Need { key, any: any?, reason: reason? })
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
        let basis = fields.get("basis").and_then(|(k, v)| problems.choice(k, v, &Basis::ALL));
        if fields.get("basis").is_some() && basis.is_none() {
            valid = false;
        }
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
        *relevance.get_mut(force) = Relevance { level, reason: reason.filter(|r| !r.is_empty()), basis };
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
    let title = fields.text(problems, "title", "title = \"the document's title\"");
    let author = fields.get("author").and_then(|(k, v)| problems.text(k, v));
    let passage = fields.text(problems, "passage", "passage = \"the quoted text\"");
    let translation = fields.get("translation").and_then(|(k, v)| problems.text(k, v));
    Some(Source { seed: seed?, title: title?, author, passage: passage?, translation })
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
[action.fits]
everyone = "Any business can hold office hours."
[action.relevance]
rivalry = { level = 2, reason = "Competes on support, not price." }
[action.source]
seed = "our-handbook.md"
title = "Our support handbook"
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
                "team.toml:11:1: error[FF210]: unknown force `rivals` in [action.relevance] (did you mean `rivalry`?)"
            ),
            "{shown}"
        );
    }

    #[test]
    fn an_old_phase_names_the_new_ones() {
        let text = TEAM_ACTION.replace("when = \"ongoing\"", "when = \"first_month\"");
        let err = Playbook::from_toml("team.toml", &text, None).expect_err("old phase");
        let shown = err.to_string();
        assert!(shown.contains("`first_month` is a phase of the previous playbook format"), "{shown}");
        assert!(
            shown.contains("at_purchase, in_transit, at_delivery, first_days, first_weeks, ongoing, on_problem"),
            "{shown}"
        );
    }

    #[test]
    fn an_example_must_be_marked_as_the_tools() {
        let text = TEAM_ACTION.replace("category =", "example = \"Do it on Tuesdays.\"\ncategory =");
        let err = Playbook::from_toml("team.toml", &text, None).expect_err("unmarked example");
        assert!(err.to_string().contains("`example` must start with \"For example, \""), "{err}");
    }

    #[test]
    fn fits_needs_known_values_and_a_reason() {
        let text = TEAM_ACTION
            .replace("everyone = \"Any business can hold office hours.\"", "selling = { any = [\"salesreps\"] }");
        let err = Playbook::from_toml("team.toml", &text, None).expect_err("bad need");
        let shown = err.to_string();
        assert!(shown.contains("`salesreps` is not a value of `selling` (did you mean `sales_reps`?)"), "{shown}");
        assert!(shown.contains("missing `reason`") || shown.contains("`reason`"), "{shown}");
        let neither = TEAM_ACTION.replace("everyone = \"Any business can hold office hours.\"", "");
        let err = Playbook::from_toml("team.toml", &neither, None).expect_err("empty fits");
        assert!(err.to_string().contains("says neither who the action fits"), "{err}");
    }

    #[test]
    fn a_procedure_names_actions_in_journey_order() {
        let base = Playbook::builtin();
        let good = "[[procedure]]\nid = \"visit\"\ntitle = \"Visit\"\nsource = \"s\"\nsteps = [\"representative_at_delivery\", \"repeat_representative_visits\"]\n";
        let playbook = Playbook::from_toml("team.toml", &format!("{TEAM_ACTION}\n{good}"), Some(&base)).expect("valid");
        assert!(playbook.procedures().iter().any(|p| p.id == "visit"));
        let backwards = good.replace(
            "[\"representative_at_delivery\", \"repeat_representative_visits\"]",
            "[\"repeat_representative_visits\", \"representative_at_delivery\"]",
        );
        let err = Playbook::from_toml("team.toml", &format!("{TEAM_ACTION}\n{backwards}"), Some(&base))
            .expect_err("backwards");
        assert!(err.to_string().contains("goes back in the journey"), "{err}");
        let unknown = good.replace("repeat_representative_visits", "repeat_rep_visits");
        let err =
            Playbook::from_toml("team.toml", &format!("{TEAM_ACTION}\n{unknown}"), Some(&base)).expect_err("unknown");
        assert!(err.to_string().contains("names `repeat_rep_visits`, which is not an action"), "{err}");
    }
}
