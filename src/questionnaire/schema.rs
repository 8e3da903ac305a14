//! A JSON Schema of the questionnaire file, built from the same question bank and key lists
//! the validator uses, so that editors with TOML schema support (Taplo / Even Better TOML)
//! complete question ids, show each statement as you type and flag mistakes inline.
//!
//! Draft 4, which those editors support, because it is the draft whose `integer` is "a JSON
//! number without a fraction or exponent part": `3.0` is then rejected by the schema as it is by
//! `check` (drafts 6 and later count `3.0` as an integer). The schema uses nothing a later draft
//! added.

use serde_json::{Map, Value, json};

use crate::context::{CONTEXT, ContextKey};
use crate::data::bank::QuestionBank;
use crate::force::Force;
use crate::questionnaire::model::{ANSWER_KEYS, ASSESSMENT, ASSESSMENT_KEYS, Likert};

/// The file name `init` and `interview` write the schema to, beside the questionnaire.
pub const FILE_NAME: &str = "fiveforces.schema.json";

/// The schema as a JSON value.
pub fn questionnaire(bank: &QuestionBank) -> Value {
    let likert = json!({
        "type": "integer",
        "minimum": Likert::MIN,
        "maximum": Likert::MAX,
        "description": "1 strongly disagree, 2 disagree, 3 neither, 4 agree, 5 strongly agree"
    });
    let mut properties = Map::new();
    properties.insert(ASSESSMENT.to_owned(), assessment());
    properties.insert(CONTEXT.to_owned(), context());
    for force in Force::ALL {
        let mut answers = Map::new();
        for q in bank.for_force(force) {
            let description = format!(
                "{}\n{}\n(agreeing {} {})",
                q.statement,
                q.help,
                q.direction.key(),
                force.label().to_lowercase()
            );
            // One schema for both spellings (`id = 4` and `id = { score = 4, note = "…" }`):
            // the bounds apply to a number, the keys to a table. Unlike an `anyOf` of the two,
            // this makes editors say what is wrong ("9 is greater than the maximum of 5",
            // "'nte' was unexpected") rather than "not valid under any of the schemas".
            let answer = json!({
                "description": description,
                "type": ["integer", "object"],
                "minimum": Likert::MIN,
                "maximum": Likert::MAX,
                "additionalProperties": false,
                "required": [ANSWER_KEYS[0]],
                "properties": { ANSWER_KEYS[0]: likert, ANSWER_KEYS[1]: { "type": "string", "description": "Your evidence for this answer" } }
            });
            answers.insert(q.id.clone(), answer);
        }
        properties.insert(
            force.key().to_owned(),
            json!({
                "type": "object",
                "description": format!("{}: answers keyed by question id; leave out what you do not know", force.label()),
                "additionalProperties": false,
                "properties": answers
            }),
        );
    }
    json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "fiveforces questionnaire",
        "description": "A Five Forces assessment for fiveforces: [assessment] details and one table of answers per force.",
        "type": "object",
        "additionalProperties": false,
        "required": [ASSESSMENT],
        "properties": properties
    })
}

fn assessment() -> Value {
    let text = |description: &str| json!({ "type": "string", "description": description });
    let descriptions = [
        "The business, product line or unit you assess (required)",
        "Its industry",
        "The product and geographic scope",
        "Who answered",
        "When, as a date: 2026-11-22",
    ];
    let mut properties = Map::new();
    for (key, description) in ASSESSMENT_KEYS.iter().zip(descriptions) {
        properties.insert((*key).to_owned(), text(description));
    }
    properties.insert(
        "name".to_owned(),
        json!({ "type": "string", "minLength": 1, "pattern": "\\S", "description": descriptions[0] }),
    );
    properties.insert("date".to_owned(), json!({ "type": "string", "format": "date", "description": descriptions[4] }));
    json!({
        "type": "object",
        "description": "What was assessed",
        "additionalProperties": false,
        "required": ["name"],
        "properties": properties
    })
}

/// `[context]`: each key's closed list of values.
fn context() -> Value {
    let mut properties = Map::new();
    for key in ContextKey::ALL {
        let names: Vec<&str> = key.values().iter().map(|(v, _)| *v).collect();
        let described: Vec<String> = key.values().iter().map(|(v, help)| format!("{v}: {help}")).collect();
        let description = format!("{}\n{}", key.question(), described.join("\n"));
        let value = if key.is_list() {
            json!({ "type": "array", "minItems": 1, "uniqueItems": true, "items": { "enum": names }, "description": description })
        } else {
            json!({ "enum": names, "description": description })
        };
        properties.insert(key.key().to_owned(), value);
    }
    json!({
        "type": "object",
        "description": "How the business sells, so that the advice fits it; a key left out filters nothing",
        "additionalProperties": false,
        "properties": properties
    })
}

/// The schema as pretty JSON text.
pub fn render(bank: &QuestionBank) -> Result<String, crate::report::ReportError> {
    crate::report::assessment::json::pretty(&questionnaire(bank))
}
