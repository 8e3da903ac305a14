//! The command line: every subcommand, flag and help text.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use fiveforces::analysis::threshold::{DiffRule, FailOn};
use fiveforces::report::Format;

/// Score Porter's five competitive forces from a questionnaire and get a ranked, explained plan
/// of post-sale support actions.
#[derive(Debug, Parser)]
#[command(name = "fiveforces", version = env!("FIVEFORCES_VERSION"), about, long_about = None)]
#[command(propagate_version = true, max_term_width = 100)]
#[command(
    after_help = "Start with `fiveforces interview acme.toml` to answer in the terminal, or `fiveforces init acme.toml` to answer in the file; then `fiveforces score acme.toml`.\n\nExit codes: 0 success, 1 a --fail-on or --min-coverage threshold was breached, 2 bad usage or bad input, 130 interrupted (SIGINT), 143 terminated (SIGTERM), 129 hung up (SIGHUP)."
)]
pub struct Cli {
    /// Print nothing but the reports and the errors (no progress bar, no notices)
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    /// When to use colours: `auto` (on a terminal, unless NO_COLOR is set or TERM=dumb;
    /// CLICOLOR_FORCE forces them), `always` or `never`
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Score questionnaires: each force's score, band and coverage, and the top post-sale actions
    #[command(
        after_help = "Examples:\n  fiveforces score acme.toml\n  fiveforces score examples/ --format json\n  fiveforces score - < acme.toml\n  fiveforces score acme.toml --top 10 --format json -o acme.json\n  fiveforces score assessments/ -o markdown=summary.md -o html=report.html -o junit=junit.xml --fail-on 'any>=high'\n\nFormats: table, json, jsonl, csv, markdown (md), html, junit.\nExit codes: 0 success, 1 a --fail-on or --min-coverage threshold was breached, 2 bad usage or bad input."
    )]
    Score(ScoreArgs),
    /// Validate questionnaires without scoring them; every problem is reported with its place
    #[command(
        after_help = "Examples:\n  fiveforces check acme.toml\n  fiveforces check assessments/\n  fiveforces check assessments/ --format json\n\nEvery problem has a code (error[FF101]); the README lists them all.\nExit codes: 0 every file is valid, 2 bad usage or bad input."
    )]
    Check(CheckArgs),
    /// Rewrite questionnaires written for an earlier question bank to its current ids, keeping
    /// comments and notes
    #[command(
        after_help = "Examples:\n  fiveforces migrate acme.toml\n  fiveforces migrate assessments/\n  fiveforces migrate assessments/ --check\n  fiveforces migrate - < old.toml > new.toml\n\nA file is rewritten in place (atomically) only when it uses an old id; the result is checked to read back with the same answers. data/migration.toml lists every renamed and retired id.\nExit codes: 0 success, 1 with --check when a file would change, 2 bad usage or bad input."
    )]
    Migrate(MigrateArgs),
    /// Compare two questionnaires (or two folders): the forces before and after, how the top
    /// actions moved and why, and the answers that changed
    #[command(
        after_help = "Examples:\n  fiveforces diff q3/acme.toml q4/acme.toml\n  git show main:assessments/acme.toml | fiveforces diff - assessments/acme.toml --format markdown\n  fiveforces diff last-quarter/ assessments/ -o md=changes.md --fail-on buyers+10\n\nTwo folders are matched file by file by relative path; a file on one side only is reported as added or removed.\nFormats: table, markdown (md), json.\n--fail-on takes FORCE+N (the force's score rose by N points or more) and every threshold `score` takes (checked against NEW).\nExit codes: 0 success (whether or not anything changed), 1 a --fail-on threshold was breached, 2 bad usage or bad input."
    )]
    Diff(DiffArgs),
    /// Combine a panel's questionnaires into a consensus: mean answers, spread, agreement (rwg)
    /// and the contested questions
    #[command(
        after_help = "Examples:\n  fiveforces aggregate workshop/ana.toml workshop/ben.toml workshop/chloe.toml\n  fiveforces aggregate workshop/ --format html -o consensus.html\n  fiveforces aggregate workshop/ -o consensus.toml && fiveforces score consensus.toml\n  fiveforces aggregate workshop/ -o md=consensus.md -o toml=consensus.toml --contested-span 3\n\nEvery file must be valid: a consensus that silently left out an assessor would misrepresent the panel.\nFormats: table, markdown (md), json, html; and toml, the consensus as a questionnaire (`-o FILE.toml` or `-o toml=PATH`).\nExit codes: 0 success, 2 bad usage or bad input (fewer than two questionnaires included)."
    )]
    Aggregate(AggregateArgs),
    /// Answer the questionnaire in the terminal, one question at a time, saved after every answer
    #[command(
        after_help = "Examples:\n  fiveforces interview acme.toml\n  fiveforces interview acme.toml --all\n\nThe file is saved after every answer and is a normal questionnaire: `check` and `score` accept it at any moment. Ctrl-C stops at once without losing an answer; the same command continues where you stopped.\n\nWithout a terminal (piped input, CI): `fiveforces init acme.toml`, answer in the file, then `fiveforces score acme.toml`."
    )]
    Interview(InterviewArgs),
    /// Write a questionnaire template with every question's statement and help as comments
    #[command(
        after_help = "Examples:\n  fiveforces init acme.toml\n  fiveforces init acme.toml --name \"Acme Cloud CRM\"\n  fiveforces init - > acme.toml"
    )]
    Init(InitArgs),
    /// List the question bank (ids, statements, direction, weight, source)
    #[command(after_help = "Examples:\n  fiveforces questions\n  fiveforces questions --format json")]
    Questions(QuestionsArgs),
    /// List the playbook of post-sale actions (what to do, relevance to each force, source)
    #[command(
        after_help = "Examples:\n  fiveforces actions\n  fiveforces actions --format json --playbook team-actions.toml"
    )]
    Actions(CatalogArgs),
    /// Print a JSON Schema of the questionnaire file, for completion and checks in editors
    #[command(
        after_help = "Examples:\n  fiveforces schema > fiveforces.schema.json\n\nThen put `#:schema ./fiveforces.schema.json` on the first line of a questionnaire (`init` and `interview` do both for you) and open it in an editor with Taplo / Even Better TOML: question ids complete as you type and mistakes are underlined."
    )]
    Schema(SchemaArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  mkdir -p ~/.local/share/bash-completion/completions && fiveforces completions bash > ~/.local/share/bash-completion/completions/fiveforces\n  mkdir -p ~/.zfunc && fiveforces completions zsh > ~/.zfunc/_fiveforces\n  mkdir -p ~/.config/fish/completions && fiveforces completions fish > ~/.config/fish/completions/fiveforces.fish\n  fiveforces completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per subcommand with --dir
    #[command(
        after_help = "Examples:\n  fiveforces man > fiveforces.1 && man ./fiveforces.1\n  mkdir -p ~/.local/share/man/man1 && fiveforces man --dir ~/.local/share/man/man1 && man fiveforces-score"
    )]
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write fiveforces.1 and one page per subcommand (fiveforces-score.1, …) into this folder
    /// (which must exist), each with every option, EXIT STATUS, ENVIRONMENT and EXAMPLES,
    /// instead of printing the top page
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace pages that are already in DIR
    #[arg(long)]
    pub force: bool,
}

/// Parses the command line, with clap's own help and error messages coloured as `--color`
/// says (they are written before the parsed arguments exist, so the flag is looked up first).
pub fn parse() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    let color = match color_flag(&args) {
        Some(ColorChoice::Always) => clap::ColorChoice::Always,
        Some(ColorChoice::Never) => clap::ColorChoice::Never,
        // clap's `auto` follows NO_COLOR, CLICOLOR_FORCE, CLICOLOR and TERM=dumb as ours does.
        Some(ColorChoice::Auto) | None => clap::ColorChoice::Auto,
    };
    let matches = Cli::command().color(color).get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

/// The last valid `--color WHEN` or `--color=WHEN` before any `--`.
fn color_flag(args: &[OsString]) -> Option<ColorChoice> {
    let mut choice = None;
    let mut args = args.iter().skip(1).map(|arg| arg.to_string_lossy());
    while let Some(arg) = args.next() {
        let value = match arg.as_ref() {
            "--" => break,
            "--color" => args.next(),
            other => other.strip_prefix("--color=").map(|v| v.to_owned().into()),
        };
        if let Some(parsed) = value.and_then(|v| ColorChoice::from_str(&v, false).ok()) {
            choice = Some(parsed);
        }
    }
    choice
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    // Colour on a terminal, following NO_COLOR, CLICOLOR_FORCE and TERM=dumb.
    Auto,
    // Always colour.
    Always,
    // Never colour.
    Never,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    #[command(flatten)]
    pub bank: BankArgs,
}

/// Where the question bank comes from (for the commands that do not read the playbook).
#[derive(Debug, Args)]
pub struct BankArgs {
    /// A question bank file that extends the built-in one (same force and id replaces a
    /// built-in question; `builtin = "replace"` in the file drops the built-in bank)
    #[arg(long, value_name = "FILE")]
    pub questions: Option<PathBuf>,
}

impl BankArgs {
    /// The same choice as [`DataArgs`], with the built-in playbook.
    pub fn data(&self) -> DataArgs {
        DataArgs { questions: self.questions.clone(), playbook: None }
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Where the question bank and the playbook come from.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// A question bank file that extends the built-in one (same force and id replaces a
    /// built-in question; `builtin = "replace"` in the file drops the built-in bank)
    #[arg(long, value_name = "FILE")]
    pub questions: Option<PathBuf>,
    /// A playbook file whose actions are added to the built-in ones (same id replaces a
    /// built-in action; `builtin = "replace"` in the file drops the built-in playbook)
    #[arg(long, value_name = "FILE")]
    pub playbook: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Questionnaire files, folders (searched recursively for *.toml) or `-` for standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How many actions to rank and show per questionnaire
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,
    /// Output format (for standard output, and for `-o PATH` without a format)
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write a report to PATH instead of standard output; repeat as `-o FORMAT=PATH` to write
    /// several formats from one scoring pass (`-` is standard output)
    #[arg(long, short = 'o', value_name = "[FORMAT=]PATH")]
    pub output: Vec<String>,
    /// Overwrite output files that already exist
    #[arg(long)]
    pub force: bool,
    /// Exit 1 when a force crosses this threshold: FORCE>=N, FORCE>N or FORCE>=high|moderate,
    /// where FORCE is a force name or `any` (repeatable)
    #[arg(long, value_name = "EXPR", value_parser = parse_rule::<FailOn>)]
    pub fail_on: Vec<FailOn>,
    /// Exit 1 when any force has less than N% of its question weight answered
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_coverage: Option<u8>,
    #[command(flatten)]
    pub data: DataArgs,
}

/// A `--fail-on` rule, with the parser's explanation when it is not one.
fn parse_rule<T: std::str::FromStr<Err: std::fmt::Display>>(text: &str) -> Result<T, String> {
    text.parse::<T>().map_err(|err| err.to_string())
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old questionnaire, or folder of questionnaires (`-` for standard input, e.g. from
    /// `git show main:FILE`)
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new questionnaire, or folder of questionnaires
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// How many top actions to follow: those that entered or left the top N, and how the rest
    /// moved
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,
    /// Output format (for standard output, and for `-o PATH` without a format)
    #[arg(long, short = 'f', value_enum, default_value_t = fiveforces::report::diff::Format::Table)]
    pub format: fiveforces::report::diff::Format,
    /// Write the comparison to PATH instead of standard output; repeat as `-o FORMAT=PATH` to
    /// write several formats (`-` is standard output)
    #[arg(long, short = 'o', value_name = "[FORMAT=]PATH")]
    pub output: Vec<String>,
    /// Overwrite output files that already exist
    #[arg(long)]
    pub force: bool,
    /// Exit 1 when a force's score rose by N points or more (FORCE+N), or when NEW crosses a
    /// threshold of `score` (FORCE>=N, FORCE>N, FORCE>=high|moderate); FORCE is a force name or
    /// `any` (repeatable)
    #[arg(long, value_name = "EXPR", value_parser = parse_rule::<DiffRule>)]
    pub fail_on: Vec<DiffRule>,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// Every assessor's questionnaire: files, folders (searched recursively for *.toml) or `-`
    /// for standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How many actions to rank and show for the consensus
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub top: usize,
    /// Output format (for standard output, and for `-o PATH` without a format)
    #[arg(long, short = 'f', value_enum, default_value_t = fiveforces::report::aggregate::Format::Table)]
    pub format: fiveforces::report::aggregate::Format,
    /// Write to PATH instead of standard output: `-o consensus.toml` (or `-o toml=PATH`) writes
    /// the consensus as a questionnaire that `score` accepts; repeat as `-o FORMAT=PATH` for
    /// several outputs (`-` is standard output)
    #[arg(long, short = 'o', value_name = "[FORMAT=]PATH")]
    pub output: Vec<String>,
    /// Overwrite output files that already exist
    #[arg(long)]
    pub force: bool,
    /// A question is contested when its highest and lowest answers are N or more points apart
    /// (the default 2: they span three points of the scale, e.g. 2 and 4)
    #[arg(long, default_value_t = fiveforces::analysis::aggregate::DEFAULT_CONTESTED_SPAN, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=4))]
    pub contested_span: u8,
    /// Combine questionnaires even when their `name`s differ (different businesses); without
    /// it `aggregate` refuses them (error FF402)
    #[arg(long)]
    pub allow_different: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Questionnaire files, folders (searched recursively for *.toml) or `-` for standard input
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format: `human` (a line per valid file on standard output, each problem with its
    /// line quoted on standard error), `json` (every file and problem on standard output),
    /// `github` (a workflow command per problem) or `gitlab` (Code Quality JSON)
    #[arg(long, short = 'f', value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Questionnaire files, folders (searched recursively for *.toml) or `-` (standard input,
    /// migrated to standard output)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 when a file uses ids of an earlier bank
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the template (`-` for standard output)
    #[arg(default_value = "questionnaire.toml", value_name = "PATH")]
    pub path: PathBuf,
    /// The assessment's name (defaults to the file name without `.toml`)
    #[arg(long)]
    pub name: Option<String>,
    /// Overwrite the file if it exists
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// The questionnaire to fill in: created if it does not exist, continued if it does
    #[arg(default_value = "questionnaire.toml", value_name = "PATH")]
    pub path: PathBuf,
    /// Walk through every question again, the current answers as defaults (normally only the
    /// unanswered questions are asked)
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = CatalogFormat::Table)]
    pub format: CatalogFormat,
    #[command(flatten)]
    pub bank: BankArgs,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = CatalogFormat::Table)]
    pub format: CatalogFormat,
    #[command(flatten)]
    pub data: DataArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people
    Human,
    /// A JSON array for machines: path, valid, and every problem's place, code, message and help
    Json,
    /// GitHub Actions workflow commands: an annotation per problem
    Github,
    /// GitLab Code Quality JSON: a merge-request finding per problem
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogFormat {
    /// A table for people
    Table,
    /// A JSON array for machines
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn the_color_flag_is_found_before_parsing() {
        use super::{ColorChoice, color_flag};
        let args = |list: &[&str]| list.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(color_flag(&args(&["ff", "score", "--color", "always", "x"])), Some(ColorChoice::Always));
        assert_eq!(color_flag(&args(&["ff", "--color=never", "score"])), Some(ColorChoice::Never));
        assert_eq!(color_flag(&args(&["ff", "--color=never", "--color", "always"])), Some(ColorChoice::Always));
        assert_eq!(color_flag(&args(&["ff", "--color", "sometimes"])), None);
        assert_eq!(color_flag(&args(&["ff", "score", "--", "--color=always"])), None);
        assert_eq!(color_flag(&args(&["ff", "score", "x"])), None);
    }
}
