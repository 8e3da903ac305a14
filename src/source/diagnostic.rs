//! Located problems in an input file, and how they are shown to people.
//!
//! Every check in the library reports a [`Problem`] that points at a byte span of the file it
//! read, says what is wrong and, where it can, how to fix it. All problems of one file are
//! collected into an [`InvalidFile`] so that a person fixes everything in one pass instead of
//! meeting the errors one run at a time.

use std::fmt;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Declares [`Code`]: every kind of problem with its stable id and name, in one table.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $id:literal $name:literal,)*) => {
        /// What kind of problem this is: a stable id (`FF101`) and a short name
        /// (`unknown-table`), for scripts, editors and the README's list of codes. The hundreds
        /// say at what stage the problem is found: `FF0xx` TOML syntax, `FF1xx` the
        /// questionnaire, `FF2xx` question bank and playbook files, `FF3xx` reading the inputs,
        /// `FF4xx` usage. Ids are never reused or renumbered.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Code {
            /// Every code, in id order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable id, e.g. `FF101`.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }

            /// The short kebab-case name, e.g. `unknown-table`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    /// A line that is not valid TOML.
    TomlSyntax = "FF001" "toml-syntax",
    /// `key =` with nothing after the `=`.
    MissingValue = "FF002" "missing-value",
    /// A key set twice in the same table.
    DuplicateKey = "FF003" "duplicate-key",
    /// A table header that appears twice.
    DuplicateTable = "FF004" "duplicate-table",
    /// A file that is not TOML at all (JSON, YAML, Markdown, prose).
    NotToml = "FF005" "not-toml",
    /// An empty file, or one with only comments.
    EmptyFile = "FF006" "empty-file",
    /// The last problem kept for a file that has too many to list.
    TooManyProblems = "FF007" "too-many-problems",
    /// Arrays, inline tables or dotted keys nested deeper than the readers follow.
    TooDeep = "FF008" "too-deep",

    /// A table that is neither `[assessment]` nor a force.
    UnknownTable = "FF101" "unknown-table",
    /// An answer to a question the bank does not have under this force.
    UnknownQuestion = "FF102" "unknown-question",
    /// A whole-number answer outside 1–5.
    AnswerOutOfScale = "FF103" "answer-out-of-scale",
    /// An answer that is not a whole number (quoted, in words, decimal, another type).
    AnswerNotANumber = "FF104" "answer-not-a-number",
    /// No `[assessment]` table.
    MissingAssessment = "FF105" "missing-assessment",
    /// An empty `name` in `[assessment]`.
    EmptyName = "FF106" "empty-name",
    /// A `date` that is not a calendar date.
    InvalidDate = "FF107" "invalid-date",
    /// A key above the first table header.
    OutsideTable = "FF108" "outside-table",
    /// A TOML file that is not a questionnaire (a `Cargo.toml`, a config file).
    NotAQuestionnaire = "FF109" "not-a-questionnaire",
    /// A question bank or playbook given where a questionnaire was expected.
    DataFileGiven = "FF110" "data-file-given",
    /// A key that the table does not have (in any file the tool reads).
    UnknownKey = "FF111" "unknown-key",
    /// A required key that is missing (in any file the tool reads).
    MissingKey = "FF112" "missing-key",
    /// A value that must be a table (in any file the tool reads).
    ExpectedTable = "FF113" "expected-table",
    /// A value that must be a string (in any file the tool reads).
    ExpectedString = "FF114" "expected-string",
    /// A questionnaire rejected without a more precise reason (not expected to happen).
    UnreadableQuestionnaire = "FF115" "unreadable-questionnaire",
    /// A `[context]` value outside its key's list.
    UnknownContextValue = "FF116" "unknown-context-value",
    /// A `[context]` key written in the wrong shape (a list for one value, one value for a list,
    /// an empty list, a value listed twice).
    ContextShape = "FF117" "context-shape",
    /// A question answered under its old id and its new id at once.
    AnsweredTwice = "FF118" "answered-twice",

    /// A text field that is empty.
    EmptyText = "FF201" "empty-text",
    /// A value that is not one of the allowed names.
    UnknownValue = "FF202" "unknown-value",
    /// A number outside its allowed range.
    NumberOutOfRange = "FF203" "number-out-of-range",
    /// A value that must be `[[…]]` entries.
    ExpectedListOfTables = "FF204" "expected-list-of-tables",
    /// A bank or playbook file without any `[[question]]` or `[[action]]`.
    NoEntries = "FF205" "no-entries",
    /// An id that is not snake_case.
    IdNotSnakeCase = "FF206" "id-not-snake-case",
    /// An id defined twice.
    DuplicateId = "FF207" "duplicate-id",
    /// A question bank with no question for some force.
    ForceWithoutQuestions = "FF208" "force-without-questions",
    /// A playbook that ends up with no action.
    EmptyPlaybook = "FF209" "empty-playbook",
    /// An unknown force in an action's relevance.
    UnknownForce = "FF210" "unknown-force",
    /// A relevance that is not `{ level = …, reason = "…" }`.
    RelevanceNotATable = "FF211" "relevance-not-a-table",
    /// A relevance above 0 without a reason.
    RelevanceWithoutReason = "FF212" "relevance-without-reason",
    /// An action whose every relevance is 0.
    NotRelevant = "FF213" "not-relevant",
    /// A question's role that its force's scoring model does not use.
    UnknownRole = "FF214" "unknown-role",
    /// A procedure whose steps are not actions, repeat, are too few or go back in the journey.
    ProcedureSteps = "FF215" "procedure-steps",
    /// An `example` not marked "For example, " as the tool's suggestion.
    UnmarkedExample = "FF216" "unmarked-example",
    /// A phase of the previous playbook format (`first_month`).
    RetiredPhase = "FF217" "retired-phase",
    /// An `[action.fits]` that says neither who it fits nor that it fits everyone, or both.
    InvalidFits = "FF218" "invalid-fits",

    /// A path that does not exist.
    NotFound = "FF301" "not-found",
    /// A folder without any `*.toml` file.
    NoQuestionnaires = "FF302" "no-questionnaires",
    /// A file larger than a questionnaire can be.
    TooLarge = "FF303" "too-large",
    /// A symbolic link that loops back to a folder above it.
    SymlinkLoop = "FF304" "symlink-loop",
    /// A file with NUL bytes: binary data.
    BinaryFile = "FF305" "binary-file",
    /// A file that is not UTF-8 text.
    NotUtf8 = "FF306" "not-utf8",
    /// Standard input was empty.
    EmptyStdin = "FF307" "empty-stdin",
    /// A file the system would not let the tool read.
    UnreadableFile = "FF308" "unreadable",
    /// A symbolic link whose target does not exist.
    DanglingLink = "FF309" "dangling-link",
    /// A TOML file in a scanned folder that is plainly not a questionnaire (skipped, with a notice).
    NotQuestionnaire = "FF310" "skipped-not-a-questionnaire",

    /// `-` given more than once.
    StdinTwice = "FF401" "stdin-twice",
    /// `aggregate` given questionnaires of different businesses (different `name`s).
    DifferentBusinesses = "FF402" "different-businesses",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem it is.
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The bytes of the file the problem is about; `None` only for whole-file problems
    /// (an empty file, for instance), which are shown at line 1, column 1.
    pub span: Option<Range<usize>>,
    /// A short label written under the offending text.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    /// A problem of kind `code` at `span`.
    pub fn at(code: Code, span: Range<usize>, message: impl Into<String>) -> Self {
        Problem { code, message: message.into(), span: Some(span), label: None, help: None }
    }

    /// A problem of kind `code` about the file as a whole.
    pub fn whole_file(code: Code, message: impl Into<String>) -> Self {
        Problem { code, message: message.into(), span: None, label: None, help: None }
    }

    /// Adds the label written under the offending text.
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds advice on how to fix the problem.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A 1-based line and column (counted in characters), as editors show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `text` (clamped to the text, and to a character
    /// boundary).
    pub fn of(text: &str, offset: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = text.get(..offset).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).unwrap_or_default().chars().count() + 1;
        Location { line: before.matches('\n').count() + 1, column }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A problem as data, for machine-readable output (`check --format json`, the failures of a
/// JSON report): the file, where the problem is (1-based; the end is just past the offending
/// text, when the problem is about a span of it), its code, what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file as the user named it (`<stdin>` for standard input).
    pub file: String,
    /// 1-based line; `None` for a problem with a path rather than a place in a file.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// The line just past the offending text, when there is a span.
    pub end_line: Option<usize>,
    /// The column just past the offending text, when there is a span.
    pub end_column: Option<usize>,
    /// The stable id, e.g. `FF101`.
    pub code: Code,
    /// The code's name, e.g. `unknown-table`.
    pub code_name: &'static str,
    /// What is wrong.
    pub message: String,
    /// The label under the offending text, if any.
    pub label: Option<String>,
    /// How to fix it, if there is advice.
    pub help: Option<String>,
}

/// A file with one or more problems: what a person needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidFile {
    /// The file's name as the user gave it (`<stdin>` for standard input).
    pub origin: String,
    /// The file's text, to quote the offending lines.
    pub text: String,
    /// The problems, in the order they appear in the file.
    pub problems: Vec<Problem>,
}

/// At most this many problems are kept for one file; the last one kept says how many more
/// there were. Past a hundred, a person is better served by fixing the first ones and running
/// again, and the limit keeps the time to show them small whatever the file.
pub const MAX_PROBLEMS: usize = 100;

impl InvalidFile {
    /// Collects problems, sorted by their position in the file (whole-file ones first), and
    /// keeps the first [`MAX_PROBLEMS`].
    pub fn new(origin: impl Into<String>, text: impl Into<String>, mut problems: Vec<Problem>) -> Self {
        problems.sort_by_key(|p| p.span.as_ref().map(|s| (s.start, s.end)));
        if problems.len() > MAX_PROBLEMS {
            let more = problems.len() - (MAX_PROBLEMS - 1);
            problems.truncate(MAX_PROBLEMS - 1);
            let at = problems.last().and_then(|p| p.span.clone()).map_or(0..0, |s| s.start..s.start);
            problems.push(
                Problem::at(Code::TooManyProblems, at, format!("… and {more} more problems in this file"))
                    .help("fix the ones above and check the file again to see the rest"),
            );
        }
        for problem in &mut problems {
            bound(&mut problem.message);
            problem.label.as_mut().map(bound);
            problem.help.as_mut().map(bound);
        }
        InvalidFile { origin: origin.into(), text: text.into(), problems }
    }

    /// Every problem as data, in file order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.problems
            .iter()
            .map(|problem| {
                let start = self.location(problem);
                let end = problem.span.as_ref().map(|span| Location::of(&self.text, span.end));
                Diagnostic {
                    file: self.origin.clone(),
                    line: Some(start.line),
                    column: Some(start.column),
                    end_line: end.map(|l| l.line),
                    end_column: end.map(|l| l.column),
                    code: problem.code,
                    code_name: problem.code.name(),
                    message: problem.message.clone(),
                    label: problem.label.clone(),
                    help: problem.help.clone(),
                }
            })
            .collect()
    }

    /// Where a problem is, as a line and column.
    pub fn location(&self, problem: &Problem) -> Location {
        Location::of(&self.text, problem.span.as_ref().map_or(0, |s| s.start))
    }

    /// Every problem, rendered with the offending line and a caret under the exact key or
    /// value. `styled` adds terminal colours.
    pub fn render(&self, styled: bool) -> String {
        let renderer = if styled { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
        let mut out = String::new();
        // The file's name and the text quoted in messages (a key, a table name) are shown inert,
        // as annotate-snippets already shows the file's lines.
        let origin = crate::source::inert::inert(&self.origin);
        for problem in &self.problems {
            let shown = |text: &Option<String>| text.as_deref().map(|t| crate::source::inert::inert(t).into_owned());
            let problem = Problem {
                code: problem.code,
                message: crate::source::inert::inert(&problem.message).into_owned(),
                span: problem.span.clone(),
                label: shown(&problem.label),
                help: shown(&problem.help),
            };
            out.push_str(&renderer.render(&self.report(&origin, &problem)));
            out.push('\n');
        }
        out
    }

    fn report<'a>(&'a self, origin: &'a str, problem: &'a Problem) -> Vec<Group<'a>> {
        let span = clamp_span(&self.text, problem.span.clone().unwrap_or(0..0));
        // Only the lines the span touches are handed to the renderer, so that showing a
        // problem costs the same in a short file and in a long one.
        let lines = line_around(&self.text, span.start).start..line_around(&self.text, span.end).end;
        let source = self.text.get(lines.clone()).unwrap_or_default();
        let relative = clamp_span(source, span.start - lines.start..span.end - lines.start);
        let mut annotation = AnnotationKind::Primary.span(relative);
        if let Some(label) = &problem.label {
            annotation = annotation.label(label.as_str());
        }
        let snippet = Snippet::source(source)
            .line_start(Location::of(&self.text, lines.start).line)
            .path(origin)
            .fold(true)
            .annotation(annotation);
        let mut group = Level::ERROR.primary_title(problem.message.as_str()).id(problem.code.id()).element(snippet);
        if let Some(help) = &problem.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        vec![group]
    }
}

/// Shortens a message that quotes an absurdly long piece of the file (a key of a thousand
/// characters) so that it stays readable.
fn bound(text: &mut String) {
    const MAX_CHARS: usize = 1000;
    if let Some((end, _)) = text.char_indices().nth(MAX_CHARS) {
        text.truncate(end);
        text.push('…');
    }
}

/// The byte range of the line that holds `offset` (without its line break).
pub(crate) fn line_around(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let start = bytes.get(..offset).and_then(|b| b.iter().rposition(|&c| c == b'\n')).map_or(0, |i| i + 1);
    let end = bytes.get(offset..).and_then(|b| b.iter().position(|&c| c == b'\n')).map_or(text.len(), |i| offset + i);
    start..end
}

/// Where every line of a text starts, to find the line of many offsets quickly.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let breaks = text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1);
        LineIndex { starts: std::iter::once(0).chain(breaks).collect(), len: text.len() }
    }

    /// The byte range of the line that holds `offset` (without its line break), like
    /// [`line_around`].
    pub(crate) fn line(&self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.len);
        let next = self.starts.partition_point(|&start| start <= offset);
        let start = next.checked_sub(1).and_then(|i| self.starts.get(i)).copied().unwrap_or(0);
        let end = self.starts.get(next).map_or(self.len, |&next_start| next_start - 1);
        start..end
    }
}

/// Keeps a span inside the text and on character boundaries, so rendering never panics.
fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

impl fmt::Display for InvalidFile {
    /// One line per problem, `path:line:column: message`, for logs and summaries.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}:{}: error[{}]: {}", self.origin, self.location(problem), problem.code, problem.message)?;
            if let Some(help) = &problem.help {
                write!(f, " ({help})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for InvalidFile {}

/// What kind of file is read, for problems about the file as a whole.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileKind {
    /// "questionnaire", "question bank", "playbook".
    pub what: &'static str,
    /// How to start a file of this kind, e.g. "run `fiveforces init FILE` to write a template".
    pub how_to_start: &'static str,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes listed in the README's table of error codes: `| FF101 | unknown-table | …`.
    fn readme_codes() -> Vec<(String, String)> {
        include_str!("../../README.md")
            .lines()
            .filter_map(|line| {
                let mut cells = line.strip_prefix('|')?.split('|').map(str::trim);
                let (id, name) = (cells.next()?, cells.next()?);
                let numbered = id.len() == 5 && id.starts_with("FF") && id[2..].bytes().all(|b| b.is_ascii_digit());
                numbered.then(|| (id.to_owned(), name.to_owned()))
            })
            .collect()
    }

    #[test]
    fn every_code_is_documented_in_the_readme_and_nothing_else_is() {
        let documented = readme_codes();
        let codes: Vec<(String, String)> = Code::ALL.iter().map(|c| (c.id().to_owned(), c.name().to_owned())).collect();
        for code in &codes {
            assert!(documented.contains(code), "{code:?} is missing from the README's table of error codes");
        }
        for row in &documented {
            assert!(codes.contains(row), "the README documents {row:?}, which is not a code (or has another name)");
        }
        assert_eq!(documented.len(), codes.len(), "a code is documented twice in the README");
    }

    #[test]
    fn codes_are_unique_grouped_and_kebab_case() {
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "codes are listed in id order: {ids:?}");
        ids.dedup();
        names.sort_unstable();
        names.dedup();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(names.len(), Code::ALL.len(), "two codes share a name");
        for name in names {
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{name}");
        }
    }

    #[test]
    fn diagnostics_are_located_with_their_end() {
        let text = "[assessment]\nname = 3\n";
        let file = InvalidFile::new("acme.toml", text, vec![Problem::at(Code::ExpectedString, 20..21, "bad")]);
        let [d] = file.diagnostics().try_into().expect("one");
        assert_eq!((d.line, d.column, d.end_line, d.end_column), (Some(2), Some(8), Some(2), Some(9)));
        assert_eq!((d.code, d.code_name), (Code::ExpectedString, "expected-string"));
    }

    #[test]
    fn locations_are_one_based_and_count_characters() {
        let text = "a = 1\nпривет = 2\n";
        assert_eq!(Location::of(text, 0), Location { line: 1, column: 1 });
        let offset = text.rfind('=').unwrap_or_default();
        assert_eq!(Location::of(text, offset), Location { line: 2, column: 8 });
    }

    #[test]
    fn rendering_names_the_file_line_and_column_and_the_fix() {
        let text = "[assessment]\nname = 3\n";
        let file = InvalidFile::new(
            "acme.toml",
            text,
            vec![
                Problem::at(Code::ExpectedString, 20..21, "`name` must be a string").label("a number").help("quote it"),
            ],
        );
        let shown = file.render(false);
        assert!(shown.contains("acme.toml:2:8"), "{shown}");
        assert!(shown.contains("name = 3"), "{shown}");
        assert!(shown.contains("quote it"), "{shown}");
        assert_eq!(file.to_string(), "acme.toml:2:8: error[FF114]: `name` must be a string (quote it)");
        assert!(shown.contains("error[FF114]: `name` must be a string"), "{shown}");
    }

    #[test]
    fn lines_are_found_around_an_offset() {
        let text = "ab\ncd\n";
        assert_eq!(line_around(text, 0), 0..2);
        assert_eq!(line_around(text, 4), 3..5);
        assert_eq!(line_around(text, 6), 6..6);
        assert_eq!(line_around(text, 99), 6..6);
    }

    #[test]
    fn the_line_index_agrees_with_line_around() {
        for text in ["", "\n", "ab\ncd\n", "ab\n\ncd", "é\nx"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 1 {
                assert_eq!(index.line(offset), line_around(text, offset), "{text:?} at {offset}");
            }
        }
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let file = InvalidFile::new("x", "é", vec![Problem::at(Code::TomlSyntax, 1..99, "bad")]);
        assert!(file.render(false).contains("bad"));
    }
}
