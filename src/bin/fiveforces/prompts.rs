//! The terminal side of the interview: dialoguer prompts and plain lines on standard error, and
//! what Ctrl-C, Esc and a missing terminal mean. Nothing here knows about questionnaires.

use std::io::{self, IsTerminal};

use console::{Key, Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Input, MultiSelect, Select};

/// Why a prompt gave no answer.
#[derive(Debug)]
pub enum Halt {
    /// Ctrl-C.
    Interrupted,
    /// Esc or `q` on a list of choices.
    Quit,
    /// The terminal or the disk failed.
    Failed(anyhow::Error),
}

impl From<dialoguer::Error> for Halt {
    fn from(err: dialoguer::Error) -> Self {
        let err = io::Error::from(err);
        if err.kind() == io::ErrorKind::Interrupted {
            Halt::Interrupted
        } else {
            Halt::Failed(anyhow::Error::new(err).context("the terminal stopped answering"))
        }
    }
}

/// Whether a person can answer prompts: standard input is a terminal, and so is standard error,
/// where the prompts are drawn.
pub fn is_interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// The prompts and lines of one interactive session, on standard error.
pub struct Ui {
    term: Term,
    theme: ColorfulTheme,
}

impl Ui {
    pub fn new() -> Self {
        Ui { term: Term::stderr(), theme: ColorfulTheme::default() }
    }

    /// The width to wrap text to: the terminal's, kept readable.
    pub fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(40, 100)
    }

    /// Writes lines of text.
    pub fn say(&self, text: &str) -> Result<(), Halt> {
        self.term.write_line(text).map_err(|e| Halt::Failed(e.into()))
    }

    /// Shows the cursor again and ends the current line: dialoguer hides the cursor while a
    /// list is open and leaves it hidden when the list is interrupted.
    pub fn restore(&self) {
        let _ = self.term.show_cursor();
        let _ = self.term.write_line("");
    }

    /// A choice among `items`, moved through with the arrow keys; `default` is highlighted at
    /// first (nothing is when it is `None`, so Enter alone cannot answer by accident).
    pub fn choose(&self, prompt: &str, items: &[String], default: Option<usize>) -> Result<usize, Halt> {
        // Each choice on one line of the terminal, and no more of them at once than it has rows
        // for (besides the prompt): otherwise, in a small terminal, long choices wrap and the
        // highlighted one scrolls out of view.
        let (rows, columns) = self.term.size();
        let items: Vec<String> = items.iter().map(|item| fit(item, usize::from(columns).saturating_sub(3))).collect();
        let mut select = Select::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(&items)
            .max_length(usize::from(rows).saturating_sub(2).max(1));
        if let Some(default) = default {
            select = select.default(default);
        }
        let chosen = select.interact_on_opt(&self.term)?;
        chosen.ok_or(Halt::Quit)
    }

    /// A choice among `items` that costs one key: `default` is highlighted at first (Enter
    /// takes it), the digit an item starts with picks that item at once, ↑/↓ move, Backspace
    /// or ← picks the item starting with `←` (back) when there is one, Esc or `q` quits. With
    /// `note`, `n` takes the highlighted item and asks for a note too: the returned flag.
    /// The list is erased once answered, so what stays on screen is one line: the answer.
    pub fn pick(&self, prompt: &str, items: &[String], default: usize, note: bool) -> Result<(usize, bool), Halt> {
        let (rows, columns) = self.term.size();
        let room = usize::from(columns).saturating_sub(3);
        let items: Vec<String> = items.iter().map(|item| fit(item, room)).collect();
        let visible = items.len().min(usize::from(rows).saturating_sub(3).max(1));
        let keys = if note {
            "digit picks · ↑↓ Enter · n adds a note · ← back · Esc quits"
        } else {
            "digit or ↑↓ Enter · ← back · Esc quits"
        };
        let header = fit(&format!("{prompt}  ({keys})"), usize::from(columns).saturating_sub(1));
        let mut cursor = default.min(items.len().saturating_sub(1));
        let failed = |e: io::Error| {
            if e.kind() == io::ErrorKind::Interrupted {
                Halt::Interrupted
            } else {
                Halt::Failed(anyhow::Error::new(e).context("the terminal stopped answering"))
            }
        };
        self.term.hide_cursor().map_err(failed)?;
        let mut drawn = 0;
        let outcome = loop {
            if drawn > 0 {
                self.term.clear_last_lines(drawn).map_err(failed)?;
            }
            let first = cursor.saturating_sub(visible.saturating_sub(1));
            let mut lines = vec![style(&header).bold().to_string()];
            for (i, item) in items.iter().enumerate().skip(first).take(visible) {
                lines.push(if i == cursor {
                    format!("{} {}", style("❯").cyan(), style(item).cyan())
                } else {
                    format!("  {item}")
                });
            }
            drawn = lines.len();
            self.term.write_line(&lines.join("\n")).map_err(failed)?;
            let key = match self.term.read_key() {
                Ok(key) => key,
                Err(e) => break Err(failed(e)),
            };
            match key {
                Key::ArrowUp | Key::Char('k') => cursor = cursor.saturating_sub(1),
                Key::ArrowDown | Key::Char('j') | Key::Tab => cursor = (cursor + 1).min(items.len().saturating_sub(1)),
                Key::Enter | Key::Char(' ') => break Ok((cursor, false)),
                Key::Char('n') if note => break Ok((cursor, true)),
                Key::Escape | Key::Char('q') => break Err(Halt::Quit),
                Key::Backspace | Key::ArrowLeft => {
                    if let Some(back) = items.iter().position(|i| i.starts_with('←')) {
                        break Ok((back, false));
                    }
                }
                Key::Char(c) if c.is_ascii_digit() => {
                    if let Some(at) = items.iter().position(|i| i.starts_with(c)) {
                        break Ok((at, false));
                    }
                }
                _ => {}
            }
        };
        let _ = self.term.clear_last_lines(drawn);
        let _ = self.term.show_cursor();
        if let Ok((chosen, _)) = &outcome {
            let answer = items.get(*chosen).map_or("", String::as_str);
            self.term.write_line(&format!("{} {}", style(prompt).dim(), style(answer).bold())).map_err(failed)?;
        }
        outcome
    }

    /// Any number of `items`, toggled with Space and confirmed with Enter; `chosen` are ticked
    /// at first. Returns the positions ticked (none is an answer too).
    pub fn choose_many(&self, prompt: &str, items: &[String], chosen: &[bool]) -> Result<Vec<usize>, Halt> {
        let picked = MultiSelect::with_theme(&self.theme)
            .with_prompt(prompt)
            .items(items)
            .defaults(chosen)
            .interact_on_opt(&self.term)?;
        picked.ok_or(Halt::Quit)
    }

    /// A line of text. `default` is taken when the person just presses Enter; `initial` is
    /// typed in already, to edit. A blank answer is allowed unless `check` refuses it.
    pub fn text(
        &self,
        prompt: &str,
        default: Option<&str>,
        initial: Option<&str>,
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<String, Halt> {
        let mut input = Input::<String>::with_theme(&self.theme).with_prompt(prompt).allow_empty(true);
        if let Some(default) = default {
            input = input.default(default.to_owned());
        }
        if let Some(initial) = initial {
            input = input.with_initial_text(initial);
        }
        let text = input.validate_with(|text: &String| check(text)).interact_text_on(&self.term)?;
        Ok(text)
    }
}

/// `text` cut to at most `room` characters (at least a few), marking the cut with `…`.
fn fit(text: &str, room: usize) -> String {
    let room = room.max(4);
    if text.chars().count() <= room {
        return text.to_owned();
    }
    let cut: String = text.chars().take(room - 1).collect();
    format!("{}…", cut.trim_end())
}

/// `text` broken into lines that take at most `width` columns on the terminal (counted in
/// display width: a CJK character takes two, a combining accent none; longer words stay
/// whole, hyphenated ones too), each starting with `indent`.
pub fn wrap(text: &str, width: usize, indent: &str) -> String {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let width = width.max(textwrap::core::display_width(indent) + 20);
    let options = textwrap::Options::new(width)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .break_words(false)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(&words, options)
}

#[cfg(test)]
mod tests {
    use super::{fit, wrap};

    #[test]
    fn a_choice_fits_on_one_line() {
        assert_eq!(fit("1  strongly disagree", 17), "1  strongly disa…");
        assert_eq!(fit("short", 17), "short");
        assert_eq!(fit("anything", 0).chars().count(), 4);
    }

    #[test]
    fn wrap_breaks_between_words_and_indents() {
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen";
        let wrapped = wrap(text, 26, "  ");
        assert_eq!(wrapped, "  one two three four five\n  six seven eight nine ten\n  eleven twelve thirteen");
        assert!(wrapped.lines().all(|l| l.chars().count() <= 26));
        assert_eq!(wrap("", 30, "  "), "");
    }

    #[test]
    fn wrap_counts_display_width_not_characters() {
        // Each of these characters takes two columns: eight of them fill a 16-column line.
        let text = "日本語日本語日本 日本語日本語日本 日本";
        let wrapped = wrap(text, 24, "");
        assert_eq!(wrapped, "日本語日本語日本\n日本語日本語日本 日本");
        assert!(wrapped.lines().all(|l| textwrap::core::display_width(l) <= 24));
        assert_eq!(wrap("a well-known long-standing fact", 20, ""), "a well-known\nlong-standing fact");
    }
}
