//! `fiveforces interview` driven through a pseudo-terminal, as a person would: arrow keys and
//! Enter in the lists, text and Enter in the fields, Ctrl-C half-way. A bank of one question per
//! force keeps a full run short; the date is fixed with `FIVEFORCES_TODAY`.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use fiveforces::{QuestionBank, Questionnaire};
use rexpect::process::WaitStatus;
use rexpect::session::{PtySession, spawn_command};

/// One question per force (the smallest bank the tool accepts), in force order.
const BANK: &str = r#"builtin = "replace"

[[question]]
id = "few_vendors"
force = "suppliers"
statement = "A handful of vendors supply what we cannot do without."
help = "1 = many vendors compete for our orders; 5 = one vendor sets the terms."
direction = "raises"
weight = 1.0
source = "test bank"

[[question]]
id = "big_buyers"
force = "buyers"
statement = "A few large customers bring most of our revenue."
help = "1 = thousands of small customers; 5 = three customers are half of revenue."
direction = "raises"
weight = 1.0
source = "test bank"

[[question]]
id = "many_rivals"
force = "rivalry"
statement = "Many rivals of equal size fight for the same customers."
help = "1 = we have the market to ourselves; 5 = a crowded field of equals."
direction = "raises"
weight = 1.0
source = "test bank"

[[question]]
id = "other_ways"
force = "substitutes"
statement = "Customers can meet the same need in a different way."
help = "1 = nothing else does the job; 5 = cheap alternatives abound."
direction = "raises"
weight = 1.0
source = "test bank"

[[question]]
id = "easy_entry"
force = "new_entrants"
statement = "A newcomer could start competing with us within a year."
help = "1 = entry takes a decade and a fortune; 5 = anyone can start next month."
direction = "raises"
weight = 1.0
source = "test bank"
"#;

/// The statements, in the order the interview asks them.
const STATEMENTS: [&str; 5] = [
    "A handful of vendors supply",
    "A few large customers bring",
    "Many rivals of equal size",
    "Customers can meet the same need",
    "A newcomer could start competing",
];

const DOWN: &str = "\x1b[B";
const UP: &str = "\x1b[A";
const ENTER: &str = "\r";
const BACKSPACE: &str = "\x7f";

/// A folder holding the test bank, to run interviews in.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("bank.toml"), BANK).expect("write bank");
    dir
}

fn bank() -> QuestionBank {
    QuestionBank::from_toml("bank.toml", BANK, None).expect("the test bank is valid")
}

/// `fiveforces interview FILE --questions bank.toml` in a new pseudo-terminal.
fn interview(dir: &Path, file: &str) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fiveforces"));
    cmd.current_dir(dir)
        .args(["interview", file, "--questions", "bank.toml"])
        .env("FIVEFORCES_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    spawn_command(cmd, Some(10_000)).expect("the interview starts in a pseudo-terminal")
}

fn keys(p: &mut PtySession, keys: &str) {
    p.send(keys).expect("send keys");
    p.flush().expect("flush keys");
}

/// Waits for `prompt`, then types `text` and Enter.
fn type_line(p: &mut PtySession, prompt: &str, text: &str) {
    p.exp_string(prompt).unwrap_or_else(|e| panic!("waiting for {prompt:?}: {e}"));
    p.send(text).expect("send text");
    keys(p, ENTER);
}

fn details(p: &mut PtySession) {
    type_line(p, "Business, product line or unit assessed", "Acme Cloud");
    type_line(p, "Industry (optional)", "B2B SaaS");
    type_line(p, "Scope: products and markets (optional)", "");
    type_line(p, "Assessor: who is answering (optional)", "Ann \"QA\" Lee");
    type_line(p, "Date (YYYY-MM-DD)", "");
    context(p);
}

/// Answers the four context questions: businesses, sold online, software, under contract.
fn context(p: &mut PtySession) {
    p.exp_string("Who are your customers?").expect("the context is asked after the details");
    keys(p, &format!("{DOWN}{ENTER}"));
    p.exp_string("How do you sell?").expect("selling");
    keys(p, &format!("{DOWN} {ENTER}"));
    p.exp_string("What do you sell?").expect("offering");
    keys(p, &format!("{DOWN} {ENTER}"));
    p.exp_string("How do customers buy?").expect("purchase");
    keys(p, &format!("{}{ENTER}", DOWN.repeat(3)));
}

/// Waits until question `n` (0-based) shows its list of answers.
fn wait_for(p: &mut PtySession, n: usize) {
    p.exp_string(STATEMENTS[n]).unwrap_or_else(|e| panic!("waiting for question {n}: {e}"));
    p.exp_string("How much do you agree?").expect("the answers");
}

/// Waits for question `n` and picks list item `item` with one key (0-based: 0–4 are the
/// answers 1–5, picked by their digit, 5 is "don't know" (`0`), 6 is "back" (Backspace)).
fn pick(p: &mut PtySession, n: usize, item: usize) {
    wait_for(p, n);
    let key = match item {
        0..=4 => (item + 1).to_string(),
        5 => "0".to_owned(),
        _ => BACKSPACE.to_owned(),
    };
    keys(p, &key);
}

/// Moves from the middle answer (highlighted on a new question) to `score` and presses `n` to
/// answer with a note.
fn pick_with_note(p: &mut PtySession, n: usize, score: usize) {
    wait_for(p, n);
    let moves = if score >= 3 { DOWN.repeat(score - 3) } else { UP.repeat(3 - score) };
    keys(p, &format!("{moves}n"));
}

/// Answers the questions from `first` on, one per force, each with its score and note (a key
/// `n` and the note when there is one, else the digit alone), and goes on from each force's
/// score.
fn answer(p: &mut PtySession, first: usize, answers: &[(usize, &str)]) {
    for (n, &(score, note)) in (first..).zip(answers) {
        if note.is_empty() {
            pick(p, n, score - 1);
        } else {
            pick_with_note(p, n, score);
            type_line(p, "Note: your evidence", note);
        }
        next(p);
    }
}

/// Goes on from a force's score.
fn next(p: &mut PtySession) {
    p.exp_string("of 100").expect("the force's score");
    type_line(p, "Next  (", "");
}

/// Presses Ctrl-C on question `n` once its list is open, and expects exit code 130.
fn interrupt(p: &mut PtySession, n: usize, message: &str) {
    wait_for(p, n);
    sleep(Duration::from_millis(300));
    p.send_control('c').expect("Ctrl-C");
    p.exp_string(message).expect("how to resume");
    p.exp_eof().expect("the interview ends");
    assert_exit(p, 130);
}

/// Finishes at the review and checks the closing report and exit code 0.
fn finish(mut p: PtySession) {
    type_line(&mut p, "What next?  (", "");
    p.exp_string("Strongest force").expect("the score table");
    p.exp_eof().expect("the interview ends");
    assert_exit(&p, 0);
}

fn assert_exit(p: &PtySession, code: i32) {
    match p.process().wait().expect("exit status") {
        WaitStatus::Exited(_, got) => assert_eq!(got, code),
        other => panic!("expected exit code {code}, got {other:?}"),
    }
}

/// The questionnaire saved in `file`, which `check` must accept.
fn saved(dir: &Path, file: &str) -> Questionnaire {
    crate::fiveforces().current_dir(dir).args(["check", file, "--questions", "bank.toml"]).assert().success();
    let text = fs::read_to_string(dir.join(file)).expect("the file exists");
    Questionnaire::parse(file, &text, &bank()).expect("a valid questionnaire")
}

/// Each question's answer, in bank order: its score and note, `None` when unanswered.
fn answers(q: &Questionnaire) -> Vec<Option<(u8, Option<&str>)>> {
    let mut all = vec![None; STATEMENTS.len()];
    for a in &q.answers {
        all[a.question] = Some((a.score.get(), a.note.as_deref()));
    }
    all
}

#[test]
fn a_full_interview_writes_a_file_that_check_accepts_with_exactly_the_answers_typed() {
    let dir = workspace();
    let mut p = interview(dir.path(), "acme.toml");
    details(&mut p);
    answer(
        &mut p,
        0,
        &[(4, "two vendors, \"90%\" of GPUs — ünïcode"), (2, ""), (5, "price war # since May"), (1, ""), (3, "")],
    );
    finish(p);

    let q = saved(dir.path(), "acme.toml");
    assert_eq!(q.assessment.name, "Acme Cloud");
    assert_eq!(q.assessment.industry.as_deref(), Some("B2B SaaS"));
    assert_eq!(q.assessment.scope, None);
    assert_eq!(q.assessment.assessor.as_deref(), Some("Ann \"QA\" Lee"));
    assert_eq!(q.assessment.date.as_deref(), Some("2026-11-22"));
    let context = q.context.expect("the context was asked and saved");
    assert_eq!(
        fiveforces::questionnaire::ContextKey::ALL.map(|k| context.names(k)),
        [vec!["businesses"], vec!["online"], vec!["software"], vec!["contract"]],
        "the context as chosen"
    );
    assert_eq!(
        answers(&q),
        [
            Some((4, Some("two vendors, \"90%\" of GPUs — ünïcode"))),
            Some((2, None)),
            Some((5, Some("price war # since May"))),
            Some((1, None)),
            Some((3, None))
        ]
    );
    let text = fs::read_to_string(dir.path().join("acme.toml")).expect("file");
    assert!(text.contains("# A handful of vendors supply what we cannot do without.\n"), "statements kept:\n{text}");
}

#[test]
fn ctrl_c_half_way_keeps_the_answers_so_far_exits_130_and_a_second_run_resumes() {
    let dir = workspace();
    let mut p = interview(dir.path(), "acme.toml");
    details(&mut p);
    answer(&mut p, 0, &[(4, "first"), (2, "")]);
    let resume = "run `fiveforces interview acme.toml --questions bank.toml` to continue";
    interrupt(&mut p, 2, &format!("interrupted: 2 of 5 answers saved in acme.toml; {resume}"));
    assert_eq!(answers(&saved(dir.path(), "acme.toml")), [Some((4, Some("first"))), Some((2, None)), None, None, None]);

    let mut p = interview(dir.path(), "acme.toml");
    p.exp_string("acme.toml: 2 of 5 questions answered; 3 to go.").expect("what is saved");
    answer(&mut p, 2, &[(5, ""), (1, ""), (3, "last")]);
    finish(p);
    assert_eq!(
        answers(&saved(dir.path(), "acme.toml")),
        [Some((4, Some("first"))), Some((2, None)), Some((5, None)), Some((1, None)), Some((3, Some("last")))]
    );
}

#[test]
fn going_back_changes_an_answer() {
    let dir = workspace();
    let mut p = interview(dir.path(), "acme.toml");
    details(&mut p);
    pick_with_note(&mut p, 0, 2);
    type_line(&mut p, "Note: your evidence", "first thought");
    // At the force's score, Backspace goes back to the question with its answer highlighted.
    p.exp_string("of 100").expect("the force's score");
    p.exp_string("Next  (").expect("the menu");
    keys(&mut p, BACKSPACE);
    wait_for(&mut p, 0);
    keys(&mut p, &format!("{DOWN}{DOWN}n")); // from 2 to 4, with the note to edit
    p.exp_string("Note: your evidence").expect("the note, to edit");
    keys(&mut p, &format!("{}second thought{ENTER}", BACKSPACE.repeat("first thought".len())));
    next(&mut p);
    // On the next question, Backspace goes back too.
    answer(&mut p, 1, &[(1, "")]);
    pick(&mut p, 2, 6);
    pick(&mut p, 1, 2); // from 1 to 3 with its digit: no note step
    next(&mut p);
    interrupt(&mut p, 2, "interrupted: 2 of 5 answers saved");
    assert_eq!(
        answers(&saved(dir.path(), "acme.toml")),
        [Some((4, Some("second thought"))), Some((3, None)), None, None, None]
    );
}

#[test]
fn skipping_leaves_a_question_unanswered() {
    let dir = workspace();
    let mut p = interview(dir.path(), "acme.toml");
    details(&mut p);
    pick(&mut p, 0, 5); // don't know
    p.exp_string("unscored, no question answered").expect("an unscored force");
    type_line(&mut p, "Next  (", "");
    answer(&mut p, 1, &[(5, "")]);
    for n in 2..5 {
        pick(&mut p, n, 5);
        type_line(&mut p, "Next  (", "");
    }
    p.exp_string("4 unanswered").expect("the review lists the skipped questions");
    finish(p);
    assert_eq!(answers(&saved(dir.path(), "acme.toml")), [None, Some((5, None)), None, None, None]);
    let text = fs::read_to_string(dir.path().join("acme.toml")).expect("file");
    assert!(text.contains("\n# few_vendors =\n"), "a skipped question keeps its commented-out line:\n{text}");
}

#[test]
fn an_invalid_file_is_reported_and_never_overwritten() {
    let dir = workspace();
    let text = "[assessment]\nname = \"Acme\"\n[buyers]\nbig_buyer = 3\n";
    fs::write(dir.path().join("acme.toml"), text).expect("write");
    let mut p = interview(dir.path(), "acme.toml");
    p.exp_string("did you mean `big_buyers`?").expect("the problem, located");
    p.exp_string("leaves it untouched").expect("the promise");
    p.exp_eof().expect("the interview ends");
    assert_exit(&p, 2);
    assert_eq!(fs::read_to_string(dir.path().join("acme.toml")).expect("file"), text);
}

/// An edit made to the file while the interview runs is never overwritten: the interview stops
/// at its next save and says so.
#[test]
fn an_edit_made_meanwhile_is_never_overwritten() {
    let dir = workspace();
    let mut p = interview(dir.path(), "acme.toml");
    details(&mut p);
    answer(&mut p, 0, &[(4, "first")]);
    wait_for(&mut p, 1);
    let file = dir.path().join("acme.toml");
    let edited = fs::read_to_string(&file).expect("saved").replace("B2B SaaS", "Edited elsewhere");
    fs::write(&file, &edited).expect("edit");
    keys(&mut p, "4");
    p.exp_string("changed on disk since the interview last saved it").expect("the interview says so");
    p.exp_eof().expect("the interview ends");
    assert_exit(&p, 2);
    assert_eq!(fs::read_to_string(&file).expect("file"), edited, "the edit is kept");
}

/// A CRLF file keeps its line endings: a save changes only the lines it changes.
#[test]
fn a_crlf_file_stays_crlf() {
    let dir = workspace();
    let mut p = interview(dir.path(), "acme.toml");
    details(&mut p);
    answer(&mut p, 0, &[(4, "first")]);
    interrupt(&mut p, 1, "interrupted: 1 of 5 answers saved");
    let file = dir.path().join("acme.toml");
    let crlf = fs::read_to_string(&file).expect("saved").replace('\n', "\r\n");
    fs::write(&file, &crlf).expect("write");

    let mut p = interview(dir.path(), "acme.toml");
    pick(&mut p, 1, 1);
    next(&mut p);
    interrupt(&mut p, 2, "interrupted: 2 of 5 answers saved");
    let text = fs::read_to_string(&file).expect("saved");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count(), "every line ends in CRLF:\n{text}");
    assert_eq!(answers(&saved(dir.path(), "acme.toml"))[..2], [Some((4, Some("first"))), Some((2, None))]);
}

/// A read-only file is refused with a message, never replaced.
#[test]
fn a_read_only_file_is_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    let file = dir.path().join("acme.toml");
    fs::write(&file, "[assessment]\nname = \"Acme\"\n").expect("write");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).expect("chmod");
    let mut p = interview(dir.path(), "acme.toml");
    p.exp_string("acme.toml is read-only").expect("the refusal");
    p.exp_eof().expect("the interview ends");
    assert_exit(&p, 2);
    assert_eq!(fs::read_to_string(&file).expect("file"), "[assessment]\nname = \"Acme\"\n");
}

/// A date in the right form but not in the calendar is told so.
#[test]
fn an_impossible_date_is_named_for_what_it_is() {
    let dir = workspace();
    let mut p = interview(dir.path(), "acme.toml");
    type_line(&mut p, "Business, product line or unit assessed", "Acme");
    type_line(&mut p, "Industry (optional)", "");
    type_line(&mut p, "Scope: products and markets (optional)", "");
    type_line(&mut p, "Assessor: who is answering (optional)", "");
    p.exp_string("Date (YYYY-MM-DD)").expect("the date");
    // Clear the default, then type an impossible day.
    keys(&mut p, &format!("{}2026-02-30{ENTER}", "\x7f".repeat(12)));
    p.exp_string("2026-02-30 is not a day of the calendar").expect("the message");
    p.send_control('c').expect("Ctrl-C");
    p.exp_eof().expect("the interview ends");
}

/// A full sitting of the built-in bank, as a person in a hurry answers it: one digit per
/// question, Enter at each force's score and at the review. Prints the keys pressed, and the
/// keys the same answers took with the previous prompts (arrow keys from an empty highlight,
/// Enter, then Enter again to pass the note), and asserts fewer than half of those.
#[test]
fn a_full_sitting_takes_one_key_per_question() {
    let dir = workspace();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fiveforces"));
    cmd.current_dir(dir.path())
        .args(["interview", "acme.toml"])
        .env("FIVEFORCES_TODAY", "2026-11-22")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut p = spawn_command(cmd, Some(20_000)).expect("the interview starts in a pseudo-terminal");
    details(&mut p);
    // Counted here: other tests press keys at the same time.
    let (mut questions, mut forces, mut previous, mut now) = (0usize, 0usize, 0usize, 0usize);
    loop {
        let (_, found) = p
            .exp_regex(r"How much do you agree\?  \(|Next  \(|What next\?  \(")
            .expect("a question, a force's score or the review");
        if found.starts_with("How") {
            let score = questions % 5 + 1;
            previous += score + 2;
            questions += 1;
            now += 1;
            keys(&mut p, &score.to_string());
        } else if found.starts_with("Next") {
            forces += 1;
            previous += 1;
            now += 1;
            keys(&mut p, ENTER);
        } else {
            previous += 1;
            now += 1;
            keys(&mut p, ENTER);
            break;
        }
    }
    p.exp_string("Strongest force").expect("the report");
    p.exp_eof().expect("the interview ends");
    assert_exit(&p, 0);
    eprintln!(
        "a full sitting: {questions} questions, {forces} forces: {now} keys now, {previous} with the previous prompts (besides the details and context)"
    );
    assert!(questions >= 40, "{questions} questions asked");
    assert_eq!(now, questions + forces + 1, "one key per question, per force and for the review");
    assert!(now * 2 < previous, "{now} keys is not under half of {previous}");
    let q = Questionnaire::parse(
        "acme.toml",
        &fs::read_to_string(dir.path().join("acme.toml")).expect("saved"),
        &QuestionBank::builtin(),
    )
    .expect("valid");
    assert_eq!(q.answers.len(), questions);
}
