//! The question bank: every question a questionnaire can answer, with the force it measures,
//! the direction in which agreement moves that force, its weight and its source.
//!
//! The built-in bank is `data/questions.toml`, embedded in the binary and read by the same
//! loader that reads a team's own bank (`--questions FILE`), so the two can never drift.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::de::DeTable;

use crate::data::team_files::{Layering, check_id, read_entries};
use crate::force::{Force, PerForce};
use crate::source::diagnostic::FileKind;
use crate::source::diagnostic::{Code, InvalidFile, Problem};
use crate::source::toml_tree::{Fields, Problems};

/// The built-in bank's source text.
pub const BUILTIN_QUESTIONS: &str = include_str!("../../data/questions.toml");

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
}

const KIND: FileKind = FileKind {
    what: "question bank",
    how_to_start: "copy data/questions.toml from the fiveforces repository and edit it (the comment at its top describes every field)",
};

const QUESTION_KEYS: [&str; 7] = ["id", "force", "statement", "help", "direction", "weight", "source"];
const DIRECTIONS: [(&str, Direction); 2] = [("raises", Direction::Raises), ("lowers", Direction::Lowers)];

impl QuestionBank {
    /// The bank that ships inside the binary.
    ///
    /// # Panics
    /// Never in a released build: a unit test loads the embedded file.
    #[allow(clippy::panic)]
    pub fn builtin() -> Self {
        match Self::from_toml("data/questions.toml", BUILTIN_QUESTIONS, None) {
            Ok(bank) => bank,
            Err(err) => panic!("the built-in question bank is invalid:\n{err}"),
        }
    }

    /// Reads a bank file. With `base`, the file extends it (a question with the same force and
    /// id replaces the base's) unless the file says `builtin = "replace"`. Every problem of the
    /// file is reported, each at its place.
    pub fn from_toml(origin: &str, text: &str, base: Option<&QuestionBank>) -> Result<Self, InvalidFile> {
        let mut seen = BTreeSet::new();
        let (mut problems, layering, own) =
            read_entries(text, KIND, "question", |problems, at, table| question(problems, &mut seen, at, table));
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
        Ok(QuestionBank { questions, by_id })
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
    let weight = fields.required(problems, "weight", "weight = 1.0").and_then(|(k, v)| {
        problems.number_above(
            k,
            v,
            0.0,
            10.0,
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
    fn a_team_bank_extends_and_replaces_by_id() {
        let base = QuestionBank::builtin();
        let first = base.for_force(Force::Buyers).next().cloned().expect("buyers has questions");
        let text = format!(
            "[[question]]\nid = \"{}\"\nforce = \"buyers\"\nstatement = \"Replaced.\"\nhelp = \"1 = no; 5 = yes\"\ndirection = \"lowers\"\nweight = 2.0\nsource = \"Our team\"\n\n[[question]]\nid = \"extra_one\"\nforce = \"rivalry\"\nstatement = \"New.\"\nhelp = \"1 = no; 5 = yes\"\ndirection = \"raises\"\nweight = 1.0\nsource = \"Our team\"\n",
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
        let text = "builtin = \"replace\"\n[[question]]\nid = \"a\"\nforce = \"buyers\"\nstatement = \"S\"\nhelp = \"h\"\ndirection = \"raises\"\nweight = 1.0\nsource = \"s\"\n";
        let err = QuestionBank::from_toml("team.toml", text, Some(&QuestionBank::builtin())).expect_err("incomplete");
        assert_eq!(err.problems.len(), 4, "{err}");
    }

    #[test]
    fn duplicate_ids_and_bad_weights_are_located() {
        let q = "[[question]]\nid = \"Dup\"\nforce = \"buyers\"\nstatement = \"S\"\nhelp = \"h\"\ndirection = \"raises\"\nweight = 0.0\nsource = \"s\"\n";
        let text = format!("{q}{q}");
        let err = QuestionBank::from_toml("team.toml", &text, Some(&QuestionBank::builtin())).expect_err("bad");
        let shown = err.to_string();
        assert!(shown.contains("team.toml:2:6: error[FF206]: question id `Dup` is not snake_case"), "{shown}");
        assert!(shown.contains("team.toml:10:6: error[FF207]: question `buyers.Dup` is defined twice"), "{shown}");
        assert!(
            shown.contains(
                "team.toml:7:10: error[FF203]: `weight` must be a number greater than 0 and at most 10, found 0"
            ),
            "{shown}"
        );
    }
}
