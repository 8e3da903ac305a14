//! Thresholds that gate a pipeline: `--fail-on FORCE>=N`, `FORCE>N`, `FORCE>=high|moderate`
//! (FORCE is a force name or `any`) and `--min-coverage N`. A questionnaire breaches a rule
//! when one of its forces crosses it; the binary then exits 1 after writing every report, and
//! each report names the breach.

use std::fmt;
use std::str::FromStr;

use crate::force::Force;
use crate::score::{Band, HIGH_FROM, MODERATE_FROM, Profile};
use crate::suggest::did_you_mean;

/// Which forces a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// One force.
    Force(Force),
    /// Every force.
    Any,
}

/// `--fail-on FORCE>=N` and its variants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailOn {
    /// The forces it applies to.
    pub target: Target,
    /// Whether the score must exceed the limit (`>`) or only reach it (`>=`).
    pub strict: bool,
    /// The limit, as a score (a band name is turned into its lowest score).
    pub limit: u8,
    /// The rule as the user wrote it, normalised, for messages and reports.
    pub text: String,
}

/// Why an expression given to `--fail-on` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid threshold `{input}`: {reason}")]
pub struct ThresholdError {
    input: String,
    reason: String,
}

impl FromStr for FailOn {
    type Err = ThresholdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let fail = |reason: String| ThresholdError { input: input.to_owned(), reason };
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let (name, strict, value) = if let Some((name, value)) = compact.split_once(">=") {
            (name, false, value)
        } else if let Some((name, value)) = compact.split_once('>') {
            (name, true, value)
        } else {
            return Err(fail("write FORCE>=N, FORCE>N or FORCE>=high|moderate, e.g. buyers>=70 or any>=high".into()));
        };
        let target =
            if name == "any" {
                Target::Any
            } else {
                let mut names: Vec<&str> = Force::keys().collect();
                names.push("any");
                Target::Force(Force::from_key(name).ok_or_else(|| {
                    fail(format!("unknown force `{name}`; {}", did_you_mean(name, &names, "the forces")))
                })?)
            };
        // A band name stands for its lowest score; `>band` means "in a band above it".
        let band_floor = |band: &str| match band {
            "low" => Some(0),
            "moderate" => Some(MODERATE_FROM),
            "high" => Some(HIGH_FROM),
            _ => None,
        };
        let (limit, strict_compare) = match (band_floor(value), strict) {
            (Some(floor), false) => (floor, false),
            (Some(_), true) => match value {
                "low" => (MODERATE_FROM, false),
                "moderate" => (HIGH_FROM, false),
                _ => return Err(fail("no band is above `high`; write FORCE>=high".into())),
            },
            (None, _) => match value.parse::<u8>() {
                Ok(n) if n <= 100 => (n, strict),
                _ => return Err(fail(format!("`{value}` is not a score from 0 to 100 nor a band (moderate, high)"))),
            },
        };
        let op = if strict { ">" } else { ">=" };
        let shown_name = match target {
            Target::Any => "any",
            Target::Force(force) => force.key(),
        };
        Ok(FailOn { target, strict: strict_compare, limit, text: format!("{shown_name}{op}{value}") })
    }
}

impl FailOn {
    fn breached_by(&self, score: u8) -> bool {
        if self.strict { score > self.limit } else { score >= self.limit }
    }

    fn applies_to(&self, force: Force) -> bool {
        matches!(self.target, Target::Any) || self.target == Target::Force(force)
    }
}

/// All the rules of one run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Thresholds {
    /// `--fail-on` rules.
    pub fail_on: Vec<FailOn>,
    /// `--min-coverage N`: every force must have at least N% of its question weight answered.
    pub min_coverage: Option<u8>,
}

/// One rule crossed by one force of one questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    /// The force.
    pub force: Force,
    /// What happened, e.g. `buyer power 71 (high) reached buyers>=70`.
    pub message: String,
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Thresholds {
    /// Whether any rule was given.
    pub fn is_empty(&self) -> bool {
        self.fail_on.is_empty() && self.min_coverage.is_none()
    }

    /// Every rule the profile crosses, in force order, then in the order the rules were given.
    pub fn check(&self, profile: &Profile) -> Vec<Breach> {
        let mut breaches = Vec::new();
        for f in profile.iter() {
            let label = f.force.label().to_lowercase();
            if let Some(score) = f.score {
                for rule in self.fail_on.iter().filter(|r| r.applies_to(f.force) && r.breached_by(score)) {
                    let verb = if rule.strict { "exceeds" } else { "reached" };
                    let band = Band::of(score).key();
                    breaches.push(Breach {
                        force: f.force,
                        message: format!("{label} {score} ({band}) {verb} {}", rule.text),
                    });
                }
            }
            if let Some(min) = self.min_coverage.filter(|&min| f.coverage < min) {
                breaches.push(Breach {
                    force: f.force,
                    message: format!("{label} coverage {}% is below --min-coverage {min}", f.coverage),
                });
            }
        }
        breaches
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::force::PerForce;
    use crate::score::ForceScore;

    fn profile(scores: [Option<u8>; 5], coverage: u8) -> Profile {
        let mut i = 0;
        Profile(PerForce(Force::ALL.map(|force| {
            let score = scores[i];
            i += 1;
            ForceScore { force, score, coverage: if score.is_some() { coverage } else { 0 }, answered: 1, questions: 1 }
        })))
    }

    #[test]
    fn parses_the_documented_forms() {
        let rule: FailOn = "buyers>=70".parse().expect("valid");
        assert_eq!((rule.target, rule.strict, rule.limit), (Target::Force(Force::Buyers), false, 70));
        let rule: FailOn = " any > moderate ".parse().expect("valid");
        assert_eq!(
            (rule.target, rule.strict, rule.limit, rule.text.as_str()),
            (Target::Any, false, 65, "any>moderate")
        );
        let rule: FailOn = "rivalry>70".parse().expect("valid");
        assert_eq!((rule.strict, rule.limit), (true, 70));
        assert!("any>high".parse::<FailOn>().expect_err("nothing above high").to_string().contains("FORCE>=high"));
        let rule: FailOn = "new_entrants>=high".parse().expect("valid");
        assert_eq!(rule.limit, 65);
    }

    #[test]
    fn explains_bad_expressions() {
        let err = "buyer>=70".parse::<FailOn>().expect_err("typo").to_string();
        assert!(err.contains("did you mean `buyers`?"), "{err}");
        assert!("buyers=70".parse::<FailOn>().expect_err("no op").to_string().contains("FORCE>=N"));
        assert!("buyers>=170".parse::<FailOn>().expect_err("range").to_string().contains("0 to 100"));
    }

    #[test]
    fn breaches_name_the_force_the_score_and_the_rule() {
        let thresholds = Thresholds {
            fail_on: vec!["any>=high".parse().expect("valid"), "rivalry>80".parse().expect("valid")],
            min_coverage: Some(50),
        };
        let breaches = thresholds.check(&profile([Some(65), Some(64), Some(80), None, Some(81)], 100));
        let messages: Vec<&str> = breaches.iter().map(|b| b.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "supplier power 65 (high) reached any>=high",
                "competitive rivalry 80 (high) reached any>=high",
                "threat of substitutes coverage 0% is below --min-coverage 50",
                "threat of new entrants 81 (high) reached any>=high",
            ]
        );
        assert!(Thresholds::default().check(&profile([Some(100); 5], 0)).is_empty());
    }
}
