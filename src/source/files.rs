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
use crate::source::walk::Step;

/// Files larger than this are refused before parsing: no questionnaire is anywhere near it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Where a questionnaire comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file named on the command line.
    File(PathBuf),
    /// A file found in a folder walk (a TOML file there that is plainly not a questionnaire
    /// is skipped, see [`plainly_not_questionnaire`]).
    Found(PathBuf),
}

impl Input {
    /// The file's path, if it is a file.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(path) | Input::Found(path) => Some(path),
        }
    }
}

impl Input {
    /// The name used in messages and reports: the path as given, with `/` separators, and any
    /// byte that is not UTF-8 written `\xff` (shown faithfully, not replaced).
    pub fn origin(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::File(path) | Input::Found(path) => shown(path),
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
        /// Its size in bytes, or how much was read before giving up.
        size: u64,
        /// Whether `size` is the file's size (a device or a pipe has none: it was read until the
        /// limit).
        exact: bool,
    },
    /// A symbolic link whose target does not exist.
    DanglingLink {
        /// The link.
        path: String,
        /// Where it points.
        target: String,
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
    /// A TOML file found in a folder walk that is plainly not a questionnaire (see
    /// [`plainly_not_questionnaire`]): folder scans skip it with one notice for all of them.
    NotQuestionnaire {
        /// The file.
        path: String,
    },
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
            | InputError::DanglingLink { path, .. }
            | InputError::SymlinkLoop { path, .. }
            | InputError::Binary { path, .. }
            | InputError::NotText { path, .. }
            | InputError::NotQuestionnaire { path }
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
            InputError::DanglingLink { .. } => Code::DanglingLink,
            InputError::Binary { .. } => Code::BinaryFile,
            InputError::NotText { .. } => Code::NotUtf8,
            InputError::EmptyStdin => Code::EmptyStdin,
            InputError::NotQuestionnaire { .. } => Code::NotQuestionnaire,
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
            InputError::TooLarge { size, exact, .. } => {
                let size = if *size > MAX_FILE_BYTES && !*exact {
                    format!("more than {MAX_FILE_BYTES}")
                } else {
                    size.to_string()
                };
                format!(
                    "the file is {size} bytes; fiveforces reads files (questionnaires, question banks, playbooks) of at most {MAX_FILE_BYTES} bytes"
                )
            }
            InputError::DanglingLink { target, .. } => {
                format!("this symbolic link points to {target}, which does not exist")
            }
            InputError::SymlinkLoop { ancestor, .. } => {
                format!("this symbolic link loops back to {ancestor}, a folder above it, so it was not followed")
            }
            InputError::Binary { .. } => {
                "the file contains NUL bytes, so it is binary data, not a questionnaire".to_owned()
            }
            InputError::NotText { .. } => "the file is not UTF-8 text".to_owned(),
            InputError::EmptyStdin => "standard input is empty".to_owned(),
            InputError::NotQuestionnaire { .. } => {
                "not a questionnaire: it has no `[assessment]` table and no force table".to_owned()
            }
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
            InputError::DanglingLink { .. } => "fix or remove the link".to_owned(),
            InputError::SymlinkLoop { .. } => {
                "remove the link, or name the folders you mean on the command line".to_owned()
            }
            InputError::NotText { .. } => "is it a binary file? save it as UTF-8".to_owned(),
            InputError::EmptyStdin => "pipe a questionnaire in, e.g. `fiveforces score - < acme.toml`".to_owned(),
            InputError::NotQuestionnaire { .. } => {
                "folder scans skip such files; name it on the command line to check it as a questionnaire".to_owned()
            }
            InputError::Io { source, .. } => return explain_io(source).1,
        })
    }

    fn io(path: &Path, source: io::Error) -> Self {
        let shown = shown(path);
        if source.kind() == io::ErrorKind::NotFound
            && let Ok(target) = std::fs::read_link(path)
        {
            InputError::DanglingLink { path: shown, target: self::shown(&target) }
        } else if source.kind() == io::ErrorKind::NotFound {
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

/// A path as shown in messages, with `/` separators, and any byte that is not UTF-8 written
/// `\xff`.
fn shown(path: &Path) -> String {
    match path.to_str() {
        Some(text) => text.replace('\\', "/"),
        None => escape_bytes(path),
    }
}

#[cfg(unix)]
fn escape_bytes(path: &Path) -> String {
    use std::fmt::Write as _;
    use std::os::unix::ffi::OsStrExt;
    let mut text = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        text.push_str(&chunk.valid().replace('\\', "/"));
        for byte in chunk.invalid() {
            let _ = write!(text, "\\x{byte:02x}");
        }
    }
    text
}

#[cfg(not(unix))]
fn escape_bytes(path: &Path) -> String {
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
/// listed in memory at once. Each file is read once, however it is named: two spellings of one
/// path, a file inside a folder that is also given, or a symbolic link to a file that the walk
/// reads anyway under its own name. Paths that cannot be used come out as errors in their
/// place.
pub fn expand(paths: &[PathBuf]) -> Inputs {
    expand_except(paths, &[])
}

/// [`expand`], leaving out of the folder walks the files at `outputs` (the files a run writes,
/// as [`output_identity`] names them), so that a run never reads its own output.
pub fn expand_except(paths: &[PathBuf], outputs: &[PathBuf]) -> Inputs {
    let mut stdin_count = 0;
    let mut files: Vec<(PathBuf, &PathBuf)> = Vec::with_capacity(paths.len());
    for path in paths {
        if path.as_os_str() == "-" {
            stdin_count += 1;
        } else {
            // Compared as the files they are, not as text: `a.toml` and `./a.toml` are one file.
            files.push((std::fs::canonicalize(path).unwrap_or_else(|_| path.clone()), path));
        }
    }
    files.sort_by(|a, b| a.1.components().cmp(b.1.components()));
    let mut seen = std::collections::HashSet::new();
    files.retain(|(real, _)| seen.insert(real.clone()));
    let roots: Vec<PathBuf> = files.iter().filter(|(_, p)| p.is_dir()).map(|(real, _)| real.clone()).collect();
    // Drop paths nested in another given folder: the walk of that folder covers them.
    let nested = |real: &PathBuf| roots.iter().any(|root| root != real && real.starts_with(root));
    let kept: Vec<PathBuf> = files.iter().filter(|(real, _)| !nested(real)).map(|(_, p)| (*p).clone()).collect();
    let mut pending: std::collections::VecDeque<Pending> = kept.into_iter().map(Pending::Path).collect();
    if stdin_count > 1 {
        pending.push_front(Pending::Error(InputError::StdinTwice));
    }
    if stdin_count > 0 {
        pending.push_front(Pending::Stdin);
    }
    Inputs { pending, walk: None, roots, outputs: outputs.to_vec(), linked_seen: std::collections::HashSet::new() }
}

/// A file a run writes, named so that two spellings of it compare equal: its folder with
/// symbolic links resolved (as much of it as exists; the rest made absolute and normalised) and
/// its own name. A link as the last part is not followed: writing a file (a new file renamed
/// into place) replaces the link itself.
pub fn output_identity(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |dir| dir.join(path))
    };
    let mut normal = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    let Some(name) = normal.file_name().map(std::ffi::OsStr::to_os_string) else { return normal };
    normal.pop();
    let mut rest = Vec::new();
    let mut existing = normal.as_path();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut identity = real;
            identity.extend(rest.iter().rev());
            identity.push(name);
            return identity;
        }
        if let (Some(part), Some(parent)) = (existing.file_name(), existing.parent()) {
            rest.push(part.to_os_string());
            existing = parent;
        } else {
            normal.push(name);
            return normal;
        }
    }
}

/// Every name the file at `path` is known by, as [`output_identity`] compares them: the path as
/// given and, through any symbolic link, the file it leads to.
pub fn identities(path: &Path) -> Vec<PathBuf> {
    let mut names = vec![output_identity(path)];
    names.extend(std::fs::canonicalize(path).ok().filter(|real| !names.contains(real)));
    names
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
    /// The folders given, with symbolic links resolved.
    roots: Vec<PathBuf>,
    /// The files the run writes ([`output_identity`]).
    outputs: Vec<PathBuf>,
    /// The files read through a symbolic link from outside the folders given.
    linked_seen: std::collections::HashSet<PathBuf>,
}

struct Walk {
    dir: PathBuf,
    entries: crate::source::walk::Walk,
    found: usize,
    /// Whether a problem was reported in this folder (then "no *.toml file" would be wrong).
    failed: bool,
}

impl Inputs {
    /// Whether a file met in a folder walk is read under another name anyway, or is an output.
    fn read_elsewhere(&mut self, path: &Path, through_link: bool) -> bool {
        let is_output = |outputs: &[PathBuf]| {
            outputs.iter().any(|out| out.file_name() == path.file_name())
                && identities(path).iter().any(|name| outputs.contains(name))
        };
        if !self.outputs.is_empty() && is_output(&self.outputs) {
            return true;
        }
        if !through_link {
            return false;
        }
        // Reached through a symbolic link: skipped when the walk reaches the file itself (it is
        // inside a folder given, and a questionnaire by its name), read once otherwise.
        let Ok(real) = std::fs::canonicalize(path) else { return false };
        let walked =
            real.extension().is_some_and(|ext| ext == "toml") && self.roots.iter().any(|r| real.starts_with(r));
        walked || !self.linked_seen.insert(real)
    }
}

impl Iterator for Inputs {
    type Item = Result<Input, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(walk) = &mut self.walk {
                match walk.entries.next() {
                    Some(Step::File { path, through_link }) => {
                        if self.read_elsewhere(&path, through_link) {
                            continue;
                        }
                        if let Some(walk) = &mut self.walk {
                            walk.found += 1;
                        }
                        return Some(Ok(Input::Found(path)));
                    }
                    Some(Step::Problem(err)) => {
                        // A malformed `.gitignore` line is not the user's questionnaire problem:
                        // the walk goes on without that rule, as ripgrep's does.
                        if let Some(err) = walk_error(&walk.dir, err) {
                            walk.failed = true;
                            return Some(Err(err));
                        }
                    }
                    None => {
                        let done = self.walk.take();
                        if let Some(walk) = done.filter(|w| w.found == 0 && !w.failed) {
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
                        let entries = crate::source::walk::Walk::new(&path);
                        self.walk = Some(Walk { dir: path, entries, found: 0, failed: false });
                    }
                    Ok(_) => return Some(Ok(Input::File(path))),
                },
            }
        }
    }
}

/// A walk's problem as an input error; `None` for a problem with an ignore file's rules.
fn walk_error(dir: &Path, err: ignore::Error) -> Option<InputError> {
    let mut path = dir.to_path_buf();
    let mut err = err;
    loop {
        match err {
            ignore::Error::WithPath { path: p, err: inner } => {
                path = p;
                err = *inner;
            }
            ignore::Error::WithDepth { err: inner, .. } | ignore::Error::WithLineNumber { err: inner, .. } => {
                err = *inner;
            }
            ignore::Error::Partial(mut errs) if !errs.is_empty() => err = errs.remove(0),
            ignore::Error::Loop { ancestor, child } => {
                return Some(InputError::SymlinkLoop { path: shown(&child), ancestor: shown(&ancestor) });
            }
            ignore::Error::Io(source) => return Some(InputError::io(&path, source)),
            _ => return None,
        }
    }
}

/// Whether a TOML file found in a folder walk is plainly not a questionnaire: no line opens an
/// `[assessment]` table or a force's table (or sets a dotted key of one), as in `Cargo.toml`
/// or `.taplo.toml`, and it is TOML and not empty. Such files are skipped by a folder scan (with one notice) instead of
/// failing it; a file named on the command line is always read as a questionnaire. When in
/// doubt the file counts as a questionnaire, so that a broken one is still reported.
pub fn plainly_not_questionnaire(text: &str) -> bool {
    const NAMES: [&str; 6] = ["assessment", "suppliers", "buyers", "rivalry", "substitutes", "new_entrants"];
    let content = |line: &&str| {
        let line = line.trim_start();
        !line.is_empty() && !line.starts_with('#')
    };
    // An empty file (or one with only comments) is a questionnaire not yet written, and a file
    // that is not even TOML a broken one: both are reported. Only a file without the names is
    // parsed here, so questionnaires are not read twice.
    text.lines().any(|line| content(&line))
        && !text.lines().any(|line| {
            let line = line.trim_start();
            let (header, rest) = match line.strip_prefix('[') {
                Some(rest) => (true, rest.trim_start_matches(['[', ' ', '\t', '"', '\''])),
                None => (false, line.trim_start_matches(['"', '\''])),
            };
            NAMES.iter().any(|name| {
                rest.strip_prefix(name).is_some_and(|after| {
                    let after = after.trim_start_matches(['"', '\'']).trim_start();
                    if header { after.starts_with([']', '.']) } else { after.starts_with(['.', '=']) }
                })
            })
        })
        && text.parse::<toml::Table>().is_ok()
}

/// Reads a regular file of `size` bytes into `bytes` with one `read` of `size + 1` bytes:
/// a regular file returns fewer bytes than asked only at its end, so a short read is the
/// whole file and no second `read` is needed to see the end. `false` when the read filled the
/// buffer (the file grew): the caller reads on.
fn read_whole(file: &mut File, size: u64, bytes: &mut Vec<u8>) -> io::Result<bool> {
    let want = usize::try_from(size).unwrap_or(usize::MAX).saturating_add(1);
    bytes.resize(want, 0);
    let mut filled = 0;
    while let Some(free) = bytes.get_mut(filled..).filter(|free| !free.is_empty()) {
        match file.read(free) {
            Ok(0) => break,
            Ok(n) => {
                filled += n;
                if filled < want {
                    break;
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(filled < want)
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
        Input::File(path) | Input::Found(path) => {
            let mut file = File::open(path).map_err(|e| InputError::io(path, e))?;
            let metadata = file.metadata().map_err(|e| InputError::io(path, e))?;
            let size = metadata.len();
            if size > MAX_FILE_BYTES {
                return Err(InputError::TooLarge { path: input.origin(), size, exact: true });
            }
            if !(metadata.is_file() && read_whole(&mut file, size, &mut bytes).map_err(|e| InputError::io(path, e))?) {
                // Not a regular file, or one that grew since its length was read: read to the
                // end, at most one byte over the limit (to see that it is over).
                let rest = MAX_FILE_BYTES.saturating_add(1).saturating_sub(bytes.len() as u64);
                file.take(rest).read_to_end(&mut bytes).map_err(|e| InputError::io(path, e))?;
            }
            (input.origin(), bytes.len() as u64)
        }
    };
    if limit_error > MAX_FILE_BYTES {
        return Err(InputError::TooLarge { path: origin, size: limit_error, exact: false });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_in_one_read_and_a_grown_one_is_read_on() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("q.toml");
        std::fs::write(&path, "[assessment]\nname = \"A\"\n").expect("write");
        let mut bytes = Vec::new();
        let mut file = File::open(&path).expect("open");
        assert!(read_whole(&mut file, 25, &mut bytes).expect("read"));
        assert_eq!(bytes, b"[assessment]\nname = \"A\"\n");
        // A length read before the file grew: the buffer fills, and `read` goes on to the end.
        let mut file = File::open(&path).expect("open");
        assert!(!read_whole(&mut file, 4, &mut bytes).expect("read"));
        assert_eq!(bytes, b"[asse");
        let text = read(&Input::File(path)).expect("read");
        assert_eq!(text, "[assessment]\nname = \"A\"\n");
    }
}
