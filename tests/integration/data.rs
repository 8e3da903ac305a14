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
