//! `fiveforces interview`: the questionnaire asked in the terminal, saved after every answer.
//!
//! The library's [`Interview`] decides what comes next; this module shows each step with
//! dialoguer, turns the person's choice into an [`Event`], and saves the file (atomically)
//! after every change. Ctrl-C or Esc at any prompt stops with exit code 130 and nothing lost.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};
use console::style;
use fiveforces::analysis::threshold::Thresholds;
use fiveforces::context::{ContextKey, Values};
use fiveforces::interview::{Detail, Document, Event, Interview, Mode, Step, parse_date};
use fiveforces::questionnaire::model::MAX_NOTE_BYTES;
use fiveforces::report::assessment::table;
use fiveforces::report::{Entry, Run};
use fiveforces::source::files::{self, Input};
use fiveforces::{Force, Likert, Playbook, QuestionBank, Questionnaire, assess, score};

use crate::cli::InterviewArgs;
use crate::commands::load_data;
use crate::prompts::{self, Halt, Ui, wrap};
use crate::sinks::{self, Outcome, report_invalid};

/// How many actions the closing report shows, as `score` does by default.
const TOP_ACTIONS: usize = 5;

/// Set to a date (YYYY-MM-DD) to fix "today" for the default assessment date; for tests.
const TODAY_VARIABLE: &str = "FIVEFORCES_TODAY";

pub fn run(args: &InterviewArgs) -> anyhow::Result<Outcome> {
    if args.path.as_os_str() == "-" {
        bail!(
            "the interview saves every answer to a file, so it needs a file name, e.g. `fiveforces interview acme.toml`"
        );
    }
    if !prompts::is_interactive() {
        let file = shell_word(&input_origin(&args.path));
        let start = if fs::symlink_metadata(&args.path).is_ok() {
            format!("answer the questions in {file} with any editor")
        } else {
            format!("run `fiveforces init {file}`, answer the questions in the file with any editor")
        };
        bail!(
            "`fiveforces interview` needs a terminal to ask its questions, and this is not one (piped input or CI)\n\
             without a terminal: {start}, then `fiveforces score {file}`"
        );
    }
    let (bank, playbook) = load_data(&args.data)?;
    let origin = input_origin(&args.path);
    let mut session = if let Some((target, text, questionnaire)) = open(&args.path, &origin, &bank)? {
        let mode = if args.all { Mode::All } else { Mode::Missing };
        let document = Document::parse(&text).with_context(|| format!("cannot read {origin}"))?;
        let interview = Interview::resume(&bank, &questionnaire, mode);
        let answered = questionnaire.answers.len();
        let mut session = Session::new(args, origin, target, interview, document, Some(text));
        session.saved_answers = answered;
        session
    } else {
        let interview = Interview::new(&bank);
        Session::new(args, origin, args.path.clone(), interview, Document::template(&bank, ""), None)
    };
    sinks::check_writable(&session.target)?;
    crate::interrupt::remember_terminal();
    session.update_farewell();
    let ended = session.greet().and_then(|()| session.run());
    match ended {
        Ok(()) => session.finish(&playbook),
        Err(Halt::Interrupted) => Ok(session.stopped("interrupted")),
        Err(Halt::Quit) => Ok(session.stopped("stopped")),
        Err(Halt::Failed(err)) => {
            session.ui.restore();
            Err(err.context(session.saved_so_far()))
        }
    }
}

/// The existing questionnaire at `path`, validated: where to write it (a symbolic link is
/// followed), its text and content. `None` when there is no file yet. An invalid file is
/// reported and the interview refuses to touch it.
fn open(path: &Path, origin: &str, bank: &QuestionBank) -> anyhow::Result<Option<(PathBuf, String, Questionnaire)>> {
    let meta = match fs::symlink_metadata(path) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => bail!("{origin}: {err}"),
        Ok(meta) => meta,
    };
    if meta.is_dir() {
        bail!("{origin} is a folder; give the interview a file name, e.g. {origin}/acme.toml");
    }
    if fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        bail!(
            "{origin} is read-only, and the interview saves every answer in it, so it leaves the file alone; \
             make it writable (`chmod u+w {0}`) to go on with it, or interview into a copy",
            shell_word(origin)
        );
    }
    let target = if meta.file_type().is_symlink() {
        fs::canonicalize(path).with_context(|| format!("{origin} is a symbolic link to nowhere"))?
    } else {
        path.to_path_buf()
    };
    let text = files::read(&Input::File(path.to_path_buf())).map_err(|err| anyhow!("{err}"))?;
    match Questionnaire::parse(origin, &text, bank) {
        Ok(questionnaire) if !questionnaire.legacy.is_empty() => {
            // Written for an earlier bank: migrated first (renamed ids get their new id, retired
            // answers become comments), so that the interview's saves never mix old and new ids.
            let migration = fiveforces::questionnaire::migrate::migrate(origin, &text, bank)
                .map_err(|err| anyhow!("{err}; run `fiveforces migrate {}` first", shell_word(origin)))?;
            crate::sinks::replace(&target, &migration.text)?;
            for line in fiveforces::questionnaire::Legacy::notices(origin, &questionnaire.legacy) {
                crate::sinks::notice(&line);
            }
            crate::sinks::notice(&format!("migrated {origin} to the current question bank before resuming"));
            let migrated = Questionnaire::parse(origin, &migration.text, bank).map_err(|err| anyhow!("{err}"))?;
            Ok(Some((target, migration.text, migrated)))
        }
        Ok(questionnaire) => Ok(Some((target, text, questionnaire))),
        Err(invalid) => {
            report_invalid(&invalid);
            bail!(
                "{origin} is not a valid questionnaire, so the interview leaves it untouched; fix the problems above \
                 (`fiveforces check {0}` shows them again), then run `fiveforces interview {0}` again",
                shell_word(origin)
            )
        }
    }
}

/// The file's name as shown: control characters inert, bytes that are not UTF-8 escaped.
fn input_origin(path: &Path) -> String {
    fiveforces::report::inert(&Input::File(path.to_path_buf()).origin()).into_owned()
}

/// One interview in the terminal, with the file it keeps saving.
struct Session<'b> {
    ui: Ui,
    interview: Interview<'b>,
    document: Document,
    /// The name the person gave the file, for messages.
    origin: String,
    /// The file written (the target of a symbolic link).
    target: PathBuf,
    /// What the file holds now, as the interview last read or wrote it; `None` until the first
    /// save of a new file. Before each save the file on disk is compared with it: an edit made
    /// meanwhile by someone else is never overwritten.
    saved: Option<String>,
    /// How many answers the file holds now.
    saved_answers: usize,
    /// Whether the file's lines end in CRLF (kept on every save).
    crlf: bool,
    resume_command: String,
    resumed: bool,
    /// Whether the person asked (with `n`) to add a note to the answer just given; without it
    /// the note step is passed over and an existing note is kept.
    note_wanted: std::cell::Cell<bool>,
}

impl<'b> Session<'b> {
    fn new(
        args: &InterviewArgs,
        origin: String,
        target: PathBuf,
        interview: Interview<'b>,
        document: Document,
        saved: Option<String>,
    ) -> Self {
        let mut resume_command = format!("fiveforces interview {}", shell_word(&origin));
        for (flag, file) in [("--questions", &args.data.questions), ("--playbook", &args.data.playbook)] {
            if let Some(file) = file {
                let _ = write!(resume_command, " {flag} {}", shell_word(&input_origin(file)));
            }
        }
        let resumed = saved.is_some();
        let crlf = saved.as_deref().is_some_and(|text| text.contains("\r\n"));
        Session {
            ui: Ui::new(),
            interview,
            document,
            origin,
            target,
            saved,
            saved_answers: 0,
            crlf,
            resume_command,
            resumed,
            note_wanted: std::cell::Cell::new(false),
        }
    }

    fn bank(&self) -> &'b QuestionBank {
        self.interview.bank()
    }

    /// What the interview is about to do.
    fn greet(&self) -> Result<(), Halt> {
        let progress = self.interview.progress();
        let (answered, total) = (progress.answered, progress.total);
        let origin = &self.origin;
        let intro = if !self.resumed {
            format!(
                "{total} questions about the forces that press on your business, force by force, then your scores \
                 and the post-sale actions that answer them."
            )
        } else if progress.asked == 0 {
            format!("{origin}: all {total} questions are answered. Review them below.")
        } else if answered == 0 {
            format!("{origin}: no question is answered yet; all {total} to go.")
        } else if progress.asked == total {
            format!(
                "{origin}: {answered} of {total} questions answered. Going through all of them again, each starting \
                 on its current answer."
            )
        } else {
            format!("{origin}: {answered} of {total} questions answered; {} to go.", progress.asked)
        };
        let hint = format!(
            "Every answer is saved in {origin} at once; Ctrl-C stops at any time and `{}` continues. Arrow keys \
             and Enter to choose; Esc also stops.",
            self.resume_command
        );
        let width = self.ui.width();
        self.ui.say(&format!(
            "{}\n{}\n{}",
            style("Five Forces interview").bold(),
            wrap(&intro, width, ""),
            style(wrap(&hint, width, "")).dim()
        ))
    }

    fn run(&mut self) -> Result<(), Halt> {
        loop {
            let event = match self.interview.step() {
                Step::Detail(detail) => self.ask_detail(detail)?,
                Step::Context(key) => self.ask_context(key)?,
                Step::Question(question) => self.ask_question(question)?,
                Step::Note(question) => self.ask_note(question)?,
                Step::ForceDone(force) => self.force_done(force)?,
                Step::Review => self.review()?,
                Step::Done => return Ok(()),
            };
            match self.interview.apply(event) {
                Ok(true) => self.save()?,
                Ok(false) => {}
                // The prompts check what they accept, so this is a slip to show, not to stop on.
                Err(rejected) => self.ui.say(&format!("{} {rejected}", style("✘").red()))?,
            }
        }
    }

    fn save(&mut self) -> Result<(), Halt> {
        let questionnaire = self.interview.questionnaire();
        let text = self.document.render(&self.origin, self.bank(), &questionnaire).map_err(|err| {
            if err.is_bug() {
                Halt::Failed(anyhow!(err).context("this is a bug in fiveforces, please report it"))
            } else {
                Halt::Failed(anyhow!("{}: the last answer was not saved: {err}", self.origin))
            }
        })?;
        // A CRLF file stays CRLF: a save changes the lines it changes, not every line.
        let text = if self.crlf { text.replace("\r\n", "\n").replace('\n', "\r\n") } else { text };
        loop {
            self.check_unchanged()?;
            let written = if self.saved.is_some() {
                sinks::replace(&self.target, &text)
            } else {
                // The first save of a new file never replaces one that appeared meanwhile; its
                // `#:schema` line gets the schema file it points to.
                sinks::write(&self.target, &text, false)
                    .and_then(|()| crate::commands::docs::write_schema_beside(&self.target, self.bank()).map(drop))
            };
            match written {
                Ok(()) => break,
                Err(err) => {
                    // A full disk or a folder removed: say so, and let the person fix it and retry.
                    let message = format!(
                        "{} could not save the last answer: {err:#}\n{}",
                        style("✘").red(),
                        self.saved_so_far()
                    );
                    self.ui.say(&message)?;
                    let items =
                        ["Try again (after freeing space or restoring the folder)".to_owned(), "Stop".to_owned()];
                    if self.ui.choose("Save again?", &items, Some(0))? != 0 {
                        return Err(Halt::Failed(err));
                    }
                }
            }
        }
        self.saved = Some(text);
        self.saved_answers = questionnaire.answers.len();
        self.update_farewell();
        Ok(())
    }

    /// What a signal's line says (as after Ctrl-C at a prompt): how much is saved, how to go on.
    fn update_farewell(&self) {
        crate::interrupt::set_farewell(match &self.saved {
            Some(_) => format!("{}; run `{}` to continue", self.saved_so_far(), self.resume_command),
            None => format!("nothing was saved yet; run `{}` to start again", self.resume_command),
        });
    }

    /// Stops, saying so, when the file on disk is no longer what the interview last read or
    /// wrote (someone edited it meanwhile): saving would silently throw that edit away.
    fn check_unchanged(&self) -> Result<(), Halt> {
        let Some(saved) = &self.saved else { return Ok(()) };
        match fs::read(&self.target) {
            Ok(now) if now == saved.as_bytes() => Ok(()),
            // Gone (a folder removed): nothing to lose; the save says what it can.
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            _ => Err(Halt::Failed(anyhow!(
                "{0} changed on disk since the interview last saved it (edited elsewhere?), so the interview stopped \
                 without saving, to keep that change; your last answer is not in the file. Run `{1}` to go on from \
                 the file as it is now",
                self.origin,
                self.resume_command
            ))),
        }
    }

    fn ask_detail(&self, detail: Detail) -> Result<Event, Halt> {
        let assessment = self.interview.assessment();
        let current = detail.get(assessment);
        let optional = |_: &str| Ok(());
        let text = match detail {
            Detail::Name => {
                self.ui.say(&format!("\n{}", style("About the assessment").bold()))?;
                let fallback = default_name(&self.origin);
                self.ui.text("Business, product line or unit assessed", current.or(fallback.as_deref()), None, |t| {
                    if t.trim().is_empty() { Err("a name is needed, e.g. Acme Cloud CRM".to_owned()) } else { Ok(()) }
                })?
            }
            Detail::Industry => self.ui.text("Industry (optional)", None, current, optional)?,
            Detail::Scope => self.ui.text("Scope: products and markets (optional)", None, current, optional)?,
            Detail::Assessor => self.ui.text("Assessor: who is answering (optional)", None, current, optional)?,
            Detail::Date => {
                let today = today();
                self.ui.text("Date (YYYY-MM-DD)", Some(current.unwrap_or(&today)), None, |t| {
                    if parse_date(t).is_some() {
                        Ok(())
                    } else if looks_like_a_date(t) {
                        Err(format!("{} is not a day of the calendar: check the month and the day", t.trim()))
                    } else {
                        Err("write the date as YYYY-MM-DD".to_owned())
                    }
                })?
            }
        };
        Ok(Event::Text(Some(text)))
    }

    /// One key of the business context: one value from a menu, or several ticked.
    fn ask_context(&self, key: ContextKey) -> Result<Event, Halt> {
        if key == ContextKey::ALL[0] {
            let width = self.ui.width();
            let intro = "So that the advice fits the business, four questions on how it sells. Actions that \
                         need a way of selling or an offering the business does not have are left out.";
            self.ui.say(&format!(
                "\n{}\n{}",
                style("How the business sells").bold(),
                style(wrap(intro, width, "")).dim()
            ))?;
        }
        let current = self.interview.context().map(|c| c.get(key)).unwrap_or_default();
        let labels: Vec<String> = key.values().iter().map(|(value, help)| format!("{value}  {help}")).collect();
        let mut values = Values::EMPTY;
        if key.is_list() {
            let ticked: Vec<bool> =
                (0..labels.len()).map(|i| u8::try_from(i).is_ok_and(|i| current.contains(i))).collect();
            let prompt = format!("{} (Space ticks, Enter confirms; none leaves it out)", key.question());
            for index in self.ui.choose_many(&prompt, &labels, &ticked)? {
                if let Ok(index) = u8::try_from(index) {
                    values.insert(index);
                }
            }
            return Ok(Event::Context(values));
        }
        let mut items = labels;
        let skip = items.len();
        items.push("–  don't say: leave it out".to_owned());
        if self.interview.can_go_back() {
            items.push("←  back".to_owned());
        }
        let default = current.indices().next().map(usize::from);
        let choice = self.ui.choose(key.question(), &items, default)?;
        if choice > skip {
            return Ok(Event::Back);
        }
        if let Ok(index) = u8::try_from(choice)
            && choice < skip
        {
            values.insert(index);
        }
        Ok(Event::Context(values))
    }

    fn ask_question(&self, index: usize) -> Result<Event, Halt> {
        let (Some(question), Some(position)) = (self.bank().get(index), self.interview.position(index)) else {
            return Ok(Event::Skip);
        };
        let progress = self.interview.progress();
        let width = self.ui.width();
        let left = format!("{} · question {} of {}", position.force.label(), position.number, position.of);
        let right = format!("{} of {} answered", progress.answered, progress.total);
        let gap = width.saturating_sub(left.chars().count() + right.chars().count()).max(2);
        let mut screen = format!("\n{}{}{}\n", style(&left).cyan().bold(), " ".repeat(gap), style(&right).dim());
        let _ = writeln!(screen, "{}", style("─".repeat(width)).dim());
        let _ = writeln!(screen, "{}", style(wrap(&question.statement, width, "")).bold());
        let _ = write!(screen, "{}", style(help_lines(&question.help, width)).dim());
        self.ui.say(&screen)?;

        let current = self.interview.response(index);
        let mut items: Vec<String> = (Likert::MIN..=Likert::MAX)
            .filter_map(|v| Likert::new(v.into()))
            .map(|l| format!("{}  {}", l.get(), l.label()))
            .collect();
        items.push(match current {
            Some(r) => format!("0  don't know: remove the answer {}", r.score.get()),
            None => "0  don't know / skip: leave it unanswered".to_owned(),
        });
        if self.interview.revisiting() {
            items.push("←  back to the review, unchanged".to_owned());
        } else if self.interview.can_go_back() {
            items.push("←  back to the previous question".to_owned());
        }
        // The current answer when there is one, else the middle of the scale: Enter alone
        // answers "neither", a digit any other answer, both in one key.
        let middle = usize::from(Likert::MAX - Likert::MIN) / 2;
        let default = current.map_or(middle, |r| usize::from(r.score.get() - Likert::MIN));
        let (choice, note) = self.ui.pick("How much do you agree?", &items, default, true)?;
        self.note_wanted.set(note);
        let skip = usize::from(Likert::MAX - Likert::MIN) + 1;
        if choice == skip {
            return Ok(Event::Skip);
        }
        if choice > skip {
            return Ok(Event::Back);
        }
        match u8::try_from(choice).ok().and_then(|c| Likert::new(i64::from(c) + 1)) {
            Some(score) => Ok(Event::Answer(score)),
            None => Ok(Event::Skip),
        }
    }

    /// The evidence for the answer just given (already saved).
    fn ask_note(&self, index: usize) -> Result<Event, Halt> {
        let current = self.interview.response(index).and_then(|r| r.note.as_deref());
        if !self.note_wanted.replace(false) {
            // No note asked for: keep the one the answer had, at no keystroke.
            return Ok(Event::Text(current.map(str::to_owned)));
        }
        let note = self.ui.text("Note: your evidence (optional, Enter to skip)", None, current, |t| {
            if t.trim().len() > MAX_NOTE_BYTES {
                Err(format!(
                    "a note can be at most {MAX_NOTE_BYTES} bytes and this one is {}: shorten it, or keep the evidence in a document and name it here",
                    t.trim().len()
                ))
            } else {
                Ok(())
            }
        })?;
        Ok(Event::Text(Some(note)))
    }

    fn force_done(&self, force: Force) -> Result<Event, Halt> {
        let profile = score(&self.interview.questionnaire(), self.bank());
        let result = profile.get(force);
        let summary = match (result.score, result.band()) {
            (Some(points), Some(band)) => format!(
                "{}: {points} of 100, {}  {}  ({} of {} answered)",
                force.label(),
                band.key(),
                table::bar(result),
                result.answered,
                result.questions
            ),
            _ => format!("{}: unscored, no question answered", force.label()),
        };
        self.ui.say(&format!("\n{} {}", style("✔").green(), style(summary).bold()))?;
        // Name what really comes next: the next force with a question still to ask, or the
        // review when none is left.
        let items = [
            match self.interview.next_force() {
                Some(next) => format!("1  continue with {}", next.label().to_lowercase()),
                None => "1  continue to the review".to_owned(),
            },
            "←  back to the previous question".to_owned(),
        ];
        Ok(match self.ui.pick("Next", &items, 0, false)?.0 {
            0 => Event::Continue,
            _ => Event::Back,
        })
    }

    fn review(&self) -> Result<Event, Halt> {
        loop {
            let questionnaire = self.interview.questionnaire();
            let profile = score(&questionnaire, self.bank());
            let name = fiveforces::report::inert(&questionnaire.assessment.name);
            let mut screen = format!("\n{}\n", style(format!("Review: {name}")).bold());
            for f in profile.iter() {
                let points = f.score.map_or_else(|| "–".to_owned(), |s| s.to_string());
                let band = f.band().map_or("unscored", |b| b.key());
                let _ = writeln!(
                    screen,
                    "  {:<24} {points:>3}  {band:<9} {}  {} of {} answered",
                    f.force.label(),
                    table::bar(f),
                    f.answered,
                    f.questions
                );
            }
            let open: Vec<String> = self
                .interview
                .unanswered()
                .filter_map(|i| self.bank().get(i))
                .map(|q| format!("{}.{}", q.force, q.id))
                .collect();
            let status = if open.is_empty() {
                "Every question is answered.".to_owned()
            } else {
                format!("{} unanswered (they count towards no score): {}", open.len(), open.join(", "))
            };
            screen.push_str(&wrap(&status, self.ui.width(), ""));
            self.ui.say(&screen)?;
            let mut items =
                vec!["1  finish: show the scores and actions".to_owned(), "2  change an answer…".to_owned()];
            if self.interview.can_go_back() {
                items.push("←  back to the previous question".to_owned());
            }
            match self.ui.pick("What next?", &items, 0, false)?.0 {
                0 => return Ok(Event::Finish),
                1 => {
                    if let Some(question) = self.pick_question()? {
                        return Ok(Event::Revisit(question));
                    }
                }
                _ => return Ok(Event::Back),
            }
        }
    }

    /// The question to change, or `None` to stay on the review.
    fn pick_question(&self) -> Result<Option<usize>, Halt> {
        let width = self.ui.width();
        let mut items = vec!["←  back to the review".to_owned()];
        for (index, question) in self.bank().questions().iter().enumerate() {
            let answer = self.interview.response(index).map_or_else(|| "–".to_owned(), |r| r.score.get().to_string());
            let head = format!("{answer}  {}: ", question.force.label());
            let room = width.saturating_sub(head.chars().count() + 6).max(10);
            items.push(format!("{head}{}", truncate(&question.statement, room)));
        }
        let choice = self.ui.choose("Which question?", &items, Some(0))?;
        Ok(choice.checked_sub(1))
    }

    /// The closing report: the same table `score` prints, from the file as saved.
    fn finish(&self, playbook: &Playbook) -> anyhow::Result<Outcome> {
        let Some(text) = &self.saved else {
            bail!("nothing to score: the interview ended before the first answer");
        };
        let assessed = assess(&self.origin, text, self.bank(), playbook, TOP_ACTIONS).map_err(|invalid| {
            report_invalid(&invalid);
            anyhow!("{} cannot be scored", self.origin)
        })?;
        self.ui.say("").map_err(halt_error)?;
        let thresholds = Thresholds::default();
        let run = Run {
            entries: vec![Entry { assessed, breaches: Vec::new() }],
            failures: Vec::new(),
            batch: false,
            bank: self.bank(),
            thresholds: &thresholds,
        };
        sinks::print(&table::render(&run, sinks::terminal(&sinks::Target::Stdout)))?;
        let origin = shell_word(&self.origin);
        let closing = format!(
            "Saved in {}: `fiveforces score {origin}` shows this report again, `{}` takes you back to the answers.",
            self.origin, self.resume_command
        );
        self.ui.say(&format!("\n{}", style(wrap(&closing, self.ui.width(), "")).dim())).map_err(halt_error)?;
        Ok(Outcome::Success)
    }

    /// After Ctrl-C or Esc: the terminal restored and one line on how to go on.
    fn stopped(&self, how: &str) -> Outcome {
        self.ui.restore();
        let line = match &self.saved {
            Some(_) => format!("{how}: {}; run `{}` to continue", self.saved_so_far(), self.resume_command),
            None => format!("{how}: nothing was saved yet; run `{}` to start again", self.resume_command),
        };
        let _ = self.ui.say(&line);
        Outcome::Interrupted
    }

    fn saved_so_far(&self) -> String {
        let progress = self.interview.progress();
        match &self.saved {
            Some(_) => format!("{} of {} answers saved in {}", self.saved_answers, progress.total, self.origin),
            None => "nothing was saved".to_owned(),
        }
    }
}

fn halt_error(halt: Halt) -> anyhow::Error {
    match halt {
        Halt::Failed(err) => err,
        Halt::Interrupted | Halt::Quit => anyhow!("interrupted"),
    }
}

/// The help text as two lines, "1 = …" and "5 = …", when it is written that way.
fn help_lines(help: &str, width: usize) -> String {
    match help.split_once("; 5 =") {
        Some((low, high)) => format!("{}\n{}", wrap(low, width, "  "), wrap(&format!("5 ={high}"), width, "  ")),
        None => wrap(help, width, "  "),
    }
}

fn truncate(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_owned();
    }
    let cut: String = text.chars().take(room.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// The name offered for a new assessment: the file name without `.toml`, unless it is the
/// generic default.
fn default_name(origin: &str) -> Option<String> {
    let stem = Path::new(origin).file_stem()?.to_str()?;
    (stem != "questionnaire" && !stem.is_empty()).then(|| stem.to_owned())
}

/// Whether `text` is written YYYY-MM-DD, whatever the numbers.
fn looks_like_a_date(text: &str) -> bool {
    let bytes = text.trim().as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| if i == 4 || i == 7 { *b == b'-' } else { b.is_ascii_digit() })
}

/// Today's date in the local time zone (`FIVEFORCES_TODAY` overrides it, for tests).
fn today() -> String {
    std::env::var(TODAY_VARIABLE)
        .ok()
        .and_then(|d| parse_date(&d))
        .unwrap_or_else(|| jiff::Zoned::now().date().to_string())
}

/// `text` as one word for a POSIX shell: unchanged when it is plainly safe, single-quoted
/// otherwise.
fn shell_word(text: &str) -> String {
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || "-_./+,:@%".contains(c)) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_for_the_shell_only_when_needed() {
        assert_eq!(shell_word("acme.toml"), "acme.toml");
        assert_eq!(shell_word("q3/acme-eu.toml"), "q3/acme-eu.toml");
        assert_eq!(shell_word("my file.toml"), "'my file.toml'");
        assert_eq!(shell_word("it's.toml"), "'it'\\''s.toml'");
    }

    #[test]
    fn the_default_name_comes_from_the_file_name() {
        assert_eq!(default_name("q3/acme.toml").as_deref(), Some("acme"));
        assert_eq!(default_name("questionnaire.toml"), None);
    }

    #[test]
    fn help_is_split_into_its_two_ends() {
        assert_eq!(help_lines("1 = never; 5 = always", 80), "  1 = never\n  5 = always");
        assert_eq!(help_lines("free text", 80), "  free text");
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("a longer statement", 10), "a longer…");
    }
}
