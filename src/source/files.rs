//! Which files a command reads, and reading them safely.
//!
//! Paths on the command line may be files, folders (searched recursively for `*.toml`, in
//! sorted order) or `-` for standard input. Every problem (a missing path, a folder without
//! questionnaires, an unreadable, oversized, binary or non-UTF-8 file, a symbolic link that
//! loops) is an [`InputError`] that names the path and says what to do; a batch reports it and
//! goes on with the other files.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::source::diagnostic::{Code, Diagnostic, Location};

/// Files larger than this are refused before parsing: no questionnaire is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Where a questionnaire comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Input {
    /// The name used in messages and reports: the path as given, with `/` separators.
    pub fn origin(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) => path.to_string_lossy().replace('\\', "/"),
        }
    }
}

/// A path that could not be used.
#[derive(Debug)]
pub enum InputError {
    /// The path does not exist.
    NotFound {
        /// The path as given.
        path: String,
        /// A file or folder with a similar name next to where the path points, if any.
        suggestion: Option<String>,
    },
    /// A folder without any questionnaire in it.
    NoQuestionnaires {
        /// The folder.
        path: String,
    },
    /// `-` was given more than once.
    StdinTwice,
    /// The file is too large to be a questionnaire.
    TooLarge {
        /// The file.
        path: String,
        /// Its size in bytes.
        size: u64,
    },
    /// A symbolic link met while searching a folder leads back to a folder above it.
    SymlinkLoop {
        /// The link.
        path: String,
        /// The folder it leads back to.
        ancestor: String,
    },
    /// The file contains NUL bytes: it is binary data, not text.
    Binary {
        /// The file.
        path: String,
        /// Where the first NUL byte is.
        location: Location,
    },
    /// The file is not UTF-8 text.
    NotText {
        /// The file.
        path: String,
        /// Where the first invalid byte is.
        location: Location,
    },
    /// Standard input was empty.
    EmptyStdin,
    /// Any other I/O failure (permissions, a symlink loop, a device error).
    Io {
        /// The path.
        path: String,
        /// What the system said.
        source: io::Error,
    },
}

impl InputError {
    /// The input the problem is about, as shown in messages (`<stdin>` for standard input).
    pub fn origin(&self) -> &str {
        match self {
            InputError::NotFound { path, .. }
            | InputError::NoQuestionnaires { path }
            | InputError::TooLarge { path, .. }
            | InputError::SymlinkLoop { path, .. }
            | InputError::Binary { path, .. }
            | InputError::NotText { path, .. }
            | InputError::Io { path, .. } => path,
            InputError::StdinTwice | InputError::EmptyStdin => "<stdin>",
        }
    }

    /// What kind of problem it is.
    pub fn code(&self) -> Code {
        match self {
            InputError::NotFound { .. } => Code::NotFound,
            InputError::NoQuestionnaires { .. } => Code::NoQuestionnaires,
            InputError::StdinTwice => Code::StdinTwice,
            InputError::TooLarge { .. } => Code::TooLarge,
            InputError::SymlinkLoop { .. } => Code::SymlinkLoop,
            InputError::Binary { .. } => Code::BinaryFile,
            InputError::NotText { .. } => Code::NotUtf8,
            InputError::EmptyStdin => Code::EmptyStdin,
            InputError::Io { .. } => Code::UnreadableFile,
        }
    }

    /// Where in the file the problem is, when it is at a place (the first NUL byte, the first
    /// byte that is not UTF-8).
    pub fn location(&self) -> Option<Location> {
        match self {
            InputError::Binary { location, .. } | InputError::NotText { location, .. } => Some(*location),
            _ => None,
        }
    }

    /// What is wrong, without the path.
    pub fn message(&self) -> String {
        match self {
            InputError::NotFound { .. } => "no such file or folder".to_owned(),
            InputError::NoQuestionnaires { .. } => "no *.toml file in this folder".to_owned(),
            InputError::StdinTwice => "`-` (standard input) was given more than once".to_owned(),
            InputError::TooLarge { size, .. } => {
                format!("the file is {size} bytes; a questionnaire is at most {MAX_FILE_BYTES} bytes")
            }
            InputError::SymlinkLoop { ancestor, .. } => {
                format!("this symbolic link loops back to {ancestor}, a folder above it, so it was not followed")
            }
            InputError::Binary { .. } => {
                "the file contains NUL bytes, so it is binary data, not a questionnaire".to_owned()
            }
            InputError::NotText { .. } => "the file is not UTF-8 text".to_owned(),
            InputError::EmptyStdin => "standard input is empty".to_owned(),
            InputError::Io { source, .. } => explain_io(source).0,
        }
    }

    /// How to fix it, when there is advice to give.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            InputError::NotFound { suggestion: Some(near), .. } => format!("did you mean `{near}`?"),
            InputError::NotFound { suggestion: None, .. } => {
                "check the spelling, or run from the folder that holds it".to_owned()
            }
            InputError::NoQuestionnaires { .. } => {
                "questionnaires end in .toml; `fiveforces init FILE` writes one".to_owned()
            }
            InputError::StdinTwice => "standard input can be read only once: give `-` once".to_owned(),
            InputError::TooLarge { .. } | InputError::Binary { .. } => "is this the right file?".to_owned(),
            InputError::SymlinkLoop { .. } => {
                "remove the link, or name the folders you mean on the command line".to_owned()
            }
            InputError::NotText { .. } => "is it a binary file? save it as UTF-8".to_owned(),
            InputError::EmptyStdin => "pipe a questionnaire in, e.g. `fiveforces score - < acme.toml`".to_owned(),
            InputError::Io { source, .. } => return explain_io(source).1,
        })
    }

    fn io(path: &Path, source: io::Error) -> Self {
        let shown = shown(path);
        if source.kind() == io::ErrorKind::NotFound {
            InputError::NotFound { path: shown, suggestion: similar_path(path) }
        } else {
            InputError::Io { path: shown, source }
        }
    }
}

impl std::fmt::Display for InputError {
    /// `path[:line:column]: what is wrong (how to fix it)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.origin())?;
        if let Some(location) = self.location() {
            write!(f, ":{location}")?;
        }
        write!(f, ": {}", self.message())?;
        if let Some(help) = self.help() {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<&InputError> for Diagnostic {
    fn from(err: &InputError) -> Self {
        let location = err.location();
        let code = err.code();
        Diagnostic {
            file: err.origin().to_owned(),
            line: location.map(|l| l.line),
            column: location.map(|l| l.column),
            end_line: None,
            end_column: None,
            code,
            code_name: code.name(),
            message: err.message(),
            label: None,
            help: err.help(),
        }
    }
}

/// A path as shown in messages, with `/` separators.
fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// What the system said, and what to do about it.
fn explain_io(err: &io::Error) -> (String, Option<String>) {
    match err.kind() {
        io::ErrorKind::PermissionDenied => (
            "permission denied: you may not read it".to_owned(),
            Some("check its permissions with `ls -l`, or ask its owner for read access".to_owned()),
        ),
        // `ErrorKind::FilesystemLoop` is not stable yet; its name is.
        kind if format!("{kind:?}") == "FilesystemLoop" => (
            "symbolic links here loop back on themselves".to_owned(),
            Some("remove the link, or point it at a real file".to_owned()),
        ),
        io::ErrorKind::InvalidFilename => ("the file name is not valid on this system".to_owned(), None),
        _ => (format!("cannot read it: {err}"), None),
    }
}

/// A file or folder next to where a missing path points whose name is close to it: a likely
/// typo (`examples/saas-crm.tmol` for `examples/saas-crm.toml`).
fn similar_path(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let entries: Vec<String> = std::fs::read_dir(parent)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().into_string().ok())
        .take(10_000)
        .collect();
    let mut names: Vec<&str> = entries.iter().map(String::as_str).collect();
    names.sort_unstable();
    let near = crate::source::suggest::closest(name, &names)?;
    Some(shown(&path.with_file_name(near)))
}

/// Expands command-line paths into the inputs to read, in path order (standard input first),
/// lazily: folders are walked as the iterator is consumed, so a batch of any size is never
/// listed in memory at once. A path inside a folder that is also given is read once. Paths
/// that cannot be used come out as errors in their place.
pub fn expand(paths: &[PathBuf]) -> Inputs {
    let mut stdin_count = 0;
    let mut files: Vec<&PathBuf> = Vec::with_capacity(paths.len());
    for path in paths {
        if path.as_os_str() == "-" {
            stdin_count += 1;
        } else {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.components().cmp(b.components()));
    files.dedup();
    // Drop paths nested in another given folder: the walk of that folder covers them.
    let nested = |path: &PathBuf, all: &[&PathBuf]| {
        all.iter().any(|other| *other != path && other.is_dir() && path.starts_with(other))
    };
    let kept: Vec<PathBuf> = files.iter().filter(|p| !nested(p, &files)).map(|p| (*p).clone()).collect();
    let mut pending: std::collections::VecDeque<Pending> = kept.into_iter().map(Pending::Path).collect();
    if stdin_count > 1 {
        pending.push_front(Pending::Error(InputError::StdinTwice));
    }
    if stdin_count > 0 {
        pending.push_front(Pending::Stdin);
    }
    Inputs { pending, walk: None }
}

enum Pending {
    Stdin,
    Path(PathBuf),
    Error(InputError),
}

/// The inputs of a command, in path order; see [`expand`].
pub struct Inputs {
    pending: std::collections::VecDeque<Pending>,
    walk: Option<Walk>,
}

struct Walk {
    dir: PathBuf,
    entries: walkdir::IntoIter,
    found: usize,
}

impl Iterator for Inputs {
    type Item = Result<Input, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(walk) = &mut self.walk {
                match walk.entries.next() {
                    Some(Ok(entry)) => {
                        let is_toml = entry.path().extension().is_some_and(|ext| ext == "toml");
                        if is_toml && entry.file_type().is_file() {
                            walk.found += 1;
                            return Some(Ok(Input::File(entry.into_path())));
                        }
                    }
                    Some(Err(err)) => {
                        let path = err.path().unwrap_or(&walk.dir).to_path_buf();
                        if let Some(ancestor) = err.loop_ancestor() {
                            return Some(Err(InputError::SymlinkLoop {
                                path: shown(&path),
                                ancestor: shown(ancestor),
                            }));
                        }
                        if let Some(source) = err.into_io_error() {
                            return Some(Err(InputError::io(&path, source)));
                        }
                    }
                    None => {
                        let done = self.walk.take();
                        if let Some(walk) = done.filter(|w| w.found == 0) {
                            return Some(Err(InputError::NoQuestionnaires { path: shown(&walk.dir) }));
                        }
                    }
                }
                continue;
            }
            match self.pending.pop_front()? {
                Pending::Stdin => return Some(Ok(Input::Stdin)),
                Pending::Error(err) => return Some(Err(err)),
                Pending::Path(path) => match std::fs::metadata(&path) {
                    Err(err) => return Some(Err(InputError::io(&path, err))),
                    Ok(meta) if meta.is_dir() => {
                        let entries = walkdir::WalkDir::new(&path).follow_links(true).sort_by_file_name().into_iter();
                        self.walk = Some(Walk { dir: path, entries, found: 0 });
                    }
                    Ok(_) => return Some(Ok(Input::File(path))),
                },
            }
        }
    }
}

/// Reads an input as UTF-8 text, refusing oversized and binary files before parsing.
pub fn read(input: &Input) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    let (origin, limit_error) = match input {
        Input::Stdin => {
            io::stdin()
                .lock()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| InputError::io(Path::new("<stdin>"), e))?;
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Err(InputError::EmptyStdin);
            }
            ("<stdin>".to_owned(), bytes.len() as u64)
        }
        Input::File(path) => {
            let file = File::open(path).map_err(|e| InputError::io(path, e))?;
            let size = file.metadata().map_err(|e| InputError::io(path, e))?.len();
            if size > MAX_FILE_BYTES {
                return Err(InputError::TooLarge { path: input.origin(), size });
            }
            // Sized from the file's length (plus one byte to see the end), the whole file comes
            // in one or two reads instead of a growing series of small ones.
            bytes.reserve_exact(usize::try_from(size).unwrap_or(0).saturating_add(1));
            file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| InputError::io(path, e))?;
            (input.origin(), bytes.len() as u64)
        }
    };
    if limit_error > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { path: origin, size: limit_error });
    }
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(err.as_bytes().get(..valid).unwrap_or_default()).into_owned();
        InputError::NotText { path: origin.clone(), location: Location::of(&text, valid) }
    })?;
    if let Some(nul) = text.find('\0') {
        return Err(InputError::Binary { path: origin, location: Location::of(&text, nul) });
    }
    Ok(text)
}
