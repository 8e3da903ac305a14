//! The interview as a pure state machine: which screen comes next, what an answer, a skip or
//! "back" does, and how far the person is. No terminal, no printing: the binary shows each
//! [`Step`] and turns what the person chose into an [`Event`].
//!
//! An interview walks through a fixed list of screens built when it starts: the assessment's
//! details, then the questions force by force with a [`Step::ForceDone`] screen after each
//! force, then a [`Step::Review`]. A fresh interview asks everything; a resumed one asks only
//! what the file is missing, unless it is told to walk through every question again
//! ([`Mode::All`]).

use crate::context::{Context, ContextKey, Values};
use crate::data::bank::QuestionBank;
use crate::force::Force;
use crate::questionnaire::model::{Answer, Assessment, Detail, Likert, Questionnaire, parse_date};

/// A recorded answer: the agreement and the optional evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Agreement with the statement.
    pub score: Likert,
    /// Evidence, trimmed, never empty.
    pub note: Option<String>,
}

/// What the person sees now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Ask one detail of the assessment; answer with [`Event::Text`].
    Detail(Detail),
    /// Ask one key of the business context; answer with [`Event::Context`].
    Context(ContextKey),
    /// Ask the question at this position of the bank; answer with [`Event::Answer`] or
    /// [`Event::Skip`].
    Question(usize),
    /// The question at this position was just answered: ask for the evidence with
    /// [`Event::Text`] (the score is recorded already, so stopping here loses nothing).
    Note(usize),
    /// The questions of this force are done: show its score; go on with [`Event::Continue`].
    ForceDone(Force),
    /// Everything was asked: review, then [`Event::Finish`] or [`Event::Revisit`] a question.
    Review,
    /// The interview is over.
    Done,
}

/// What the person did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The text typed for a detail or a note; `None` (or blank) leaves it out.
    Text(Option<String>),
    /// The values chosen for the context key on screen (one for `customers` and `purchase`);
    /// none leaves the key out.
    Context(Values),
    /// The agreement with the question on screen. A note it had is kept until the
    /// [`Step::Note`] that follows changes it.
    Answer(Likert),
    /// "Don't know": the question on screen stays (or becomes) unanswered.
    Skip,
    /// Go on from a force's score.
    Continue,
    /// Go back to the previous question (or detail); from a revisited question, back to the review.
    Back,
    /// From the review: change the answer to the question at this position, then come back.
    Revisit(usize),
    /// From the review: end the interview.
    Finish,
}

/// Whether to ask everything again or only what is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Ask only the questions without an answer (and the details when the date is missing).
    Missing,
    /// Walk through every detail and question, the current answers as defaults.
    All,
}

/// An event that does not fit the current step, or a value the questionnaire cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejected {
    /// The event is not one the current step accepts.
    #[error("{event:?} does not apply to {step:?}")]
    NotNow {
        /// The current step.
        step: Step,
        /// The event.
        event: Event,
    },
    /// The assessment's name was left empty.
    #[error("the name cannot be empty")]
    EmptyName,
    /// The date is not a calendar date.
    #[error("`{0}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22")]
    BadDate(String),
    /// There is no question at this position.
    #[error("there is no question number {0}")]
    NoSuchQuestion(usize),
    /// Back from the first screen.
    #[error("this is the first step; there is nothing to go back to")]
    AtStart,
}

/// Where a question sits, for the "where am I" line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// The question's force.
    pub force: Force,
    /// Its number within the force, from 1.
    pub number: usize,
    /// How many questions the force has.
    pub of: usize,
}

/// How far through this interview's questions the person is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The current question's number among the questions this interview asks, from 1 (0 before
    /// the first question).
    pub current: usize,
    /// How many questions this interview asks.
    pub asked: usize,
    /// Questions of the whole bank answered so far.
    pub answered: usize,
    /// Questions in the bank.
    pub total: usize,
}

/// An interview in progress. Build it with [`Interview::new`] or [`Interview::resume`], show
/// [`Interview::step`], feed what the person did to [`Interview::apply`].
#[derive(Debug, Clone)]
pub struct Interview<'b> {
    bank: &'b QuestionBank,
    assessment: Assessment,
    /// The business context, as the file had it (the interview asks it when it is missing).
    context: Option<Context>,
    /// One slot per question of the bank, in bank order.
    responses: Vec<Option<Response>>,
    screens: Vec<Step>,
    cursor: usize,
    /// A question revisited from the review; answering it returns to the review.
    detour: Option<usize>,
    /// The question whose note is asked now (its score is recorded).
    noting: Option<usize>,
    finished: bool,
}

impl<'b> Interview<'b> {
    /// A fresh interview: every detail, then every question.
    pub fn new(bank: &'b QuestionBank) -> Self {
        let all: Vec<usize> = (0..bank.questions().len()).collect();
        Self::build(bank, Assessment::default(), None, vec![None; all.len()], true, &all)
    }

    /// An interview that continues `questionnaire` (validated against `bank`). With
    /// [`Mode::Missing`] it asks only the unanswered questions after the last answered one
    /// (those before it were skipped), and the details only when the
    /// date is missing (the date is the last detail asked, so a file without one never got
    /// past the details); with [`Mode::All`] it asks everything again.
    pub fn resume(bank: &'b QuestionBank, questionnaire: &Questionnaire, mode: Mode) -> Self {
        let mut responses = vec![None; bank.questions().len()];
        for answer in &questionnaire.answers {
            if let Some(slot) = responses.get_mut(answer.question) {
                *slot = Some(Response { score: answer.score, note: clean(answer.note.clone()) });
            }
        }
        // The interview asks force by force, in bank order within a force: an unanswered
        // question before the last answered one was passed over ("don't know") and is not asked
        // again; the review lists it and can change it, and `Mode::All` asks it.
        let order: Vec<usize> = Force::ALL
            .into_iter()
            .flat_map(|force| (0..responses.len()).filter(move |&i| bank.get(i).is_some_and(|q| q.force == force)))
            .collect();
        let last_answered = order.iter().rposition(|&i| responses.get(i).is_some_and(Option::is_some));
        let asked: Vec<usize> = order
            .iter()
            .enumerate()
            .filter(|&(at, &i)| {
                mode == Mode::All
                    || (responses.get(i).is_some_and(Option::is_none) && last_answered.is_none_or(|l| at > l))
            })
            .map(|(_, &i)| i)
            .collect();
        let details = mode == Mode::All || questionnaire.assessment.date.is_none();
        let mut interview =
            Self::build(bank, questionnaire.assessment.clone(), questionnaire.context, responses, details, &asked);
        // The context is asked again in full with `Mode::All`, else for the keys it lacks.
        let missing: Vec<Step> = ContextKey::ALL
            .into_iter()
            .filter(|&k| mode == Mode::All || questionnaire.context.is_none_or(|c| c.get(k).is_empty()))
            .map(Step::Context)
            .collect();
        let at = interview.screens.iter().rposition(|s| matches!(s, Step::Detail(_))).map_or(0, |i| i + 1);
        interview.screens.retain(|s| !matches!(s, Step::Context(_)));
        interview.screens.splice(at..at, missing);
        interview
    }

    fn build(
        bank: &'b QuestionBank,
        assessment: Assessment,
        context: Option<Context>,
        responses: Vec<Option<Response>>,
        details: bool,
        asked: &[usize],
    ) -> Self {
        let mut screens = Vec::new();
        if details {
            screens.extend(Detail::ALL.map(Step::Detail));
        }
        screens.extend(ContextKey::ALL.map(Step::Context));
        for force in Force::ALL {
            let before = screens.len();
            // A question about other customers than the context's is neither asked nor counted.
            screens.extend(
                asked
                    .iter()
                    .filter(|&&i| {
                        bank.get(i).is_some_and(|q| q.force == force && q.applies_to.applies(context.as_ref()))
                    })
                    .map(|&i| Step::Question(i)),
            );
            if screens.len() > before {
                screens.push(Step::ForceDone(force));
            }
        }
        screens.push(Step::Review);
        Interview {
            bank,
            assessment,
            context,
            responses,
            screens,
            cursor: 0,
            detour: None,
            noting: None,
            finished: false,
        }
    }

    /// The screen to show now.
    pub fn step(&self) -> Step {
        if self.finished {
            Step::Done
        } else if let Some(question) = self.noting {
            Step::Note(question)
        } else if let Some(question) = self.detour {
            Step::Question(question)
        } else {
            self.screens.get(self.cursor).copied().unwrap_or(Step::Done)
        }
    }

    /// Applies what the person did. Returns whether the questionnaire changed (so that it must
    /// be saved); a rejected event changes nothing.
    pub fn apply(&mut self, event: Event) -> Result<bool, Rejected> {
        let step = self.step();
        match (step, event) {
            (Step::Detail(detail), Event::Text(text)) => {
                let changed = self.set_detail(detail, text)?;
                self.cursor += 1;
                Ok(changed)
            }
            (Step::Context(key), Event::Context(values)) => {
                let context = self.context.get_or_insert_with(Context::default);
                let changed = context.get(key) != values;
                context.set(key, values);
                self.cursor += 1;
                Ok(changed)
            }
            (Step::Question(question), Event::Answer(score)) => {
                let note = self.response(question).and_then(|r| r.note.clone());
                let response = Some(Response { score, note });
                let Some(slot) = self.responses.get_mut(question) else {
                    return Err(Rejected::NotNow { step: Step::Question(question), event: Event::Answer(score) });
                };
                let changed = *slot != response;
                *slot = response;
                self.noting = Some(question);
                Ok(changed)
            }
            (Step::Question(question), Event::Skip) => {
                let changed = self.responses.get_mut(question).and_then(Option::take).is_some();
                self.advance();
                Ok(changed)
            }
            (Step::Note(question), Event::Text(text)) => {
                let note = clean(text);
                let changed = self.responses.get_mut(question).and_then(Option::as_mut).is_some_and(|r| {
                    let changed = r.note != note;
                    r.note = note;
                    changed
                });
                self.noting = None;
                self.advance();
                Ok(changed)
            }
            (Step::ForceDone(_), Event::Continue) => {
                self.cursor += 1;
                Ok(false)
            }
            (Step::Review, Event::Revisit(question)) => {
                if question >= self.responses.len() {
                    return Err(Rejected::NoSuchQuestion(question));
                }
                self.detour = Some(question);
                Ok(false)
            }
            (Step::Review, Event::Finish) => {
                self.finished = true;
                Ok(false)
            }
            (Step::Done, event) => Err(Rejected::NotNow { step, event }),
            (_, Event::Back) => self.back().map(|()| false),
            (step, event) => Err(Rejected::NotNow { step, event }),
        }
    }

    /// Whether the current question was picked from the review (answering it, or going back,
    /// returns to the review).
    pub fn revisiting(&self) -> bool {
        self.detour.is_some() && !self.finished
    }

    /// After a question: back to the review when it was revisited from there, else onwards.
    fn advance(&mut self) {
        if self.detour.take().is_none() {
            self.cursor += 1;
        }
    }

    /// Whether [`Event::Back`] leads somewhere from the current step.
    /// On a [`Step::ForceDone`] screen: the force whose questions come next, `None` when the
    /// review does.
    pub fn next_force(&self) -> Option<Force> {
        self.screens.get(self.cursor + 1..).unwrap_or_default().iter().find_map(|s| match s {
            Step::Question(i) => self.bank.get(*i).map(|q| q.force),
            _ => None,
        })
    }

    pub fn can_go_back(&self) -> bool {
        self.noting.is_some() || self.detour.is_some() || self.previous_screen().is_some()
    }

    fn previous_screen(&self) -> Option<usize> {
        if self.finished {
            return None;
        }
        self.screens
            .get(..self.cursor.min(self.screens.len()))
            .unwrap_or_default()
            .iter()
            .rposition(|s| matches!(s, Step::Detail(_) | Step::Context(_) | Step::Question(_)))
    }

    fn back(&mut self) -> Result<(), Rejected> {
        // From a note, back to its question; from a revisited question, back to the review.
        if self.noting.take().is_some() || self.detour.take().is_some() {
            return Ok(());
        }
        let previous = self.previous_screen().ok_or(Rejected::AtStart)?;
        self.cursor = previous;
        Ok(())
    }

    fn set_detail(&mut self, detail: Detail, text: Option<String>) -> Result<bool, Rejected> {
        let text = clean(text);
        let a = &mut self.assessment;
        let slot = match detail {
            Detail::Name => {
                let name = text.ok_or(Rejected::EmptyName)?;
                let changed = a.name != name;
                a.name = name;
                return Ok(changed);
            }
            Detail::Industry => &mut a.industry,
            Detail::Scope => &mut a.scope,
            Detail::Assessor => &mut a.assessor,
            Detail::Date => &mut a.date,
        };
        let text = match (detail, text) {
            (Detail::Date, Some(date)) => Some(parse_date(&date).ok_or(Rejected::BadDate(date))?),
            (_, text) => text,
        };
        let changed = *slot != text;
        *slot = text;
        Ok(changed)
    }

    /// The assessment's details so far.
    pub fn assessment(&self) -> &Assessment {
        &self.assessment
    }

    /// The business context so far.
    pub fn context(&self) -> Option<&Context> {
        self.context.as_ref()
    }

    /// The recorded answer to the question at `question`, if any.
    pub fn response(&self, question: usize) -> Option<&Response> {
        self.responses.get(question).and_then(Option::as_ref)
    }

    /// The question bank the interview asks.
    pub fn bank(&self) -> &'b QuestionBank {
        self.bank
    }

    /// The questionnaire as it stands, answers in bank order: what is saved after each answer.
    pub fn questionnaire(&self) -> Questionnaire {
        let answers = self
            .responses
            .iter()
            .enumerate()
            .filter_map(|(question, r)| r.as_ref().map(|r| Answer { question, score: r.score, note: r.note.clone() }))
            .collect();
        Questionnaire {
            assessment: self.assessment.clone(),
            context: self.context.filter(|c| !c.is_empty()),
            answers,
            legacy: Vec::new(),
        }
    }

    /// Where the question at `question` sits within its force.
    pub fn position(&self, question: usize) -> Option<Position> {
        let force = self.bank.get(question)?.force;
        let mut in_force = self.bank.questions().iter().enumerate().filter(|(_, q)| q.force == force);
        let number = in_force.by_ref().position(|(i, _)| i == question)? + 1;
        Some(Position { force, number, of: number + in_force.count() })
    }

    /// How far through the interview the person is.
    pub fn progress(&self) -> Progress {
        let questions = |screens: &[Step]| screens.iter().filter(|s| matches!(s, Step::Question(_))).count();
        let end = self.cursor.min(self.screens.len());
        let current = match self.screens.get(self.cursor) {
            Some(Step::Question(_)) => questions(self.screens.get(..end).unwrap_or_default()) + 1,
            _ => questions(self.screens.get(..end).unwrap_or_default()),
        };
        Progress {
            current,
            asked: questions(&self.screens),
            answered: self.responses.iter().filter(|r| r.is_some()).count(),
            total: self.responses.len(),
        }
    }

    /// The positions of the questions still unanswered, in bank order.
    pub fn unanswered(&self) -> impl Iterator<Item = usize> + '_ {
        self.responses.iter().enumerate().filter(|(_, r)| r.is_none()).map(|(i, _)| i)
    }
}

/// Trimmed text, `None` when blank.
fn clean(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn likert(v: i64) -> Likert {
        Likert::new(v).expect("1-5")
    }

    /// A bank with one question per force (the smallest valid bank) plus a second buyers question.
    fn small_bank() -> QuestionBank {
        let mut text = String::from("builtin = \"replace\"\n");
        for (id, force) in [
            ("s1", "suppliers"),
            ("b1", "buyers"),
            ("b2", "buyers"),
            ("r1", "rivalry"),
            ("t1", "substitutes"),
            ("n1", "new_entrants"),
        ] {
            let _ = write!(
                text,
                "[[question]]\nid = \"{id}\"\nforce = \"{force}\"\nstatement = \"S {id}\"\nhelp = \"1 = no; 5 = yes\"\ndirection = \"raises\"\nweight = 1.0\nrole = \"{}\"\nsource = \"test\"\n",
                crate::data::bank::Role::of(crate::Force::from_key(force).expect("a force"))
                    .first()
                    .map_or("", |r| r.key())
            );
        }
        QuestionBank::from_toml("small.toml", &text, None).expect("valid bank")
    }

    /// Answers the question on screen and gives its note; returns whether anything changed.
    fn answer(iv: &mut Interview<'_>, score: i64, note: Option<&str>) -> bool {
        let Step::Question(question) = iv.step() else { panic!("not on a question: {:?}", iv.step()) };
        let scored = iv.apply(Event::Answer(likert(score))).expect("an answer");
        assert_eq!(iv.step(), Step::Note(question));
        let noted = iv.apply(Event::Text(note.map(str::to_owned))).expect("a note");
        scored || noted
    }

    fn fill_details(iv: &mut Interview<'_>) {
        for (detail, text) in [
            (Detail::Name, Some("Acme")),
            (Detail::Industry, Some(" SaaS ")),
            (Detail::Scope, None),
            (Detail::Assessor, Some("")),
            (Detail::Date, Some("2026-11-22")),
        ] {
            assert_eq!(iv.step(), Step::Detail(detail));
            iv.apply(Event::Text(text.map(str::to_owned))).expect("accepted");
        }
        skip_context(iv);
    }

    /// Leaves every context key out.
    fn skip_context(iv: &mut Interview<'_>) {
        for key in ContextKey::ALL {
            assert_eq!(iv.step(), Step::Context(key));
            iv.apply(Event::Context(Values::EMPTY)).expect("accepted");
        }
    }

    #[test]
    fn the_context_is_asked_after_the_details_and_again_on_resume_when_missing() {
        let bank = small_bank();
        let mut iv = Interview::new(&bank);
        for detail in Detail::ALL {
            assert_eq!(iv.step(), Step::Detail(detail));
            let text = if detail == Detail::Date { "2026-11-22" } else { "Acme" };
            iv.apply(Event::Text(Some(text.to_owned()))).expect("a detail");
        }
        assert_eq!(iv.step(), Step::Context(ContextKey::Customers));
        let mut consumers = Values::EMPTY;
        consumers.insert(1);
        assert_eq!(iv.apply(Event::Context(consumers)), Ok(true));
        iv.apply(Event::Back).expect("back to the customers");
        assert_eq!(iv.step(), Step::Context(ContextKey::Customers));
        iv.apply(Event::Context(consumers)).expect("again");
        for _ in 1..ContextKey::ALL.len() {
            iv.apply(Event::Context(Values::EMPTY)).expect("left out");
        }
        assert_eq!(iv.step(), Step::Question(0));
        let saved = iv.questionnaire();
        assert_eq!(saved.context.map(|c| c.names(ContextKey::Customers)), Some(vec!["consumers"]));
        // On resume, only the keys the file lacks are asked, after no details (the date is there).
        let resumed = Interview::resume(&bank, &saved, Mode::Missing);
        assert_eq!(resumed.step(), Step::Context(ContextKey::Selling));
    }

    #[test]
    fn a_fresh_interview_asks_details_then_each_force_then_reviews() {
        let bank = small_bank();
        let mut iv = Interview::new(&bank);
        fill_details(&mut iv);
        assert_eq!(iv.assessment().industry.as_deref(), Some("SaaS"));
        assert_eq!(iv.assessment().assessor, None);
        let mut seen = Vec::new();
        loop {
            let step = iv.step();
            seen.push(step);
            match step {
                Step::Question(i) => {
                    answer(&mut iv, i64::try_from(i % 5 + 1).expect("small"), None);
                }
                Step::ForceDone(_) => {
                    iv.apply(Event::Continue).expect("accepted");
                }
                Step::Review => {
                    iv.apply(Event::Finish).expect("accepted");
                }
                Step::Done => break,
                Step::Detail(_) | Step::Context(_) | Step::Note(_) => unreachable!("{step:?}"),
            }
        }
        assert_eq!(
            seen,
            [
                Step::Question(0),
                Step::ForceDone(Force::Suppliers),
                Step::Question(1),
                Step::Question(2),
                Step::ForceDone(Force::Buyers),
                Step::Question(3),
                Step::ForceDone(Force::Rivalry),
                Step::Question(4),
                Step::ForceDone(Force::Substitutes),
                Step::Question(5),
                Step::ForceDone(Force::NewEntrants),
                Step::Review,
                Step::Done,
            ]
        );
        let q = iv.questionnaire();
        assert_eq!(q.answers.len(), 6);
        assert_eq!(q.answers[2].score.get(), 3);
        assert!(!iv.can_go_back());
        assert!(iv.apply(Event::Back).is_err());
    }

    #[test]
    fn back_returns_to_the_previous_question_and_a_new_answer_replaces_the_old() {
        let bank = small_bank();
        let mut iv = Interview::new(&bank);
        fill_details(&mut iv);
        assert!(answer(&mut iv, 2, Some("first")));
        assert_eq!(iv.step(), Step::ForceDone(Force::Suppliers));
        iv.apply(Event::Back).expect("back from the force's score");
        assert_eq!(iv.step(), Step::Question(0));
        assert_eq!(iv.response(0).map(|r| r.score.get()), Some(2));
        // A new score keeps the note until the note step changes it.
        assert!(iv.apply(Event::Answer(likert(4))).expect("ok"));
        assert_eq!(iv.response(0), Some(&Response { score: likert(4), note: Some("first".into()) }));
        // Back from the note returns to the question; the new score stays.
        iv.apply(Event::Back).expect("ok");
        assert_eq!(iv.step(), Step::Question(0));
        assert!(answer(&mut iv, 4, None));
        assert_eq!(iv.response(0), Some(&Response { score: likert(4), note: None }));
        iv.apply(Event::Continue).expect("ok");
        assert_eq!(iv.step(), Step::Question(1));
        // Back from the first question of a force skips the previous force's score screen.
        iv.apply(Event::Back).expect("ok");
        assert_eq!(iv.step(), Step::Question(0));
        // Back from the first question goes through the context to the last detail, and from
        // the first detail nowhere.
        iv.apply(Event::Back).expect("ok");
        assert_eq!(iv.step(), Step::Context(ContextKey::Purchase));
        for _ in 0..3 {
            iv.apply(Event::Back).expect("ok");
        }
        assert_eq!(iv.step(), Step::Context(ContextKey::Customers));
        iv.apply(Event::Back).expect("ok");
        assert_eq!(iv.step(), Step::Detail(Detail::Date));
        for _ in 0..4 {
            iv.apply(Event::Back).expect("ok");
        }
        assert_eq!(iv.step(), Step::Detail(Detail::Name));
        assert!(!iv.can_go_back());
        assert_eq!(iv.apply(Event::Back), Err(Rejected::AtStart));
    }

    #[test]
    fn skip_leaves_a_question_unanswered_and_clears_an_earlier_answer() {
        let bank = small_bank();
        let mut iv = Interview::new(&bank);
        fill_details(&mut iv);
        assert!(!iv.apply(Event::Skip).expect("ok"), "skipping an unanswered question changes nothing");
        assert_eq!(iv.response(0), None);
        iv.apply(Event::Continue).expect("ok");
        answer(&mut iv, 5, None);
        iv.apply(Event::Back).expect("ok");
        assert!(iv.apply(Event::Skip).expect("ok"), "clearing an answer is a change");
        assert_eq!(iv.response(1), None);
        assert_eq!(iv.unanswered().collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5]);
    }

    #[test]
    fn resume_asks_only_what_is_missing_and_not_what_was_skipped() {
        let bank = small_bank();
        // s1 and b2 come before the last answer (r1): they were skipped, and are not asked
        // again (the review lists them; `Mode::All` asks them).
        let skipped = "[assessment]\nname = \"Acme\"\ndate = 2026-01-02\n[context]\ncustomers = \"businesses\"\nselling = [\"online\"]\noffering = [\"software\"]\npurchase = \"contract\"\n[buyers]\nb1 = { score = 3, note = \"n\" }\n[rivalry]\nr1 = 1\n";
        let q = Questionnaire::parse("a.toml", skipped, &bank).expect("valid");
        let iv = Interview::resume(&bank, &q, Mode::Missing);
        assert_eq!(iv.step(), Step::Question(4));
        assert_eq!(iv.progress().asked, 2);
        assert_eq!(Interview::resume(&bank, &q, Mode::All).progress().asked, 6);
        let text = "[assessment]\nname = \"Acme\"\ndate = 2026-01-02\n[context]\ncustomers = \"businesses\"\nselling = [\"online\"]\noffering = [\"software\"]\npurchase = \"contract\"\n[suppliers]\ns1 = 2\n[buyers]\nb1 = { score = 3, note = \"n\" }\n";
        let q = Questionnaire::parse("a.toml", text, &bank).expect("valid");
        let mut iv = Interview::resume(&bank, &q, Mode::Missing);
        assert_eq!(iv.progress(), Progress { current: 1, asked: 4, answered: 2, total: 6 });
        let mut asked = Vec::new();
        while iv.step() != Step::Question(4) {
            match iv.step() {
                Step::Question(i) => {
                    asked.push(i);
                    answer(&mut iv, 4, None);
                }
                Step::ForceDone(_) => {
                    iv.apply(Event::Continue).expect("ok");
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(asked, [2, 3]);
        assert_eq!(iv.step(), Step::Question(4));
        let saved = iv.questionnaire();
        assert_eq!(saved.answers.len(), 4);
        assert_eq!(saved.answers.iter().find(|a| a.question == 1).and_then(|a| a.note.as_deref()), Some("n"));
    }

    #[test]
    fn resume_asks_the_details_when_the_date_is_missing_and_everything_with_all() {
        let bank = small_bank();
        let q =
            Questionnaire::parse("a.toml", "[assessment]\nname = \"Acme\"\n[rivalry]\nr1 = 1\n", &bank).expect("ok");
        let iv = Interview::resume(&bank, &q, Mode::Missing);
        assert_eq!(iv.step(), Step::Detail(Detail::Name));
        assert_eq!(iv.progress().asked, 2, "after the last answer (r1): t1 and n1");
        let all = Interview::resume(&bank, &q, Mode::All);
        assert_eq!(all.progress().asked, 6);
        assert_eq!(all.response(3).map(|r| r.score.get()), Some(1));
    }

    #[test]
    fn a_complete_file_goes_straight_to_the_review_and_a_revisit_returns_there() {
        let bank = small_bank();
        let mut text = String::from(
            "[assessment]\nname = \"Acme\"\ndate = 2026-01-02\n[context]\ncustomers = \"businesses\"\nselling = [\"online\"]\noffering = [\"software\"]\npurchase = \"contract\"\n",
        );
        for (force, id) in [("suppliers", "s1"), ("buyers", "b1"), ("buyers", "b2")] {
            let _ = write!(text, "[{force}.{id}]\nscore = 2\n");
        }
        text.push_str("[rivalry]\nr1 = 1\n[substitutes]\nt1 = 1\n[new_entrants]\nn1 = 5\n");
        let q = Questionnaire::parse("a.toml", &text, &bank).expect("valid");
        let mut iv = Interview::resume(&bank, &q, Mode::Missing);
        assert_eq!(iv.step(), Step::Review);
        assert_eq!(iv.progress(), Progress { current: 0, asked: 0, answered: 6, total: 6 });
        assert!(!iv.can_go_back());
        assert_eq!(iv.apply(Event::Revisit(9)), Err(Rejected::NoSuchQuestion(9)));
        iv.apply(Event::Revisit(2)).expect("ok");
        assert_eq!(iv.step(), Step::Question(2));
        assert!(iv.revisiting() && iv.can_go_back());
        iv.apply(Event::Back).expect("back to the review without changing anything");
        assert_eq!(iv.step(), Step::Review);
        iv.apply(Event::Revisit(2)).expect("ok");
        assert!(iv.apply(Event::Answer(likert(5))).expect("ok"));
        assert!(iv.revisiting() && iv.step() == Step::Note(2));
        assert!(iv.apply(Event::Text(Some("  why  ".into()))).expect("ok"));
        assert_eq!(iv.step(), Step::Review);
        assert_eq!(iv.response(2).and_then(|r| r.note.as_deref()), Some("why"));
        iv.apply(Event::Finish).expect("ok");
        assert_eq!(iv.step(), Step::Done);
    }

    #[test]
    fn details_are_validated_and_events_must_fit_the_step() {
        let bank = small_bank();
        let mut iv = Interview::new(&bank);
        assert_eq!(iv.apply(Event::Text(Some("  ".into()))), Err(Rejected::EmptyName));
        assert!(matches!(iv.apply(Event::Skip), Err(Rejected::NotNow { .. })));
        iv.apply(Event::Text(Some("Acme".into()))).expect("ok");
        for _ in 0..3 {
            iv.apply(Event::Text(None)).expect("ok");
        }
        assert_eq!(iv.apply(Event::Text(Some("2026-02-30".into()))), Err(Rejected::BadDate("2026-02-30".into())));
        assert_eq!(iv.apply(Event::Text(Some("tomorrow".into()))), Err(Rejected::BadDate("tomorrow".into())));
        assert_eq!(iv.step(), Step::Detail(Detail::Date));
        assert!(iv.apply(Event::Text(Some("2026-02-28".into()))).expect("ok"));
        assert!(matches!(iv.apply(Event::Finish), Err(Rejected::NotNow { .. })));
    }

    #[test]
    fn positions_and_progress_follow_the_bank() {
        let bank = small_bank();
        let mut iv = Interview::new(&bank);
        assert_eq!(iv.position(2), Some(Position { force: Force::Buyers, number: 2, of: 2 }));
        assert_eq!(iv.position(0), Some(Position { force: Force::Suppliers, number: 1, of: 1 }));
        assert_eq!(iv.position(6), None);
        assert_eq!(iv.progress(), Progress { current: 0, asked: 6, answered: 0, total: 6 });
        fill_details(&mut iv);
        assert_eq!(iv.progress().current, 1);
        iv.apply(Event::Answer(likert(1))).expect("ok");
        assert_eq!(iv.progress(), Progress { current: 1, asked: 6, answered: 1, total: 6 }, "on the note");
        iv.apply(Event::Text(None)).expect("ok");
        iv.apply(Event::Continue).expect("ok");
        assert_eq!(iv.progress().current, 2);
    }

    #[test]
    fn dates_follow_the_questionnaire_rule() {
        assert_eq!(parse_date(" 2026-11-22 ").as_deref(), Some("2026-11-22"));
        assert_eq!(parse_date("2026-11-22T10:00:00"), None);
        assert_eq!(parse_date("22/11/2026"), None);
        assert_eq!(parse_date("2024-02-29").as_deref(), Some("2024-02-29"));
    }
}
