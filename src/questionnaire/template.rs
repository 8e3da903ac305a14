//! The questionnaire template written by `fiveforces init`: every question's statement and
//! help as comments above a commented-out answer line, ready to fill in. The template is itself
//! a valid questionnaire (every question unanswered), so `check` accepts it at any stage.

use std::fmt::Write as _;

use crate::context::ContextKey;
use crate::data::bank::{Audience, QuestionBank};
use crate::force::Force;

/// A questionnaire template for the assessment `name`.
pub fn questionnaire(bank: &QuestionBank, name: &str) -> String {
    let mut out = format!("#:schema ./{}\n\n", crate::questionnaire::schema::FILE_NAME);
    out.push_str(
        "# Five Forces questionnaire for fiveforces.\n\
         #\n\
         # Answer each question with how much you agree with its statement:\n\
         #   1 = strongly disagree, 2 = disagree, 3 = neither, 4 = agree, 5 = strongly agree.\n\
         # To answer, remove the \"# \" in front of the answer line and put the number after `=`,\n\
         # e.g. `concentration = 4`, or add your evidence:\n\
         #   concentration = { score = 4, note = \"two vendors supply 90% of our parts\" }\n\
         # A question you leave commented out stays unanswered; it is never counted as a 3.\n\
         #\n\
         # Check the file with `fiveforces check FILE`; score it with `fiveforces score FILE`.\n\n\
         [assessment]\n",
    );
    let _ = writeln!(out, "name = {}  # required: the business, product line or unit you assess", toml_string(name));
    out.push_str(
        "# industry = \"\"\n\
         # scope = \"\"      # product and geographic scope, e.g. \"EU, self-serve plans\"\n\
         # assessor = \"\"\n\
         # date = YYYY-MM-DD  (the day of the assessment, written without quotes)\n",
    );
    context(&mut out);
    for force in Force::ALL {
        let _ = write!(out, "\n[{}]\n# {}\n", force.key(), force.label());
        for q in bank.for_force(force) {
            out.push('\n');
            comment(&mut out, "# ", &one_line(&q.statement));
            comment(&mut out, "#   ", &one_line(&q.help));
            let about = format!(
                "(agreeing {} {}; weight {}{})",
                q.direction.key(),
                force.label().to_lowercase(),
                q.weight,
                match q.applies_to {
                    Audience::All => String::new(),
                    only => format!("; only when [context] customers is \"{}\" or \"both\"", only.key()),
                }
            );
            comment(&mut out, "#   ", &about);
            let _ = writeln!(out, "# {} =", q.id);
        }
    }
    out
}

/// The `[context]` table, every key commented out with its values and one line of help each.
fn context(out: &mut String) {
    out.push_str(
        "\n# How the business sells, so that the advice fits it: actions that need a way of selling,\n\
         # an offering or a kind of purchase the business does not have are left out. Remove the \"# \"\n\
         # in front of each key that you can answer; a key left out filters nothing.\n\
         [context]\n",
    );
    for key in ContextKey::ALL {
        let values: Vec<String> = key.values().iter().map(|(v, help)| format!("\"{v}\" ({help})")).collect();
        let how = if key.is_list() { "One or more of" } else { "One of" };
        let line = format!("{} {how} {}.", key.question(), values.join(", "));
        for (i, part) in textwrap::wrap(&line, 94).iter().enumerate() {
            let _ = writeln!(out, "# {}{part}", if i == 0 { "" } else { "  " });
        }
        let example = key.values().first().map_or("", |(v, _)| v);
        if key.is_list() {
            let _ = writeln!(out, "# {} = [\"{example}\"]", key.key());
        } else {
            let _ = writeln!(out, "# {} = \"{example}\"", key.key());
        }
    }
}

/// `text` as a TOML basic string, escaped.
fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The longest line of the template's comments.
pub const MAX_LINE: usize = 100;

/// `text` as comment lines of at most [`MAX_LINE`] characters, each starting with `lead`.
fn comment(out: &mut String, lead: &str, text: &str) {
    let options = textwrap::Options::new(MAX_LINE).initial_indent(lead).subsequent_indent(lead).break_words(false);
    for line in textwrap::wrap(text, options) {
        let _ = writeln!(out, "{line}");
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::questionnaire::Questionnaire;

    #[test]
    fn the_template_is_a_valid_unanswered_questionnaire() {
        let bank = QuestionBank::builtin();
        let text = questionnaire(&bank, "Acme \"Cloud\"");
        let q = Questionnaire::parse("t.toml", &text, &bank).expect("valid");
        assert_eq!(q.assessment.name, "Acme \"Cloud\"");
        assert!(q.answers.is_empty());
        for question in bank.questions() {
            assert!(text.contains(&format!("# {} =\n", question.id)), "{}", question.id);
            let first_word = question.help.split_whitespace().next().unwrap_or_default();
            assert!(text.contains(&format!("#   {first_word}")), "{}", question.id);
        }
        for line in text.lines() {
            assert!(line.chars().count() <= MAX_LINE, "longer than {MAX_LINE}: {line}");
        }
    }
}
