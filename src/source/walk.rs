//! The walk of a folder given on the command line, in name order and in bounded memory.
//!
//! Each folder is listed by itself with the `ignore` crate (ripgrep's rules: `.gitignore` in a
//! git repository, `.ignore`, the global git excludes and hidden names are left out; symbolic
//! links are followed), keeping only what the walk needs (its sub-folders and its `*.toml`
//! files), and its entries come out sorted by name, so the order of a batch never depends on
//! the file system. A folder of a few thousand entries is sorted in memory; a larger one is
//! sorted in runs kept in anonymous temporary files and merged, so that one folder of a million
//! files needs no more memory than one of ten thousand (the `ignore` crate's own sorted walk
//! holds every entry of a folder at once). Runs are merged in levels, [`FAN_IN`] runs of one
//! level into one of the next, so a folder of any size has a few dozen runs open at most. A symbolic link that leads back to a folder the walk
//! is inside is reported, not followed.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// How many entries of one folder are sorted in memory before they are kept in a temporary
/// file (about 0.6 MB of names); small in unit tests, so that they cover runs and levels with
/// a few thousand files.
const RUN: usize = if cfg!(test) { 64 } else { 8 * 1024 };

/// How many runs of one level are merged into one run of the next level: a folder of `n`
/// entries has at most `FAN_IN − 1` runs per level and `log_FAN_IN(n / RUN)` levels (15 runs
/// per level, 3 levels for ten million files).
const FAN_IN: usize = 16;

/// The read buffer of each run being merged.
const RUN_BUFFER: usize = 8 * 1024;

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

/// The runs of a listing being made, each with its level (non-increasing along the list).
#[derive(Default)]
struct Runs(Vec<(u32, RunReader)>);

impl Runs {
    /// Adds a run of level 0, then merges the last [`FAN_IN`] runs while they share a level.
    /// A problem writing a merged run is returned, to be listed (the entries of the runs being
    /// merged that were not written are lost with it, as a folder that cannot be read).
    fn push(&mut self, run: RunReader) -> Option<Entry> {
        self.0.push((0, run));
        loop {
            let level = self.0.last()?.0;
            let same = self.0.iter().rev().take_while(|(l, _)| *l == level).count();
            if same < FAN_IN {
                return None;
            }
            let tail = self.0.split_off(self.0.len() - same);
            let merged =
                Listing { memory: Vec::new().into_iter().peekable(), runs: tail.into_iter().map(|(_, r)| r).collect() };
            match write_run(merged.map(|entry| match entry {
                Entry::Named(name, kind) => Ok((name, kind)),
                Entry::Problem(_, err) => Err(io::Error::other(err.to_string())),
            })) {
                Ok(run) => self.0.push((level + 1, run)),
                Err(err) => {
                    return Some(Entry::Problem(OsString::new(), Box::new(ignore::Error::Io(err))));
                }
            }
        }
    }
}

impl Listing {
    /// Lists `dir` (not what is under its folders).
    fn of(dir: &Path) -> Listing {
        let mut memory: Vec<Entry> = Vec::new();
        let mut runs = Runs::default();
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
                    Some(run) => memory.extend(runs.push(run)),
                    None => can_spill = false,
                }
            }
        }
        memory.sort_by(order);
        Listing { memory: memory.into_iter().peekable(), runs: runs.0.into_iter().map(|(_, run)| run).collect() }
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
    memory.sort_by(order);
    let named = memory.iter().filter_map(|entry| match entry {
        Entry::Named(name, kind) => Some(Ok((name.as_os_str(), *kind))),
        Entry::Problem(..) => None,
    });
    let run = write_run(named).ok()?;
    memory.retain(|entry| matches!(entry, Entry::Problem(..)));
    Some(run)
}

/// Writes sorted entries to a new temporary file, to be read back as a run.
fn write_run<N: AsRef<std::ffi::OsStr>>(entries: impl Iterator<Item = io::Result<(N, Kind)>>) -> io::Result<RunReader> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = BufWriter::with_capacity(64 * 1024, tempfile::tempfile()?);
        for entry in entries {
            let (name, kind) = entry?;
            let bytes = name.as_ref().as_bytes();
            let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
            out.write_all(&[kind.byte()])?;
            out.write_all(&len.to_le_bytes())?;
            out.write_all(bytes)?;
        }
        let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.rewind()?;
        let mut run = RunReader { reader: BufReader::with_capacity(RUN_BUFFER, file), head: None };
        run.advance();
        Ok(run)
    }
    #[cfg(not(unix))]
    {
        let _ = entries;
        Err(io::Error::other("runs in temporary files are written on unix only"))
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

    #[test]
    fn a_folder_of_many_runs_is_merged_in_levels_and_comes_out_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Over FAN_IN² runs: two levels of merges, and runs of three levels left to merge.
        let count = RUN * (FAN_IN * FAN_IN + FAN_IN + 3) + 7;
        for i in 0..count {
            std::fs::write(dir.path().join(format!("{:06}.toml", (i * 7919) % count)), "").expect("write");
        }
        let listing = Listing::of(dir.path());
        assert!(listing.runs.len() < 3 * FAN_IN, "{} runs open", listing.runs.len());
        let found = files(dir.path());
        let expected: Vec<String> = (0..count).map(|i| format!("{i:06}.toml")).collect();
        assert_eq!(found, expected);
    }
}
