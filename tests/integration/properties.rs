//! Properties of scoring and ranking over arbitrary questionnaires.

use fiveforces::analysis::score::{explain, score_values};
use fiveforces::context::Values;
use fiveforces::data::bank::Audience;
use fiveforces::questionnaire::{Context, ContextKey};
use fiveforces::{Answer, Assessment, Direction, Force, Likert, Playbook, QuestionBank, Questionnaire, rank, score};
use proptest::prelude::*;

fn questionnaire(answers: &[Option<u8>]) -> Questionnaire {
    Questionnaire {
        assessment: Assessment { name: "P".into(), ..Assessment::default() },
        context: None,
        answers: answers
            .iter()
            .enumerate()
            .filter_map(|(question, a)| {
                a.and_then(|v| Likert::new(v.into())).map(|score| Answer { question, score, note: None })
            })
            .collect(),
        legacy: Vec::new(),
    }
}

/// A context with `customers` set to one of its values (0 businesses, 1 consumers, 2 both), or
/// no context at all.
fn context(customers: Option<u8>) -> Option<Context> {
    customers.map(|i| {
        let mut c = Context::default();
        let mut v = Values::EMPTY;
        v.insert(i);
        c.set(ContextKey::Customers, v);
        c
    })
}

fn customers_strategy() -> impl Strategy<Value = Option<u8>> {
    proptest::option::of(0u8..3)
}

fn answers_strategy(n: usize) -> impl Strategy<Value = Vec<Option<u8>>> {
    proptest::collection::vec(proptest::option::weighted(0.8, 1u8..=5), n)
}

proptest! {
    #[test]
    fn scores_and_priorities_stay_in_range(answers in answers_strategy(QuestionBank::builtin().questions().len())) {
        let bank = QuestionBank::builtin();
        let playbook = Playbook::builtin();
        let profile = score(&questionnaire(&answers), &bank);
        for f in profile.iter() {
            prop_assert!(f.coverage <= 100);
            prop_assert_eq!(f.score.is_none(), f.answered == 0);
            prop_assert!(f.score.is_none_or(|s| s <= 100));
        }
        let ranked = rank(&profile, &playbook);
        prop_assert_eq!(ranked.len(), playbook.actions().len());
        for pair in ranked.windows(2) {
            prop_assert!(
                (pair[0].priority_tenths, std::cmp::Reverse(&pair[0].action.id))
                    > (pair[1].priority_tenths, std::cmp::Reverse(&pair[1].action.id))
            );
        }
        prop_assert!(ranked.iter().all(|r| r.priority_tenths <= 1000));
        let top = fiveforces::analysis::rank::top(&profile, &playbook, 5);
        prop_assert_eq!(&top[..], &ranked[..5], "the top N are the first N of the full ranking");
    }

    /// Moving one answer towards "more pressure" never lowers its force's score, nor the
    /// priority of any action (actions relevant to that force included).
    #[test]
    fn raising_an_answer_never_lowers_its_force_or_any_priority(
        answers in answers_strategy(QuestionBank::builtin().questions().len()),
        pick in any::<prop::sample::Index>(),
    ) {
        let bank = QuestionBank::builtin();
        let playbook = Playbook::builtin();
        let i = pick.index(answers.len());
        let question = &bank.questions()[i];
        let current = answers[i].unwrap_or(3);
        let raised = match question.direction {
            Direction::Raises => current.saturating_add(1).min(5),
            Direction::Lowers => current.saturating_sub(1).max(1),
        };
        let mut before = answers.clone();
        before[i] = Some(current);
        let mut after = answers;
        after[i] = Some(raised);
        let (p0, p1) = (score(&questionnaire(&before), &bank), score(&questionnaire(&after), &bank));
        prop_assert!(p1.get(question.force).score >= p0.get(question.force).score);
        let r0 = rank(&p0, &playbook);
        let r1 = rank(&p1, &playbook);
        for a in &r0 {
            let b = r1.iter().find(|b| b.action.id == a.action.id).expect("same actions");
            prop_assert!(b.priority_tenths >= a.priority_tenths, "{} fell", a.action.id);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The contract, whatever is answered and whatever the customers: every answered raising
    /// question at 5 and lowering one at 1 gives exactly 100, the mirror exactly 0, and a
    /// force with nothing applicable answered is unscored.
    #[test]
    fn all_raising_at_5_is_100_and_the_mirror_0_in_every_context(
        answered in proptest::collection::vec(any::<bool>(), QuestionBank::builtin().questions().len()),
        customers in customers_strategy(),
    ) {
        let bank = QuestionBank::builtin();
        let ctx = context(customers);
        let pick = |top: bool| -> Vec<Option<u8>> {
            bank.questions().iter().zip(&answered).map(|(q, &a)| a.then_some(
                if (q.direction == Direction::Raises) == top { 5 } else { 1 }
            )).collect()
        };
        for (answers, expected) in [(pick(true), 100), (pick(false), 0)] {
            let mut q = questionnaire(&answers);
            q.context.clone_from(&ctx);
            let profile = score(&q, &bank);
            for f in profile.iter() {
                let any = bank.questions().iter().zip(&answered).any(|(bq, &a)| a && bq.force == f.force && bq.applies_to.applies(ctx.as_ref()));
                prop_assert_eq!(f.score, any.then_some(expected), "{} {:?}", f.force, customers);
            }
        }
    }

    /// A question about other customers than the context's counts nowhere: answering it
    /// changes no score and no coverage.
    #[test]
    fn questions_that_do_not_apply_are_not_counted(
        answers in answers_strategy(QuestionBank::builtin().questions().len()),
        customers in 0u8..2,
        value in 1u8..=5,
    ) {
        let bank = QuestionBank::builtin();
        let ctx = context(Some(customers));
        let mut base = answers.clone();
        let mut other = answers;
        for (i, q) in bank.questions().iter().enumerate() {
            if !q.applies_to.applies(ctx.as_ref()) {
                prop_assert_ne!(q.applies_to, Audience::All);
                base[i] = None;
                other[i] = Some(value);
            }
        }
        let (mut a, mut b) = (questionnaire(&base), questionnaire(&other));
        a.context.clone_from(&ctx);
        b.context.clone_from(&ctx);
        prop_assert_eq!(score(&a, &bank), score(&b, &bank));
    }

    /// Panel means (answers between two points) keep the properties: raising a mean answer in
    /// its direction never lowers its force, the score stays in 0..=100.
    #[test]
    fn panel_means_are_monotone(
        means in proptest::collection::vec(proptest::option::weighted(0.8, 1.0f64..=5.0), QuestionBank::builtin().questions().len()),
        pick in any::<prop::sample::Index>(),
        step in 0.0f64..=4.0,
    ) {
        let bank = QuestionBank::builtin();
        let i = pick.index(means.len());
        let q = &bank.questions()[i];
        let current = means[i].unwrap_or(3.0);
        let raised = match q.direction {
            Direction::Raises => (current + step).min(5.0),
            Direction::Lowers => (current - step).max(1.0),
        };
        let with = |value: f64| {
            let mut m = means.clone();
            m[i] = Some(value);
            score_values(&bank, None, m.iter().enumerate().filter_map(|(j, a)| Some((j, (*a)?))))
        };
        let (p0, p1) = (with(current), with(raised));
        prop_assert!(p1.get(q.force).score >= p0.get(q.force).score);
        prop_assert!(p1.iter().all(|f| f.score.is_none_or(|s| s <= 100)));
    }

    /// Every report's explanation adds up: each answer's points are non-negative, largest
    /// first, and together make the score (before rounding); the same input gives the same
    /// output.
    #[test]
    fn explanations_add_up_to_the_score(
        answers in answers_strategy(QuestionBank::builtin().questions().len()),
        customers in customers_strategy(),
    ) {
        let bank = QuestionBank::builtin();
        let mut q = questionnaire(&answers);
        q.context = context(customers);
        let profile = score(&q, &bank);
        let why = explain(&q, &bank);
        prop_assert_eq!(profile, score(&q, &bank));
        prop_assert_eq!(&why, &explain(&q, &bank));
        for force in Force::ALL {
            let e = why.get(force);
            let total: f64 = e.drivers.iter().map(|d| d.points).sum();
            match profile.get(force).score {
                Some(s) => prop_assert!((total - f64::from(s)).abs() <= 0.5 + 1e-6, "{force}: {total} vs {s}"),
                None => prop_assert!(e.drivers.is_empty()),
            }
            prop_assert!(e.drivers.iter().all(|d| d.points >= -1e-9));
            prop_assert!(e.drivers.windows(2).all(|w| w[0].points >= w[1].points));
            prop_assert_eq!(e.drivers.len(), profile.get(force).answered);
        }
    }
}

/// Pieces of questionnaires, plain and tricky, for the fast-path agreement test.
fn line() -> impl Strategy<Value = String> {
    let bank = QuestionBank::builtin();
    // Current ids, and the ids of the previous bank (read by the checked reader only).
    let ids: Vec<String> = bank
        .questions()
        .iter()
        .map(|q| q.id.clone())
        .chain(bank.renames().iter().map(|r| r.old.clone()))
        .chain(bank.retirements().iter().map(|r| r.id.clone()))
        .collect();
    let headers = prop::sample::select(vec![
        "[assessment]",
        "[suppliers]",
        "[buyers]",
        "[rivalry]",
        "[substitutes]",
        "[new_entrants]",
        "[ suppliers ]",
        "[\"buyers\"]",
        "['rivalry']",
        "[supplier]",
        "[suppliers.x]",
        "[[rivalry]]",
        "[assessment.more]",
        "[context]",
        "[assessment] # c",
        "[buyers]#c",
    ])
    .prop_map(str::to_owned);
    let keys = prop::sample::select(ids).prop_flat_map(|id| {
        prop::sample::select(vec![
            id.clone(),
            format!("\"{id}\""),
            format!("'{id}'"),
            format!("{id}.x"),
            "name".to_owned(),
            "industry".to_owned(),
            "date".to_owned(),
            "score".to_owned(),
            "selling".to_owned(),
            "customers".to_owned(),
            "unknown_id".to_owned(),
            format!("{id}x"),
        ])
    });
    let values = prop::sample::select(vec![
        "1",
        "2",
        "3",
        "4",
        "5",
        "0",
        "6",
        "-1",
        "+4",
        "0x3",
        "0o4",
        "0b10",
        "4.0",
        "4e0",
        "\"4\"",
        "true",
        "[4]",
        "[]",
        "2026-01-02",
        "\"2026-01-02\"",
        "\" 2026-01-02 \"",
        "2026-01-02T10:00:00",
        "10:00:00",
        "\"text\"",
        "\"  \"",
        "\"\"",
        "'lit'",
        "\"\"\"multi\nline\"\"\"",
        "'''raw\\n'''",
        "\"esc\\t\\\"q\\u00e9\"",
        "{ score = 4 }",
        "{ score = 4, note = \"n\" }",
        "{ note = \"n\", score = 2 }",
        "{ score = 4, note = \" \" }",
        "{ score = 4, note = 5 }",
        "{ note = \"x\" }",
        "{ score = 4, score = 5 }",
        "{ score = 4, extra = 1 }",
        "{ score = { score = 4 } }",
        "{ score = 7 }",
        "{}",
        "{ score = 0x4, note = '''x''' }",
        "{ score = 4, }",
        "{score=3,note='n'}",
        "4 # c",
        "4#c",
        "4\r",
        "\"a\u{1}b\"",
        "\"consumers\"",
        "\"businesses\"",
        "[\"online\"]",
        "[ \"online\", 'stores', ]",
        "[\"online\", \"online\"]",
        "[\n\"online\"\n]",
        "[\"nowhere\"]",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        2 => headers,
        6 => (keys, values).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => Just("# a comment".to_owned()),
        1 => Just(String::new()),
        1 => Just("  \t".to_owned()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    (any::<bool>(), proptest::collection::vec(line(), 0..30)).prop_map(|(details, lines)| {
        let start = if details { "[assessment]\nname = \"Acme\"\n" } else { "" };
        format!("{start}{}\n", lines.join("\n"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The fast path for plain files never disagrees with the general validator: same
    /// questionnaire when both accept, and it never accepts what the general one rejects.
    #[test]
    fn the_fast_path_agrees_with_the_general_validator(doc in document()) {
        let bank = QuestionBank::builtin();
        let fast_or_general = Questionnaire::parse("q.toml", &doc, &bank).ok();
        let general = Questionnaire::parse_general("q.toml", &doc, &bank).ok();
        if let Some(scanned) = Questionnaire::parse_plain(&doc, &bank) {
            prop_assert_eq!(Some(scanned), general.clone(), "the plain scanner: {}", doc);
        }
        prop_assert_eq!(fast_or_general, general, "{}", doc);
    }

    #[test]
    fn the_fast_path_agrees_on_mutated_examples(
        pick in 0usize..5,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let bank = QuestionBank::builtin();
        let mut files: Vec<_> = std::fs::read_dir(crate::repo("examples")).expect("examples")
            .filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        let mut bytes = std::fs::read(&files[pick % files.len()]).expect("example");
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b" \n=\"'{}[],.#0123456789abz\r\t"[usize::from(byte) % 27];
        }
        let doc = String::from_utf8_lossy(&bytes);
        let fast_or_general = Questionnaire::parse("q.toml", &doc, &bank).ok();
        let general = Questionnaire::parse_general("q.toml", &doc, &bank).ok();
        if let Some(scanned) = Questionnaire::parse_plain(&doc, &bank) {
            prop_assert_eq!(Some(scanned), general.clone(), "the plain scanner: {}", doc);
        }
        prop_assert_eq!(fast_or_general, general, "{}", doc);
    }
}
