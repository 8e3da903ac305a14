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

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
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
    /// A problem at `span`.
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        Problem { message: message.into(), span: Some(span), label: None, help: None }
    }

    /// A problem about the file as a whole.
    pub fn whole_file(message: impl Into<String>) -> Self {
        Problem { message: message.into(), span: None, label: None, help: None }
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
                Problem::at(at, format!("… and {more} more problems in this file"))
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

    /// Where a problem is, as a line and column.
    pub fn location(&self, problem: &Problem) -> Location {
        Location::of(&self.text, problem.span.as_ref().map_or(0, |s| s.start))
    }

    /// Every problem, rendered with the offending line and a caret under the exact key or
    /// value. `styled` adds terminal colours.
    pub fn render(&self, styled: bool) -> String {
        let renderer = if styled { Renderer::styled() } else { Renderer::plain() }.decor_style(DecorStyle::Unicode);
        let mut out = String::new();
        for problem in &self.problems {
            out.push_str(&renderer.render(&self.report(problem)));
            out.push('\n');
        }
        out
    }

    fn report<'a>(&'a self, problem: &'a Problem) -> Vec<Group<'a>> {
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
            .path(self.origin.as_str())
            .fold(true)
            .annotation(annotation);
        let mut group = Level::ERROR.primary_title(problem.message.as_str()).element(snippet);
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
            write!(f, "{}:{}: {}", self.origin, self.location(problem), problem.message)?;
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
            vec![Problem::at(20..21, "`name` must be a string").label("a number").help("quote it")],
        );
        let shown = file.render(false);
        assert!(shown.contains("acme.toml:2:8"), "{shown}");
        assert!(shown.contains("name = 3"), "{shown}");
        assert!(shown.contains("quote it"), "{shown}");
        assert_eq!(file.to_string(), "acme.toml:2:8: `name` must be a string (quote it)");
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
        let file = InvalidFile::new("x", "é", vec![Problem::at(1..99, "bad")]);
        assert!(file.render(false).contains("bad"));
    }
}
