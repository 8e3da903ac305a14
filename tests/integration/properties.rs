//! Properties of scoring and ranking over arbitrary questionnaires.

use fiveforces::{Answer, Assessment, Direction, Likert, Playbook, QuestionBank, Questionnaire, rank, score};
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

/// Pieces of questionnaires, plain and tricky, for the fast-path agreement test.
fn line() -> impl Strategy<Value = String> {
    let bank = QuestionBank::builtin();
    let ids: Vec<String> = bank.questions().iter().map(|q| q.id.clone()).collect();
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
            bytes[i] = b" \n=\"'{}[],.#0123456789abz"[usize::from(byte) % 25];
        }
        let doc = String::from_utf8_lossy(&bytes);
        let fast_or_general = Questionnaire::parse("q.toml", &doc, &bank).ok();
        let general = Questionnaire::parse_general("q.toml", &doc, &bank).ok();
        prop_assert_eq!(fast_or_general, general, "{}", doc);
    }
}
