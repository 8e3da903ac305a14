//! fiveforces: score Porter's five competitive forces from a questionnaire and turn the scores
//! into a ranked, explained plan of post-sale support actions.
//!
//! The library is the pure core: it reads and validates files into types that cannot be
//! invalid ([`Questionnaire`], [`QuestionBank`], [`Playbook`]), computes ([`score()`],
//! [`rank()`]) and renders ([`report`]) to strings. It never prints and never exits; the
//! `fiveforces` binary does that.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod assess;
pub mod bank;
pub mod diagnostic;
pub mod force;
pub mod input;
pub mod layering;
pub mod playbook;
pub mod questionnaire;
pub mod rank;
pub mod report;
pub mod score;
pub mod suggest;
pub mod template;
mod toml_source;

pub use assess::{Assessed, assess};
pub use bank::{Direction, Question, QuestionBank};
pub use diagnostic::{InvalidFile, Location, Problem};
pub use force::{Force, PerForce};
pub use playbook::{Action, Category, Playbook, When};
pub use questionnaire::{Answer, Assessment, Likert, Questionnaire};
pub use rank::{Driver, RankedAction, rank};
pub use score::{Band, ForceScore, Profile, score};
