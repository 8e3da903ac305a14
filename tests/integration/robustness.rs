//! Nothing panics, whatever the input: arbitrary bytes, TOML-like documents built from the
//! questionnaire's own vocabulary with mistakes mixed in, mutated example questionnaires and
//! valid questionnaires full of unusual text all go through [`pipeline::exercise`], and every
//! error they produce carries a location inside the file.

use std::fmt::Write as _;
use std::sync::LazyLock;

use fiveforces::{Playbook, QuestionBank, assess};
use proptest::prelude::*;

use crate::pipeline;

static EXAMPLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut paths: Vec<_> = std::fs::read_dir(crate::repo("examples"))
        .expect("examples")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).expect("example")).collect()
});

static IDS: LazyLock<Vec<String>> =
    LazyLock::new(|| QuestionBank::builtin().questions().iter().map(|q| q.id.clone()).collect());

/// Names a table or key may have: the right ones, near misses and odd ones.
fn name() -> impl Strategy<Value = String> {
    let fixed = [
        "assessment",
        "suppliers",
        "supplier",
        "buyers",
        "rivalry",
        "substitutes",
        "new_entrants",
        "entrants",
        "name",
        "industry",
        "date",
        "score",
        "note",
        "question",
        "action",
        "builtin",
        "relevance",
        "level",
        "\"quoted key\"",
        "a.b",
        "\"\"",
    ];
    prop_oneof![
        4 => proptest::sample::select(fixed.to_vec()).prop_map(str::to_owned),
        4 => proptest::sample::select(IDS.clone()),
        1 => "[a-z_]{1,12}",
        1 => "[^\\n]{0,8}",
    ]
}

/// Values of every TOML type, some of them broken.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (-3i64..9).prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        "[0-5]\\.[0-9]",
        any::<String>().prop_map(|s| toml::Value::String(s).to_string()),
        "\"[^\"\\n]{0,10}\"?",
        Just("true".to_owned()),
        Just("2026-11-22".to_owned()),
        Just("2026-13-45".to_owned()),
        Just("1979-05-27T07:32:00Z".to_owned()),
        Just(String::new()),
        "[0-9a-z ,.=\\[\\]{}\"#]{0,12}",
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            (inner.clone(), inner).prop_map(|(s, n)| format!("{{ score = {s}, note = {n} }}")),
        ]
    })
}

/// A line of a TOML-like document.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (name(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => name().prop_map(|n| format!("[{n}]")),
        1 => name().prop_map(|n| format!("[[{n}]]")),
        1 => "#[^\\n]{0,20}",
        1 => Just(String::new()),
        1 => "[^\\n]{0,20}",
    ]
}

/// A document: mostly well-formed lines about the right things, with mistakes.
fn document() -> impl Strategy<Value = String> {
    (any::<bool>(), proptest::collection::vec(line(), 0..30)).prop_map(|(head, lines)| {
        let mut text = if head { "[assessment]\nname = \"Acme\"\n".to_owned() } else { String::new() };
        for line in lines {
            let _ = writeln!(text, "{line}");
        }
        text
    })
}

/// One edit of a text: delete, insert or change bytes, delete, duplicate or swap lines.
#[derive(Debug, Clone)]
enum Edit {
    DeleteBytes(prop::sample::Index, u8),
    InsertByte(prop::sample::Index, u8),
    InsertText(prop::sample::Index, String),
    DeleteLine(prop::sample::Index),
    DuplicateLine(prop::sample::Index),
    SwapLines(prop::sample::Index, prop::sample::Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<prop::sample::Index>(), 1u8..8).prop_map(|(i, n)| Edit::DeleteBytes(i, n)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Edit::InsertByte(i, b)),
        (any::<prop::sample::Index>(), "[\\[\\]{}=\"'#,.\\n0-9a-z]{1,4}").prop_map(|(i, s)| Edit::InsertText(i, s)),
        any::<prop::sample::Index>().prop_map(Edit::DeleteLine),
        any::<prop::sample::Index>().prop_map(Edit::DuplicateLine),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for edit in edits {
        let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
        match edit {
            Edit::DeleteBytes(at, n) if !bytes.is_empty() => {
                let start = at.index(bytes.len());
                let end = (start + usize::from(*n)).min(bytes.len());
                bytes.drain(start..end);
                continue;
            }
            Edit::InsertByte(at, b) => {
                bytes.insert(at.index(bytes.len() + 1), *b);
                continue;
            }
            Edit::InsertText(at, s) => {
                let at = at.index(bytes.len() + 1);
                bytes.splice(at..at, s.bytes());
                continue;
            }
            Edit::DeleteLine(at) => {
                lines.remove(at.index(lines.len()));
            }
            Edit::DuplicateLine(at) => {
                let i = at.index(lines.len());
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            Edit::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            Edit::DeleteBytes(..) => continue,
        }
        bytes = lines.join(&b'\n');
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A valid questionnaire with arbitrary text in its name, details and notes.
fn unusual_questionnaire() -> impl Strategy<Value = String> {
    let text = || any::<String>().prop_map(|s| toml::Value::String(s).to_string());
    let answers =
        proptest::collection::vec((any::<prop::sample::Index>(), 1u8..=5, proptest::option::of(text())), 0..50);
    (text(), proptest::option::of(text()), answers).prop_map(|(name, industry, answers)| {
        let bank = QuestionBank::builtin();
        let mut doc = format!("[assessment]\nname = {name}\n");
        if let Some(industry) = industry {
            let _ = writeln!(doc, "industry = {industry}");
        }
        let mut chosen: Vec<usize> = Vec::new();
        for (pick, score, note) in answers {
            let i = pick.index(bank.questions().len());
            if chosen.contains(&i) {
                continue;
            }
            chosen.push(i);
            let q = &bank.questions()[i];
            let note = note.map(|n| format!("\nnote = {n}")).unwrap_or_default();
            let _ = writeln!(doc, "[{}.{}]\nscore = {score}{note}", q.force, q.id);
        }
        doc
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        pipeline::exercise(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn toml_like_documents_never_panic(text in document()) {
        pipeline::exercise(&text);
    }

    #[test]
    fn mutated_examples_never_panic(
        pick in any::<prop::sample::Index>(),
        edits in proptest::collection::vec(edit(), 1..6),
    ) {
        let example = &EXAMPLES[pick.index(EXAMPLES.len())];
        pipeline::exercise(&apply(example, &edits));
    }

    /// Names, notes and details with any characters at all (control characters, right-to-left
    /// text, wide and combining characters, lone surrogates' replacement) render everywhere.
    #[test]
    fn unusual_text_renders_in_every_format(text in unusual_questionnaire(), top in 0usize..40) {
        let bank = QuestionBank::builtin();
        let playbook = Playbook::builtin();
        let result = assess("unusual.toml", &text, &bank, &playbook, top);
        match result {
            Ok(assessed) => pipeline::render_everything(&[assessed.clone(), assessed]),
            // An empty name (after trimming) is the only thing that can be wrong here.
            Err(invalid) => prop_assert!(invalid.problems.iter().all(|p| p.message.contains("`name`")), "{invalid}"),
        }
    }
}
