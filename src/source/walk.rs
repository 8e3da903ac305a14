//! The walk of a folder given on the command line, in name order and in bounded memory.
//!
//! Each folder is listed by itself with the `ignore` crate (ripgrep's rules: `.gitignore` in a
//! git repository, `.ignore`, the global git excludes and hidden names are left out; symbolic
//! links are followed), keeping only what the walk needs (its sub-folders and its `*.toml`
//! files), and its entries come out sorted by name, so the order of a batch never depends on
//! the file system. A folder of a few thousand entries is sorted in memory; a larger one is
//! sorted in runs kept in anonymous temporary files and merged, so that one folder of a million
//! files needs no more memory than one of fifty thousand (the `ignore` crate's own sorted walk
//! holds every entry of a folder at once). A symbolic link that leads back to a folder the walk
//! is inside is reported, not followed.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// How many entries of one folder are sorted in memory before they are kept in a temporary
/// file (about 2 MB of names).
const RUN: usize = 32 * 1024;

/// What a walk finds, in order.
#[derive(Debug)]
pub(crate) enum Step {
    /// A `*.toml` file; `through_link` when a symbolic link leads to it (the file itself or a
    /// folder on the way).
    File { path: PathBuf, through_link: bool },
    /// A problem: a folder or entry that cannot be read, a link that loops.
    Problem(ignore::Error),
}

/// A walk of one folder and everything under it; see the module doc.
pub(crate) struct Walk {
    /// The folders being listed, innermost last.
    stack: Vec<Frame>,
}

struct Frame {
    /// The folder as the walk reached it.
    path: PathBuf,
    /// The folder with symbolic links resolved (for spotting loops), when that can be known.
    real: Option<PathBuf>,
    /// Whether a symbolic link leads to this folder (itself or one above it in the walk).
    through_link: bool,
    entries: Listing,
}

impl Walk {
    /// A walk of `dir`.
    pub(crate) fn new(dir: &Path) -> Walk {
        Walk { stack: vec![frame(dir.to_path_buf(), false)] }
    }
}

fn frame(path: PathBuf, through_link: bool) -> Frame {
    let real = std::fs::canonicalize(&path).ok();
    frame_at(path, real, through_link)
}

/// [`frame`] for a folder whose resolved path is known already.
fn frame_at(path: PathBuf, real: Option<PathBuf>, through_link: bool) -> Frame {
    let entries = Listing::of(&path);
    Frame { path, real, through_link, entries }
}

impl Iterator for Walk {
    type Item = Step;

    fn next(&mut self) -> Option<Step> {
        loop {
            let top = self.stack.last_mut()?;
            let Some(entry) = top.entries.next() else {
                self.stack.pop();
                continue;
            };
            let (name, kind) = match entry {
                Entry::Problem(_, err) => return Some(Step::Problem(*err)),
                Entry::Named(name, kind) => (name, kind),
            };
            let path = top.path.join(name);
            let through_link = top.through_link || kind.symlink();
            match kind {
                Kind::File | Kind::LinkedFile => return Some(Step::File { path, through_link }),
                Kind::Folder => self.stack.push(frame(path, through_link)),
                Kind::LinkedFolder => {
                    let real = std::fs::canonicalize(&path).ok();
                    let ancestor = real
                        .as_ref()
                        .and_then(|real| self.stack.iter().find(|f| f.real.as_ref() == Some(real)))
                        .map(|f| f.path.clone());
                    if let Some(ancestor) = ancestor {
                        return Some(Step::Problem(ignore::Error::Loop { ancestor, child: path }));
                    }
                    self.stack.push(frame_at(path, real, through_link));
                }
            }
        }
    }
}

/// What a folder's entry is, as far as the walk cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    LinkedFile,
    Folder,
    LinkedFolder,
}

impl Kind {
    fn symlink(self) -> bool {
        matches!(self, Kind::LinkedFile | Kind::LinkedFolder)
    }

    fn byte(self) -> u8 {
        match self {
            Kind::File => 0,
            Kind::LinkedFile => 1,
            Kind::Folder => 2,
            Kind::LinkedFolder => 3,
        }
    }

    fn from_byte(byte: u8) -> Option<Kind> {
        [Kind::File, Kind::LinkedFile, Kind::Folder, Kind::LinkedFolder].get(usize::from(byte)).copied()
    }
}

/// One entry of a folder's listing.
#[derive(Debug)]
enum Entry {
    Named(OsString, Kind),
    /// A problem, placed by the name of the entry it is about (empty, so first, when it is
    /// about the folder itself).
    Problem(OsString, Box<ignore::Error>),
}

impl Entry {
    fn key(&self) -> &OsString {
        match self {
            Entry::Named(name, _) | Entry::Problem(name, _) => name,
        }
    }
}

/// Entries by name; a problem before the entry of the same name.
fn order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    let named = |e: &Entry| matches!(e, Entry::Named(..));
    a.key().cmp(b.key()).then_with(|| named(a).cmp(&named(b)))
}

/// A folder's entries in name order: the last of them in memory, the rest in sorted runs in
/// temporary files.
struct Listing {
    memory: std::iter::Peekable<std::vec::IntoIter<Entry>>,
    runs: Vec<RunReader>,
}

impl Listing {
    /// Lists `dir` (not what is under its folders).
    fn of(dir: &Path) -> Listing {
        let mut memory: Vec<Entry> = Vec::new();
        let mut runs = Vec::new();
        let mut can_spill = true;
        let walk = ignore::WalkBuilder::new(dir).follow_links(true).max_depth(Some(1)).build();
        for item in walk {
            let entry = match item {
                Ok(entry) if entry.depth() == 0 => continue,
                Ok(entry) => {
                    let (is_dir, is_file) = entry.file_type().map_or((false, false), |t| (t.is_dir(), t.is_file()));
                    let linked = entry.path_is_symlink();
                    let kind = match (is_dir, linked) {
                        (true, false) => Kind::Folder,
                        (true, true) => Kind::LinkedFolder,
                        _ if !is_file || entry.path().extension().is_none_or(|ext| ext != "toml") => continue,
                        (false, false) => Kind::File,
                        (false, true) => Kind::LinkedFile,
                    };
                    Entry::Named(entry.file_name().to_os_string(), kind)
                }
                Err(err) => Entry::Problem(problem_key(dir, &err), Box::new(err)),
            };
            memory.push(entry);
            if can_spill && memory.len() >= RUN {
                match spill(&mut memory) {
                    Some(run) => runs.push(run),
                    None => can_spill = false,
                }
            }
        }
        memory.sort_by(order);
        Listing { memory: memory.into_iter().peekable(), runs }
    }
}

/// The name a problem is sorted by: the entry of `dir` it is about, or nothing (first) when it
/// is about `dir` itself.
fn problem_key(dir: &Path, err: &ignore::Error) -> OsString {
    let mut err = err;
    loop {
        match err {
            ignore::Error::WithPath { path, err: inner } => {
                if path.parent() == Some(dir)
                    && let Some(name) = path.file_name()
                {
                    return name.to_os_string();
                }
                err = inner;
            }
            ignore::Error::Loop { child, .. } if child.parent() == Some(dir) => {
                return child.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
            }
            ignore::Error::WithDepth { err: inner, .. } | ignore::Error::WithLineNumber { err: inner, .. } => {
                err = inner;
            }
            _ => return OsString::new(),
        }
    }
}

impl Iterator for Listing {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        // The run whose head has the smallest name.
        let mut best: Option<(usize, &OsString)> = None;
        for (i, run) in self.runs.iter().enumerate() {
            if let Some((name, _)) = &run.head
                && best.is_none_or(|(_, least)| name < least)
            {
                best = Some((i, name));
            }
        }
        let from_memory = match (self.memory.peek(), best) {
            (Some(entry), Some((_, least))) => {
                entry.key() < least || (entry.key() == least && matches!(entry, Entry::Problem(..)))
            }
            (Some(_), None) => true,
            (None, _) => false,
        };
        let best = best.map(|(i, _)| i);
        if from_memory {
            return self.memory.next();
        }
        let run = self.runs.get_mut(best?)?;
        let (name, kind) = run.head.take()?;
        run.advance();
        Some(match kind {
            Ok(kind) => Entry::Named(name, kind),
            Err(err) => Entry::Problem(name, Box::new(err)),
        })
    }
}

/// Sorts the named entries in `memory` into a run in a temporary file, leaving the problems
/// (few, and not written out) in memory. `None`, with everything left in memory, when no
/// temporary file can be written: the listing then takes more memory, nothing else changes.
fn spill(memory: &mut Vec<Entry>) -> Option<RunReader> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        memory.sort_by(order);
        let written = (|| -> io::Result<File> {
            let mut out = BufWriter::with_capacity(64 * 1024, tempfile::tempfile()?);
            for entry in memory.iter() {
                if let Entry::Named(name, kind) = entry {
                    let bytes = name.as_bytes();
                    let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
                    out.write_all(&[kind.byte()])?;
                    out.write_all(&len.to_le_bytes())?;
                    out.write_all(bytes)?;
                }
            }
            let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
            file.rewind()?;
            Ok(file)
        })();
        let file = written.ok()?;
        memory.retain(|entry| matches!(entry, Entry::Problem(..)));
        memory.shrink_to(RUN);
        let mut run = RunReader { reader: BufReader::with_capacity(16 * 1024, file), head: None };
        run.advance();
        Some(run)
    }
    #[cfg(not(unix))]
    {
        let _ = memory;
        None
    }
}

/// A sorted run of names read back from its temporary file.
struct RunReader {
    reader: BufReader<File>,
    /// The next entry, or the problem reading it back (then the run ends).
    head: Option<(OsString, Result<Kind, ignore::Error>)>,
}

impl RunReader {
    fn advance(&mut self) {
        self.head = match self.read() {
            Ok(Some((name, kind))) => Some((name, Ok(kind))),
            Ok(None) => None,
            Err(err) => Some((OsString::new(), Err(ignore::Error::Io(err)))),
        };
    }

    #[cfg(unix)]
    fn read(&mut self) -> io::Result<Option<(OsString, Kind)>> {
        use std::os::unix::ffi::OsStringExt;
        let mut head = [0u8; 5];
        match self.reader.read_exact(&mut head) {
            Err(err) if err.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other?,
        }
        let [kind, len @ ..] = head;
        let kind = Kind::from_byte(kind).ok_or_else(|| io::Error::other("a temporary file was changed"))?;
        let len = usize::try_from(u32::from_le_bytes(len)).map_err(io::Error::other)?;
        let mut name = vec![0; len];
        self.reader.read_exact(&mut name)?;
        Ok(Some((OsString::from_vec(name), kind)))
    }

    #[cfg(not(unix))]
    fn read(&mut self) -> io::Result<Option<(OsString, Kind)>> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<String> {
        Walk::new(dir)
            .filter_map(|step| match step {
                Step::File { path, .. } => {
                    Some(path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/"))
                }
                Step::Problem(_) => None,
            })
            .collect()
    }

    #[test]
    fn entries_come_in_name_order_folders_in_place() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["b.toml", "a-b.toml", "c.txt", ".hidden.toml"] {
            std::fs::write(dir.path().join(name), "").expect("write");
        }
        std::fs::create_dir_all(dir.path().join("a/z")).expect("mkdir");
        std::fs::write(dir.path().join("a/y.toml"), "").expect("write");
        std::fs::write(dir.path().join("a/z/x.toml"), "").expect("write");
        assert_eq!(files(dir.path()), ["a/y.toml", "a/z/x.toml", "a-b.toml", "b.toml"]);
    }

    #[test]
    fn a_folder_larger_than_a_run_comes_out_sorted_and_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let count = RUN * 2 + 100;
        // Written in an order unlike the names' order.
        for i in (0..count).rev() {
            std::fs::write(dir.path().join(format!("{:06}.toml", (i * 7919) % count)), "").expect("write");
        }
        std::fs::create_dir(dir.path().join("000050.toml.d")).expect("mkdir");
        std::fs::write(dir.path().join("000050.toml.d/inner.toml"), "").expect("write");
        let found = files(dir.path());
        let mut expected: Vec<String> = (0..count).map(|i| format!("{i:06}.toml")).collect();
        expected.insert(51, "000050.toml.d/inner.toml".to_owned());
        assert_eq!(found.len(), expected.len());
        assert_eq!(found, expected);
    }
}
