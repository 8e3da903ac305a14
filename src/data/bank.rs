//! The question bank: every question a questionnaire can answer, with the force it measures,
//! the direction in which agreement moves that force, its weight and its source.
//!
//! The built-in bank is `data/questions.toml`, embedded in the binary and read by the same
//! loader that reads a team's own bank (`--questions FILE`), so the two can never drift.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::de::DeTable;

use crate::context::{Context, ContextKey};
use crate::data::team_files::{Layering, check_id, read_entries};
use crate::force::{Force, PerForce};
use crate::source::diagnostic::FileKind;
use crate::source::diagnostic::{Code, InvalidFile, Problem};
use crate::source::toml_tree::{Fields, Problems};

/// The built-in bank's source text.
pub const BUILTIN_QUESTIONS: &str = include_str!("../../data/questions.toml");
/// The ids renamed or retired since the previous built-in bank (`data/migration.toml`).
pub const BUILTIN_MIGRATION: &str = include_str!("../../data/migration.toml");
/// The version of the built-in bank's ids: files written for an earlier version are read
/// through [`QuestionBank::renamed`] and [`QuestionBank::retired`].
pub const BANK_VERSION: u32 = 2;

/// Whether agreeing with a statement makes its force stronger or weaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Agreement (5) means more pressure on the business.
    Raises,
    /// Agreement (5) means less pressure on the business.
    Lowers,
}

impl Direction {
    /// The stable name used in files and machine output: `raises` or `lowers`.
    pub const fn key(self) -> &'static str {
        match self {
            Direction::Raises => "raises",
            Direction::Lowers => "lowers",
        }
    }
}

/// Which customers a question is about (`applies_to`), matched against the questionnaire's
/// `[context] customers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every business.
    All,
    /// Only businesses that sell to other businesses.
    Businesses,
    /// Only businesses that sell to consumers.
    Consumers,
}

impl Audience {
    /// Every audience with its name in files.
    pub const ALL: [(&'static str, Audience); 3] =
        [("all", Audience::All), ("businesses", Audience::Businesses), ("consumers", Audience::Consumers)];

    /// The stable name used in files and machine output.
    pub const fn key(self) -> &'static str {
        match self {
            Audience::All => "all",
            Audience::Businesses => "businesses",
            Audience::Consumers => "consumers",
        }
    }

    /// Whether a question for this audience is asked and counted for a questionnaire with this
    /// context. Without a context, or without `customers`, or with `customers = "both"`,
    /// every question applies.
    pub fn applies(self, context: Option<&Context>) -> bool {
        let Some(customers) = context.map(|c| c.get(ContextKey::Customers)).filter(|v| !v.is_empty()) else {
            return true;
        };
        let has = |name: &str| ContextKey::Customers.value_index(name).is_some_and(|i| customers.contains(i));
        match self {
            Audience::All => true,
            Audience::Businesses => has("businesses") || has("both"),
            Audience::Consumers => has("consumers") || has("both"),
        }
    }
}

/// What a force's scoring model does with a question's answer (see the README, "How each
/// force is scored").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// rivalry: a condition of its intensity, one term of the intensity mean.
    Pressure,
    /// rivalry: one of alternative conditions of one determinant (Porter: competitors are
    /// numerous *or* roughly equal); the strongest answered one is a single term of the
    /// intensity mean.
    Alternative,
    /// rivalry: a condition that tempts rivals to cut prices (Porter 2008: identical products,
    /// high fixed costs, capacity in large steps, perishability); each can do it alone, so the
    /// price basis is a soft maximum of them.
    PriceTrigger,
    /// new_entrants: an entry barrier; one high barrier is enough to keep entrants out.
    Barrier,
    /// new_entrants: the strength of would-be entrants that can jump barriers.
    Entrant,
    /// substitutes: condition 1 of 2, the substitutes' price-performance.
    PricePerformance,
    /// substitutes: condition 2 of 2, the ease of switching to them.
    SwitchingEase,
    /// suppliers, buyers: a source of bargaining leverage that can decide the force on its own.
    Leverage,
    /// suppliers, buyers: shifts leverage, never decisive on its own.
    LeverageModifier,
    /// suppliers: importance of the input, which counts only through leverage.
    Importance,
    /// buyers: the buyers' price sensitivity, which counts only through their leverage.
    PriceSensitivity,
}

impl Role {
    /// Every role with its name in files.
    pub const ALL: [(&'static str, Role); 11] = [
        ("pressure", Role::Pressure),
        ("alternative", Role::Alternative),
        ("price_trigger", Role::PriceTrigger),
        ("barrier", Role::Barrier),
        ("entrant", Role::Entrant),
        ("price_performance", Role::PricePerformance),
        ("switching_ease", Role::SwitchingEase),
        ("leverage", Role::Leverage),
        ("leverage_modifier", Role::LeverageModifier),
        ("importance", Role::Importance),
        ("price_sensitivity", Role::PriceSensitivity),
    ];

    /// The stable name used in files and machine output.
    pub const fn key(self) -> &'static str {
        match self {
            Role::Pressure => "pressure",
            Role::Alternative => "alternative",
            Role::PriceTrigger => "price_trigger",
            Role::Barrier => "barrier",
            Role::Entrant => "entrant",
            Role::PricePerformance => "price_performance",
            Role::SwitchingEase => "switching_ease",
            Role::Leverage => "leverage",
            Role::LeverageModifier => "leverage_modifier",
            Role::Importance => "importance",
            Role::PriceSensitivity => "price_sensitivity",
        }
    }

    /// The roles a force's model uses.
    pub const fn of(force: Force) -> &'static [Role] {
        match force {
            Force::Rivalry => &[Role::Pressure, Role::Alternative, Role::PriceTrigger],
            Force::Buyers => &[Role::Leverage, Role::LeverageModifier, Role::PriceSensitivity],
            Force::NewEntrants => &[Role::Barrier, Role::Entrant],
            Force::Substitutes => &[Role::PricePerformance, Role::SwitchingEase],
            Force::Suppliers => &[Role::Leverage, Role::LeverageModifier, Role::Importance],
        }
    }

    /// The roles a bank must have at least one question for, in every context, so that the
    /// force's main rule can work.
    pub const fn required(force: Force) -> &'static [Role] {
        match force {
            Force::Rivalry => &[Role::Pressure],
            Force::Buyers => &[Role::Leverage, Role::PriceSensitivity],
            Force::NewEntrants => &[Role::Barrier],
            Force::Substitutes => &[Role::PricePerformance, Role::SwitchingEase],
            Force::Suppliers => &[Role::Leverage, Role::Importance],
        }
    }
}

/// An id of an earlier bank that is now read under another id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renamed {
    /// The force of both ids.
    pub force: Force,
    /// The earlier id.
    pub old: String,
    /// The current id.
    pub new: String,
}

/// An id of an earlier bank whose question is gone: its answers are reported and not scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retired {
    /// The force it belonged to.
    pub force: Force,
    /// The retired id.
    pub id: String,
    /// Why it was retired and what to answer instead.
    pub reason: String,
}

/// One question of the bank.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    /// Stable snake_case id, unique within its force.
    pub id: String,
    /// The force this question measures.
    pub force: Force,
    /// The statement the person agrees or disagrees with.
    pub statement: String,
    /// What a 1 and a 5 look like in practice.
    pub help: String,
    /// Whether agreement raises or lowers the force.
    pub direction: Direction,
    /// Relative weight within its force (positive).
    pub weight: f64,
    /// Which customers it is about: a question that does not apply to the questionnaire's
    /// `[context] customers` is neither asked nor counted.
    pub applies_to: Audience,
    /// What the force's model does with the answer.
    pub role: Role,
    /// Where the question comes from.
    pub source: String,
}

/// A validated set of questions: ids unique within each force, weights positive, every force
/// asked about.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionBank {
    /// Questions grouped by force in display order, each force in file order.
    questions: Vec<Question>,
    /// For each force, the positions of its questions sorted by id, for binary search: every
    /// answer of every questionnaire is looked up here.
    by_id: PerForce<Vec<usize>>,
    /// Ids of earlier banks read under a current id.
    renamed: Vec<Renamed>,
    /// Ids of earlier banks that are no longer scored.
    retired: Vec<Retired>,
}

const KIND: FileKind = FileKind {
    what: "question bank",
    how_to_start: "copy data/questions.toml from the fiveforces repository and edit it (the comment at its top describes every field)",
};

/// The range of a question's weight: wide enough for any emphasis within a force (100 to 1),
/// narrow enough that no weight vanishes next to another in the sums of a score.
const MIN_WEIGHT: f64 = 0.1;
const MAX_WEIGHT: f64 = 10.0;

const QUESTION_KEYS: [&str; 9] =
    ["id", "force", "statement", "help", "direction", "weight", "applies_to", "role", "source"];
const DIRECTIONS: [(&str, Direction); 2] = [("raises", Direction::Raises), ("lowers", Direction::Lowers)];

impl QuestionBank {
    /// The bank that ships inside the binary.
    ///
    /// # Panics
    /// Never in a released build: a unit test loads the embedded file.
    #[allow(clippy::panic)]
    pub fn builtin() -> Self {
        let mut bank = match Self::from_toml("data/questions.toml", BUILTIN_QUESTIONS, None) {
            Ok(bank) => bank,
            Err(err) => panic!("the built-in question bank is invalid:\n{err}"),
        };
        match migration(BUILTIN_MIGRATION) {
            Ok((renamed, retired)) => {
                bank.renamed = renamed;
                bank.retired = retired;
            }
            Err(err) => panic!("data/migration.toml is invalid: {err}"),
        }
        bank
    }

    /// Reads a bank file. With `base`, the file extends it (a question with the same force and
    /// id replaces the base's) unless the file says `builtin = "replace"`. Every problem of the
    /// file is reported, each at its place.
    pub fn from_toml(origin: &str, text: &str, base: Option<&QuestionBank>) -> Result<Self, InvalidFile> {
        let mut seen = BTreeSet::new();
        let (mut problems, layering, own) = read_entries(
            text,
            KIND,
            "question",
            |problems, at, table| question(problems, &mut seen, at, table),
            &mut [],
        );
        let (renamed, retired) = match (base, layering) {
            (Some(base), Layering::Extend) => (base.renamed.clone(), base.retired.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        let mut questions = match (base, layering) {
            (Some(base), Layering::Extend) => {
                let mut merged: Vec<Question> = base
                    .questions
                    .iter()
                    .filter(|b| !own.iter().any(|q| q.force == b.force && q.id == b.id))
                    .cloned()
                    .collect();
                merged.extend(own);
                merged
            }
            _ => own,
        };
        questions.sort_by_key(|q| q.force);
        if problems.is_empty() {
            for force in Force::ALL {
                if !questions.iter().any(|q| q.force == force) {
                    problems.push_structural(
                        Problem::whole_file(
                            Code::ForceWithoutQuestions,
                            format!("the bank has no question for `{force}`"),
                        )
                        .help("add at least one [[question]] with this force, or extend the built-in bank"),
                    );
                }
            }
        }
        if !problems.is_empty() {
            return Err(InvalidFile::new(origin, text, problems.into_vec()));
        }
        let mut by_id = PerForce::<Vec<usize>>::default();
        for (i, q) in questions.iter().enumerate() {
            by_id.get_mut(q.force).push(i);
        }
        for positions in &mut by_id.0 {
            positions.sort_by(|&a, &b| questions.get(a).map(|q| &q.id).cmp(&questions.get(b).map(|q| &q.id)));
        }
        Ok(QuestionBank { questions, by_id, renamed, retired })
    }

    /// All questions, grouped by force in display order.
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The questions of one force, in bank order.
    pub fn for_force(&self, force: Force) -> impl Iterator<Item = &Question> {
        self.questions.iter().filter(move |q| q.force == force)
    }

    /// The position and question with this force and id.
    pub fn find(&self, force: Force, id: &str) -> Option<(usize, &Question)> {
        let positions = self.by_id.get(force);
        let found =
            positions.binary_search_by(|&i| self.questions.get(i).map(|q| q.id.as_str()).cmp(&Some(id))).ok()?;
        let index = *positions.get(found)?;
        Some((index, self.questions.get(index)?))
    }

    /// The question at a position returned by [`QuestionBank::find`].
    pub fn get(&self, index: usize) -> Option<&Question> {
        self.questions.get(index)
    }

    /// The current question that an earlier bank's id `old` of `force` is read as.
    pub fn renamed(&self, force: Force, old: &str) -> Option<(usize, &Question)> {
        let r = self.renamed.iter().find(|r| r.force == force && r.old == old)?;
        self.find(force, &r.new)
    }

    /// Why an earlier bank's id of `force` was retired, when it was (and is not a current id).
    pub fn retired(&self, force: Force, id: &str) -> Option<&str> {
        self.retired.iter().find(|r| r.force == force && r.id == id).map(|r| r.reason.as_str())
    }

    /// Every renamed id, in `data/migration.toml` order.
    pub fn renames(&self) -> &[Renamed] {
        &self.renamed
    }

    /// Every retired id, in `data/migration.toml` order.
    pub fn retirements(&self) -> &[Retired] {
        &self.retired
    }
}

/// Reads `data/migration.toml`: `[renamed]` "force.old" = "force.new", `[retired]`
/// "force.id" = "reason".
fn migration(text: &str) -> Result<(Vec<Renamed>, Vec<Retired>), String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        renamed: BTreeMap<String, String>,
        retired: BTreeMap<String, String>,
    }
    let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
    let split = |key: &str| -> Result<(Force, String), String> {
        let (force, id) = key.split_once('.').ok_or_else(|| format!("`{key}` is not force.id"))?;
        let force = Force::from_key(force).ok_or_else(|| format!("`{key}`: unknown force"))?;
        Ok((force, id.to_owned()))
    };
    let mut renamed = Vec::new();
    for (old, new) in &file.renamed {
        let (force, old) = split(old)?;
        let (to, new) = split(new)?;
        if to != force {
            return Err(format!("{force}.{old}: a rename stays within its force"));
        }
        renamed.push(Renamed { force, old, new });
    }
    let mut retired = Vec::new();
    for (id, reason) in &file.retired {
        let (force, id) = split(id)?;
        retired.push(Retired { force, id, reason: reason.clone() });
    }
    Ok((renamed, retired))
}

/// One `[[question]]`, when every field is valid. `seen` holds the force and id of the
/// questions above it, to find duplicates.
fn question(
    problems: &mut Problems<'_>,
    seen: &mut BTreeSet<(Force, String)>,
    at: Range<usize>,
    table: &DeTable<'_>,
) -> Option<Question> {
    let fields = Fields::new(problems, table, at, "this [[question]]", &QUESTION_KEYS);
    let id = fields.text(problems, "id", "id = \"short_snake_case_id\"");
    let statement = fields.text(problems, "statement", "statement = \"The sentence people agree or disagree with.\"");
    let help = fields.text(problems, "help", "help = \"1 = …; 5 = …\"");
    let source = fields.text(problems, "source", "source = \"Where the question comes from\"");
    let force = fields.choice(problems, "force", "force = \"buyers\"", &Force::ALL.map(|f| (f.key(), f)));
    let direction = fields.choice(problems, "direction", "direction = \"raises\"", &DIRECTIONS);
    let applies_to = match fields.get("applies_to") {
        Some((k, v)) => problems.choice(k, v, &Audience::ALL),
        None => Some(Audience::All),
    };
    // Without `role`, the force's main role (a team bank written before roles existed).
    let role = match fields.get("role") {
        Some((k, v)) => problems.choice(k, v, &Role::ALL),
        None => force.and_then(|f| Role::of(f).first().copied()),
    };
    if let (Some(force), Some(role), Some((_, value))) = (force, role, fields.get("role"))
        && !Role::of(force).contains(&role)
    {
        let roles: Vec<&str> = Role::of(force).iter().map(|r| r.key()).collect();
        problems.push(
            Problem::at(
                Code::UnknownRole,
                value.span(),
                format!("role `{}` is not used by the model of `{force}`", role.key()),
            )
            .label(format!("not a role of `{force}`"))
            .help(format!("the roles of `{force}` are: {} (the README explains each)", roles.join(", "))),
        );
    }
    let weight = fields.required(problems, "weight", "weight = 1.0").and_then(|(k, v)| {
        problems.number_within(
            k,
            v,
            MIN_WEIGHT,
            MAX_WEIGHT,
            "1.0 is a normal weight; 1.5 marks a central determinant, 0.5 a secondary one",
        )
    });
    if let (Some(id), Some((_, id_value))) = (&id, fields.get("id")) {
        let taken = force.filter(|&f| !seen.insert((f, id.clone()))).map(|f| format!("{f}.{id}"));
        check_id(problems, "question", id, id_value.span(), taken.as_deref().map(|t| (t, "within a force")));
    }
    Some(Question {
        id: id?,
        force: force?,
        statement: statement?,
        help: help?,
        direction: direction?,
        weight: weight?,
        applies_to: applies_to?,
        role: role.filter(|r| force.is_some_and(|f| Role::of(f).contains(r)))?,
        source: source?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_bank_loads() {
        let bank = QuestionBank::builtin();
        for force in Force::ALL {
            assert!(bank.for_force(force).count() >= 7, "{force} has fewer than 7 questions");
        }
    }

    #[test]
    fn every_builtin_role_fits_its_force_and_every_model_has_its_groups_in_every_context() {
        use crate::context::Values;
        let bank = QuestionBank::builtin();
        for q in bank.questions() {
            assert!(Role::of(q.force).contains(&q.role), "{}.{}", q.force, q.id);
        }
        let contexts: Vec<Option<Context>> = std::iter::once(None)
            .chain((0..3).map(|i| {
                let mut c = Context::default();
                let mut v = Values::EMPTY;
                v.insert(i);
                c.set(ContextKey::Customers, v);
                Some(c)
            }))
            .collect();
        for force in Force::ALL {
            for context in &contexts {
                for role in Role::required(force) {
                    assert!(
                        bank.for_force(force).any(|q| q.role == *role && q.applies_to.applies(context.as_ref())),
                        "{force} has no {role:?} question under {context:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn consumer_and_business_questions_follow_the_context() {
        let bank = QuestionBank::builtin();
        let context = |name: &str| {
            let mut c = Context::default();
            let mut v = crate::context::Values::EMPTY;
            v.insert(ContextKey::Customers.value_index(name).expect("a value"));
            c.set(ContextKey::Customers, v);
            c
        };
        let asked = |c: Option<&Context>| -> BTreeSet<String> {
            bank.for_force(Force::Buyers).filter(|q| q.applies_to.applies(c)).map(|q| q.id.clone()).collect()
        };
        let (consumers, businesses) = (context("consumers"), context("businesses"));
        let (c, b) = (asked(Some(&consumers)), asked(Some(&businesses)));
        assert!(c.contains("habitual_demand") && !b.contains("habitual_demand"));
        assert!(b.contains("concentration") && !c.contains("concentration"));
        assert_eq!(asked(Some(&context("both"))), asked(None));
        assert_eq!(asked(None), c.union(&b).cloned().collect());
    }

    #[test]
    fn renamed_ids_point_at_current_questions_and_retired_ids_are_gone() {
        let bank = QuestionBank::builtin();
        assert!(!bank.renames().is_empty() && !bank.retirements().is_empty());
        for r in bank.renames() {
            assert!(bank.find(r.force, &r.old).is_none(), "{}.{} is still a current id", r.force, r.old);
            assert!(bank.renamed(r.force, &r.old).is_some(), "{}.{} -> {} is not in the bank", r.force, r.old, r.new);
        }
        for r in bank.retirements() {
            assert!(bank.find(r.force, &r.id).is_none() && bank.retired(r.force, &r.id).is_some());
        }
    }

    /// The previous bank (kept in calibration/v1): every old id is kept with its direction,
    /// renamed to a question of the same direction, or retired.
    #[test]
    fn every_previous_id_is_kept_renamed_or_retired() {
        #[derive(Deserialize)]
        struct Old {
            question: Vec<OldQuestion>,
        }
        #[derive(Deserialize)]
        struct OldQuestion {
            id: String,
            force: Force,
            direction: Direction,
        }
        let old: Old = toml::from_str(include_str!("../../calibration/v1/questions.toml")).expect("v1 bank");
        let bank = QuestionBank::builtin();
        for q in &old.question {
            let now = bank.find(q.force, &q.id).or_else(|| bank.renamed(q.force, &q.id));
            match now {
                Some((_, now)) => assert_eq!(now.direction, q.direction, "{}.{} changes direction", q.force, q.id),
                None => assert!(bank.retired(q.force, &q.id).is_some(), "{}.{} is lost", q.force, q.id),
            }
        }
    }

    #[test]
    fn a_role_of_another_force_is_located() {
        let text = "[[question]]\nid = \"a\"\nforce = \"rivalry\"\nstatement = \"S\"\nhelp = \"h\"\ndirection = \"raises\"\nweight = 1.0\nrole = \"barrier\"\napplies_to = \"consumer\"\nsource = \"s\"\n";
        let err = QuestionBank::from_toml("team.toml", text, Some(&QuestionBank::builtin())).expect_err("bad role");
        let shown = err.to_string();
        assert!(
            shown.contains("team.toml:8:8: error[FF214]: role `barrier` is not used by the model of `rivalry`"),
            "{shown}"
        );
        assert!(shown.contains("the roles of `rivalry` are: pressure"), "{shown}");
        assert!(shown.contains("team.toml:9:14: error[FF202]: `consumer` is not a valid `applies_to`"), "{shown}");
        assert!(shown.contains("did you mean `consumers`?"), "{shown}");
        // Without `role`, the force's main role.
        let missing = text.replace("role = \"barrier\"\n", "").replace("\"consumer\"", "\"consumers\"");
        let bank = QuestionBank::from_toml("team.toml", &missing, Some(&QuestionBank::builtin())).expect("valid");
        assert_eq!(bank.find(Force::Rivalry, "a").map(|(_, q)| q.role), Some(Role::Pressure));
    }

    #[test]
    fn a_team_bank_extends_and_replaces_by_id() {
        let base = QuestionBank::builtin();
        let first = base.for_force(Force::Buyers).next().cloned().expect("buyers has questions");
        let text = format!(
            "[[question]]\nid = \"{}\"\nforce = \"buyers\"\nstatement = \"Replaced.\"\nhelp = \"1 = no; 5 = yes\"\ndirection = \"lowers\"\nweight = 2.0\nrole = \"price_sensitivity\"\nsource = \"Our team\"\n\n[[question]]\nid = \"extra_one\"\nforce = \"rivalry\"\nstatement = \"New.\"\nhelp = \"1 = no; 5 = yes\"\ndirection = \"raises\"\nweight = 1.0\nrole = \"pressure\"\nsource = \"Our team\"\n",
            first.id
        );
        let bank = QuestionBank::from_toml("team.toml", &text, Some(&base)).expect("valid");
        assert_eq!(bank.questions().len(), base.questions().len() + 1);
        let (_, replaced) = bank.find(Force::Buyers, &first.id).expect("still there");
        assert_eq!(replaced.statement, "Replaced.");
        assert!(bank.find(Force::Rivalry, "extra_one").is_some());
    }

    #[test]
    fn a_replacing_bank_must_cover_every_force() {
        let text = "builtin = \"replace\"\n[[question]]\nid = \"a\"\nforce = \"buyers\"\nstatement = \"S\"\nhelp = \"h\"\ndirection = \"raises\"\nweight = 1.0\nrole = \"leverage\"\nsource = \"s\"\n";
        let err = QuestionBank::from_toml("team.toml", text, Some(&QuestionBank::builtin())).expect_err("incomplete");
        assert_eq!(err.problems.len(), 4, "{err}");
    }

    #[test]
    fn weights_stay_in_a_sane_range_and_are_echoed_as_written() {
        let builtin = QuestionBank::builtin();
        let question = |weight: &str| {
            format!(
                "[[question]]\nid = \"a\"\nforce = \"buyers\"\nstatement = \"S\"\nhelp = \"h\"\ndirection = \"raises\"\nweight = {weight}\nsource = \"s\"\n"
            )
        };
        for (weight, found) in [
            ("5e-324", "found 5e-324"),
            ("1e308", "found 1e308"),
            ("inf", "found inf"),
            ("nan", "found nan"),
            ("0.09", "found 0.09"),
        ] {
            let err =
                QuestionBank::from_toml("team.toml", &question(weight), Some(&builtin)).expect_err(weight).to_string();
            assert!(err.contains("`weight` must be a number from 0.1 to 10"), "{err}");
            assert!(err.contains(found), "{err}");
            assert!(err.len() < 400, "{err}");
        }
        for weight in ["0.1", "10", "1.5"] {
            assert!(QuestionBank::from_toml("team.toml", &question(weight), Some(&builtin)).is_ok(), "{weight}");
        }
    }

    #[test]
    fn duplicate_ids_and_bad_weights_are_located() {
        let q = "[[question]]\nid = \"Dup\"\nforce = \"buyers\"\nstatement = \"S\"\nhelp = \"h\"\ndirection = \"raises\"\nweight = 0.0\nrole = \"pressure\"\nsource = \"s\"\n";
        let text = format!("{q}{q}");
        let err = QuestionBank::from_toml("team.toml", &text, Some(&QuestionBank::builtin())).expect_err("bad");
        let shown = err.to_string();
        assert!(shown.contains("team.toml:2:6: error[FF206]: question id `Dup` is not snake_case"), "{shown}");
        assert!(shown.contains("team.toml:11:6: error[FF207]: question `buyers.Dup` is defined twice"), "{shown}");
        assert!(
            shown.contains("team.toml:7:10: error[FF203]: `weight` must be a number from 0.1 to 10, found 0.0"),
            "{shown}"
        );
    }
}
