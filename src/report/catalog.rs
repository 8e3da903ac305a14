//! `fiveforces questions` and `fiveforces actions`: the bank and the playbook as tables for
//! people and as JSON for machines (plain field names, a stable shape).

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;

use crate::data::bank::QuestionBank;
use crate::data::playbook::{Action, Playbook, Relevance, Source};
use crate::force::Force;
use crate::report::assessment::json::pretty;

#[derive(Serialize)]
struct ActionJson<'a> {
    id: &'a str,
    title: &'a str,
    what: &'a str,
    when: &'static str,
    category: &'static str,
    relevance: RelevanceJson<'a>,
    source: &'a Source,
}

#[derive(Serialize)]
struct RelevanceJson<'a> {
    suppliers: &'a Relevance,
    buyers: &'a Relevance,
    rivalry: &'a Relevance,
    substitutes: &'a Relevance,
    new_entrants: &'a Relevance,
}

fn action_json(a: &Action) -> ActionJson<'_> {
    let r = |f: Force| a.relevance.get(f);
    ActionJson {
        id: &a.id,
        title: &a.title,
        what: &a.what,
        when: a.when.key(),
        category: a.category.key(),
        relevance: RelevanceJson {
            suppliers: r(Force::Suppliers),
            buyers: r(Force::Buyers),
            rivalry: r(Force::Rivalry),
            substitutes: r(Force::Substitutes),
            new_entrants: r(Force::NewEntrants),
        },
        source: &a.source,
    }
}

/// Every question as a JSON array of `{id, force, statement, help, direction, weight, source}`.
pub fn questions_json(bank: &QuestionBank) -> Result<String, crate::report::ReportError> {
    pretty(&bank.questions())
}

/// Every action as a JSON array of `{id, title, what, when, category, relevance, source}`.
pub fn actions_json(playbook: &Playbook) -> Result<String, crate::report::ReportError> {
    pretty(&playbook.actions().iter().map(action_json).collect::<Vec<_>>())
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
        &["Force", "Id", "Statement (1 = strongly disagree … 5 = strongly agree)", "Agreement", "Weight"],
    );
    for q in bank.questions() {
        table.add_row([
            q.force.key(),
            &q.id,
            &format!("{}\n{}", q.statement, q.help),
            q.direction.key(),
            &format!("{}", q.weight),
        ]);
    }
    format!("{table}\n{} questions. Answer them in a file from `fiveforces init`.\n", bank.questions().len())
}

/// The playbook for people: one row per action with what to do and its source.
pub fn actions_table(playbook: &Playbook, width: u16) -> String {
    let mut table = new_table(width, &["Action", "What to do", "Relevance (0–3)", "Source"]);
    for a in playbook.actions() {
        let relevance: Vec<String> =
            a.relevance.iter().filter(|(_, r)| r.level > 0).map(|(f, r)| format!("{} {}", f.key(), r.level)).collect();
        table.add_row([
            format!("{}\n{}\n{}, {}", a.title, a.id, a.category.key(), a.when.key()),
            a.what.clone(),
            relevance.join("\n"),
            a.source.seed.clone(),
        ]);
    }
    format!(
        "{table}\n{} actions. `fiveforces actions --format json` adds the reasons and the quoted passages.\n",
        playbook.actions().len()
    )
}
