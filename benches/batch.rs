//! Whole-process batch benchmark: `cargo bench --bench batch`.
//!
//! Generates N realistic synthetic questionnaires (1–2 KB each, random answers, some notes),
//! then times `fiveforces score DIR --format jsonl` over them against a parse-only floor: this
//! same program re-run as `--floor DIR`, which only lists, reads and parses the same files with
//! the same toml crate on all cores. It reports both times, their ratio, files per second and
//! the peak memory (RSS) of each process, for each N (10,000 and 100,000 by default; set
//! `FIVEFORCES_BENCH_FILES=1000,5000` for others), then the start-up cost of `--version` and of
//! scoring one file. Results are figures to read and record in BENCHMARKS.md, not assertions;
//! each target is marked `ok` or `MISSED`.
#![allow(clippy::cast_precision_loss, clippy::needless_pass_by_value)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fiveforces::{Force, QuestionBank};
use rayon::prelude::*;

const RUNS: usize = 3;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--measure") => return measure_child(&args[2..]),
        Some("--floor") => return floor(Path::new(args.get(2).expect("--floor DIR"))),
        _ => {}
    }
    let sizes: Vec<usize> = std::env::var("FIVEFORCES_BENCH_FILES")
        .unwrap_or_else(|_| "10000,100000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect();
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_fiveforces"));
    let me = std::env::current_exe().expect("own path");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    println!("fiveforces batch benchmark ({} cores, median of {RUNS} runs)\n", rayon::current_num_threads());
    println!(
        "{:>8}  {:>9}  {:>9}  {:>6}  {:>10}  {:>9}  {:>9}",
        "files", "floor", "score", "ratio", "files/s", "floor RSS", "score RSS"
    );
    let mut rows = Vec::new();
    for &n in &sizes {
        let dir = generate(&data, n);
        let floor = measure(|| {
            let mut cmd = Command::new(&me);
            cmd.arg("--floor").arg(&dir);
            cmd
        });
        let score = measure(|| {
            let mut cmd = Command::new(&binary);
            cmd.args(["score", "--format", "jsonl", "--quiet"]).arg(&dir);
            cmd
        });
        let ratio = score.time.as_secs_f64() / floor.time.as_secs_f64();
        println!(
            "{n:>8}  {:>8.3}s  {:>8.3}s  {ratio:>5.2}×  {:>10.0}  {:>6.1} MB  {:>6.1} MB",
            floor.time.as_secs_f64(),
            score.time.as_secs_f64(),
            n as f64 / score.time.as_secs_f64(),
            floor.rss_mb,
            score.rss_mb
        );
        rows.push((n, floor, score, ratio));
    }

    let version = mean_time(20, || {
        let mut cmd = Command::new(&binary);
        cmd.arg("--version");
        cmd
    });
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/saas-crm.toml");
    let one = mean_time(20, || {
        let mut cmd = Command::new(&binary);
        cmd.args(["score", "--format", "json"]).arg(&example);
        cmd
    });
    println!("\nfiveforces --version: {:.2} ms; scoring one file (whole process): {:.2} ms", ms(version), ms(one));

    println!("\ntargets:");
    let mut report = String::new();
    for (n, floor, score, ratio) in &rows {
        let _ = writeln!(report, "  {n} files: within 1.3× of the floor: {} ({ratio:.2}×)", mark(*ratio <= 1.3));
        let _ = writeln!(
            report,
            "  {n} files: peak RSS under 64 MB: {} ({:.1} MB)",
            mark(score.rss_mb < 64.0),
            score.rss_mb
        );
        if *n == 100_000 {
            let secs = score.time.as_secs_f64();
            let _ = writeln!(report, "  100000 files to jsonl under 3 s: {} ({secs:.2} s)", mark(secs < 3.0));
        }
        let _ = floor;
    }
    if let (Some(small), Some(large)) = (rows.iter().find(|r| r.0 == 10_000), rows.iter().find(|r| r.0 == 100_000)) {
        let growth = large.2.rss_mb / small.2.rss_mb - 1.0;
        let _ =
            writeln!(report, "  RSS growth 10k → 100k at most 10%: {} ({:+.1}%)", mark(growth <= 0.10), growth * 100.0);
    }
    let _ = writeln!(report, "  --version under 5 ms: {} ({:.2} ms)", mark(ms(version) < 5.0), ms(version));
    let _ = writeln!(report, "  one file under 10 ms: {} ({:.2} ms)", mark(ms(one) < 10.0), ms(one));
    print!("{report}");
}

fn mark(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The parse-only floor: list, read and parse every file with the same toml crate, on all
/// cores, and nothing else.
fn floor(dir: &Path) {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let parsed = files
        .par_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            toml::de::DeTable::parse(&text).is_ok()
        })
        .count();
    assert_eq!(parsed, files.len(), "every generated file parses");
}

struct Measure {
    time: Duration,
    rss_mb: f64,
}

/// Median wall time and the largest peak RSS over [`RUNS`] runs of a command.
fn measure(make: impl Fn() -> Command) -> Measure {
    let mut times = Vec::new();
    let mut rss = 0.0_f64;
    for _ in 0..RUNS {
        let (time, peak) = run(make());
        times.push(time);
        rss = rss.max(peak);
    }
    times.sort();
    Measure { time: times[RUNS / 2], rss_mb: rss }
}

fn mean_time(runs: u32, make: impl Fn() -> Command) -> Duration {
    run(make());
    (0..runs).map(|_| run(make()).0).sum::<Duration>() / runs
}

/// Runs a command with its output discarded; returns its wall time and peak RSS in MB. The
/// command runs under this program's `--measure` wrapper, whose only child it is, so that the
/// wrapper's `RUSAGE_CHILDREN` is exactly that command's peak memory.
fn run(cmd: Command) -> (Duration, f64) {
    let me = std::env::current_exe().expect("own path");
    let mut wrapped = Command::new(me);
    wrapped.arg("--measure").arg(cmd.get_program()).args(cmd.get_args());
    let start = Instant::now();
    let out = wrapped.stderr(Stdio::inherit()).output().expect("spawn");
    let elapsed = start.elapsed();
    assert!(out.status.success(), "{cmd:?} failed");
    let kib: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().expect("peak RSS from the wrapper");
    (elapsed, kib / 1024.0)
}

/// `--measure PROGRAM ARGS…`: runs the program with its output discarded and prints its peak
/// RSS in KiB.
fn measure_child(command: &[String]) {
    let status = Command::new(&command[0]).args(&command[1..]).stdout(Stdio::null()).status().expect("spawn");
    assert!(status.success(), "{command:?} failed");
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).expect("getrusage");
    println!("{}", usage.max_rss());
}

/// Writes `n` synthetic questionnaires under `data/n/` (1,000 per folder), once.
fn generate(data: &Path, n: usize) -> PathBuf {
    let dir = data.join(n.to_string());
    let marker = dir.join(".complete");
    if marker.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let bank = QuestionBank::builtin();
    eprintln!("generating {n} questionnaires in {}", dir.display());
    (0..n).into_par_iter().for_each(|i| {
        let folder = dir.join(format!("unit-{:03}", i / 1000));
        std::fs::create_dir_all(&folder).expect("mkdir");
        std::fs::write(folder.join(format!("q-{i:06}.toml")), questionnaire(&bank, i as u64)).expect("write");
    });
    std::fs::write(marker, "").expect("marker");
    dir
}

const INDUSTRIES: [&str; 6] =
    ["B2B SaaS", "Online retail", "Telecom", "Coffee chain", "Industrial machinery", "Logistics"];
const NOTES: [&str; 5] = [
    "Three competitors cut prices by 10% this quarter; two of our top accounts asked for a discount.",
    "Vendor consolidation: the two remaining suppliers raised list prices twice in 2026.",
    "Churn interviews: customers cite cheaper alternatives and easy data export as reasons to leave.",
    "A new entrant with venture funding launched a free tier aimed at our mid-market segment.",
    "Switching requires retraining staff and migrating five years of records, per customer survey.",
];

/// One questionnaire: most questions answered 1–5, some skipped, some with notes.
fn questionnaire(bank: &QuestionBank, seed: u64) -> String {
    let mut rng = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut out = format!(
        "[assessment]\nname = \"Business unit {seed}\"\nindustry = \"{}\"\nscope = \"Region {} , quarter {}\"\nassessor = \"Analyst {}\"\ndate = 2026-{:02}-{:02}\n",
        INDUSTRIES[(next() % 6) as usize],
        next() % 40,
        next() % 4 + 1,
        next() % 100,
        next() % 12 + 1,
        next() % 28 + 1
    );
    for force in Force::ALL {
        let _ = write!(out, "\n[{}]\n", force.key());
        for q in bank.for_force(force) {
            let roll = next() % 100;
            if roll < 8 {
                continue;
            }
            let score = next() % 5 + 1;
            if roll < 20 {
                let _ = writeln!(out, "{} = {{ score = {score}, note = \"{}\" }}", q.id, NOTES[(next() % 5) as usize]);
            } else {
                let _ = writeln!(out, "{} = {score}", q.id);
            }
        }
    }
    out
}
