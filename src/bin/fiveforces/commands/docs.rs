//! `fiveforces schema`, `completions` and `man`: what editors, shells and `man` need.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::CommandFactory;
use fiveforces::QuestionBank;

use crate::cli::{Cli, CompletionsArgs, ManArgs, SchemaArgs};
use crate::commands::load_data;
use crate::sinks::{self, Outcome};

pub fn schema(args: &SchemaArgs) -> anyhow::Result<Outcome> {
    let (bank, _) = load_data(&args.bank.data())?;
    sinks::print(&fiveforces::questionnaire::schema::render(&bank)?)?;
    Ok(Outcome::Success)
}

/// Writes the schema file that a questionnaire's `#:schema` line points to, beside it, unless
/// one is there already (it is never overwritten). Returns where it wrote, if it did.
pub fn write_schema_beside(questionnaire: &Path, bank: &QuestionBank) -> anyhow::Result<Option<PathBuf>> {
    let path = questionnaire.with_file_name(fiveforces::questionnaire::schema::FILE_NAME);
    if path.exists() {
        return Ok(None);
    }
    sinks::write(&path, &fiveforces::questionnaire::schema::render(bank)?, false)?;
    Ok(Some(path))
}

pub fn completions(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "fiveforces", &mut script);
    sinks::print(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}

pub fn man(args: &ManArgs) -> anyhow::Result<Outcome> {
    let Some(dir) = &args.dir else {
        sinks::print(&page(Cli::command(), "fiveforces", None)?)?;
        return Ok(Outcome::Success);
    };
    if !dir.is_dir() {
        anyhow::bail!("{} is not a folder; create it first (mkdir -p {0})", dir.display());
    }
    let mut top = Cli::command();
    // Built, so that each subcommand has the global options (--color, --quiet) on its page.
    top.build();
    let subcommands: Vec<String> = top.get_subcommands().map(|c| c.get_name().to_owned()).collect();
    sinks::write(&dir.join("fiveforces.1"), &page(top.clone(), "fiveforces", Some(&subcommands))?, args.force)?;
    for sub in top.get_subcommands().filter(|c| c.get_name() != "help") {
        let name = format!("fiveforces-{}", sub.get_name());
        // clap names a command with a `&'static str`; the few page names live until the process ends.
        let static_name: &'static str = Box::leak(name.clone().into_boxed_str());
        let cmd = sub.clone().name(static_name).bin_name(format!("fiveforces {}", sub.get_name()));
        sinks::write(&dir.join(format!("{name}.1")), &page(cmd, &name, None)?, args.force)?;
    }
    Ok(Outcome::Success)
}

/// One manual page: clap_mangen's sections (NAME, SYNOPSIS, DESCRIPTION, OPTIONS, …), then
/// EXIT STATUS, ENVIRONMENT, EXAMPLES (from the command's help) and SEE ALSO (the other pages,
/// when `pages` lists the subcommands).
fn page(cmd: clap::Command, name: &str, pages: Option<&[String]>) -> anyhow::Result<String> {
    let examples = cmd.get_after_help().map(std::string::ToString::to_string).and_then(|h| {
        h.strip_prefix("Examples:\n").map(|rest| rest.split("\n\n").next().unwrap_or_default().to_owned())
    });
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).title(name).render(&mut out)?;
    let mut page = String::from_utf8(out)?;
    page.push_str(EXIT_STATUS);
    page.push_str(ENVIRONMENT);
    if let Some(examples) = examples {
        page.push_str(".SH EXAMPLES\n");
        for line in examples.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let _ = write!(page, ".PP\n.nf\n{}\n.fi\n", roff_text(line));
        }
    }
    let see_also: Vec<String> = match pages {
        Some(subs) => subs.iter().filter(|s| *s != "help").map(|s| format!("\\fBfiveforces\\-{s}\\fR(1)")).collect(),
        None => vec!["\\fBfiveforces\\fR(1)".to_owned()],
    };
    let _ = writeln!(page, ".SH \"SEE ALSO\"\n{}", see_also.join(", "));
    Ok(page)
}

/// Text for a roff line: backslashes and leading dots or quotes made literal, `-` a hyphen.
fn roff_text(line: &str) -> String {
    let text = line.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with(['.', '\'']) { format!("\\&{text}") } else { text }
}

const EXIT_STATUS: &str = ".SH \"EXIT STATUS\"
.TP
\\fB0\\fR
Success.
.TP
\\fB1\\fR
A \\fB\\-\\-fail\\-on\\fR or \\fB\\-\\-min\\-coverage\\fR threshold was breached (the reports are written all the same), or \\fBmigrate \\-\\-check\\fR found ids to migrate.
.TP
\\fB2\\fR
Bad usage or bad input: every problem is reported with its file, line, column and code.
.TP
\\fB130\\fR, \\fB143\\fR, \\fB129\\fR
Stopped by Ctrl\\-C, SIGTERM or SIGHUP; no half\\-written report is left.
";

const ENVIRONMENT: &str = ".SH ENVIRONMENT
.TP
\\fBNO_COLOR\\fR
When set and not empty, no colours with \\fB\\-\\-color auto\\fR.
.TP
\\fBCLICOLOR_FORCE\\fR
When set, not empty and not 0, colours with \\fB\\-\\-color auto\\fR even into a pipe (unless NO_COLOR is set).
.TP
\\fBTERM\\fR=dumb, \\fBCLICOLOR\\fR=0
No colours with \\fB\\-\\-color auto\\fR.
.TP
\\fBFIVEFORCES_TODAY\\fR=YYYY\\-MM\\-DD
The date the interview offers as today (for tests).
";
