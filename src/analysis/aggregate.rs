//! A panel's questionnaires combined into a consensus: several people assessed the same
//! business (a workshop, a survey of managers).
//!
//! - Per question: how many answered (`n`), the mean answer, the standard deviation (sample,
//!   n − 1), the lowest and highest answer, the agreement index `rwg`, and whether the answers
//!   are **contested** (they span `contested_span + 1` or more points of the scale; by default
//!   max − min ≥ 2, i.e. three points). An unanswered question is missing, never a score.
//! - Per force: the **consensus score**, computed like any score but from the per-question mean
//!   answers (fractional answers are fine: the pressure of a mean answer of 3.5 is 0.625 on a
//!   raising question); the spread of the assessors' own scores for the force (SD, min, max);
//!   and the agreement index `rwg(J)` over its questions answered by at least two assessors.
//!
//! The agreement index is rwg(J) (James, Demaree & Wolf 1984): the observed variance of the
//! answers compared with the variance that answering at random would produce. For an A-point
//! scale, uniform random answers have variance σ²_EU = (A² − 1) / 12, which is 2 for five
//! points. Per question, rwg = 1 − s² / σ²_EU, clamped to 0–1; per force, with J questions and
//! s̄² their mean variance, rwg(J) = J(1 − s̄²/σ²_EU) / (J(1 − s̄²/σ²_EU) + s̄²/σ²_EU), 0 when the
//! answers vary as much as random ones or more. 1 is perfect agreement; 0.70 and above is the
//! conventional threshold for treating the panel as agreeing.
//!
//! ```
//! use fiveforces::analysis::aggregate::aggregate;
//! use fiveforces::{Force, QuestionBank, Questionnaire};
//!
//! let bank = QuestionBank::builtin();
//! let panel: Vec<(String, Questionnaire)> = [2, 4, 5]
//!     .iter()
//!     .map(|answer| {
//!         let text = format!("[assessment]\nname = \"Bakery\"\n[buyers]\nlow_switching = {answer}\n");
//!         Ok((format!("{answer}.toml"), Questionnaire::parse("p.toml", &text, &bank)?))
//!     })
//!     .collect::<Result<_, fiveforces::InvalidFile>>()?;
//! let consensus = aggregate(panel, &bank, 2).expect("three assessors");
//! let (_, question) = bank.find(Force::Buyers, "low_switching").expect("in the bank");
//! let stats = &consensus.questions[consensus.questions.iter().position(|q| q.question == question).expect("listed")];
//! assert_eq!(format!("{:.2}", stats.mean.expect("answered")), "3.67");
//! assert_eq!(format!("{:.2}", stats.sd.expect("three answers")), "1.53");
//! assert!(stats.contested);
//! assert_eq!(consensus.profile.get(Force::Buyers).score, Some(67)); // (3.67 − 1) / 4
//! # Ok::<(), fiveforces::InvalidFile>(())
//! ```

use std::fmt::Write as _;

use crate::analysis::score::{Profile, score, score_values};
use crate::context::{Context, ContextKey};
use crate::data::bank::{Question, QuestionBank};
use crate::force::{Force, PerForce};
use crate::questionnaire::model::MAX_NOTE_BYTES;
use crate::questionnaire::writer::{Document, SaveError};
use crate::questionnaire::{Answer, Assessment, Likert, Questionnaire};

/// Marks an assessor's note shortened in the consensus file.
const SHORTENED: &str = " […shortened; the whole note is in the assessor's file]";

/// The variance of uniformly random answers on the five-point scale: (A² − 1) / 12 with A = 5.
pub const EXPECTED_VARIANCE: f64 = {
    let points = (Likert::MAX - Likert::MIN + 1) as f64;
    (points * points - 1.0) / 12.0
};

/// rwg(J) from this value up is conventionally read as agreement.
pub const AGREEMENT_THRESHOLD: f64 = 0.70;

/// By default a question is contested when its answers span three or more points (max − min ≥ 2).
pub const DEFAULT_CONTESTED_SPAN: u8 = 2;

/// One assessor's questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessor {
    /// The file as the user named it.
    pub origin: String,
    /// The validated questionnaire.
    pub questionnaire: Questionnaire,
    /// The assessor's own force scores.
    pub profile: Profile,
}

impl Assessor {
    /// Who this is: the `assessor` of the file, else the file.
    pub fn label(&self) -> &str {
        self.questionnaire.assessment.assessor.as_deref().unwrap_or(&self.origin)
    }
}

/// One assessor's answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rating {
    /// Position of the assessor in [`Aggregate::assessors`].
    pub assessor: usize,
    /// The answer.
    pub score: Likert,
    /// The assessor's note.
    pub note: Option<String>,
}

/// The panel's answers to one question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionStats<'a> {
    /// The question.
    pub question: &'a Question,
    /// Its position in the bank.
    pub index: usize,
    /// The answers, in assessor order; unanswered questions are simply absent.
    pub ratings: Vec<Rating>,
    /// The mean answer (`None` when nobody answered).
    pub mean: Option<f64>,
    /// The sample standard deviation (`None` with fewer than two answers).
    pub sd: Option<f64>,
    /// The agreement index 1 − s²/σ²_EU, clamped to 0–1 (`None` with fewer than two answers).
    pub rwg: Option<f64>,
    /// Whether the answers span more than the contested span allows.
    pub contested: bool,
}

impl QuestionStats<'_> {
    /// How many assessors answered.
    pub fn n(&self) -> usize {
        self.ratings.len()
    }

    /// The lowest answer.
    pub fn min(&self) -> Option<Likert> {
        self.ratings.iter().map(|r| r.score).min()
    }

    /// The highest answer.
    pub fn max(&self) -> Option<Likert> {
        self.ratings.iter().map(|r| r.score).max()
    }

    /// The answers, lowest first.
    pub fn sorted_answers(&self) -> Vec<u8> {
        let mut answers: Vec<u8> = self.ratings.iter().map(|r| r.score.get()).collect();
        answers.sort_unstable();
        answers
    }
}

/// How far apart the assessors' own scores of one force are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// How many assessors scored the force.
    pub n: usize,
    /// The sample standard deviation of their scores (`None` with one score).
    pub sd: Option<f64>,
    /// The lowest score.
    pub min: u8,
    /// The highest score.
    pub max: u8,
}

/// How much the panel agrees on one force.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForceAgreement {
    /// The force.
    pub force: Force,
    /// The spread of the assessors' scores (`None` when nobody scored the force).
    pub spread: Option<Spread>,
    /// J: how many of its questions at least two assessors answered.
    pub rated: usize,
    /// rwg(J) over those questions (`None` when J = 0).
    pub rwg_j: Option<f64>,
}

impl ForceAgreement {
    /// Whether rwg(J), to the two decimals shown, reaches the conventional threshold of agreement.
    pub fn agrees(&self) -> Option<bool> {
        self.rwg_j.map(|r| (r * 100.0).round() >= AGREEMENT_THRESHOLD * 100.0)
    }
}

/// A panel combined.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate<'a> {
    /// The consensus's details: the common name (or "Consensus of N assessments"), the
    /// industry and scope when every assessor who gives one gives the same, the assessors, and
    /// the latest date.
    pub assessment: Assessment,
    /// The consensus's context: for each key, the values every assessor who gives the key
    /// agrees on; a key they disagree on is left out (so nothing is filtered on it) and named
    /// in [`Aggregate::context_disagreements`]. `None` when no assessor gives a context.
    pub context: Option<Context>,
    /// The context keys the assessors disagree on, each with every assessor's values.
    pub context_disagreements: Vec<ContextDisagreement>,
    /// The questionnaires, in the order given.
    pub assessors: Vec<Assessor>,
    /// Every question of the bank, in bank order, with the panel's answers.
    pub questions: Vec<QuestionStats<'a>>,
    /// The consensus scores, from the mean answers.
    pub profile: Profile,
    /// The agreement on each force.
    pub forces: PerForce<ForceAgreement>,
    /// A question is contested when max − min is at least this.
    pub contested_span: u8,
}

/// Why a panel could not be combined.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a consensus needs at least 2 questionnaires, got {found}; give every assessor's file (or a folder holding them)"
)]
pub struct TooFew {
    /// How many were given.
    pub found: usize,
}

/// The businesses of a panel when they are not all the same: each distinct `name` (compared
/// trimmed and ignoring case, so `Acme ` and `acme` are one business) with the files that
/// name it, in the order first met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DifferentBusinesses {
    /// Each name as first written, with the origins of the files that use it.
    pub businesses: Vec<(String, Vec<String>)>,
}

impl std::fmt::Display for DifferentBusinesses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let listed: Vec<String> =
            self.businesses.iter().map(|(name, files)| format!("{name:?} ({})", files.join(", "))).collect();
        write!(f, "the questionnaires assess different businesses: {}", listed.join(", "))
    }
}

/// `None` when every questionnaire of the panel names the same business (trimmed, ignoring
/// case); else the businesses and their files. A consensus across businesses averages
/// unrelated answers, so `aggregate` refuses it unless told otherwise.
pub fn different_businesses(panel: &[(String, Questionnaire)]) -> Option<DifferentBusinesses> {
    let mut businesses: Vec<(String, Vec<String>)> = Vec::new();
    for (origin, questionnaire) in panel {
        let name = questionnaire.assessment.name.trim();
        match businesses.iter_mut().find(|(seen, _)| seen.trim().to_lowercase() == name.to_lowercase()) {
            Some((_, files)) => files.push(origin.clone()),
            None => businesses.push((name.to_owned(), vec![origin.clone()])),
        }
    }
    (businesses.len() > 1).then_some(DifferentBusinesses { businesses })
}

/// Combines the questionnaires of a panel (each with its origin), all validated against
/// `bank`. Answers spanning `contested_span` or more (max − min) are contested.
pub fn aggregate(
    panel: Vec<(String, Questionnaire)>,
    bank: &QuestionBank,
    contested_span: u8,
) -> Result<Aggregate<'_>, TooFew> {
    if panel.len() < 2 {
        return Err(TooFew { found: panel.len() });
    }
    let assessors: Vec<Assessor> = panel
        .into_iter()
        .map(|(origin, questionnaire)| {
            let profile = score(&questionnaire, bank);
            Assessor { origin, questionnaire, profile }
        })
        .collect();
    let mut ratings: Vec<Vec<Rating>> = vec![Vec::new(); bank.questions().len()];
    for (assessor, a) in assessors.iter().enumerate() {
        for answer in &a.questionnaire.answers {
            if let Some(list) = ratings.get_mut(answer.question) {
                list.push(Rating { assessor, score: answer.score, note: answer.note.clone() });
            }
        }
    }
    let questions: Vec<QuestionStats<'_>> = bank
        .questions()
        .iter()
        .zip(ratings)
        .enumerate()
        .map(|(index, (question, ratings))| stats(question, index, ratings, contested_span))
        .collect();
    let (context, context_disagreements) = consensus_context(&assessors);
    let profile = score_values(bank, context.as_ref(), questions.iter().filter_map(|q| Some((q.index, q.mean?))));
    let forces = PerForce(Force::ALL.map(|force| agreement(force, &assessors, &questions)));
    let assessment = consensus_details(&assessors);
    Ok(Aggregate { assessment, context, context_disagreements, assessors, questions, profile, forces, contested_span })
}

/// A context key the assessors of a panel answer differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextDisagreement {
    /// The key.
    pub key: ContextKey,
    /// Each assessor who gives the key (their label) with the values they give.
    pub answers: Vec<(String, Vec<&'static str>)>,
}

/// The context a panel agrees on, and the keys it disagrees on (see [`Aggregate::context`]).
fn consensus_context(assessors: &[Assessor]) -> (Option<Context>, Vec<ContextDisagreement>) {
    let contexts: Vec<(&Assessor, &Context)> =
        assessors.iter().filter_map(|a| a.questionnaire.context.as_ref().map(|c| (a, c))).collect();
    if contexts.is_empty() {
        return (None, Vec::new());
    }
    let mut agreed = Context::default();
    let mut disagreements = Vec::new();
    for key in ContextKey::ALL {
        let given: Vec<(&Assessor, crate::context::Values)> =
            contexts.iter().map(|(a, c)| (*a, c.get(key))).filter(|(_, v)| !v.is_empty()).collect();
        let Some((_, first)) = given.first() else { continue };
        if given.iter().all(|(_, v)| v == first) {
            agreed.set(key, *first);
        } else {
            let answers = given
                .iter()
                .map(|(a, v)| (a.label().to_owned(), v.indices().map(|i| key.value_name(i)).collect()))
                .collect();
            disagreements.push(ContextDisagreement { key, answers });
        }
    }
    (Some(agreed).filter(|c| !c.is_empty()), disagreements)
}

fn stats(question: &Question, index: usize, ratings: Vec<Rating>, span: u8) -> QuestionStats<'_> {
    let values: Vec<f64> = ratings.iter().map(|r| f64::from(r.score.get())).collect();
    let mean = mean(&values);
    let variance = sample_variance(&values);
    let (lowest, highest) = (ratings.iter().map(|r| r.score).min(), ratings.iter().map(|r| r.score).max());
    let contested = match (lowest, highest) {
        (Some(lo), Some(hi)) => ratings.len() >= 2 && hi.get() - lo.get() >= span,
        _ => false,
    };
    QuestionStats {
        question,
        index,
        ratings,
        mean,
        sd: variance.map(f64::sqrt),
        rwg: variance.map(|v| (1.0 - v / EXPECTED_VARIANCE).clamp(0.0, 1.0)),
        contested,
    }
}

fn agreement(force: Force, assessors: &[Assessor], questions: &[QuestionStats<'_>]) -> ForceAgreement {
    let scores: Vec<u8> = assessors.iter().filter_map(|a| a.profile.get(force).score).collect();
    let spread = match (scores.iter().min(), scores.iter().max()) {
        (Some(&min), Some(&max)) => {
            let values: Vec<f64> = scores.iter().map(|&s| f64::from(s)).collect();
            Some(Spread { n: scores.len(), sd: sample_variance(&values).map(f64::sqrt), min, max })
        }
        _ => None,
    };
    let variances: Vec<f64> = questions
        .iter()
        .filter(|q| q.question.force == force)
        .filter_map(|q| sample_variance(&q.ratings.iter().map(|r| f64::from(r.score.get())).collect::<Vec<_>>()))
        .collect();
    let rwg_j = mean(&variances).map(|mean_variance| rwg_j(variances.len(), mean_variance));
    ForceAgreement { force, spread, rated: variances.len(), rwg_j }
}

/// rwg(J) for `items` questions whose answers have a mean variance of `mean_variance`; 0 when
/// the answers vary as much as random ones or more.
pub fn rwg_j(items: usize, mean_variance: f64) -> f64 {
    let share = mean_variance / EXPECTED_VARIANCE;
    if share >= 1.0 {
        return 0.0;
    }
    let j = f64::from(u32::try_from(items).unwrap_or(u32::MAX));
    let agreeing = j * (1.0 - share);
    (agreeing / (agreeing + share)).clamp(0.0, 1.0)
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / count(values))
}

/// The sample variance (n − 1), with at least two values.
fn sample_variance(values: &[f64]) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let mean = mean(values)?;
    Some(values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (count(values) - 1.0))
}

fn count(values: &[f64]) -> f64 {
    f64::from(u32::try_from(values.len()).unwrap_or(u32::MAX))
}

/// The details every assessor agrees on, the list of assessors and the latest date.
fn consensus_details(assessors: &[Assessor]) -> Assessment {
    let details: Vec<&Assessment> = assessors.iter().map(|a| &a.questionnaire.assessment).collect();
    let common = |field: fn(&Assessment) -> Option<&str>| {
        let mut given = details.iter().filter_map(|d| field(d));
        let first = given.next()?;
        given.all(|other| other == first).then(|| first.to_owned())
    };
    let name =
        common(|d| Some(d.name.as_str())).unwrap_or_else(|| format!("Consensus of {} assessments", assessors.len()));
    let labels: Vec<&str> = assessors.iter().map(Assessor::label).collect();
    Assessment {
        name,
        industry: common(|d| d.industry.as_deref()),
        scope: common(|d| d.scope.as_deref()),
        assessor: Some(format!("consensus of {} assessors: {}", assessors.len(), labels.join(", "))),
        date: details.iter().filter_map(|d| d.date.clone()).max(),
    }
}

impl Aggregate<'_> {
    /// When a question is contested, in words: `answers spanning 3 or more points of the scale`.
    pub fn contested_rule(&self) -> String {
        format!("answers spanning {} or more points of the scale", u16::from(self.contested_span) + 1)
    }

    /// The contested questions, in bank order.
    pub fn contested(&self) -> impl Iterator<Item = &QuestionStats<'_>> {
        self.questions.iter().filter(|q| q.contested)
    }

    /// The questions nobody answered, in bank order.
    pub fn unanswered(&self) -> impl Iterator<Item = &QuestionStats<'_>> {
        self.questions.iter().filter(|q| q.n() == 0)
    }

    /// The questions only one assessor answered (no spread can be measured), in bank order.
    pub fn single_answers(&self) -> impl Iterator<Item = &QuestionStats<'_>> {
        self.questions.iter().filter(|q| q.n() == 1)
    }

    /// The consensus as a normal questionnaire: each question anyone answered gets the mean
    /// answer rounded to the nearest whole point (halves away from the middle: 3.5 is 4), with
    /// a note recording the spread and the assessors' own notes.
    pub fn consensus(&self) -> Questionnaire {
        let answers = self
            .questions
            .iter()
            .filter_map(|q| {
                let score = Likert::new(rounded(q.mean?))?;
                Some(Answer { question: q.index, score, note: Some(self.note(q)) })
            })
            .collect();
        Questionnaire { assessment: self.assessment.clone(), context: self.context, answers, legacy: Vec::new() }
    }

    /// The note of a question in the consensus file, e.g. `consensus of 3 assessors: mean 3.67,
    /// SD 1.53, answers 2, 4, 5; contested` and then each assessor's note on its own line.
    pub fn note(&self, q: &QuestionStats<'_>) -> String {
        let answers: Vec<String> = q.sorted_answers().iter().map(u8::to_string).collect();
        let total = self.assessors.len();
        let of = if q.n() == total { String::new() } else { format!(" of {total}") };
        let mut note = match (q.mean, q.sd) {
            (Some(mean), Some(sd)) => {
                format!(
                    "consensus of {}{of} assessors: mean {mean:.2}, SD {sd:.2}, answers {}",
                    q.n(),
                    answers.join(", ")
                )
            }
            _ => format!("answered by 1 of {total} assessors: {}; no spread to measure", answers.join(", ")),
        };
        if q.contested {
            note.push_str("; contested");
        }
        let quoted: Vec<(String, &str)> = q
            .ratings
            .iter()
            .filter_map(|rating| {
                let who = self.assessors.get(rating.assessor)?;
                Some((format!("\n{}, answer {}: ", who.label(), rating.score.get()), rating.note.as_deref()?))
            })
            .collect();
        // The assessors' notes are quoted whole while the note stays within what the tool writes
        // (`MAX_NOTE_BYTES`); beyond, each is shortened to an equal share, saying so.
        let whole: usize = note.len() + quoted.iter().map(|(head, text)| head.len() + text.len()).sum::<usize>();
        let share = if whole <= MAX_NOTE_BYTES || quoted.is_empty() {
            usize::MAX
        } else {
            let heads: usize = note.len() + quoted.iter().map(|(head, _)| head.len() + SHORTENED.len()).sum::<usize>();
            MAX_NOTE_BYTES.saturating_sub(heads) / quoted.len()
        };
        for (head, text) in quoted {
            note.push_str(&head);
            if text.len() <= share {
                note.push_str(text);
            } else {
                let mut end = share;
                while !text.is_char_boundary(end) {
                    end -= 1;
                }
                note.push_str(text.get(..end).unwrap_or_default());
                note.push_str(SHORTENED);
            }
        }
        note
    }

    /// [`Aggregate::consensus`] as the text of a questionnaire file: the `init` template with the
    /// answers filled in (statements stay as comments), headed by a comment on how it was made.
    /// Checked to read back as exactly the consensus; `origin` names the file in that check.
    pub fn consensus_toml(&self, origin: &str, bank: &QuestionBank) -> Result<String, SaveError> {
        let consensus = self.consensus();
        let text = Document::template(bank, &consensus.assessment.name).render(origin, bank, &consensus)?;
        let mut header =
            format!("# Consensus written by `fiveforces aggregate` from {} questionnaires:\n", self.assessors.len());
        for a in &self.assessors {
            let _ = writeln!(header, "#   - {}", a.origin.replace(|c: char| c.is_control(), " "));
        }
        let _ = write!(
            header,
            "# Each answer is the panel's mean answer rounded to a whole point (halves up); its note\n# records the spread and the assessors' own notes. Contested questions ({}) say so.\n\n",
            self.contested_rule()
        );
        // After the `#:schema` line, which editors expect first.
        let text = match text.split_once('\n') {
            Some((first, rest)) if first.starts_with("#:schema") => format!("{first}\n\n{header}{}", rest.trim_start()),
            _ => format!("{header}{text}"),
        };
        crate::questionnaire::writer::check_size(&text)?;
        let read = Questionnaire::parse(origin, &text, bank).map_err(|e| SaveError::Invalid(Box::new(e)))?;
        if read == consensus { Ok(text) } else { Err(SaveError::Mismatch) }
    }
}

/// The nearest whole number, halves away from zero.
#[allow(clippy::cast_possible_truncation)]
fn rounded(value: f64) -> i64 {
    value.round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(bank: &QuestionBank, answers: &[&[(Force, usize, u8)]]) -> Vec<(String, Questionnaire)> {
        answers
            .iter()
            .enumerate()
            .map(|(i, list)| {
                let mut answers: Vec<Answer> = list
                    .iter()
                    .map(|&(force, nth, score)| {
                        let question = bank
                            .questions()
                            .iter()
                            .enumerate()
                            .filter(|(_, q)| q.force == force)
                            .nth(nth)
                            .map(|(i, _)| i)
                            .expect("question");
                        Answer { question, score: Likert::new(score.into()).expect("1-5"), note: None }
                    })
                    .collect();
                answers.sort_by_key(|a| a.question);
                let assessment = Assessment {
                    name: "Acme".into(),
                    assessor: Some(format!("A{i}")),
                    date: Some(format!("2026-0{}-01", i + 1)),
                    ..Assessment::default()
                };
                (format!("{i}.toml"), Questionnaire { assessment, context: None, answers, legacy: Vec::new() })
            })
            .collect()
    }

    #[test]
    fn the_expected_variance_of_a_five_point_scale_is_2() {
        assert!((EXPECTED_VARIANCE - 2.0).abs() < f64::EPSILON);
    }

    #[test]
    fn rwg_j_follows_james_demaree_and_wolf() {
        assert!((rwg_j(5, 0.0) - 1.0).abs() < 1e-12);
        assert!(rwg_j(5, 2.0).abs() < 1e-12);
        assert!(rwg_j(5, 3.0).abs() < 1e-12, "more variance than random is no agreement");
        // J = 4, s̄² = 1: 4 × 0.5 / (4 × 0.5 + 0.5) = 0.8
        assert!((rwg_j(4, 1.0) - 0.8).abs() < 1e-12);
    }

    #[test]
    fn three_assessors_give_means_spreads_agreement_and_flags() {
        let bank = QuestionBank::builtin();
        let b = Force::Buyers;
        let data = panel(
            &bank,
            &[&[(b, 0, 2), (b, 1, 4), (b, 2, 3)], &[(b, 0, 4), (b, 1, 4), (b, 2, 3)], &[(b, 0, 5), (b, 1, 4)]],
        );
        let agg = aggregate(data, &bank, DEFAULT_CONTESTED_SPAN).expect("three");
        let buyers: Vec<&QuestionStats<'_>> = agg.questions.iter().filter(|q| q.question.force == b).collect();
        let first = buyers[0];
        assert_eq!((first.n(), format!("{:.2}", first.mean.unwrap_or_default())), (3, "3.67".to_owned()));
        assert_eq!(format!("{:.2}", first.sd.unwrap_or_default()), "1.53");
        assert!(first.contested);
        assert_eq!(first.rwg, Some(0.0), "variance 2.33 exceeds random answering");
        assert!(!buyers[1].contested && buyers[1].rwg == Some(1.0));
        assert_eq!((buyers[2].n(), buyers[2].sd), (2, Some(0.0)));
        assert!(buyers[3].mean.is_none() && buyers[3].ratings.is_empty(), "unanswered is missing, not a score");
        let agreement = agg.forces.get(b);
        assert_eq!(agreement.rated, 3);
        // s̄² = (2.333 + 0 + 0) / 3 = 0.778; share 0.389; 3 × 0.611 / (3 × 0.611 + 0.389) = 0.825
        assert_eq!(format!("{:.3}", agreement.rwg_j.unwrap_or_default()), "0.825");
        assert_eq!(agreement.agrees(), Some(true));
        assert!(agg.forces.get(Force::Rivalry).rwg_j.is_none());
        assert_eq!(agg.contested().count(), 1);
        assert_eq!(agg.assessment.date.as_deref(), Some("2026-03-01"));
        assert_eq!(agg.assessment.name, "Acme");
        assert_eq!(agg.assessment.assessor.as_deref(), Some("consensus of 3 assessors: A0, A1, A2"));
    }

    #[test]
    fn the_consensus_rounds_halves_up_and_reads_back_through_the_writer() {
        let bank = QuestionBank::builtin();
        let r = Force::Rivalry;
        let data = panel(&bank, &[&[(r, 0, 3), (r, 1, 1)], &[(r, 0, 4)]]);
        let agg = aggregate(data, &bank, 2).expect("two");
        let consensus = agg.consensus();
        let scores: Vec<u8> = consensus.answers.iter().map(|a| a.score.get()).collect();
        assert_eq!(scores, vec![4, 1], "3.5 rounds to 4; a single answer stays itself");
        let note = consensus.answers[1].note.as_deref().unwrap_or_default();
        assert!(note.starts_with("answered by 1 of 2 assessors: 1"), "{note}");
        let text = agg.consensus_toml("c.toml", &bank).expect("valid");
        assert!(text.starts_with("#:schema ./fiveforces.schema.json\n\n# Consensus written by"), "{text}");
        assert_eq!(Questionnaire::parse("c.toml", &text, &bank).expect("valid"), consensus);
    }

    #[test]
    fn a_panel_of_one_is_refused() {
        let bank = QuestionBank::builtin();
        let data = panel(&bank, &[&[]]);
        assert_eq!(aggregate(data, &bank, 2).expect_err("one"), TooFew { found: 1 });
    }

    #[test]
    fn identical_assessors_agree_perfectly_and_keep_their_scores() {
        let bank = QuestionBank::builtin();
        let one: &[(Force, usize, u8)] =
            &[(Force::Suppliers, 0, 5), (Force::Suppliers, 1, 2), (Force::NewEntrants, 0, 1)];
        let agg = aggregate(panel(&bank, &[one, one, one]), &bank, 2).expect("three");
        for force in Force::ALL {
            assert_eq!(agg.profile.get(force).score, agg.assessors[0].profile.get(force).score);
        }
        assert_eq!(agg.forces.get(Force::Suppliers).rwg_j, Some(1.0));
        let spread = agg.forces.get(Force::Suppliers).spread.expect("scored");
        assert_eq!((spread.n, spread.sd), (3, Some(0.0)));
        assert_eq!(spread.min, spread.max);
    }
}
