//! fiveforces: score Porter's five competitive forces from a questionnaire and turn the scores
//! into a ranked, explained plan of post-sale support actions.
//!
//! The library is the pure core: it reads and validates files into types that cannot be
//! invalid ([`Questionnaire`], [`QuestionBank`], [`Playbook`]), computes ([`score()`],
//! [`rank()`]) and renders ([`report`]) to strings. It never prints and never exits; the
//! `fiveforces` binary does that.
//!
//! ```
//! use fiveforces::{Force, Playbook, QuestionBank, assess};
//!
//! let bank = QuestionBank::builtin();
//! let playbook = Playbook::builtin();
//! let text = r#"
//! [assessment]
//! name = "Corner bakery"
//!
//! [buyers]
//! low_switching = { score = 5, note = "Three bakeries on the same street." }
//! standardized_offer = 4
//! "#;
//! let assessed = assess("bakery.toml", text, &bank, &playbook, 3).expect("a valid questionnaire");
//! let buyers = assessed.profile.get(Force::Buyers);
//! // Buyer leverage, no price sensitivity answered: 2/3 × the strongest source (a 5, 1.0)
//! // + 1/3 × the weighted mean (1.5 × 1.0 + 1.0 × 0.75) / 2.5 = 0.667 + 0.3 = 0.967
//! assert_eq!(buyers.score, Some(97));
//! assert_eq!(assessed.profile.get(Force::Rivalry).score, None); // unanswered, so unscored
//! assert_eq!(assessed.plan.chosen.len(), 3);
//! assert!(assessed.plan.chosen[0].drivers.iter().any(|d| d.force == Force::Buyers));
//! assert!(!assessed.plan.fitted); // no [context]: nothing was left out
//!
//! let typo = assess("bakery.toml", "[assessment]\nname = \"B\"\n[buyer]\n", &bank, &playbook, 3);
//! let problems = typo.expect_err("an unknown table");
//! assert_eq!(problems.problems[0].code, fiveforces::Code::UnknownTable);
//! assert_eq!(
//!     problems.to_string(),
//!     "bakery.toml:3:2: error[FF101]: unknown table `[buyer]` (did you mean `buyers`?)"
//! );
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]
// Input never makes the library panic: no unwrap, expect, panic or unchecked indexing outside
// tests (the one deliberate panic, a broken embedded data file, is allowed where it is).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)
)]

pub mod analysis;
pub mod batch;
pub mod context;
pub mod data;
pub mod decimal;
pub mod force;
pub mod interview;
pub mod questionnaire;
pub mod report;
pub mod source;

pub use analysis::assess::{Assessed, assess};
pub use analysis::rank::{Driver, RankedAction, rank};
pub use analysis::score::{Band, ForceScore, Profile, score};
pub use data::bank::{Direction, Question, QuestionBank};
pub use data::playbook::{Action, Category, Playbook, When};
pub use force::{Force, PerForce};
pub use questionnaire::{Answer, Assessment, Likert, Questionnaire};
pub use source::diagnostic::{Code, Diagnostic, InvalidFile, Location, Problem};
