//! The interactive questionnaire, without the terminal: the [`Interview`] state machine (which
//! screen is next, what an answer, a skip or "back" does, how far the person is) and the
//! [`Document`] that turns its state into a questionnaire file after every answer.
//!
//! ```
//! use fiveforces::QuestionBank;
//! use fiveforces::interview::{Document, Event, Interview, Step};
//! use fiveforces::Likert;
//!
//! let bank = QuestionBank::builtin();
//! let mut interview = Interview::new(&bank);
//! for text in ["Corner bakery", "Food retail", "", "", "2026-11-22"] {
//!     interview.apply(Event::Text(Some(text.to_owned()))).expect("a detail");
//! }
//! // The four context keys: leave each out.
//! for _ in 0..4 {
//!     interview.apply(Event::Context(Default::default())).expect("a context key");
//! }
//! assert_eq!(interview.step(), Step::Question(0));
//! let agree = Likert::new(4).expect("on the scale");
//! interview.apply(Event::Answer(agree)).expect("an answer");
//! assert_eq!(interview.step(), Step::Note(0));
//! interview.apply(Event::Text(Some("Two mills supply the town".to_owned()))).expect("a note");
//! interview.apply(Event::Skip).expect("don't know");
//!
//! let mut file = Document::template(&bank, "Corner bakery");
//! let text = file.render("bakery.toml", &bank, &interview.questionnaire()).expect("valid");
//! assert!(text.contains("= { score = 4, note = \"Two mills supply the town\" }"));
//! assert_eq!(interview.progress().answered, 1);
//! ```

mod engine;

pub use crate::questionnaire::model::{Detail, parse_date};
pub use crate::questionnaire::writer::{Document, SaveError};
pub use engine::{Event, Interview, Mode, Position, Progress, Rejected, Response, Step};
