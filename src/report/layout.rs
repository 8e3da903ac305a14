//! Width-aware terminal layout: tables that fit the width they are printed at without
//! breaking a word, and prose wrapped to it.
//!
//! comfy-table lays a table out ([`ContentArrangement::Dynamic`]) and wraps cells at spaces,
//! but splits a word that is wider than its column. [`fit`] prevents that: every column gets a
//! lower bound of its widest word, and when the words of all columns cannot fit side by side
//! the table's paths are shortened from the left (`…/coffee-chain.toml`) and then its
//! droppable columns are left out, least useful first. What was left out is returned, so the
//! caller can say so.

use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Table, Width};
use textwrap::core::display_width;

/// One column of a table being laid out.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header.
    pub header: String,
    /// One cell per row (lines separated by `\n`).
    pub cells: Vec<Cell>,
    /// Numbers and scores are right-aligned.
    pub right: bool,
    /// Left out when the table cannot fit otherwise: the lowest rank goes first; `None` keeps
    /// the column whatever the width.
    pub drop_rank: Option<u8>,
    /// The column holds paths, which may be shortened from the left.
    pub paths: bool,
}

impl Column {
    /// A kept, left-aligned column.
    pub fn new<C: Into<Cell>>(header: impl Into<String>, cells: Vec<C>) -> Self {
        Column {
            header: header.into(),
            cells: cells.into_iter().map(Into::into).collect(),
            right: false,
            drop_rank: None,
            paths: false,
        }
    }

    /// Right-aligned.
    #[must_use]
    pub fn right(mut self) -> Self {
        self.right = true;
        self
    }

    /// Left out before columns of a higher rank when the table is too wide.
    #[must_use]
    pub fn droppable(mut self, rank: u8) -> Self {
        self.drop_rank = Some(rank);
        self
    }

    /// Holding paths that may be shortened from the left.
    #[must_use]
    pub fn paths(mut self) -> Self {
        self.paths = true;
        self
    }

    /// What the layout needs to know of the header and cells.
    fn measure(&self) -> Measure {
        let mut measure = Measure::of_header(&self.header);
        for cell in &self.cells {
            measure.add(&cell.content());
        }
        measure
    }

    /// How the column may be laid out, without its cells.
    fn shape(&self) -> Shape {
        Shape { header: self.header.clone(), right: self.right, drop_rank: self.drop_rank, paths: self.paths }
    }
}

/// A column without its cells: what [`choose`] decides from, with the column's [`Measure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The header.
    pub header: String,
    /// Right-aligned.
    pub right: bool,
    /// Left out when the table cannot fit otherwise, lowest rank first.
    pub drop_rank: Option<u8>,
    /// Holding paths that may be shortened from the left.
    pub paths: bool,
}

/// What laying out a column needs to know of its header and cells, gathered one cell at a
/// time, so that a table too long to keep can be laid out from its measures alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Measure {
    /// The widest word (run of non-space characters) of the header and cells.
    pub widest_word: usize,
    /// The widest line of the header and cells: the width that needs no wrapping.
    pub widest_line: usize,
    /// That line (the first of that width).
    pub widest_text: String,
    /// The widest file name of the cells plus 2 (for `…/`), or the whole line when it has no
    /// `/`: how narrow a path cell can be shortened.
    pub widest_name: usize,
}

impl Measure {
    /// The measure of a column with only its header.
    pub fn of_header(header: &str) -> Self {
        let mut measure = Measure::default();
        measure.take(header);
        measure.widest_name = 0;
        measure
    }

    /// Adds one cell's text (lines separated by `\n`).
    pub fn add(&mut self, text: &str) {
        self.take(text);
    }

    fn take(&mut self, text: &str) {
        self.widest_word = self.widest_word.max(widest_word(std::iter::once(text.to_owned())));
        for line in text.lines() {
            let width = display_width(line);
            if width > self.widest_line {
                self.widest_line = width;
                line.clone_into(&mut self.widest_text);
            }
            let name = match line.rsplit_once('/') {
                Some((_, name)) => display_width(name) + 2,
                None => width,
            };
            self.widest_name = self.widest_name.max(name);
        }
    }

    /// The width the column needs to be shown: a droppable column is shown whole (its widest
    /// line), a path column at its shortest, any other column at its widest word.
    fn needs(&self, shape: &Shape) -> usize {
        if shape.drop_rank.is_some() {
            self.widest_line
        } else if shape.paths {
            // A path is shortened to `…/` and its file name, never less (unless the file name
            // alone is wider than the shortest path allowed).
            self.widest_name.max(SHORTEST_PATH).min(self.widest_word)
        } else {
            self.widest_word
        }
    }
}

/// How [`choose`] lays out a table: which columns stay, and how far paths are shortened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The indices of the columns kept, in order.
    pub kept: Vec<usize>,
    /// The headers of the columns left out.
    pub dropped: Vec<String>,
    /// The room path cells are shortened to ([`shorten_path`]), when they must be.
    pub path_room: Option<usize>,
}

/// Decides, from the columns' shapes and measures alone, which droppable columns are left out
/// (lowest rank first, until what must be shown fits) and how far paths are shortened (to the
/// room the other columns leave them on one line).
pub fn choose(columns: &[(Shape, Measure)], width: u16) -> Choice {
    let width = usize::from(width);
    let mut kept: Vec<(usize, &Shape, &Measure)> = columns.iter().enumerate().map(|(i, (s, m))| (i, s, m)).collect();
    let mut dropped = Vec::new();
    while !fits(kept.iter().map(|(_, s, m)| m.needs(s)), width) {
        let lowest = kept.iter().enumerate().filter_map(|(k, (_, s, _))| s.drop_rank.map(|r| (r, k))).min();
        let Some((_, k)) = lowest else { break };
        dropped.push(kept.remove(k).1.header.clone());
    }
    let mut path_room = None;
    if !fits(kept.iter().map(|(_, _, m)| m.widest_line), width) {
        let others: usize =
            kept.iter().filter(|(_, s, _)| !s.paths).map(|(_, _, m)| m.widest_line + COLUMN_FRAME).sum::<usize>() + 1;
        let paths = kept.iter().filter(|(_, s, _)| s.paths);
        let path_columns = paths.clone().count().max(1);
        let shortest = paths.map(|(_, s, m)| m.needs(s)).max().unwrap_or(SHORTEST_PATH);
        path_room = Some((width.saturating_sub(others) / path_columns).saturating_sub(COLUMN_FRAME).max(shortest));
    }
    Choice { kept: kept.into_iter().map(|(i, _, _)| i).collect(), dropped, path_room }
}

/// A path cell's text shortened to `room` columns, line by line.
pub fn shorten_lines(text: &str, room: usize) -> String {
    let shortened: Vec<String> = text.lines().map(|line| shorten_path(line, room)).collect();
    shortened.join("\n")
}

/// Whether columns whose widest lines are `measures` show every cell on one line at `width`:
/// then no cell wraps, and the table can be drawn in pieces ([`draw_rows`]).
pub fn one_line(measures: impl Iterator<Item = usize>, width: u16) -> bool {
    fits(measures, usize::from(width))
}

/// Sets every column's constraint (a lower bound of its widest word) and alignment.
pub fn constrain(table: &mut Table, columns: &[(&Shape, &Measure)]) {
    for (index, (shape, measure)) in columns.iter().enumerate() {
        if let Some(target) = table.column_mut(index) {
            let lower = u16::try_from(measure.widest_word).unwrap_or(u16::MAX);
            target.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(lower.saturating_add(2))));
            if shape.right {
                target.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
    }
}

/// The lines of `table` (filled with a header, then one `widest` row, then `rows`, every row
/// on one line: see [`one_line`]) that are its rows, without the `widest` row that gives every
/// piece of a long table the same column widths: the top border, header and separator when
/// `head`, the bottom border when `foot`.
pub fn draw_rows(table: &Table, rows: usize, head: bool, foot: bool) -> Vec<String> {
    let lines: Vec<String> = table.lines().collect();
    let mut kept = Vec::with_capacity(rows + 4);
    if head {
        kept.extend(lines.iter().take(3).cloned());
    }
    kept.extend(lines.iter().skip(4).take(rows).cloned());
    if foot {
        kept.extend(lines.last().cloned());
    }
    kept
}

/// The widest word (run of non-space characters) of `texts`.
fn widest_word(texts: impl Iterator<Item = String>) -> usize {
    // Only ordinary spaces and line breaks separate words: a no-break space keeps its
    // neighbours on one line, as comfy-table and textwrap do.
    texts.map(|t| t.split([' ', '\n']).map(display_width).max().unwrap_or(0)).max().unwrap_or(0)
}

/// Gives every column of an already filled `table` a lower bound of its widest word, so that
/// comfy-table wraps its cells at spaces only.
pub fn keep_words(table: &mut Table) {
    let count = table.column_count();
    let mut widest = vec![0; count];
    let header = table.header().map(|h| h.cell_iter().map(Cell::content).collect::<Vec<_>>());
    let rows = table.row_iter().map(|r| r.cell_iter().map(Cell::content).collect::<Vec<_>>());
    for row in header.into_iter().chain(rows) {
        for (i, text) in row.into_iter().enumerate() {
            if let Some(w) = widest.get_mut(i) {
                *w = (*w).max(widest_word(std::iter::once(text)));
            }
        }
    }
    for (index, w) in widest.into_iter().enumerate() {
        if let Some(column) = table.column_mut(index) {
            let lower = u16::try_from(w).unwrap_or(u16::MAX).saturating_add(2);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(lower)));
        }
    }
}

/// Columns take 3 characters besides their text (a space either side and a border), and the
/// table 1 more for its left border.
const COLUMN_FRAME: usize = 3;

/// The narrowest a shortened path gets: `…/` and a few characters.
const SHORTEST_PATH: usize = 12;

/// Whether columns whose widest words are `words` fit in `width`.
fn fits(words: impl Iterator<Item = usize>, width: usize) -> bool {
    words.map(|w| w + COLUMN_FRAME).sum::<usize>() < width
}

/// `path` in at most `max` columns, shortened from the left at a `/` where it can be:
/// `examples/coffee-chain.toml` → `…/coffee-chain.toml`.
pub fn shorten_path(path: &str, max: usize) -> String {
    if display_width(path) <= max {
        return path.to_owned();
    }
    // Keep whole trailing components while they fit after `…/`.
    let parts: Vec<&str> = path.split('/').collect();
    let mut kept = String::new();
    for part in parts.iter().rev() {
        let candidate = if kept.is_empty() { (*part).to_owned() } else { format!("{part}/{kept}") };
        if display_width(&candidate) + 2 > max {
            break;
        }
        kept = candidate;
    }
    if !kept.is_empty() && kept != path {
        return format!("…/{kept}");
    }
    // The file name alone is too long: keep its end.
    let chars: Vec<char> = path.chars().collect();
    let mut tail = String::new();
    for &c in chars.iter().rev() {
        if display_width(&tail) + display_width(&c.to_string()) + 1 > max {
            break;
        }
        tail.insert(0, c);
    }
    format!("…{tail}")
}

/// Fits `columns` in `width`: shortens paths and leaves columns out as needed, then builds
/// the rows into `table` (styled by the caller) with a lower bound on every column so that no
/// word is split. Returns the headers of the columns left out.
pub fn fit(table: &mut Table, columns: Vec<Column>, width: u16) -> Vec<String> {
    let measured: Vec<(Shape, Measure)> = columns.iter().map(|c| (c.shape(), c.measure())).collect();
    let Choice { kept, dropped, path_room } = choose(&measured, width);
    let mut columns: Vec<Column> =
        columns.into_iter().enumerate().filter(|(i, _)| kept.contains(i)).map(|(_, c)| c).collect();
    if let Some(room) = path_room {
        for column in columns.iter_mut().filter(|c| c.paths) {
            for cell in &mut column.cells {
                *cell = Cell::new(shorten_lines(&cell.content(), room));
            }
        }
    }
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(width);
    table.set_header(columns.iter().map(|c| c.header.clone()));
    let rows = columns.first().map_or(0, |c| c.cells.len());
    for row in 0..rows {
        table.add_row(columns.iter().map(|c| c.cells.get(row).cloned().unwrap_or_else(|| Cell::new(""))));
    }
    let measured: Vec<(Shape, Measure)> = columns.iter().map(|c| (c.shape(), c.measure())).collect();
    constrain(table, &measured.iter().map(|(s, m)| (s, m)).collect::<Vec<_>>());
    dropped
}

/// `text` wrapped at spaces to `width` columns, line by line (table lines are left alone); a line's leading spaces (and a
/// `- ` or `↳ ` bullet) indent its continuation lines.
pub fn wrap(text: &str, width: u16) -> String {
    let width = usize::from(width).max(20);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // Table lines are laid out by `fit`; only prose is wrapped here.
        if display_width(line) <= width || line.starts_with(['│', '╭', '╰', '╞', '├', '┆', '+', '|']) {
            out.push_str(line);
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let (lead, rest) = line.split_at_checked(indent).unwrap_or(("", line));
        let hanging = if rest.starts_with("- ") || rest.starts_with("↳ ") { 2 } else { 0 };
        let subsequent = format!("{lead}{}", " ".repeat(hanging));
        let options = textwrap::Options::new(width)
            .initial_indent(lead)
            .subsequent_indent(&subsequent)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace);
        out.push_str(&textwrap::fill(rest, options));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shortened_from_the_left() {
        assert_eq!(shorten_path("examples/coffee-chain.toml", 40), "examples/coffee-chain.toml");
        assert_eq!(shorten_path("examples/coffee-chain.toml", 20), "…/coffee-chain.toml");
        assert_eq!(shorten_path("a/b/examples/coffee-chain.toml", 28), "…/examples/coffee-chain.toml");
        let tail = shorten_path("examples/office-equipment-dealer.toml", 14);
        assert!(tail.starts_with('…') && tail.ends_with("toml") && display_width(&tail) <= 14, "{tail}");
    }

    #[test]
    fn prose_is_wrapped_at_spaces_with_its_indent() {
        let text = format!("  {}", "word ".repeat(30).trim_end());
        let wrapped = wrap(&text, 40);
        assert!(wrapped.lines().all(|l| display_width(l) <= 40 && l.starts_with("  word")), "{wrapped}");
        assert_eq!(wrapped.split_whitespace().count(), 30);
        // A word longer than the width stays whole.
        let long = "x".repeat(50);
        assert_eq!(wrap(&format!("a {long} b"), 30), format!("a\n{long}\nb"));
    }

    #[test]
    fn no_column_splits_a_word_and_droppable_columns_go_first() {
        for width in [80u16, 120] {
            let mut table = Table::new();
            table.force_no_tty();
            let dropped = fit(
                &mut table,
                vec![
                    Column::new("File", vec!["examples/industrial-equipment.toml"]).paths(),
                    Column::new("Competitive rivalry", vec!["long_term_customer_benefits"]),
                    Column::new("Note", vec!["a few words of prose that can wrap at any space"]),
                    Column::new("Extra", vec!["representative_at_delivery_and_more"]).droppable(0),
                ],
                width,
            );
            let shown = table.to_string();
            for line in shown.lines() {
                assert!(display_width(line) <= usize::from(width), "{width}: {line}");
            }
            assert!(shown.contains("long_term_customer_benefits"), "{shown}");
            assert_eq!(dropped.is_empty(), width >= 120, "{width}: {dropped:?}\n{shown}");
        }
    }
}
