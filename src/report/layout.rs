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

    /// The widest word (run of non-space characters) of the header and cells.
    fn widest_word(&self) -> usize {
        widest_word(std::iter::once(self.header.clone()).chain(self.cells.iter().map(Cell::content)))
    }

    /// The widest line of the header and cells: the width that needs no wrapping.
    fn widest_line(&self) -> usize {
        std::iter::once(self.header.clone())
            .chain(self.cells.iter().map(Cell::content))
            .flat_map(|t| t.lines().map(display_width).collect::<Vec<_>>())
            .max()
            .unwrap_or(0)
    }

    /// The width the column needs to be shown: a droppable column is shown whole (its widest
    /// line), a path column at its shortest, any other column at its widest word.
    fn needs(&self) -> usize {
        if self.drop_rank.is_some() {
            self.widest_line()
        } else if self.paths {
            // A path is shortened to `…/` and its file name, never less (unless the file name
            // alone is wider than the shortest path allowed).
            let names = self.cells.iter().map(|c| {
                let text = c.content();
                text.lines()
                    .map(|l| match l.rsplit_once('/') {
                        Some((_, name)) => display_width(name) + 2,
                        None => display_width(l),
                    })
                    .max()
                    .unwrap_or(0)
            });
            names.max().unwrap_or(0).max(SHORTEST_PATH).min(self.widest_word())
        } else {
            self.widest_word()
        }
    }
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
pub fn fit(table: &mut Table, mut columns: Vec<Column>, width: u16) -> Vec<String> {
    let width = usize::from(width);
    // 1. Leave droppable columns out, lowest rank first, until what must be shown fits.
    let mut dropped = Vec::new();
    while !fits(columns.iter().map(Column::needs), width) {
        let lowest = columns.iter().enumerate().filter_map(|(i, c)| c.drop_rank.map(|r| (r, i))).min();
        let Some((_, index)) = lowest else { break };
        dropped.push(columns.remove(index).header);
    }
    // 2. Shorten paths from the left to the room the other columns leave them on one line.
    if !fits(columns.iter().map(Column::widest_line), width) {
        let others: usize =
            columns.iter().filter(|c| !c.paths).map(|c| c.widest_line() + COLUMN_FRAME).sum::<usize>() + 1;
        let path_columns = columns.iter().filter(|c| c.paths).count().max(1);
        let shortest = columns.iter().filter(|c| c.paths).map(Column::needs).max().unwrap_or(SHORTEST_PATH);
        let room = (width.saturating_sub(others) / path_columns).saturating_sub(COLUMN_FRAME).max(shortest);
        for column in columns.iter_mut().filter(|c| c.paths) {
            for cell in &mut column.cells {
                let shortened: Vec<String> = cell.content().lines().map(|line| shorten_path(line, room)).collect();
                *cell = Cell::new(shortened.join("\n"));
            }
        }
    }
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    table.set_header(columns.iter().map(|c| c.header.clone()));
    let rows = columns.first().map_or(0, |c| c.cells.len());
    for row in 0..rows {
        table.add_row(columns.iter().map(|c| c.cells.get(row).cloned().unwrap_or_else(|| Cell::new(""))));
    }
    for (index, column) in columns.iter().enumerate() {
        if let Some(target) = table.column_mut(index) {
            let lower = u16::try_from(column.widest_word()).unwrap_or(u16::MAX);
            target.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(lower.saturating_add(2))));
            if column.right {
                target.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
    }
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
