//! `--format html`: one self-contained page a person opens from a CI artifact. No network at
//! all: the styles are inline, the charts are inline SVG, there are no scripts, fonts or
//! images to fetch. Each questionnaire gets a radar chart of its five forces, the score table,
//! the ranked actions (what to do, why, and the passage the advice comes from) and the
//! answers' notes as evidence; a batch opens with an overview. Built with maud, which escapes
//! every piece of user text. Prints cleanly (one questionnaire per page).

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::analysis::plan::PlanStep;
use crate::analysis::rank::RankedAction;
use crate::analysis::score::Profile;
use crate::data::bank::QuestionBank;
use crate::data::playbook::When;
use crate::force::Force;
use crate::report::parts::{Piece, Setting, Totals};
use crate::report::{
    Entry, Failure, Run, band_text, context_line, left_out_line, score_mark, score_text, step_text, strongest_sentence,
    tentative_legend,
};

const STYLE: &str = r"
:root { --ink:#1f2933; --muted:#52606d; --line:#d9e2ec; --accent:#2463eb; --high:#c2410c; --moderate:#b7791f; --low:#2f855a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1040px; padding: 24px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 22px; margin: 0 0 4px; } h3 { font-size: 17px; margin: 24px 0 8px; }
.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.band { display: inline-block; white-space: nowrap; padding: 1px 8px; border-radius: 10px; font-size: 13px; color: #fff; }
.band.high { background: var(--high); } .band.moderate { background: var(--moderate); } .band.low { background: var(--low); } .band.unscored { background: #9aa5b1; }
section.assessment { border-top: 3px solid var(--ink); padding-top: 16px; margin-top: 32px; }
.profile { display: flex; gap: 24px; align-items: center; flex-wrap: wrap; }
.profile .radar { flex: 0 1 360px; max-width: 100%; } .radar svg { width: 100%; height: auto; } .reading { font-size: 13px; margin: 0; text-align: center; } .profile .scroll { flex: 1 1 300px; }
ol.actions { padding-left: 20px; } ol.actions li { margin-bottom: 14px; }
h4.phase { font-size: 14px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 18px 0 6px; }
p.example { color: var(--muted); }
.priority { font-weight: 600; color: var(--accent); }
blockquote { margin: 6px 0; padding: 4px 12px; border-left: 3px solid var(--line); color: var(--muted); }
code { font-size: 13px; background: #f0f4f8; padding: 1px 4px; border-radius: 3px; }
.alert { border: 2px solid var(--high); background: #fff5f0; padding: 10px 14px; border-radius: 6px; margin: 16px 0; }
.alert h2 { font-size: 17px; color: var(--high); }
.track { display: inline-block; width: 100px; height: 10px; background: #e4e7eb; border-radius: 2px; vertical-align: middle; overflow: hidden; }
.track .bar { display: block; height: 100%; background: var(--accent); }
.tentative { font-size: 12px; color: var(--muted); border: 1px dashed var(--muted); border-radius: 10px; padding: 0 6px; }
.scroll { overflow-x: auto; max-width: 100%; }
.scroll table { min-width: 100%; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
.scroll td, .scroll th { min-width: 4ch; }
@media (max-width: 600px) { body { padding: 12px; } .profile .radar { flex: 1 1 100%; } .track { width: 60px; } }
footer { margin-top: 40px; font-size: 13px; color: var(--muted); }
@media print { body { max-width: none; padding: 0; font-size: 12px; } section.assessment { break-before: page; border-top: none; } .alert, .band { print-color-adjust: exact; -webkit-print-color-adjust: exact; } }
";

/// The whole run as one HTML page.
pub fn render(run: &Run<'_>) -> String {
    // Rendering to memory does not fail for HTML.
    crate::report::parts::render(crate::report::Format::Html, run, &crate::report::annotations::no_sources)
        .unwrap_or_default()
}

/// Where the parts go in the frames while they are rendered (markup cannot contain it: maud
/// escapes `<`).
const SLOT: &str = "<fiveforces-part>";

/// Splits text rendered with one [`SLOT`] into what comes before and after it.
fn around(text: &str) -> (String, String) {
    match text.split_once(SLOT) {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (text.to_owned(), String::new()),
    }
}

/// A questionnaire's pieces: its breaches (part 0), its overview row in a batch (part 2) and
/// its section (part 3), the last two anchored by position ([`numbered_at`]). Part 1 is the
/// failed files.
pub(crate) fn pieces(setting: Setting<'_>, entry: &Entry<'_>) -> Vec<Piece> {
    let origin = &entry.assessed.origin;
    let breaches = html! { @for breach in &entry.breaches { li { code { (origin) } ": " (breach.message) } } };
    let mut pieces = vec![Piece::new(0, breaches.into_string())];
    if setting.batch {
        pieces.push(Piece::numbered(2, overview_row(entry, 0).into_string()));
    }
    pieces.push(Piece::numbered(3, section(setting.bank, entry, 0).into_string()));
    pieces
}

/// A failed file's item in the list of files that could not be scored (part 1).
pub(crate) fn failure_piece(failure: &Failure) -> Piece {
    Piece::new(1, html! { li { pre { (failure.message) } } }.into_string())
}

/// An overview row or a section rendered at position 0, split around its number so that it can
/// be written at any position: both open with their anchor (`#q1`, `id="q1"`), before any text
/// from the file. `None` for text that does not open so.
pub(crate) fn numbered_at(text: &str) -> Option<(&'static str, &str)> {
    [ROW_OPEN, SECTION_OPEN]
        .into_iter()
        .find_map(|open| text.strip_prefix(open).and_then(|rest| rest.strip_prefix('1')).map(|rest| (open, rest)))
}

/// How an overview row and a section open, up to their number.
const ROW_OPEN: &str = "<tr><td><a href=\"#q";
const SECTION_OPEN: &str = "<section class=\"assessment\" id=\"q";

/// The page around the parts: its head, the alerts' heads and ends, the overview's head and
/// end, and the page's end, from the run's counts.
pub(crate) fn frames(setting: Setting<'_>, totals: &Totals) -> Vec<String> {
    let title = match &totals.first_name {
        Some(name) if !setting.batch && totals.entries == 1 => format!("Five Forces: {name}"),
        _ => "Five Forces assessment".to_owned(),
    };
    let subtitle = crate::report::count(totals.entries, "questionnaire", "questionnaires") + " scored";
    let (page_head, page_end) = around(&page(&title, &subtitle, &PreEscaped(SLOT.to_owned())));
    let slot = PreEscaped(SLOT);
    let (breaches_open, breaches_close) = if totals.breaches > 0 {
        around(&html! { div.alert role="alert" { h2 { "Thresholds breached" } ul { (slot) } } }.into_string())
    } else {
        Default::default()
    };
    let (failures_open, failures_close) = if totals.failures > 0 {
        around(&html! {
            div.alert { h2 { (crate::report::count(totals.failures, "file", "files")) " could not be scored" } ul { (slot) } }
        }.into_string())
    } else {
        Default::default()
    };
    let (overview_open, overview_close) = if setting.batch && totals.entries > 0 {
        around(&html! {
            h2 { "Overview" }
            div.scroll { table {
                thead { tr { th { "Questionnaire" } @for force in Force::ALL { th.num { (force.label()) } } th { "Top action" } } }
                tbody { (slot) }
            } }
        }.into_string())
    } else {
        Default::default()
    };
    vec![
        page_head + &breaches_open,
        breaches_close + &failures_open,
        failures_close + &overview_open,
        overview_close,
        page_end,
    ]
}

/// A whole self-contained page: the styles, a header with `title` and `subtitle`, the body and
/// the footer that explains scores and priorities.
pub(crate) fn page(title: &str, subtitle: &str, body: &Markup) -> String {
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { (title) }
                    p.meta { (subtitle) " · report by fiveforces " (env!("CARGO_PKG_VERSION")) }
                }
                (body)
                footer {
                    "Scores run from 0 (no pressure) to 100 (the strongest pressure the questionnaire can express); bands: low 0–"
                    (crate::analysis::score::MODERATE_FROM - 1) ", moderate " (crate::analysis::score::MODERATE_FROM) "–"
                    (crate::analysis::score::HIGH_FROM - 1) ", high " (crate::analysis::score::HIGH_FROM) "–100. "
                    "An action's priority is 100 × (1 − Π(1 − relevance/3 × score/100)) over the forces it addresses."
                }
            }
        }
    };
    let mut text = page.into_string();
    text.push('\n');
    text
}

pub(crate) fn band(f: &crate::analysis::score::ForceScore) -> Markup {
    let name = band_text(f);
    html! { span class={ "band " (name) } { (name) } }
}

fn overview_row(entry: &Entry<'_>, index: usize) -> Markup {
    let a = &entry.assessed;
    html! {
        tr {
            td { a href={ "#q" (index + 1) } { (a.questionnaire.assessment.name) } br; span.muted { (a.origin) } }
            @for f in a.profile.iter() { td.num { (score_text(f)) " " (band(f)) } }
            td { @if let Some(r) = a.plan.chosen.first() { (r.action.title) " " span.priority { (format!("{:.1}", r.priority())) } } }
        }
    }
}

fn section(bank: &QuestionBank, entry: &Entry<'_>, index: usize) -> Markup {
    let a = &entry.assessed;
    let details = &a.questionnaire.assessment;
    let meta: Vec<&str> = [details.industry.as_deref(), details.scope.as_deref()].into_iter().flatten().collect();
    html! {
        section.assessment id={ "q" (index + 1) } {
            h2 { (details.name) }
            p.meta {
                @if !meta.is_empty() { (meta.join(" · ")) br; }
                code { (a.origin) }
                @if let Some(who) = &details.assessor { " · assessed by " (who) }
                @if let Some(date) = &details.date { " · " (date) }
            }
            @if !entry.breaches.is_empty() {
                div.alert { ul { @for b in &entry.breaches { li { "Threshold breached: " (b.message) } } } }
            }
            div.profile {
                (radar(&a.profile))
                div.scroll { table {
                    thead { tr { th { "Force" } th.num { "Score" } th { "Band" } th.num { "Coverage" } } }
                    tbody {
                        @for f in a.profile.iter() {
                            tr {
                                td { (f.force.label()) }
                                td.num { (score_mark(f)) " " span.track title="0–100" { span.bar style={ "width:" (f.score.unwrap_or(0)) "%" } {} } }
                                td { (band(f)) @if f.tentative() { " " span.tentative { "tentative" } } }
                                td.num { (f.coverage_text()) }
                            }
                        }
                    }
                } }
            }
            @if a.profile.iter().any(crate::analysis::score::ForceScore::tentative) {
                p.muted { (tentative_legend()) }
            }
            @if let Some(line) = strongest_sentence(&a.profile) {
                p { (line) }
            }
            @if a.profile.iter().any(|f| f.score.is_some()) {
                p.muted { "How each score came about (points of the score each answer accounts for):" }
                ul.why {
                    @for f in a.profile.iter().filter(|f| f.score.is_some()) {
                        li { strong { (f.force.label()) } ": " (a.explanation.get(f.force).summary()) }
                    }
                }
            }
            p.muted { (context_line(a.questionnaire.context.as_ref())) }
            @if !a.plan.steps.is_empty() {
                h3 { "Follow-up plan" }
                p.muted { "The " (a.plan.chosen.len()) " best actions for this profile, with their procedures, in journey order." }
                (plan(&a.plan.steps))
            }
            @if let Some(line) = left_out_line(&a.plan) { p.muted { (line) } }
            (evidence(bank, entry))
        }
    }
}

/// The plan phase by phase: each step with what the source says, what the tool suggests, why
/// (the drivers and their reasons) and the quoted source.
fn plan(steps: &[PlanStep<'_>]) -> Markup {
    let mut phases: Vec<(When, Vec<&PlanStep<'_>>)> = Vec::new();
    for step in steps {
        match phases.last_mut() {
            Some((when, list)) if *when == step.ranked.action.when => list.push(step),
            _ => phases.push((step.ranked.action.when, vec![step])),
        }
    }
    html! {
        @for (when, list) in &phases {
            h4.phase { (when.label()) }
            ol.actions {
                @for step in list {
                    @let r = &step.ranked;
                    li {
                        strong { (r.action.title) } " " code { (r.action.id) } " · priority " span.priority { (format!("{:.1}", r.priority())) }
                        @if !step.chosen { " (with its procedure)" }
                        " · " (r.action.category.label())
                        @if let Some(of) = step_text(step) { br; span.muted { "↳ " (of) } }
                        p { strong { "The source: " } (r.action.what) }
                        @if let Some(example) = &r.action.example { p.example { strong { "The tool suggests: " } (example) } }
                        (drivers(r))
                        (quote(r))
                    }
                }
            }
        }
    }
}

fn drivers(r: &RankedAction<'_>) -> Markup {
    html! {
        ul {
            @for d in &r.drivers {
                li {
                    strong { (d.force.label()) } " " (d.score) ", relevance " (d.relevance) "/3: "
                    (r.action.relevance.get(d.force).reason.as_deref().unwrap_or_default())
                }
            }
        }
    }
}

fn quote(r: &RankedAction<'_>) -> Markup {
    html! {
        blockquote {
            (r.action.source.passage)
            @if let Some(translation) = &r.action.source.translation { br; em { (translation) } }
            br; span.muted { "— " (r.action.source.shown()) }
        }
    }
}

/// The ranked actions: what to do, why (the drivers and their reasons) and the quoted source.
pub(crate) fn actions(ranked: &[RankedAction<'_>]) -> Markup {
    html! {
                ol.actions {
                    @for r in ranked {
                        li {
                            strong { (r.action.title) } " " code { (r.action.id) } " · priority " span.priority { (format!("{:.1}", r.priority())) }
                            " · " (r.action.when.label()) " · " (r.action.category.label())
                            p { strong { "The source: " } (r.action.what) }
                            @if let Some(example) = &r.action.example { p.example { strong { "The tool suggests: " } (example) } }
                            (drivers(r))
                            (quote(r))
                        }
                    }
                }
    }
}

fn evidence(bank: &QuestionBank, entry: &Entry<'_>) -> Markup {
    let noted: Vec<_> = entry
        .assessed
        .questionnaire
        .answers
        .iter()
        .filter_map(|answer| Some((bank.get(answer.question)?, answer, answer.note.as_deref()?)))
        .collect();
    html! {
        @if !noted.is_empty() {
            h3 { "Evidence" }
            div.scroll { table {
                thead { tr { th { "Force" } th { "Statement" } th { "Answer" } th { "Note" } } }
                tbody {
                    @for (question, answer, note) in &noted {
                        tr {
                            td { (question.force.label()) }
                            td { (question.statement) }
                            td { (answer.score.get()) " — " (answer.score.label()) }
                            td { (note) }
                        }
                    }
                }
            } }
        }
    }
}

/// A radar chart of the five forces: a pentagon grid at 25, 50, 75 and 100, and the profile
/// as a filled polygon. Unscored forces sit at the centre and are labelled as such.
fn radar(profile: &Profile) -> Markup {
    radar_with(profile, &[])
}

/// [`radar`] with other profiles drawn underneath as outlines, each in its colour (a panel's
/// assessors under their consensus).
pub(crate) fn radar_with(profile: &Profile, overlays: &[(&str, &Profile)]) -> Markup {
    const CENTRE: f64 = 150.0;
    const RADIUS: f64 = 100.0;
    let point = |i: usize, fraction: f64| {
        let angle = (-90.0 + 72.0 * f64::from(u8::try_from(i).unwrap_or(0))).to_radians();
        (CENTRE + RADIUS * fraction * angle.cos(), CENTRE + RADIUS * fraction * angle.sin())
    };
    let polygon = |fractions: &[f64]| {
        fractions
            .iter()
            .enumerate()
            .map(|(i, &f)| {
                let (x, y) = point(i, f);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let scores: Vec<f64> = profile.iter().map(|f| f64::from(f.score.unwrap_or(0)) / 100.0).collect();
    let summary: Vec<String> = profile.iter().map(|f| format!("{} {}", f.force.label(), score_text(f))).collect();
    html! {
        div.radar {
        svg xmlns="http://www.w3.org/2000/svg" viewBox="-110 0 520 300" width="360" height="245" role="img" aria-label={ "Force profile: " (summary.join(", ")) } {
            @for level in [0.25, 0.5, 0.75, 1.0] {
                polygon points=(polygon(&[level; 5])) fill="none" stroke="#d9e2ec" stroke-width="1" {}
            }
            @for i in 0..5 {
                @let (x, y) = point(i, 1.0);
                line x1="150" y1="150" x2=(format!("{x:.1}")) y2=(format!("{y:.1}")) stroke="#d9e2ec" stroke-width="1" {}
            }
            @for (colour, other) in overlays {
                @let fractions: Vec<f64> = other.iter().map(|f| f64::from(f.score.unwrap_or(0)) / 100.0).collect();
                polygon points=(polygon(&fractions)) fill="none" stroke=(colour) stroke-width="1.5" stroke-dasharray="4 3" {}
            }
            polygon points=(polygon(&scores)) fill="rgba(36,99,235,0.22)" stroke="#1e3a8a" stroke-width="3" {}
            @for (i, f) in profile.iter().enumerate() {
                @let (x, y) = point(i, 1.2);
                @let anchor = if x < 140.0 { "end" } else if x > 160.0 { "start" } else { "middle" };
                text x=(format!("{x:.1}")) y=(format!("{y:.1}")) text-anchor=(anchor) font-size="15" font-weight="600" fill="#1f2933" {
                    (short(f.force)) " " (score_text(f))
                }
            }
        }
        p.muted.reading { "Further out = more pressure: the centre is 0, the outer ring 100." }
        }
    }
}

fn short(force: Force) -> &'static str {
    match force {
        Force::Suppliers => "Suppliers",
        Force::Buyers => "Buyers",
        Force::Rivalry => "Rivalry",
        Force::Substitutes => "Substitutes",
        Force::NewEntrants => "New entrants",
    }
}
