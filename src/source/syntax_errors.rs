//! TOML syntax errors in words that say how to fix them.
//!
//! The toml crate's messages name what the parser expected ("unclosed table, expected `]`");
//! each gets advice for the mistake people actually make there (a missing quote, a comma at
//! the end of a line, a date written the wrong way). A file that is not TOML at all (JSON,
//! YAML, Markdown, prose) gets one problem saying so instead of one per line.

use std::ops::Range;

use crate::source::diagnostic::FileKind;
use crate::source::diagnostic::{Code, LineIndex, Problem, line_around};

/// At most this many syntax errors are listed: after a few, the rest are usually echoes of
/// the first ones.
const MAX_SYNTAX_ERRORS: usize = 20;

/// Every syntax error of `text` (at most one per line, in file order), explained.
pub(crate) fn explain(text: &str, errors: &[toml::de::Error], kind: FileKind) -> Vec<Problem> {
    let mut located: Vec<(Range<usize>, &str)> = errors
        .iter()
        .map(|e| {
            let message = e.message().trim();
            // The toml crate reports a dotted key that is too long without a place: find it.
            let span = e.span().or_else(|| (message == DEEP_KEY).then(|| deepest_key(text))).unwrap_or(0..0);
            (span, message)
        })
        .collect();
    located.sort_by_key(|(span, _)| (span.start, span.end));
    // Sorted by position, so the errors of one line are next to each other.
    let index = LineIndex::new(text);
    let mut previous_line = None;
    located.retain(|(span, _)| {
        let line = index.line(span.start);
        let first_on_its_line = previous_line.as_ref() != Some(&line);
        previous_line = Some(line);
        first_on_its_line
    });
    if let Some((span, message)) = located.first()
        && let Some(problem) = not_toml(text, span.clone(), message, kind)
    {
        return vec![problem];
    }
    let total = located.len();
    let mut problems: Vec<Problem> =
        located.iter().take(MAX_SYNTAX_ERRORS).map(|(span, message)| problem(text, span.clone(), message)).collect();
    if let Some((span, _)) = located.get(MAX_SYNTAX_ERRORS) {
        problems.push(
            Problem::at(
                Code::TooManyProblems,
                span.clone(),
                format!("… and {} more syntax errors", total - MAX_SYNTAX_ERRORS),
            )
            .help("fix the ones above first; many of the others are likely to go away with them"),
        );
    }
    problems
}

/// The toml crate's message for a dotted key or table name of too many parts.
const DEEP_KEY: &str = "recursion limit";
/// The toml crate's message for arrays or inline tables nested too deeply.
const DEEP_VALUE: &str = "cannot recurse further; max recursion depth met";
/// How deep the toml crate lets arrays, inline tables and dotted keys go.
const MAX_DEPTH: usize = 80;

/// The key (or table header) with the most dotted parts in `text`: where the toml crate's
/// recursion limit on keys was met.
fn deepest_key(text: &str) -> Range<usize> {
    let mut deepest = (0, 0..0);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim();
        let key =
            if body.starts_with('[') { body.split(']').next() } else { body.split('=').next() }.unwrap_or_default();
        let dots = key.matches('.').count();
        if dots > deepest.0 {
            deepest = (dots, start + indent..start + indent + key.trim_end().len());
        }
        start += line.len();
    }
    deepest.1
}

/// One syntax error, explained.
fn problem(text: &str, span: Range<usize>, message: &str) -> Problem {
    let found = short(text.get(span.clone()).unwrap_or_default().trim());
    let rest_of_line = text.get(span.start..line_around(text, span.start).end).unwrap_or_default();
    let rest = short(rest_of_line.split('#').next().unwrap_or_default().trim());
    let has = |part: &str| message.contains(part);

    if message.starts_with("duplicate key") {
        return duplicate(text, span, &found);
    }
    if message == DEEP_VALUE {
        return Problem::at(Code::TooDeep, span, format!("arrays or inline tables are nested more than {MAX_DEPTH} levels deep here"))
            .label("too deep")
            .help("a questionnaire needs no nesting beyond an answer's `{ score = 4, note = \"…\" }`: remove the extra brackets (is this the right file?)");
    }
    if message == DEEP_KEY {
        return Problem::at(
            Code::TooDeep,
            span,
            format!("this key or table name has more than {MAX_DEPTH} dotted parts"),
        )
        .label("too many parts")
        .help(
            "a questionnaire's tables have one-word names such as [buyers]: shorten the name (is this the right file?)",
        );
    }
    if has("string values must be quoted") && (rest.is_empty() || found.is_empty() && rest.starts_with(['}', ','])) {
        return Problem::at(Code::MissingValue, span, "missing value after `=`")
            .label("a value is expected here")
            .help("write a value after `=` (an answer is a number from 1 to 5, such as 4), or delete the line");
    }
    let numeric = found.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    let help = if has("string values must be quoted") && numeric {
        format!("`{found}` is not one number: write a single number such as 4, and put text in double quotes")
    } else if has("string values must be quoted") {
        let shown = if found.is_empty() { rest } else { found };
        format!("text goes in double quotes: \"{shown}\" (numbers, true and false are written without quotes)")
    } else if has("unexpected key or value, expected newline") {
        if rest.starts_with(',') {
            "TOML lines do not end with a comma: delete it".to_owned()
        } else {
            format!(
                "there is more on this line (`{rest}`): put each `key = value` and each `[table]` header on its own line, and start comments with #"
            )
        }
    } else if has("key with no value") || has("invalid key-value pair") || has("extra `=`") || has("extra assignment") {
        "each line is `key = value`, a `[table]` header or a # comment: add the missing `=` and value, or comment the line out with #".to_owned()
    } else if has("unquoted key") || has("keys cannot be") {
        "a bare key is made of letters, digits, `_` and `-` (e.g. low_switching); put any other key in double quotes"
            .to_owned()
    } else if has("unclosed table") || has("unclosed array table") || has("missing table open") {
        "a table header is a name between brackets on its own line, e.g. [buyers] or [[question]]".to_owned()
    } else if has("unclosed inline table")
        || has("inline table element")
        || has("extra comma in inline table")
        || has("missing key for inline table")
    {
        "write an inline table on one line, without a trailing comma: { score = 4, note = \"evidence\" }".to_owned()
    } else if has("unclosed array") || has("comma in array") || has("comma between array") {
        "write an array as [1, 2, 3]: values separated by commas, closed with `]`".to_owned()
    } else if has("escape") || has("unicode") {
        "a backslash starts an escape (\\n, \\\" …): write \\\\ for a backslash, or use single quotes, 'C:\\path', for text with backslashes".to_owned()
    } else if has("multi-line") || has("basic string") || has("literal string") || has("opening quote") {
        "close the text with the same quote it opens with, on the same line; text over several lines goes in triple quotes \"\"\"…\"\"\"".to_owned()
    } else if has("date") || has("time") || has("offset") {
        "write a date as YYYY-MM-DD with a real month and day, e.g. 2026-11-22".to_owned()
    } else if has("boolean") {
        "true and false are written in lowercase without quotes; text goes in double quotes".to_owned()
    } else if has("digit")
        || has("number")
        || has("float")
        || has("fraction")
        || has("exponent")
        || has("mantissa")
        || has("radix")
        || has("sign")
        || has("leading zero")
    {
        "write a plain number, e.g. 4 or 1.5 (no leading zeros, no trailing dot, `_` only between digits)".to_owned()
    } else if has("cannot extend") {
        "this key already has a value, so a dotted key or table cannot add to it: rename one of the two".to_owned()
    } else if has("comment character") || has("carriage return") || has("control") {
        "there is an invisible control character here: delete it (retype the line if you cannot see it)".to_owned()
    } else {
        "fix the TOML syntax at the marked place (https://toml.io describes it)".to_owned()
    };
    Problem::at(Code::TomlSyntax, span, message).label("invalid TOML").help(help)
}

/// At most a few dozen characters of `text`, to quote it in advice.
fn short(text: &str) -> String {
    const MAX_CHARS: usize = 40;
    match text.char_indices().nth(MAX_CHARS) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// A key or table header that appears twice.
fn duplicate(text: &str, span: Range<usize>, found: &str) -> Problem {
    let line = text.get(line_around(text, span.start)).unwrap_or_default().trim_start();
    if line.starts_with('[') {
        let header = short(line.split('#').next().unwrap_or_default().trim());
        Problem::at(Code::DuplicateTable, span, format!("the table `{header}` appears twice"))
            .label("second header for the same table")
            .help(format!(
                "a table header may appear once: move these keys under the first `{header}` and delete this header"
            ))
    } else {
        Problem::at(Code::DuplicateKey, span, format!("`{found}` is set twice in the same table"))
            .label("already set above")
            .help("a key may appear once per table: keep one of the two lines and delete the other")
    }
}

/// One problem for a file that is not TOML at all, or `None` when it does look like TOML
/// (some line is a `key = value` or a `[table]` header).
fn not_toml(text: &str, span: Range<usize>, message: &str, kind: FileKind) -> Option<Problem> {
    let content: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect();
    let header =
        |line: &&str| line.starts_with('[') && line.split('#').next().is_some_and(|l| l.trim_end().ends_with(']'));
    // A TOML file starts (past comments) with a `key = value` or a `[table]` header, and is
    // mostly such lines; a Markdown or text file with a few `=` in it (a README with TOML
    // examples) is neither.
    let tomlish = |line: &&str| line.contains('=') || header(line);
    let first_is_toml = content.first().is_some_and(tomlish);
    let mostly_toml = content.iter().filter(|l| tomlish(l)).count() * 2 >= content.len();
    if first_is_toml || mostly_toml {
        return None;
    }
    let first = content.first().copied().unwrap_or_default();
    let yaml = |line: &&str| {
        line.split_once(':')
            .is_some_and(|(key, _)| !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-'))
    };
    let looks_like = if first.starts_with('{') || first.starts_with("[{") || first == "[" {
        " (it looks like JSON)"
    } else if first.starts_with('<') {
        " (it looks like HTML or XML)"
    } else if first == "---" || content.iter().take(5).any(yaml) {
        " (it looks like YAML)"
    } else if text.lines().any(|line| line.starts_with("# ") || line.starts_with("- ")) {
        " (it looks like Markdown or plain text)"
    } else {
        ""
    };
    let what = kind.what;
    Some(
        Problem::at(Code::NotToml, span, format!("this file is not TOML{looks_like}, so it cannot be a {what}"))
            .label(message.to_owned())
            .help(format!(
                "a {what} is a TOML file of `key = value` lines under `[table]` headers; check that this is the right file, or {}",
                kind.how_to_start
            )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIND: FileKind = FileKind { what: "questionnaire", how_to_start: "run `fiveforces init FILE`" };

    fn explained(text: &str) -> Vec<Problem> {
        let (_, errors) = toml::de::DeTable::parse_recoverable(text);
        explain(text, &errors, KIND)
    }

    #[test]
    fn json_yaml_and_markdown_are_named() {
        let json = explained("{\"assessment\": {\"name\": \"x\"}}\n");
        assert_eq!(json.len(), 1);
        assert!(json[0].message.contains("looks like JSON"), "{json:?}");
        let yaml = explained("assessment:\n  name: x\n");
        assert!(yaml[0].message.contains("looks like YAML"), "{yaml:?}");
        let markdown = explained("# Title\n\nSome words here.\n\n- a list\n");
        assert!(markdown[0].message.contains("Markdown"), "{markdown:?}");
    }

    #[test]
    fn every_broken_line_is_reported_once_in_order() {
        let problems = explained("a = 1,\nb = \nc = \"open\nd = 2\n");
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(problems[0].help.as_deref().is_some_and(|h| h.contains("comma")), "{problems:?}");
        assert_eq!(messages[1], "missing value after `=`");
        assert!(problems.windows(2).all(|w| w[0].span.as_ref().map(|s| s.start) < w[1].span.as_ref().map(|s| s.start)));
    }

    #[test]
    fn duplicates_name_the_key_or_the_table() {
        let keys = explained("[a]\nx = 1\nx = 2\n");
        assert_eq!(keys[0].message, "`x` is set twice in the same table");
        let tables = explained("[a]\nx = 1\n[a]\ny = 2\n");
        assert_eq!(tables[0].message, "the table `[a]` appears twice");
    }

    #[test]
    fn deep_nesting_is_named_at_its_place() {
        let deep = format!("a = 1\nb = {}1{}\n", "[".repeat(5_000), "]".repeat(5_000));
        let problems = explained(&deep);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("nested more than 80 levels"), "{problems:?}");
        assert!(problems[0].span.as_ref().is_some_and(|s| s.start > 6), "on line 2: {problems:?}");
        let header = format!("a = 1\n\n[{}]\n", vec!["x"; 2_000].join("."));
        let problems = explained(&header);
        assert!(problems[0].message.contains("more than 80 dotted parts"), "{problems:?}");
        assert_eq!(problems[0].span.as_ref().map(|s| s.start), Some(7), "the header on line 3: {problems:?}");
    }

    #[test]
    fn the_list_is_capped() {
        let text = format!("a = 1\n{}", "x\n".repeat(100));
        let problems = explained(&text);
        assert!(problems.len() <= MAX_SYNTAX_ERRORS + 1);
    }
}
