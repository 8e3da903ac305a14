//! The built-in question bank and playbook: sourced, unique, and covering every force and
//! every seed document.

use std::collections::BTreeSet;

use fiveforces::{Force, Playbook, QuestionBank};

/// The five source documents every built-in action must come from.
const SEEDS: [&str; 5] = [
    "000_683ad34a6c20fd79.txt",
    "001_8a5e326f09b6bdca.txt",
    "002_b6f1eea5d772127a.txt",
    "003_708176961c60d74f.txt",
    "004_3be294643c60fcb3.txt",
];

#[test]
fn every_question_cites_a_source_and_ids_are_unique_within_a_force() {
    let bank = QuestionBank::builtin();
    assert!(bank.questions().len() >= 40);
    let mut seen = BTreeSet::new();
    for q in bank.questions() {
        assert!(q.source.len() > 10, "{}.{} has no real source", q.force, q.id);
        assert!(q.help.contains("1 =") && q.help.contains("5 ="), "{}.{} help must anchor 1 and 5", q.force, q.id);
        assert!(seen.insert((q.force, q.id.clone())), "duplicate {}.{}", q.force, q.id);
    }
    for force in Force::ALL {
        assert!(bank.for_force(force).count() >= 7, "{force} needs at least 7 questions");
    }
}

#[test]
fn every_action_cites_a_seed_and_matters_to_some_force() {
    let playbook = Playbook::builtin();
    assert!(playbook.actions().len() >= 30);
    let mut ids = BTreeSet::new();
    for a in playbook.actions() {
        assert!(ids.insert(a.id.clone()), "duplicate action {}", a.id);
        assert!(SEEDS.contains(&a.source.seed.as_str()), "{} cites {}", a.id, a.source.seed);
        assert!(a.relevance.iter().any(|(_, r)| r.level > 0), "{} is relevant to nothing", a.id);
        for (force, r) in a.relevance.iter() {
            assert_eq!(r.level > 0, r.reason.is_some(), "{}: reason for {force} must go with a nonzero level", a.id);
        }
    }
}

#[test]
fn every_seed_and_every_force_is_covered_by_the_playbook() {
    let playbook = Playbook::builtin();
    for seed in SEEDS {
        let count = playbook.actions().iter().filter(|a| a.source.seed == seed).count();
        assert!(count >= 3, "seed {seed} has only {count} actions");
    }
    for force in Force::ALL {
        let main = playbook.actions().iter().filter(|a| a.relevance.get(force).level == 3).count();
        assert!(main >= 3, "{force} is the main force of only {main} actions");
    }
}

#[test]
fn the_russian_seed_gives_the_four_practices_it_describes() {
    let playbook = Playbook::builtin();
    let from_russian: Vec<&str> = playbook
        .actions()
        .iter()
        .filter(|a| a.source.seed == SEEDS[4])
        .inspect(|a| assert!(a.source.translation.is_some(), "{} needs an English translation", a.id))
        .map(|a| a.id.as_str())
        .collect();
    for id in [
        "representative_at_delivery",
        "immediate_corrective_action",
        "ask_satisfied_customers_for_referrals",
        "complaints_same_commitment_every_department",
    ] {
        assert!(from_russian.contains(&id), "missing {id} from the Russian seed: {from_russian:?}");
    }
}

/// Every quoted passage appears in its seed document, word for word (white space folded).
/// The seeds live in `../shared/seeds` beside the checkout; CI always has them.
#[test]
fn every_passage_is_quoted_verbatim_from_its_seed() {
    let dir = crate::root().join("../shared/seeds");
    if !dir.is_dir() {
        assert!(std::env::var_os("CI").is_none(), "CI must run with ../shared/seeds beside the checkout");
        eprintln!("skipped: {} is not there", dir.display());
        return;
    }
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    for a in Playbook::builtin().actions() {
        let seed = std::fs::read_to_string(dir.join(&a.source.seed)).expect("seed readable");
        assert!(fold(&seed).contains(&fold(&a.source.passage)), "{}: passage not found in {}", a.id, a.source.seed);
    }
}

/// The seeds' folder beside the checkout; under CI it must be there (the test fails, not skips).
fn seeds_dir() -> Option<std::path::PathBuf> {
    let dir = crate::root().join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(std::env::var_os("CI").is_none(), "CI must run with ../shared/seeds beside the checkout");
    eprintln!("skipped: {} is not there", dir.display());
    None
}

#[test]
fn every_action_says_where_it_fits_when_it_happens_and_what_its_source_is() {
    use fiveforces::data::playbook::{EXAMPLE_START, Fits};
    let playbook = Playbook::builtin();
    assert!(playbook.actions().len() >= 35);
    for a in playbook.actions() {
        match &a.fits {
            Fits::Everyone(reason) => assert!(reason.len() > 20, "{}: say why it fits any business", a.id),
            Fits::Needs(needs) => {
                assert!(!needs.is_empty(), "{}", a.id);
                for need in needs {
                    assert!(need.reason.len() > 20, "{}: a reason for the {} need", a.id, need.key);
                }
            }
        }
        assert!(!a.source.title.is_empty(), "{} names its source's title", a.id);
        if let Some(example) = &a.example {
            assert!(example.starts_with(EXAMPLE_START), "{}: the tool's example is marked", a.id);
        }
        for (force, r) in a.relevance.iter() {
            if r.level > 0 {
                assert!(r.basis.is_some(), "{}: the relevance to {force} says its basis", a.id);
            }
        }
    }
}

/// `what` says what the passage says: every number in it is in the passage (or its
/// translation); schedules and targets of the tool's own go in the example.
#[test]
fn no_action_adds_numbers_its_passage_does_not_give() {
    let numbers = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).map(str::to_owned).collect()
    };
    for a in Playbook::builtin().actions() {
        let source = format!("{} {}", a.source.passage, a.source.translation.as_deref().unwrap_or_default());
        for n in numbers(&a.what) {
            assert!(
                source.contains(&n) || a.what.contains(&format!("seed {n}")) || a.what.contains(&format!("Seed {n}")),
                "{}: `{n}` in what is not in its passage",
                a.id
            );
        }
    }
}

#[test]
fn every_phase_and_every_context_value_is_served() {
    use fiveforces::data::playbook::When;
    use fiveforces::questionnaire::{Context, ContextKey};
    let playbook = Playbook::builtin();
    for when in When::ALL {
        assert!(playbook.actions().iter().any(|a| a.when == when), "no action at {}", when.key());
    }
    // Every combination of one value per key (both lists taken one value at a time) is served
    // by enough fitting actions for a full plan.
    let values = |key: ContextKey| -> Vec<u8> { (0..u8::try_from(key.values().len()).expect("few")).collect() };
    for c in values(ContextKey::Customers) {
        for s in values(ContextKey::Selling) {
            for o in values(ContextKey::Offering) {
                for p in values(ContextKey::Purchase) {
                    let mut context = Context::default();
                    for (key, index) in [
                        (ContextKey::Customers, c),
                        (ContextKey::Selling, s),
                        (ContextKey::Offering, o),
                        (ContextKey::Purchase, p),
                    ] {
                        let mut v = fiveforces::context::Values::EMPTY;
                        v.insert(index);
                        context.set(key, v);
                    }
                    let fitting = playbook.actions().iter().filter(|a| a.fits.unmet(Some(&context)).is_none()).count();
                    assert!(fitting >= 12, "{}: only {fitting} actions fit", context.summary());
                }
            }
        }
    }
}

#[test]
fn each_seed_procedure_is_kept_whole_and_in_order_in_the_plan() {
    use fiveforces::analysis::plan::plan;
    use fiveforces::{ForceScore, PerForce, Profile};
    let playbook = Playbook::builtin();
    let ids: Vec<&str> = playbook.procedures().iter().map(|p| p.id.as_str()).collect();
    for id in ["first_post_sale_visit", "follow_up_email_series", "online_store_post_purchase"] {
        assert!(ids.contains(&id), "procedure {id} is in the playbook: {ids:?}");
    }
    let visit = playbook.procedures().iter().find(|p| p.id == "first_post_sale_visit").expect("visit");
    assert_eq!(
        visit.steps,
        [
            "representative_at_delivery",
            "immediate_corrective_action",
            "ask_satisfied_customers_for_referrals",
            "complaints_same_commitment_every_department"
        ],
        "seed 004's four conditions, in its order"
    );
    for score in [40, 70, 95] {
        let profile = Profile(PerForce(Force::ALL.map(|force| ForceScore {
            force,
            score: Some(score),
            coverage: 100,
            answered: 9,
            questions: 9,
        })));
        let plan = plan(&profile, &playbook, None, 12);
        for procedure in playbook.procedures() {
            let places: Vec<(usize, usize)> = plan
                .steps
                .iter()
                .enumerate()
                .filter_map(|(i, s)| s.procedure.filter(|p| p.procedure.id == procedure.id).map(|p| (i, p.step)))
                .collect();
            if places.is_empty() {
                continue;
            }
            let steps: Vec<usize> = places.iter().map(|(_, s)| *s).collect();
            assert!(steps.windows(2).all(|w| w[0] < w[1]), "{}: steps in order {steps:?}", procedure.id);
            // Whole, unless another procedure in the plan took the shared steps.
            let shown: usize = plan.steps.iter().filter(|s| procedure.steps.contains(&s.ranked.action.id)).count();
            assert_eq!(shown, procedure.steps.len(), "{} is kept whole", procedure.id);
        }
    }
}

#[test]
fn procedures_cite_their_seeds_and_their_passages_are_verbatim() {
    let Some(dir) = seeds_dir() else { return };
    let playbook = Playbook::builtin();
    for procedure in playbook.procedures() {
        assert!(SEEDS.contains(&procedure.source.as_str()), "{} cites {}", procedure.id, procedure.source);
        assert!(dir.join(&procedure.source).is_file());
    }
    for a in playbook.actions() {
        let seed = std::fs::read_to_string(dir.join(&a.source.seed)).expect("seed readable");
        assert!(seed.contains(&a.source.passage), "{}: passage is not an exact quote of {}", a.id, a.source.seed);
    }
}
