//! Advice that fits the business: for each bundled example, the actions that must never be in
//! its plan and why; and a fresh `init` questionnaire for a consumer business with stores gets
//! no action that needs representatives, contracts or software.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{fiveforces, repo};

fn json(args: &[&str]) -> Value {
    let out = fiveforces().args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The ids of the plan's steps and of the actions left out, with the need that left each out.
fn plan_of(file: &str) -> (Vec<String>, BTreeMap<String, String>) {
    let report = json(&["score", file, "--format", "json", "--top", "40"]);
    let plan = report["plan"].as_array().expect("plan").iter().map(|s| s["id"].as_str().unwrap_or_default().to_owned());
    let left = report["left_out"].as_array().expect("left_out").iter().map(|l| {
        (l["id"].as_str().unwrap_or_default().to_owned(), l["needs"]["key"].as_str().unwrap_or_default().to_owned())
    });
    (plan.collect(), left.collect())
}

/// Each example with the actions it must never be told to do, the context key that rules each
/// out, and why.
/// An action, the context key that rules it out, and why.
type Never = (&'static str, &'static str, &'static str);
/// A context key and the values a business gives for it.
type ContextValues<'a> = &'a [(&'a str, &'a [&'a str])];

const NEVER: &[(&str, &[Never])] = &[
    (
        "examples/coffee-chain.toml",
        &[
            ("representative_at_delivery", "selling", "a coffee shop has no sales representative to send"),
            ("repeat_representative_visits", "selling", "nor representatives who visit"),
            ("release_updates_and_fixes", "offering", "it sells coffee, not software to update"),
            ("thank_you_note_in_package", "selling", "nothing is shipped in a package from a counter"),
            ("proactive_status_updates", "selling", "there is no shipment to track"),
            ("post_purchase_live_chat", "selling", "it does not sell online"),
        ],
    ),
    (
        "examples/online-retailer.toml",
        &[
            (
                "representative_at_delivery",
                "selling",
                "1.2 M consumers buy online; no representative attends a delivery",
            ),
            ("sale_not_done_at_signature", "selling", "there are no sellers signing orders"),
            ("release_updates_and_fixes", "offering", "home goods get no software updates"),
            ("exclusive_distribution_agreements", "selling", "it sells directly, not through distributors"),
        ],
    ),
    (
        "examples/saas-crm.toml",
        &[
            ("thank_you_note_in_package", "offering", "software ships no package"),
            ("proactive_status_updates", "offering", "there is no shipment to track"),
            ("next_purchase_discount", "purchase", "customers renew a contract, they do not come back to buy again"),
        ],
    ),
    (
        "examples/industrial-equipment.toml",
        &[
            (
                "release_updates_and_fixes",
                "offering",
                "packaging machines are sold as goods and services, not software",
            ),
            ("points_loyalty_program", "purchase", "a production line is bought once, not again and again"),
            ("post_purchase_live_chat", "selling", "it sells through representatives and partners, not online"),
        ],
    ),
    (
        "examples/telecom-operator.toml",
        &[
            ("representative_at_delivery", "selling", "it sells in stores and online, without field representatives"),
            ("thank_you_note_in_package", "offering", "a mobile contract is a service, not goods in a package"),
            ("release_updates_and_fixes", "offering", "it does not sell software"),
        ],
    ),
];

#[test]
fn no_example_is_told_to_do_what_its_business_cannot() {
    for (file, never) in NEVER {
        let (plan, left_out) = plan_of(file);
        for (id, key, why) in *never {
            assert!(!plan.contains(&(*id).to_owned()), "{file} must not get {id}: {why}");
            assert_eq!(
                left_out.get(*id).map(String::as_str),
                Some(*key),
                "{file}: {id} is left out on `{key}` ({why})"
            );
        }
    }
}

#[test]
fn every_bundled_example_has_a_context_and_a_full_plan() {
    for entry in std::fs::read_dir(repo("examples")).expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let file = path.strip_prefix(crate::root()).expect("inside").to_string_lossy().into_owned();
        let report = json(&["score", &file, "--format", "json"]);
        assert_eq!(report["fitted"], true, "{file} has no [context]");
        assert_eq!(report["actions"].as_array().map(Vec::len), Some(5), "{file}: a full plan of 5");
    }
}

/// The values of each context key a business gives, as in its `[context]`.
fn fits(action: &Value, context: ContextValues<'_>) -> bool {
    let Some(needs) = action["fits"]["needs"].as_array() else { return true };
    needs.iter().all(|need| {
        let key = need["key"].as_str().unwrap_or_default();
        let any: Vec<&str> = need["any"].as_array().expect("any").iter().filter_map(Value::as_str).collect();
        context.iter().find(|(k, _)| *k == key).is_none_or(|(_, values)| values.iter().any(|v| any.contains(v)))
    })
}

#[test]
fn a_fresh_questionnaire_for_a_bakery_a_salon_and_an_equipment_maker_gets_only_fitting_actions() {
    let actions = json(&["actions", "--format", "json"]);
    let actions: BTreeMap<String, Value> = actions
        .as_array()
        .expect("actions")
        .iter()
        .map(|a| (a["id"].as_str().unwrap_or_default().to_owned(), a.clone()))
        .collect();
    let businesses: [(&str, ContextValues<'_>); 3] = [
        (
            "bakery",
            &[
                ("customers", &["consumers"]),
                ("selling", &["stores"]),
                ("offering", &["goods"]),
                ("purchase", &["repeat"]),
            ],
        ),
        (
            "salon",
            &[
                ("customers", &["consumers"]),
                ("selling", &["stores"]),
                ("offering", &["services"]),
                ("purchase", &["repeat"]),
            ],
        ),
        (
            "equipment",
            &[
                ("customers", &["businesses"]),
                ("selling", &["sales_reps"]),
                ("offering", &["goods"]),
                ("purchase", &["one_off"]),
            ],
        ),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, context) in businesses {
        let path = dir.path().join(format!("{name}.toml"));
        fiveforces().arg("init").arg(&path).assert().success();
        let text = std::fs::read_to_string(&path).expect("template");
        let table: Vec<String> = context
            .iter()
            .map(|(k, v)| {
                if matches!(*k, "selling" | "offering") {
                    format!("{k} = [{}]", v.iter().map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(", "))
                } else {
                    format!("{k} = \"{}\"", v.first().copied().unwrap_or_default())
                }
            })
            .collect();
        // Answer a few questions so the forces are scored, and fill in the context.
        let filled = text
            .replacen("[context]\n", &format!("[context]\n{}\n", table.join("\n")), 1)
            .replacen("# low_switching =", "low_switching = 5", 1)
            .replacen("# exit_barriers =", "exit_barriers = 4", 1);
        std::fs::write(&path, filled).expect("write");
        let report = json(&["score", &path.to_string_lossy(), "--format", "json", "--top", "40"]);
        let plan = report["plan"].as_array().expect("plan");
        assert!(plan.len() >= 8, "{name}: a full plan, got {}", plan.len());
        for step in plan {
            let id = step["id"].as_str().unwrap_or_default();
            assert!(fits(&actions[id], context), "{name} gets {id}, which does not fit it");
        }
        let ids: Vec<&str> = plan.iter().filter_map(|s| s["id"].as_str()).collect();
        if name != "equipment" {
            for id in ["representative_at_delivery", "repeat_representative_visits", "release_updates_and_fixes"] {
                assert!(!ids.contains(&id), "{name} must not get {id}");
            }
        }
    }
}

#[test]
fn without_a_context_nothing_is_left_out_and_the_report_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("old.toml");
    let text = std::fs::read_to_string(repo("examples/saas-crm.toml")).expect("example");
    let start = text.find("# How the business sells").expect("context comment");
    let end = text.find("[suppliers]").expect("suppliers");
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("write");
    let report = json(&["score", &path.to_string_lossy(), "--format", "json"]);
    assert_eq!(report["fitted"], false);
    assert_eq!(report["context"], Value::Null);
    assert_eq!(report["left_out"].as_array().map(Vec::len), Some(0));
    for format in ["table", "markdown", "html"] {
        let out = fiveforces().args(["score", &path.to_string_lossy(), "--format", format]).output().expect("runs");
        let shown = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(shown.contains("The advice is not fitted to the business: add a [context] table"), "{format}");
    }
}

#[test]
fn a_bad_context_value_is_located_with_the_nearest_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[assessment]\nname = \"Corner bakery\"\n\n[context]\ncustomers = \"consumer\"\nselling = \"stores\"\noffering = [\"goods\", \"sofware\"]\n",
    )
    .expect("write");
    let out = fiveforces().args(["check", &path.to_string_lossy()]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`consumer` is not a value of `customers`") && err.contains("did you mean `consumers`?"),
        "{err}"
    );
    assert!(err.contains("bad.toml:5:13"), "{err}");
    assert!(err.contains("`selling` is a list, written here as a single string"), "{err}");
    assert!(err.contains("did you mean `software`?"), "{err}");
}

#[test]
fn diff_names_a_change_of_context() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(repo("examples/coffee-chain.toml")).expect("example");
    std::fs::write(dir.path().join("old.toml"), &text).expect("write");
    std::fs::write(
        dir.path().join("new.toml"),
        text.replace("selling = [\"stores\"]", "selling = [\"stores\", \"online\"]"),
    )
    .expect("write");
    let out = fiveforces()
        .current_dir(dir.path())
        .args(["diff", "old.toml", "new.toml", "--format", "json"])
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let summary = report["files"][0]["summary"].as_str().unwrap_or_default();
    assert!(summary.starts_with("The context changed: selling stores → online, stores"), "{summary}");
    assert_eq!(report["changed"], true);
}

#[test]
fn aggregate_names_assessors_who_disagree_on_the_context() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["ana-customer-success", "ben-sales", "chloe-finance"] {
        let text = std::fs::read_to_string(repo(&format!("examples-panel/{name}.toml"))).expect("panel");
        let text =
            if name == "ben-sales" { text.replace("purchase = \"contract\"", "purchase = \"repeat\"") } else { text };
        std::fs::write(dir.path().join(format!("{name}.toml")), text).expect("write");
    }
    let out = fiveforces().current_dir(dir.path()).args(["aggregate", ".", "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["context"]["purchase"], Value::Null, "a disputed key is left out of the consensus");
    assert_eq!(report["context"]["customers"], "businesses", "an agreed key is kept");
    let disputed = &report["context_disagreements"][0];
    assert_eq!(disputed["key"], "purchase");
    assert_eq!(disputed["answers"].as_array().map(Vec::len), Some(3));
    let table = fiveforces().current_dir(dir.path()).args(["aggregate", "."]).output().expect("runs");
    let shown = String::from_utf8(table.stdout).expect("UTF-8");
    assert!(shown.contains("The assessors disagree on `purchase`"), "{shown}");
}
