//! The table view of a batch, one row per questionnaire, drawn from compact rows so that a
//! batch of any size is drawn in flat memory.
//!
//! The layout of the table (which columns fit, how far paths are shortened, every column's
//! width) depends on every row, so it is decided from the columns' [`Measure`]s, gathered one
//! row at a time ([`BatchTable::add`]). The rows themselves can then be kept anywhere (the
//! binary keeps them in a temporary file) and are read twice at the end: once to measure the
//! shortened paths, once to draw. When every row fits on one line, the rows are drawn in
//! pieces of [`PIECE`] rows, each with one extra row of the widest cells so that every piece
//! has the widths of the whole table, and that row is left out: the text is the same as one
//! table of every row. A table that must wrap its cells (a terminal too narrow for the
//! columns' widest words) is drawn as one table of every row.

use std::fmt::Write as _;

use comfy_table::Cell;
use serde::{Deserialize, Serialize};

use crate::analysis::score::{Band, TENTATIVE_BELOW};
use crate::force::Force;
use crate::report::layout::{Choice, Measure, Shape, choose, constrain, draw_rows, one_line, shorten_lines, wrap};
use crate::report::{Entry, Terminal, count, inert};

use super::{band_cell, band_letter, new_table, short_label};

/// How many rows are drawn at a time.
pub const PIECE: usize = 1000;

/// What the batch table shows of one questionnaire: its cells (file, questionnaire, the five
/// forces, the top action), each with the band that colours it, and its threshold breaches as
/// the lines listed after the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRow {
    cells: Vec<(String, Option<Band>)>,
    breaches: Vec<String>,
}

impl BatchRow {
    /// The row of one scored questionnaire. Every piece of text from the file is inert: no
    /// escape sequence reaches the terminal.
    pub fn of(entry: &Entry<'_>) -> Self {
        let a = &entry.assessed;
        let mut cells =
            vec![(inert(&a.origin).into_owned(), None), (inert(&a.questionnaire.assessment.name).into_owned(), None)];
        for force in Force::ALL {
            let f = a.profile.get(force);
            cells.push(match (f.score, f.band()) {
                (Some(score), Some(band)) => {
                    let mark = if f.tentative() { "?" } else { "" };
                    (format!("{score}{mark} {}", band_letter(band)), Some(band))
                }
                _ => ("–".to_owned(), None),
            });
        }
        let top = a.plan.chosen.first();
        cells.push((
            top.map_or_else(|| "–".to_owned(), |r| format!("{} {:.1}", inert(&r.action.id), r.priority())),
            None,
        ));
        let breaches = entry
            .breaches
            .iter()
            .map(|breach| format!("  {}: {}", inert(&a.origin), inert(&breach.to_string())))
            .collect();
        BatchRow { cells, breaches }
    }
}

/// The columns of the batch table.
fn shapes() -> Vec<Shape> {
    let shape = |header: &str, right, drop_rank, paths| Shape { header: header.to_owned(), right, drop_rank, paths };
    let mut shapes = vec![shape("File", false, None, true), shape("Questionnaire", false, Some(0), false)];
    shapes.extend(Force::ALL.iter().map(|&force| shape(short_label(force), true, None, false)));
    shapes.push(shape("Top action (priority)", false, Some(1), false));
    shapes
}

/// The batch table being gathered: the measures of its columns and its counts. The rows are
/// kept by the caller and given back to [`BatchTable::draw`].
#[derive(Debug, Clone)]
pub struct BatchTable {
    terminal: Terminal,
    columns: Vec<(Shape, Measure)>,
    rows: usize,
    breaches: usize,
}

impl BatchTable {
    /// An empty batch table to be shown at `terminal`.
    pub fn new(terminal: Terminal) -> Self {
        let columns = shapes()
            .into_iter()
            .map(|shape| {
                let measure = Measure::of_header(&shape.header);
                (shape, measure)
            })
            .collect();
        BatchTable { terminal, columns, rows: 0, breaches: 0 }
    }

    /// Measures one row.
    pub fn add(&mut self, row: &BatchRow) {
        for ((_, measure), (text, _)) in self.columns.iter_mut().zip(&row.cells) {
            measure.add(text);
        }
        self.rows += 1;
        self.breaches += row.breaches.len();
    }

    /// Draws the table of the rows measured, then its footer and the breaches, through `out`.
    /// `rows` gives the same rows again, in the same order, each time it is called (twice, or
    /// three times when there are breaches). Nothing at all when there are no rows.
    pub fn draw<I, E>(
        &self,
        rows: impl FnMut() -> Result<I, E>,
        out: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E>
    where
        I: Iterator<Item = Result<BatchRow, E>>,
    {
        self.draw_in(Some(PIECE), rows, out)
    }

    /// [`BatchTable::draw`] in pieces of `piece` rows, or as one table when `None`.
    fn draw_in<I, E>(
        &self,
        piece_rows: Option<usize>,
        mut rows: impl FnMut() -> Result<I, E>,
        out: &mut impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E>
    where
        I: Iterator<Item = Result<BatchRow, E>>,
    {
        if self.rows == 0 {
            return Ok(());
        }
        let width = self.terminal.width;
        let Choice { kept, dropped, path_room } = choose(&self.columns, width);
        let kept: Vec<(usize, &Shape)> =
            self.columns.iter().enumerate().filter(|(i, _)| kept.contains(i)).map(|(i, (s, _))| (i, s)).collect();
        let cells = |row: &BatchRow| -> Vec<(String, Option<Band>)> {
            kept.iter()
                .map(|&(i, shape)| {
                    let (text, band) = row.cells.get(i).cloned().unwrap_or_default();
                    match path_room {
                        Some(room) if shape.paths => (shorten_lines(&text, room), band),
                        _ => (text, band),
                    }
                })
                .collect()
        };
        // The measures of the cells as they are drawn (paths shortened).
        let mut measured: Vec<(Shape, Measure)> =
            kept.iter().map(|(_, shape)| ((*shape).clone(), Measure::of_header(&shape.header))).collect();
        for row in rows()? {
            for ((_, measure), (text, _)) in measured.iter_mut().zip(cells(&row?)) {
                measure.add(&text);
            }
        }
        let terminal = self.terminal;
        let table = |rows: &mut dyn Iterator<Item = Vec<(String, Option<Band>)>>, widest: bool| {
            let mut table = new_table(terminal);
            table.set_header(measured.iter().map(|(shape, _)| shape.header.clone()));
            if widest {
                table.add_row(measured.iter().map(|(_, m)| Cell::new(&m.widest_text)));
            }
            for row in rows {
                table.add_row(row.into_iter().map(|(text, band)| band_cell(band, &text)));
            }
            constrain(&mut table, &measured.iter().map(|(s, m)| (s, m)).collect::<Vec<_>>());
            table
        };
        let one_line = one_line(measured.iter().map(|(_, m)| m.widest_line), width);
        if let (true, Some(piece_rows)) = (one_line, piece_rows) {
            let mut piece = Vec::with_capacity(piece_rows.min(self.rows));
            let mut drawn = 0;
            let mut source = rows()?;
            loop {
                let next = source.next().transpose()?;
                if let Some(row) = next {
                    piece.push(cells(&row));
                    if piece.len() < piece_rows {
                        continue;
                    }
                }
                let n = piece.len();
                if n > 0 || drawn == 0 {
                    let drawn_table = table(&mut piece.drain(..), true);
                    let last = drawn + n == self.rows;
                    for line in draw_rows(&drawn_table, n, drawn == 0, last) {
                        out(&line)?;
                        out("\n")?;
                    }
                    drawn += n;
                }
                if drawn >= self.rows || n == 0 {
                    break;
                }
            }
        } else {
            let mut all = Vec::with_capacity(self.rows);
            for row in rows()? {
                all.push(cells(&row?));
            }
            out(&table(&mut all.into_iter(), false).to_string())?;
            out("\n")?;
        }
        let mut footer = format!(
            "{} scored. Bands: H high, M moderate, L low, – unscored; ? tentative (less than {TENTATIVE_BELOW}% of the force's question weight answered). Score one file for its full profile and actions.",
            count(self.rows, "questionnaire", "questionnaires"),
        );
        if !dropped.is_empty() {
            let _ = write!(
                footer,
                " Left out at {width} columns: {} (a wider terminal or COLUMNS=160 shows them).",
                dropped.join(", ")
            );
        }
        out(&wrap(&footer, width))?;
        out("\n")?;
        if self.breaches > 0 {
            out("\nThresholds breached:\n")?;
            for row in rows()? {
                for line in row?.breaches {
                    out(&wrap(&line, width))?;
                    out("\n")?;
                }
            }
        }
        Ok(())
    }
}

/// The batch table of `entries`, whole.
pub fn render(entries: &[Entry<'_>], terminal: Terminal) -> String {
    let rows: Vec<BatchRow> = entries.iter().map(BatchRow::of).collect();
    let mut table = BatchTable::new(terminal);
    for row in &rows {
        table.add(row);
    }
    let mut text = String::new();
    let drawn: Result<(), std::convert::Infallible> = table.draw(|| Ok(rows.iter().cloned().map(Ok)), &mut |piece| {
        text.push_str(piece);
        Ok(())
    });
    match drawn {
        Ok(()) => text,
        Err(never) => match never {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: usize) -> BatchRow {
        let band = |n: usize| match n % 3 {
            0 => Band::Low,
            1 => Band::Moderate,
            _ => Band::High,
        };
        let mut cells = vec![
            (format!("reports/region-{}/unit-{i:03}/assessment.toml", i % 4), None),
            (format!("Business unit {i}{}", " with a long name".repeat(i % 3)), None),
        ];
        cells.extend((0..5).map(|f| {
            (format!("{}{} H", 10 + (i * 7 + f * 13) % 90, if f == i % 5 { "?" } else { "" }), Some(band(i + f)))
        }));
        cells.push((if i.is_multiple_of(5) { "–".to_owned() } else { format!("action_{i} 8{i}.5") }, None));
        let breaches = if i % 4 == 1 { vec![format!("  unit-{i}: rivalry 80 ≥ 70")] } else { Vec::new() };
        BatchRow { cells, breaches }
    }

    fn drawn(rows: &[BatchRow], terminal: Terminal, piece: Option<usize>) -> String {
        let mut table = BatchTable::new(terminal);
        for row in rows {
            table.add(row);
        }
        let mut text = String::new();
        let done: Result<(), std::convert::Infallible> =
            table.draw_in(piece, || Ok(rows.iter().cloned().map(Ok)), &mut |t| {
                text.push_str(t);
                Ok(())
            });
        assert!(done.is_ok());
        text
    }

    #[test]
    fn drawn_in_pieces_is_the_same_text_as_one_table() {
        let rows: Vec<BatchRow> = (0..23).map(row).collect();
        for width in [60, 80, 100, 120, 200] {
            for color in [false, true] {
                let terminal = Terminal { width, color };
                let whole = drawn(&rows, terminal, None);
                for piece in [1, 2, 5, 22, 23, 1000] {
                    assert_eq!(
                        drawn(&rows, terminal, Some(piece)),
                        whole,
                        "width {width}, colour {color}, piece {piece}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_table_shows_every_row_once_with_its_breaches_after_it() {
        let rows: Vec<BatchRow> = (0..7).map(row).collect();
        let text = drawn(&rows, Terminal { width: 200, color: false }, Some(3));
        for i in 0..7 {
            assert_eq!(text.matches(&format!("unit-{i:03}/")).count(), 1, "{text}");
        }
        assert_eq!(text.matches('╭').count(), 1);
        assert_eq!(text.matches('╰').count(), 1);
        let after = text.split_once("Thresholds breached:\n").map(|(_, b)| b).unwrap_or_default();
        assert_eq!(after, "  unit-1: rivalry 80 ≥ 70\n  unit-5: rivalry 80 ≥ 70\n");
    }
}
