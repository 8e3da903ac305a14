//! Properties of scoring and ranking over arbitrary questionnaires.

use fiveforces::{Answer, Assessment, Direction, Likert, Playbook, QuestionBank, Questionnaire, rank, score};
use proptest::prelude::*;

fn questionnaire(answers: &[Option<u8>]) -> Questionnaire {
    Questionnaire {
        assessment: Assessment { name: "P".into(), ..Assessment::default() },
        answers: answers
            .iter()
            .enumerate()
            .filter_map(|(question, a)| {
                a.and_then(|v| Likert::new(v.into())).map(|score| Answer { question, score, note: None })
            })
            .collect(),
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
        let top = fiveforces::rank::top(&profile, &playbook, 5);
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
