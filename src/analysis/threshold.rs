//! Thresholds that gate a pipeline: `--fail-on FORCE>=N`, `FORCE>N`, `FORCE>=high|moderate`
//! (FORCE is a force name or `any`) and `--min-coverage N`. A questionnaire breaches a rule
//! when one of its forces crosses it; the binary then exits 1 after writing every report, and
//! each report names the breach.

use std::fmt;
use std::str::FromStr;

use crate::analysis::score::{Band, HIGH_FROM, MODERATE_FROM, Profile};
use crate::force::Force;
use crate::source::suggest::did_you_mean;

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
        let target = Target::parse(name).map_err(fail)?;
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
        Ok(FailOn { target, strict: strict_compare, limit, text: format!("{}{op}{value}", target.key()) })
    }
}

impl Target {
    /// A force name or `any`; the error says which names are valid.
    fn parse(name: &str) -> Result<Target, String> {
        if name == "any" {
            return Ok(Target::Any);
        }
        let mut names: Vec<&str> = Force::keys().collect();
        names.push("any");
        Force::from_key(name)
            .map(Target::Force)
            .ok_or_else(|| format!("unknown force `{name}`; {}", did_you_mean(name, &names, "the forces")))
    }

    /// The name as written in a rule.
    const fn key(self) -> &'static str {
        match self {
            Target::Any => "any",
            Target::Force(force) => force.key(),
        }
    }

    fn applies_to(self, force: Force) -> bool {
        matches!(self, Target::Any) || self == Target::Force(force)
    }
}

impl FailOn {
    fn breached_by(&self, score: u8) -> bool {
        if self.strict { score > self.limit } else { score >= self.limit }
    }

    fn applies_to(&self, force: Force) -> bool {
        self.target.applies_to(force)
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
    /// The rule crossed, as written: `buyers>=70`, `buyers+10`, or `--min-coverage 80`
    /// (stable while the score moves, for annotations' fingerprints).
    pub rule: String,
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
                        rule: rule.text.clone(),
                    });
                }
            }
            if let Some(min) = self.min_coverage.filter(|&min| f.coverage < min) {
                breaches.push(Breach {
                    force: f.force,
                    message: format!("{label} coverage {}% is below --min-coverage {min}", f.coverage),
                    rule: format!("--min-coverage {min}"),
                });
            }
        }
        breaches
    }
}

/// A rule of `fiveforces diff --fail-on`: any rule of `score` (checked against the new
/// questionnaire), or `FORCE+N`: the force's score rose by N points or more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffRule {
    /// `FORCE>=N` and the other forms of [`FailOn`], applied to the new questionnaire.
    Level(FailOn),
    /// `FORCE+N`.
    Rise(Rise),
}

/// `--fail-on FORCE+N`: a force's score rose by at least N points between the two
/// questionnaires. A force unscored on either side has no rise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rise {
    /// The forces it applies to.
    pub target: Target,
    /// The smallest rise that breaches it (1–100).
    pub by: u8,
    /// The rule as the user wrote it, normalised.
    pub text: String,
}

impl FromStr for DiffRule {
    type Err = ThresholdError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let Some((name, value)) = compact.split_once('+') else {
            return input.parse::<FailOn>().map(DiffRule::Level).map_err(|mut err| {
                if !compact.contains('>') {
                    err.reason = "write FORCE+N (the score rose by N or more), FORCE>=N, FORCE>N or FORCE>=high|moderate, e.g. buyers+10 or any>=high".into();
                }
                err
            });
        };
        let fail = |reason: String| ThresholdError { input: input.to_owned(), reason };
        let target = Target::parse(name).map_err(fail)?;
        match value.parse::<u8>() {
            Ok(by) if (1..=100).contains(&by) => {
                Ok(DiffRule::Rise(Rise { target, by, text: format!("{}+{by}", target.key()) }))
            }
            _ => Err(fail(format!("`{value}` is not a rise from 1 to 100 points; write e.g. buyers+10"))),
        }
    }
}

/// Every rule of `rules` that the change from `before` to `after` crosses: rises in force
/// order, then the level rules as [`Thresholds::check`] reports them on `after`.
pub fn check_change(rules: &[DiffRule], before: &Profile, after: &Profile) -> Vec<Breach> {
    let mut breaches = Vec::new();
    for (old, new) in before.iter().zip(after.iter()) {
        let (Some(was), Some(now)) = (old.score, new.score) else { continue };
        let rise = i16::from(now) - i16::from(was);
        for rule in rules.iter().filter_map(|r| if let DiffRule::Rise(rise) = r { Some(rise) } else { None }) {
            if rule.target.applies_to(new.force) && rise >= i16::from(rule.by) {
                breaches.push(Breach {
                    force: new.force,
                    message: format!(
                        "{} rose {rise} points ({was} → {now}, {}) reached {}",
                        new.force.label().to_lowercase(),
                        Band::of(now).key(),
                        rule.text
                    ),
                    rule: rule.text.clone(),
                });
            }
        }
    }
    breaches.extend(levels(rules).check(after));
    breaches
}

/// The level rules of `rules` (`FORCE>=N` and its forms), as [`Thresholds`] to check one profile.
pub fn levels(rules: &[DiffRule]) -> Thresholds {
    let fail_on =
        rules.iter().filter_map(|r| if let DiffRule::Level(level) = r { Some(level.clone()) } else { None }).collect();
    Thresholds { fail_on, min_coverage: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::score::ForceScore;
    use crate::force::PerForce;

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
            (Target::Any, false, 63, "any>moderate")
        );
        let rule: FailOn = "rivalry>70".parse().expect("valid");
        assert_eq!((rule.strict, rule.limit), (true, 70));
        assert!("any>high".parse::<FailOn>().expect_err("nothing above high").to_string().contains("FORCE>=high"));
        let rule: FailOn = "new_entrants>=high".parse().expect("valid");
        assert_eq!(rule.limit, 63);
    }

    #[test]
    fn explains_bad_expressions() {
        let err = "buyer>=70".parse::<FailOn>().expect_err("typo").to_string();
        assert!(err.contains("did you mean `buyers`?"), "{err}");
        assert!("buyers=70".parse::<FailOn>().expect_err("no op").to_string().contains("FORCE>=N"));
        assert!("buyers>=170".parse::<FailOn>().expect_err("range").to_string().contains("0 to 100"));
    }

    #[test]
    fn diff_rules_parse_rises_and_every_level_form() {
        let rule: DiffRule = " buyers + 10 ".parse().expect("valid");
        assert_eq!(
            rule,
            DiffRule::Rise(Rise { target: Target::Force(Force::Buyers), by: 10, text: "buyers+10".into() })
        );
        assert!(matches!("any>=high".parse::<DiffRule>(), Ok(DiffRule::Level(_))));
        for (bad, expected) in [
            ("buyer+10", "did you mean `buyers`?"),
            ("buyers+0", "from 1 to 100"),
            ("buyers+x", "from 1 to 100"),
            ("buyers-10", "FORCE+N"),
            ("buyers>=170", "0 to 100"),
        ] {
            let err = bad.parse::<DiffRule>().expect_err(bad).to_string();
            assert!(err.contains(expected), "{bad}: {err}");
        }
    }

    #[test]
    fn a_rise_is_measured_between_two_scored_profiles() {
        let rules: Vec<DiffRule> =
            ["buyers+10", "any+20", "rivalry>=80"].iter().map(|r| r.parse().expect("valid")).collect();
        let before = profile([Some(50), Some(52), Some(70), None, Some(10)], 100);
        let after = profile([Some(69), Some(71), Some(81), Some(90), Some(29)], 100);
        let messages: Vec<String> = check_change(&rules, &before, &after).into_iter().map(|b| b.message).collect();
        assert_eq!(
            messages,
            vec![
                "buyer power rose 19 points (52 → 71, high) reached buyers+10",
                "competitive rivalry 81 (high) reached rivalry>=80",
            ]
        );
        assert!(check_change(&rules[..2], &after, &before).is_empty(), "a fall is not a rise");
    }

    #[test]
    fn breaches_name_the_force_the_score_and_the_rule() {
        let thresholds = Thresholds {
            fail_on: vec!["any>=high".parse().expect("valid"), "rivalry>80".parse().expect("valid")],
            min_coverage: Some(50),
        };
        let breaches = thresholds.check(&profile([Some(63), Some(62), Some(80), None, Some(81)], 100));
        let messages: Vec<&str> = breaches.iter().map(|b| b.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "supplier power 63 (high) reached any>=high",
                "competitive rivalry 80 (high) reached any>=high",
                "threat of substitutes coverage 0% is below --min-coverage 50",
                "threat of new entrants 81 (high) reached any>=high",
            ]
        );
        assert!(Thresholds::default().check(&profile([Some(100); 5], 0)).is_empty());
    }
}
