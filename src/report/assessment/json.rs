//! `--format json` and `--format jsonl`: one object per questionnaire with plain field names.
//! JSON is pretty, an object for one questionnaire and an array for a batch; JSONL is one
//! compact object per line, written as each questionnaire is scored. A file that could not be
//! scored is an element too, in its place in path order, with `"valid": false` and its coded
//! problems (the same shape as `check --format json`). The shape is locked by a test; fields
//! are only ever added.
//!
//! ```json
//! {
//!   "format_version": 2,
//!   "model": "porter-4",
//!   "path": "examples/saas-crm.toml",
//!   "valid": true,
//!   "assessment": { "name": "…", "industry": "…", "scope": null, "assessor": null, "date": "2026-10-15" },
//!   "forces": { "suppliers": { "score": 62, "band": "moderate", "coverage": 100, "answered": 9, "questions": 9,
//!                 "explanation": "leverage 80 (strongest concentration 5) × importance 86; most from …",
//!                 "decisive": "concentration", "parts": { "importance": 85.7, "leverage": 79.5 },
//!                 "drivers": [ { "question": "concentration", "answer": 5.0, "points": 53.1 }, … ] }, … },
//!   "strongest": "rivalry",
//!   "context": { "customers": "businesses", "selling": ["online"], "offering": ["software"], "purchase": "contract" },
//!   "fitted": true,
//!   "actions": [ { "rank": 1, "id": "…", "title": "…", "priority": 89.3, "category": "…", "when": "…",
//!                  "drivers": [ { "force": "rivalry", "relevance": 3, "score": 81, "contribution": 81.0 } ] } ],
//!   "plan": [ { "id": "…", "title": "…", "when": "at_delivery", "priority": 92.0, "chosen": true,
//!               "procedure": { "id": "first_post_sale_visit", "title": "…", "step": 1, "of": 4 }, "drivers": [ … ] } ],
//!   "left_out": [ { "id": "…", "title": "…", "needs": { "key": "selling", "any": ["sales_reps"], "reason": "…" } } ],
//!   "breaches": [ { "force": "rivalry", "message": "competitive rivalry 81 (high) reached rivalry>=70" } ]
//! }
//! { "format_version": 2, "path": "bad.toml", "valid": false,
//!   "problems": [ { "file": "bad.toml", "line": 3, "column": 2, "end_line": 3, "end_column": 7,
//!                   "code": "FF101", "code_name": "unknown-table", "message": "unknown table `[buyer]`",
//!                   "label": "not a force or `assessment`", "help": "did you mean `buyers`?" } ] }
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analysis::plan::Plan;
use crate::analysis::rank::RankedAction;
use crate::analysis::score::{Explanation, ForceScore, MODEL};
use crate::analysis::threshold::Breach;
use crate::decimal::{push_json_float, push_tenths_json};
use crate::force::Force;
use crate::questionnaire::{Assessment, Context, ContextKey};
use crate::report::{Entry, Failure, JSON_FORMAT_VERSION, ReportError, Run};
use crate::source::diagnostic::Diagnostic;
use crate::source::words::{has, has_below, words};

#[derive(Serialize)]
struct Report<'a> {
    format_version: u32,
    model: &'static str,
    path: &'a str,
    valid: bool,
    assessment: AssessmentJson<'a>,
    forces: Forces<ForceJson>,
    strongest: Option<&'static str>,
    context: Option<ContextJson>,
    fitted: bool,
    actions: Vec<ActionJson<'a>>,
    plan: Vec<PlanStepJson<'a>>,
    left_out: Vec<LeftOutJson<'a>>,
    breaches: Vec<BreachJson<'a>>,
}

/// `[context]`: each key's values (`customers` and `purchase` one string, the others lists);
/// a key the file leaves out is `null`.
#[derive(Serialize)]
pub(crate) struct ContextJson {
    customers: Option<&'static str>,
    selling: Option<Vec<&'static str>>,
    offering: Option<Vec<&'static str>>,
    purchase: Option<&'static str>,
}

impl ContextJson {
    pub(crate) fn of(context: Context) -> Self {
        let list = |key: ContextKey| Some(context.names(key)).filter(|v| !v.is_empty());
        let one = |key: ContextKey| context.names(key).first().copied();
        ContextJson {
            customers: one(ContextKey::Customers),
            selling: list(ContextKey::Selling),
            offering: list(ContextKey::Offering),
            purchase: one(ContextKey::Purchase),
        }
    }
}

/// One step of the plan, in journey order.
#[derive(Serialize)]
pub(crate) struct PlanStepJson<'a> {
    id: &'a str,
    title: &'a str,
    when: &'static str,
    priority: f64,
    /// Whether it was chosen on its own priority (false: it came with its procedure).
    chosen: bool,
    procedure: Option<StepOfJson<'a>>,
    drivers: Vec<DriverJson>,
}

#[derive(Serialize)]
pub(crate) struct StepOfJson<'a> {
    id: &'a str,
    title: &'a str,
    step: usize,
    of: usize,
}

/// An action left out because it does not fit the business.
#[derive(Serialize)]
pub(crate) struct LeftOutJson<'a> {
    id: &'a str,
    title: &'a str,
    needs: NeedJson<'a>,
}

#[derive(Serialize)]
pub(crate) struct NeedJson<'a> {
    key: &'static str,
    any: Vec<&'static str>,
    reason: &'a str,
}

/// The plan's steps.
pub(crate) fn plan_json<'a>(plan: &'a Plan<'_>) -> Vec<PlanStepJson<'a>> {
    plan.steps
        .iter()
        .map(|step| PlanStepJson {
            id: &step.ranked.action.id,
            title: &step.ranked.action.title,
            when: step.ranked.action.when.key(),
            priority: step.ranked.priority(),
            chosen: step.chosen,
            procedure: step.procedure.map(|p| StepOfJson {
                id: &p.procedure.id,
                title: &p.procedure.title,
                step: p.step,
                of: p.of,
            }),
            drivers: drivers_json(&step.ranked),
        })
        .collect()
}

/// The actions left out, by id.
pub(crate) fn left_out_json<'a>(plan: &'a Plan<'_>) -> Vec<LeftOutJson<'a>> {
    plan.left_out
        .iter()
        .map(|left| LeftOutJson {
            id: &left.action.id,
            title: &left.action.title,
            needs: NeedJson {
                key: left.need.key.key(),
                any: left.need.any.indices().map(|i| left.need.key.value_name(i)).collect(),
                reason: &left.need.reason,
            },
        })
        .collect()
}

#[derive(Serialize)]
pub(crate) struct AssessmentJson<'a> {
    name: &'a str,
    industry: Option<&'a str>,
    scope: Option<&'a str>,
    assessor: Option<&'a str>,
    date: Option<&'a str>,
}

/// A value per force, serialised as an object keyed by force name in display order.
#[derive(Serialize)]
pub(crate) struct Forces<T> {
    suppliers: T,
    buyers: T,
    rivalry: T,
    substitutes: T,
    new_entrants: T,
}

impl<T> Forces<T> {
    /// Each force's value.
    pub(crate) fn from_fn(mut value: impl FnMut(Force) -> T) -> Self {
        Forces {
            suppliers: value(Force::Suppliers),
            buyers: value(Force::Buyers),
            rivalry: value(Force::Rivalry),
            substitutes: value(Force::Substitutes),
            new_entrants: value(Force::NewEntrants),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct ForceJson {
    score: Option<u8>,
    band: Option<&'static str>,
    coverage: u8,
    answered: usize,
    questions: usize,
    /// Scored from less than `TENTATIVE_BELOW` percent of the force's question weight.
    tentative: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    decisive: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parts: Option<BTreeMap<&'static str, f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    drivers: Option<Vec<AnswerDriverJson>>,
}

/// One answer's share of its force's score.
#[derive(Serialize)]
pub(crate) struct AnswerDriverJson {
    question: String,
    answer: f64,
    points: f64,
}

/// One decimal, for points and parts.
fn tenth(x: f64) -> f64 {
    tenths(x) / 10.0
}

/// `x` counted in tenths, rounded: [`tenth`] before the division.
fn tenths(x: f64) -> f64 {
    crate::decimal::round(x * 10.0)
}

/// A force's result with how it came about (`explanation`, the `decisive` answer, the rule's
/// `parts` and every answer's `drivers` points).
pub(crate) fn explained_force_json(f: &ForceScore, e: &Explanation) -> ForceJson {
    let mut json = force_json(f);
    json.explanation = Some(e.summary());
    json.decisive = e.decisive_id().map(str::to_owned);
    json.parts = Some(e.parts.iter().map(|(name, v)| (*name, tenth(*v))).collect());
    json.drivers = Some(
        e.drivers
            .iter()
            .map(|d| AnswerDriverJson { question: d.id.to_owned(), answer: tenth(d.answer), points: tenth(d.points) })
            .collect(),
    );
    json
}

#[derive(Serialize)]
pub(crate) struct ActionJson<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    priority: f64,
    category: &'static str,
    when: &'static str,
    drivers: Vec<DriverJson>,
}

#[derive(Serialize)]
struct DriverJson {
    force: &'static str,
    relevance: u8,
    score: u8,
    contribution: f64,
}

impl<'a> AssessmentJson<'a> {
    /// The details of an assessment.
    pub(crate) fn of(details: &'a Assessment) -> Self {
        AssessmentJson {
            name: &details.name,
            industry: details.industry.as_deref(),
            scope: details.scope.as_deref(),
            assessor: details.assessor.as_deref(),
            date: details.date.as_deref(),
        }
    }
}

/// The ranked actions, numbered from 1.
pub(crate) fn actions_json<'a>(ranked: &'a [RankedAction<'_>]) -> Vec<ActionJson<'a>> {
    ranked
        .iter()
        .enumerate()
        .map(|(i, r)| ActionJson {
            rank: i + 1,
            id: &r.action.id,
            title: &r.action.title,
            priority: r.priority(),
            category: r.action.category.key(),
            when: r.action.when.key(),
            drivers: drivers_json(r),
        })
        .collect()
}

fn drivers_json(r: &RankedAction<'_>) -> Vec<DriverJson> {
    r.drivers
        .iter()
        .map(|d| DriverJson {
            force: d.force.key(),
            relevance: d.relevance,
            score: d.score,
            contribution: f64::from(d.contribution_tenths) / 10.0,
        })
        .collect()
}

pub(crate) fn force_json(f: &ForceScore) -> ForceJson {
    ForceJson {
        score: f.score,
        band: f.band().map(crate::analysis::score::Band::key),
        coverage: f.coverage,
        answered: f.answered,
        questions: f.questions,
        tentative: f.tentative(),
        explanation: None,
        decisive: None,
        parts: None,
        drivers: None,
    }
}

fn report<'a>(entry: &'a Entry<'_>) -> Report<'a> {
    let a = &entry.assessed;
    Report {
        format_version: JSON_FORMAT_VERSION,
        model: MODEL,
        path: &a.origin,
        valid: true,
        assessment: AssessmentJson::of(&a.questionnaire.assessment),
        forces: Forces::from_fn(|f| explained_force_json(a.profile.get(f), a.explanation.get(f))),
        strongest: a.profile.strongest().map(|f| f.force.key()),
        context: a.questionnaire.context.map(ContextJson::of),
        fitted: a.plan.fitted,
        actions: actions_json(&a.plan.chosen),
        plan: plan_json(&a.plan),
        left_out: left_out_json(&a.plan),
        breaches: breaches_json(&entry.breaches),
    }
}

#[derive(Serialize)]
pub(crate) struct BreachJson<'a> {
    force: &'static str,
    message: &'a str,
}

pub(crate) fn breaches_json(breaches: &[Breach]) -> Vec<BreachJson<'_>> {
    breaches.iter().map(|b| BreachJson { force: b.force.key(), message: &b.message }).collect()
}

/// Pretty JSON of any value, with a final newline.
pub(crate) fn pretty(value: &impl Serialize) -> Result<String, ReportError> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// A file that could not be read or validated, with every problem: an element of a JSON
/// report and of `check --format json`.
#[derive(Serialize)]
pub(crate) struct Invalid<'a> {
    format_version: u32,
    path: &'a str,
    valid: bool,
    problems: &'a [Diagnostic],
}

impl<'a> Invalid<'a> {
    pub(crate) fn new(path: &'a str, problems: &'a [Diagnostic]) -> Self {
        Invalid { format_version: JSON_FORMAT_VERSION, path, valid: false, problems }
    }
}

fn invalid(failure: &Failure) -> Invalid<'_> {
    Invalid::new(&failure.origin, &failure.diagnostics)
}

/// One element of the report: a scored questionnaire or a file that could not be scored.
#[derive(Serialize)]
#[serde(untagged)]
enum Element<'a> {
    Scored(Box<Report<'a>>),
    Invalid(Invalid<'a>),
}

/// Pretty JSON: an object for a single file, an array for a batch (`[]` when it is empty),
/// with the scored questionnaires and the files that could not be scored in path order. A
/// batch is the streamed pieces joined ([`array_element`], [`array_failure`],
/// [`array_separator`], [`array_end`]), so writing it as it is scored gives the same bytes.
pub fn render(run: &Run<'_>) -> Result<String, ReportError> {
    if !run.batch && run.entries.len() + run.failures.len() == 1 {
        return match (run.entries.first(), run.failures.first()) {
            (Some(entry), _) => pretty(&report(entry)),
            (None, Some(failure)) => pretty(&invalid(failure)),
            (None, None) => pretty(&Vec::<Element<'_>>::new()),
        };
    }
    let mut out = String::new();
    let mut count = 0;
    let mut failures = run.failures.iter().peekable();
    for (position, entry) in run.entries.iter().enumerate() {
        while let Some(failure) = failures.next_if(|f| f.position <= position) {
            out.push_str(array_separator(count));
            out.push_str(&array_failure(failure)?);
            count += 1;
        }
        out.push_str(array_separator(count));
        out.push_str(&array_element(entry)?);
        count += 1;
    }
    for failure in failures {
        out.push_str(array_separator(count));
        out.push_str(&array_failure(failure)?);
        count += 1;
    }
    out.push_str(array_end(count));
    Ok(out)
}

/// What comes before the element numbered `index` (from 0) of a streamed JSON array: the
/// opening bracket, or the comma after the previous element.
pub fn array_separator(index: usize) -> &'static str {
    if index == 0 { "[\n" } else { ",\n" }
}

/// What closes a streamed JSON array of `count` elements (`[]` when there is none).
pub fn array_end(count: usize) -> &'static str {
    if count == 0 { "[]\n" } else { "\n]\n" }
}

/// One scored questionnaire as an element of a pretty JSON array, indented as serde_json
/// indents it, without separator.
pub fn array_element(entry: &Entry<'_>) -> Result<String, ReportError> {
    indented(&report(entry))
}

/// A file that could not be scored as an element of a pretty JSON array.
pub fn array_failure(failure: &Failure) -> Result<String, ReportError> {
    indented(&invalid(failure))
}

/// A value as pretty JSON one level deep: every line indented by two spaces (a string never
/// holds a raw newline, so this is exactly how serde_json writes it inside an array).
fn indented(value: &impl Serialize) -> Result<String, ReportError> {
    // An element is 20–40 KB: written into a buffer sized once (serde_json's own starts at
    // 128 bytes and is grown a dozen times, a churn of sizes that kept a batch's memory growing).
    let mut bytes = Vec::with_capacity(48 * 1024);
    serde_json::to_writer_pretty(&mut bytes, value)?;
    let text = String::from_utf8(bytes)?;
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(line);
    }
    Ok(out)
}

/// The whole-run rendering through serde_json in one go: the reference the streamed pieces
/// are held to by a test.
#[doc(hidden)]
pub fn render_serde(run: &Run<'_>) -> Result<String, ReportError> {
    let mut elements = Vec::with_capacity(run.entries.len() + run.failures.len());
    let mut failures = run.failures.iter().peekable();
    for (position, entry) in run.entries.iter().enumerate() {
        while let Some(failure) = failures.next_if(|f| f.position <= position) {
            elements.push(Element::Invalid(invalid(failure)));
        }
        elements.push(Element::Scored(Box::new(report(entry))));
    }
    elements.extend(failures.map(|failure| Element::Invalid(invalid(failure))));
    match elements.as_slice() {
        [single] if !run.batch => pretty(single),
        _ => pretty(&elements),
    }
}

/// A file that could not be scored as one compact JSON line (JSONL).
pub fn failure_line(failure: &Failure) -> Result<String, ReportError> {
    compact_line(&invalid(failure))
}

/// One questionnaire as one compact JSON line (JSONL), written directly: the fixed text of
/// the shape once, numbers formatted as serde_json formats them (`itoa`, `zmij`), strings
/// escaped as serde_json escapes them. [`line_serde`] is the same line through serde, kept as
/// the reference a test holds this one to, byte for byte.
pub fn line(entry: &Entry<'_>) -> Result<String, ReportError> {
    // A line is about 10 KB: sized once rather than grown four times.
    let mut out = Line(String::with_capacity(16 * 1024));
    out.report(entry);
    out.0.push('\n');
    Ok(out.0)
}

/// [`line`] through serde_json: the reference for the direct writer.
#[doc(hidden)]
pub fn line_serde(entry: &Entry<'_>) -> Result<String, ReportError> {
    compact_line(&report(entry))
}

/// A compact JSON line being written.
struct Line(String);

// The small writers are inlined into every caller so that the fixed text's length is known
// where it is copied (measured: 2.5% fewer instructions per line than with `#[inline]`).
#[allow(clippy::inline_always)]
impl Line {
    #[inline(always)]
    fn raw(&mut self, text: &str) {
        self.0.push_str(text);
    }

    /// A string, escaped exactly as serde_json escapes it: `"` and `\`, the short escapes
    /// for backspace, form feed, newline, carriage return and tab, `\u00XX` (lower-case
    /// hex) for the other control characters, everything else as it is.
    fn string(&mut self, text: &str) {
        self.0.push('"');
        push_escaped(&mut self.0, text);
        self.0.push('"');
    }

    /// A string written by `write` straight into the line, then escaped in place if it must be.
    fn string_with(&mut self, write: impl FnOnce(&mut String)) {
        self.0.push('"');
        let start = self.0.len();
        write(&mut self.0);
        if needs_escape(self.0.as_bytes().get(start..).unwrap_or_default()) {
            let text = self.0.split_off(start);
            push_escaped(&mut self.0, &text);
        }
        self.0.push('"');
    }

    /// A string known to need no escape, written as it is: an id of the bank or the playbook
    /// (snake_case, which both refuse otherwise) or one of the program's own keys.
    #[inline(always)]
    fn id(&mut self, text: &str) {
        debug_assert!(!needs_escape(text.as_bytes()), "{text:?} needs escaping");
        self.0.reserve(text.len() + 2);
        self.0.push('"');
        self.0.push_str(text);
        self.0.push('"');
    }

    #[inline(always)]
    fn opt_id(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.id(text),
            None => self.raw("null"),
        }
    }

    fn opt_string(&mut self, text: Option<&str>) {
        match text {
            Some(text) => self.string(text),
            None => self.raw("null"),
        }
    }

    fn int<N: itoa::Integer + TryInto<u64> + Copy>(&mut self, value: N) {
        match value.try_into() {
            Ok(whole) => crate::decimal::push_uint(&mut self.0, whole),
            Err(_) => self.0.push_str(itoa::Buffer::new().format(value)),
        }
    }

    fn float(&mut self, value: f64) {
        push_json_float(&mut self.0, value);
    }

    /// `tenth(value)`, written without a float formatter when it can be.
    fn tenth(&mut self, value: f64) {
        push_tenths_json(&mut self.0, tenths(value));
    }

    #[inline(always)]
    fn bool(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// `[…]` with `item` written for each element.
    fn array<T>(&mut self, items: impl IntoIterator<Item = T>, mut item: impl FnMut(&mut Self, T)) {
        self.0.push('[');
        for (i, value) in items.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            item(self, value);
        }
        self.0.push(']');
    }

    fn report(&mut self, entry: &Entry<'_>) {
        let a = &entry.assessed;
        let details = &a.questionnaire.assessment;
        self.raw("{\"format_version\":");
        self.int(JSON_FORMAT_VERSION);
        self.raw(",\"model\":");
        self.id(MODEL);
        self.raw(",\"path\":");
        self.string(&a.origin);
        self.raw(",\"valid\":true,\"assessment\":{\"name\":");
        self.string(&details.name);
        self.raw(",\"industry\":");
        self.opt_string(details.industry.as_deref());
        self.raw(",\"scope\":");
        self.opt_string(details.scope.as_deref());
        self.raw(",\"assessor\":");
        self.opt_string(details.assessor.as_deref());
        self.raw(",\"date\":");
        self.opt_string(details.date.as_deref());
        self.raw("},\"forces\":{");
        for (i, force) in Force::ALL.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.id(force.key());
            self.0.push(':');
            self.force(a.profile.get(force), a.explanation.get(force));
        }
        self.raw("},\"strongest\":");
        self.opt_id(a.profile.strongest().map(|f| f.force.key()));
        self.raw(",\"context\":");
        match a.questionnaire.context {
            Some(context) => self.context(context),
            None => self.raw("null"),
        }
        self.raw(",\"fitted\":");
        self.bool(a.plan.fitted);
        self.raw(",\"actions\":");
        self.array(a.plan.chosen.iter().enumerate(), |out, (i, r)| {
            out.raw("{\"rank\":");
            out.int(i + 1);
            out.raw(",\"id\":");
            out.id(&r.action.id);
            out.raw(",\"title\":");
            out.string(&r.action.title);
            out.raw(",\"priority\":");
            out.float(r.priority());
            out.raw(",\"category\":");
            out.id(r.action.category.key());
            out.raw(",\"when\":");
            out.id(r.action.when.key());
            out.raw(",\"drivers\":");
            out.drivers(r);
            out.0.push('}');
        });
        self.raw(",\"plan\":");
        self.array(&a.plan.steps, |out, step| {
            out.raw("{\"id\":");
            out.id(&step.ranked.action.id);
            out.raw(",\"title\":");
            out.string(&step.ranked.action.title);
            out.raw(",\"when\":");
            out.id(step.ranked.action.when.key());
            out.raw(",\"priority\":");
            out.float(step.ranked.priority());
            out.raw(",\"chosen\":");
            out.bool(step.chosen);
            out.raw(",\"procedure\":");
            match step.procedure {
                Some(p) => {
                    out.raw("{\"id\":");
                    out.id(&p.procedure.id);
                    out.raw(",\"title\":");
                    out.string(&p.procedure.title);
                    out.raw(",\"step\":");
                    out.int(p.step);
                    out.raw(",\"of\":");
                    out.int(p.of);
                    out.0.push('}');
                }
                None => out.raw("null"),
            }
            out.raw(",\"drivers\":");
            out.drivers(&step.ranked);
            out.0.push('}');
        });
        self.raw(",\"left_out\":");
        self.array(&a.plan.left_out, |out, left| {
            out.raw("{\"id\":");
            out.id(&left.action.id);
            out.raw(",\"title\":");
            out.string(&left.action.title);
            out.raw(",\"needs\":{\"key\":");
            out.id(left.need.key.key());
            out.raw(",\"any\":");
            out.array(left.need.any.indices(), |out, i| out.id(left.need.key.value_name(i)));
            out.raw(",\"reason\":");
            out.string(&left.need.reason);
            out.raw("}}");
        });
        self.raw(",\"breaches\":");
        self.array(&entry.breaches, |out, b| {
            out.raw("{\"force\":");
            out.id(b.force.key());
            out.raw(",\"message\":");
            out.string(&b.message);
            out.0.push('}');
        });
        self.0.push('}');
    }

    fn force(&mut self, f: &ForceScore, e: &Explanation) {
        self.raw("{\"score\":");
        match f.score {
            Some(score) => self.int(score),
            None => self.raw("null"),
        }
        self.raw(",\"band\":");
        self.opt_id(f.band().map(crate::analysis::score::Band::key));
        self.raw(",\"coverage\":");
        self.int(f.coverage);
        self.raw(",\"answered\":");
        self.int(f.answered);
        self.raw(",\"questions\":");
        self.int(f.questions);
        self.raw(",\"tentative\":");
        self.bool(f.tentative());
        self.raw(",\"explanation\":");
        self.string_with(|out| e.write_summary(out));
        if let Some(decisive) = e.decisive_id() {
            self.raw(",\"decisive\":");
            self.id(decisive);
        }
        // A map in key order, as the reference's BTreeMap (a later part of the same name wins),
        // of values in tenths.
        let mut parts: Vec<(&str, f64)> = Vec::with_capacity(e.parts.len());
        for &(name, value) in &e.parts {
            match parts.binary_search_by(|(k, _)| k.cmp(&name)) {
                Ok(at) => {
                    if let Some(part) = parts.get_mut(at) {
                        part.1 = tenths(value);
                    }
                }
                Err(at) => parts.insert(at, (name, tenths(value))),
            }
        }
        self.raw(",\"parts\":{");
        for (i, (name, value)) in parts.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            self.id(name);
            self.0.push(':');
            push_tenths_json(&mut self.0, value);
        }
        self.raw("},\"drivers\":");
        self.array(&e.drivers, |out, d| {
            out.raw("{\"question\":");
            out.id(d.id);
            out.raw(",\"answer\":");
            out.tenth(d.answer);
            out.raw(",\"points\":");
            out.tenth(d.points);
            out.0.push('}');
        });
        self.0.push('}');
    }

    fn context(&mut self, context: Context) {
        let json = ContextJson::of(context);
        self.raw("{\"customers\":");
        self.opt_id(json.customers);
        self.raw(",\"selling\":");
        self.opt_list(json.selling.as_deref());
        self.raw(",\"offering\":");
        self.opt_list(json.offering.as_deref());
        self.raw(",\"purchase\":");
        self.opt_id(json.purchase);
        self.0.push('}');
    }

    fn opt_list(&mut self, list: Option<&[&str]>) {
        match list {
            Some(list) => self.array(list, |out, item| out.id(item)),
            None => self.raw("null"),
        }
    }

    fn drivers(&mut self, r: &RankedAction<'_>) {
        self.array(&r.drivers, |out, d| {
            out.raw("{\"force\":");
            out.id(d.force.key());
            out.raw(",\"relevance\":");
            out.int(d.relevance);
            out.raw(",\"score\":");
            out.int(d.score);
            out.raw(",\"contribution\":");
            push_tenths_json(&mut out.0, f64::from(d.contribution_tenths));
            out.0.push('}');
        });
    }
}

/// Whether a string has a byte JSON must escape (a control character, `"` or `\\`), checked
/// eight bytes at a time, since nearly every string has none.
fn needs_escape(bytes: &[u8]) -> bool {
    words(bytes, b'a').any(|(word, _)| has_below(word, 0x20) || has(word, b'"') || has(word, b'\\'))
}

/// `text` escaped as serde_json escapes a string's contents, appended to `out`.
fn push_escaped(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    if !needs_escape(bytes) {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(text.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.push_str("\\u00");
            for nibble in [byte >> 4, byte & 0xf] {
                out.push(char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0')));
            }
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(text.get(start..).unwrap_or_default());
}

fn compact_line(value: &impl Serialize) -> Result<String, ReportError> {
    // A line is 1–3 KB: sized once instead of grown from serde_json's 128 bytes.
    let mut bytes = Vec::with_capacity(4096);
    serde_json::to_writer(&mut bytes, value)?;
    bytes.push(b'\n');
    Ok(String::from_utf8(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::needs_escape;

    /// The word-at-a-time test finds every byte JSON escapes, at every place in strings of
    /// every length up to three words, and nothing else.
    #[test]
    fn needs_escape_finds_exactly_the_bytes_json_escapes() {
        for len in 1..=24 {
            for at in 0..len {
                for byte in 0..=u8::MAX {
                    let mut bytes = vec![b'x'; len];
                    if let Some(slot) = bytes.get_mut(at) {
                        *slot = byte;
                    }
                    let expected = byte < 0x20 || byte == b'"' || byte == b'\\';
                    assert_eq!(needs_escape(&bytes), expected, "byte {byte:#04x} at {at} of {len}");
                }
            }
        }
        assert!(!needs_escape(b""));
        assert!(!needs_escape("é€😀 ~\u{7f}".as_bytes()));
    }
}
