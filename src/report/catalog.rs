//! `fiveforces questions` and `fiveforces actions`: the bank and the playbook as tables for
//! people and as JSON for machines (plain field names, a stable shape).

use crate::report::inert;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;

use crate::data::bank::QuestionBank;
use crate::data::playbook::{Action, Fits, Playbook, Relevance, Source};
use crate::force::Force;
use crate::report::assessment::json::pretty;

#[derive(Serialize)]
struct ActionJson<'a> {
    id: &'a str,
    title: &'a str,
    what: &'a str,
    example: Option<&'a str>,
    when: &'static str,
    category: &'static str,
    fits: FitsJson<'a>,
    relevance: RelevanceJson<'a>,
    source: &'a Source,
    procedures: Vec<&'a str>,
}

/// `fits`: `{"everyone": "reason"}` or `{"needs": [{"key", "any", "reason"}]}`.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum FitsJson<'a> {
    Everyone(&'a str),
    Needs(Vec<NeedJson<'a>>),
}

#[derive(Serialize)]
struct NeedJson<'a> {
    key: &'static str,
    any: Vec<&'static str>,
    reason: &'a str,
}

#[derive(Serialize)]
struct RelevanceJson<'a> {
    suppliers: &'a Relevance,
    buyers: &'a Relevance,
    rivalry: &'a Relevance,
    substitutes: &'a Relevance,
    new_entrants: &'a Relevance,
}

fn action_json<'a>(a: &'a Action, playbook: &'a Playbook) -> ActionJson<'a> {
    let r = |f: Force| a.relevance.get(f);
    let fits = match &a.fits {
        Fits::Everyone(reason) => FitsJson::Everyone(reason),
        Fits::Needs(needs) => FitsJson::Needs(
            needs
                .iter()
                .map(|n| NeedJson {
                    key: n.key.key(),
                    any: n.any.indices().map(|i| n.key.value_name(i)).collect(),
                    reason: &n.reason,
                })
                .collect(),
        ),
    };
    ActionJson {
        id: &a.id,
        title: &a.title,
        what: &a.what,
        example: a.example.as_deref(),
        when: a.when.key(),
        category: a.category.key(),
        fits,
        relevance: RelevanceJson {
            suppliers: r(Force::Suppliers),
            buyers: r(Force::Buyers),
            rivalry: r(Force::Rivalry),
            substitutes: r(Force::Substitutes),
            new_entrants: r(Force::NewEntrants),
        },
        source: &a.source,
        procedures: playbook.procedures().iter().filter(|p| p.steps.contains(&a.id)).map(|p| p.id.as_str()).collect(),
    }
}

/// Every question as a JSON array of `{id, force, statement, help, direction, weight, source}`.
pub fn questions_json(bank: &QuestionBank) -> Result<String, crate::report::ReportError> {
    pretty(&bank.questions())
}

/// Every action as a JSON array of `{id, title, what, example, when, category, fits, relevance,
/// source, procedures}`.
pub fn actions_json(playbook: &Playbook) -> Result<String, crate::report::ReportError> {
    pretty(&playbook.actions().iter().map(|a| action_json(a, playbook)).collect::<Vec<_>>())
}

fn new_table(width: u16, header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED.with_rounded_corners())
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(header);
    table
}

/// The bank for people: one row per question, grouped by force.
pub fn questions_table(bank: &QuestionBank, width: u16) -> String {
    let mut table = new_table(
        width,
        &["Force", "Id", "Statement (1 = strongly disagree … 5 = strongly agree)", "Agreeing", "Weight"],
    );
    for q in bank.questions() {
        table.add_row([
            q.force.key(),
            &inert(&q.id),
            &inert(&format!("{}\n{}", q.statement, q.help)),
            q.direction.key(),
            &format!("{}", q.weight),
        ]);
    }
    crate::report::layout::keep_words(&mut table);
    format!("{table}\n{} questions. Answer them in a file from `fiveforces init`.\n", bank.questions().len())
}

/// The playbook for people: one row per action with what to do and its source.
pub fn actions_table(playbook: &Playbook, width: u16) -> String {
    let mut table = new_table(
        width,
        &["Action", "What the source says, and the tool's example", "Fits", "Relevance (0–3)", "Source"],
    );
    let mut actions: Vec<&Action> = playbook.actions().iter().collect();
    actions.sort_by(|a, b| a.when.cmp(&b.when).then_with(|| a.id.cmp(&b.id)));
    for a in actions {
        let relevance: Vec<String> =
            a.relevance.iter().filter(|(_, r)| r.level > 0).map(|(f, r)| format!("{} {}", f.key(), r.level)).collect();
        let what = match &a.example {
            Some(example) => format!("{}\n\n{example}", a.what),
            None => a.what.clone(),
        };
        let fits = match &a.fits {
            Fits::Everyone(_) => "any business".to_owned(),
            Fits::Needs(needs) => {
                needs.iter().map(|n| format!("{}: {}", n.key, n.values_text())).collect::<Vec<_>>().join("\n")
            }
        };
        table.add_row([
            inert(&format!("{}\n{}\n{} · {}", a.title, a.id, a.when.label(), a.category.label())).into_owned(),
            inert(&what).into_owned(),
            fits,
            relevance.join("\n"),
            inert(&a.source.shown()).into_owned(),
        ]);
    }
    format!(
        "{table}\n{} actions, in journey order. `fiveforces actions --format json` adds the reasons, the quoted passages and the procedures.\n",
        playbook.actions().len()
    )
}
