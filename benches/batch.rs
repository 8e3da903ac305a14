//! Whole-process batch benchmark: `cargo bench --bench batch`.
//!
//! Generates N realistic synthetic questionnaires (1–2 KB each, random answers, some notes),
//! in two layouts: 1,000 per folder (`nested`) and all in one folder (`flat`). For each N
//! (10,000 and 100,000 by default; `FIVEFORCES_BENCH_FILES=10000,1000000` for others), each
//! layout and each core count (all cores, and one core through `taskset -c 0` when `taskset`
//! exists), it times and measures the peak memory (RSS, from `getrusage`) of:
//!
//! - the read-only floor: this program re-run as `--read-floor DIR`, which walks and reads
//!   every file on all cores and does nothing else;
//! - the DeTable floor: `--floor DIR`, which also parses every file with the toml crate's
//!   fastest full parser (`toml::de::DeTable::parse`);
//! - `fiveforces score DIR --format F --quiet` for every format, its output discarded.
//!
//! `FIVEFORCES_BENCH_FORMATS=jsonl,json` limits the formats, `FIVEFORCES_BENCH_RUNS` sets the
//! runs per figure (the median time and the largest RSS are reported; 3 by default),
//! `FIVEFORCES_BENCH_LAYOUTS=flat` and `FIVEFORCES_BENCH_CORES=2` limit the rest. Then the
//! start-up cost of `--version` and of scoring one file. Results are figures to read and
//! record in BENCHMARKS.md, not assertions; each target is marked `ok` or `MISSED`.
#![allow(clippy::cast_precision_loss, clippy::needless_pass_by_value)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fiveforces::{Force, QuestionBank};
use rayon::prelude::*;

const FORMATS: [&str; 7] = ["jsonl", "csv", "json", "table", "markdown", "junit", "html"];

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_owned())
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// One measured figure.
struct Row {
    files: usize,
    layout: String,
    cores: usize,
    what: String,
    measure: Measure,
    detable: Duration,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--measure") => return measure_child(&args[2..]),
        Some("--floor") => return floor(Path::new(args.get(2).expect("--floor DIR")), true),
        Some("--read-floor") => return floor(Path::new(args.get(2).expect("--read-floor DIR")), false),
        _ => {}
    }
    let sizes: Vec<usize> = env_list("FIVEFORCES_BENCH_FILES", "10000,100000")
        .iter()
        .filter_map(|s| s.replace('_', "").parse().ok())
        .collect();
    let formats = env_list("FIVEFORCES_BENCH_FORMATS", &FORMATS.join(","));
    let layouts = env_list("FIVEFORCES_BENCH_LAYOUTS", "nested,flat");
    let runs: usize = std::env::var("FIVEFORCES_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let all = rayon::current_num_threads();
    let taskset = Command::new("taskset").arg("--version").output().is_ok_and(|o| o.status.success());
    let mut cores: Vec<usize> = env_list("FIVEFORCES_BENCH_CORES", &format!("1,{all}"))
        .iter()
        .filter_map(|c| c.parse().ok())
        .filter(|&c| c == all || (c == 1 && taskset))
        .collect();
    cores.dedup();
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_fiveforces"));
    let me = std::env::current_exe().expect("own path");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    println!("fiveforces batch benchmark ({all} cores here, median of {runs} runs, peak RSS the largest)\n");
    println!(
        "{:>8}  {:>6}  {:>5}  {:>10}  {:>9}  {:>10}  {:>8}  {:>9}",
        "files", "layout", "cores", "what", "time", "files/s", "÷DeTable", "peak RSS"
    );
    let mut rows: Vec<Row> = Vec::new();
    for &n in &sizes {
        for layout in &layouts {
            let dir = generate(&data, n, layout == "flat");
            for &core in &cores {
                let pin = |program: &Path| {
                    let mut cmd = if core == 1 {
                        let mut cmd = Command::new("taskset");
                        cmd.args(["-c", "0"]).arg(program);
                        cmd
                    } else {
                        Command::new(program)
                    };
                    cmd.env("RAYON_NUM_THREADS", core.to_string());
                    cmd
                };
                let read = measure(runs, || {
                    let mut cmd = pin(&me);
                    cmd.arg("--read-floor").arg(&dir);
                    cmd
                });
                let detable = measure(runs, || {
                    let mut cmd = pin(&me);
                    cmd.arg("--floor").arg(&dir);
                    cmd
                });
                let floor_time = detable.time;
                let mut push = |what: &str, measure: Measure| {
                    let row = Row {
                        files: n,
                        layout: layout.clone(),
                        cores: core,
                        what: what.to_owned(),
                        measure,
                        detable: floor_time,
                    };
                    println!(
                        "{n:>8}  {layout:>6}  {core:>5}  {what:>10}  {:>8.3}s  {:>10.0}  {:>7.2}×  {:>6.1} MB",
                        row.measure.time.as_secs_f64(),
                        n as f64 / row.measure.time.as_secs_f64(),
                        row.measure.time.as_secs_f64() / floor_time.as_secs_f64(),
                        row.measure.rss_mb
                    );
                    rows.push(row);
                };
                push("read-only", read);
                push("DeTable", detable);
                for format in &formats {
                    let score = measure(runs, || {
                        let mut cmd = pin(&binary);
                        cmd.args(["score", "--format", format, "--quiet"]).arg(&dir);
                        cmd
                    });
                    push(format, score);
                }
            }
        }
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
    for row in rows.iter().filter(|r| r.what == "jsonl" && r.files == 100_000 && r.cores == all) {
        let ratio = row.measure.time.as_secs_f64() / row.detable.as_secs_f64();
        let _ = writeln!(
            report,
            "  jsonl, 100000 files, {}, {all} cores: at most 0.7× DeTable: {} ({ratio:.2}×)",
            row.layout,
            mark(ratio <= 0.7)
        );
    }
    for row in rows.iter().filter(|r| r.files == 100_000 && FORMATS.contains(&r.what.as_str())) {
        let _ = writeln!(
            report,
            "  {}, 100000 files, {}, {} cores: peak RSS at most 64 MB: {} ({:.1} MB)",
            row.what,
            row.layout,
            row.cores,
            mark(row.measure.rss_mb <= 64.0),
            row.measure.rss_mb
        );
    }
    let largest = sizes.iter().copied().max().unwrap_or(0);
    for small in rows.iter().filter(|r| r.files == 10_000 && FORMATS.contains(&r.what.as_str())) {
        let Some(large) = rows
            .iter()
            .find(|r| r.files == largest && r.what == small.what && r.layout == small.layout && r.cores == small.cores)
        else {
            continue;
        };
        if largest == small.files {
            continue;
        }
        let growth = large.measure.rss_mb / small.measure.rss_mb - 1.0;
        let _ = writeln!(
            report,
            "  {}, {}, {} cores: RSS growth 10000 → {largest} files at most 10%: {} ({:+.1}%)",
            small.what,
            small.layout,
            small.cores,
            mark(growth <= 0.10),
            growth * 100.0
        );
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

/// The floors: list and read every file on all cores and, when `parse`, parse it with the
/// toml crate's fastest full parser; nothing else.
fn floor(dir: &Path, parse: bool) {
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
            if parse { toml::de::DeTable::parse(&text).is_ok() } else { !text.is_empty() }
        })
        .count();
    assert_eq!(parsed, files.len(), "every generated file parses");
}

struct Measure {
    time: Duration,
    rss_mb: f64,
}

/// Median wall time and the largest peak RSS over `runs` runs of a command.
fn measure(runs: usize, make: impl Fn() -> Command) -> Measure {
    let mut times = Vec::new();
    let mut rss = 0.0_f64;
    for _ in 0..runs {
        let (time, peak) = run(make());
        times.push(time);
        rss = rss.max(peak);
    }
    times.sort();
    Measure { time: times[runs / 2], rss_mb: rss }
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

/// Writes `n` synthetic questionnaires under `data/n/` (1,000 per folder) or `data/flat-n/`
/// (all in one folder), once.
fn generate(data: &Path, n: usize, flat: bool) -> PathBuf {
    let dir = data.join(if flat { format!("flat-{n}") } else { n.to_string() });
    let marker = dir.join(".complete");
    if marker.exists() {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let bank = QuestionBank::builtin();
    eprintln!("generating {n} questionnaires in {}", dir.display());
    (0..n).into_par_iter().for_each(|i| {
        let folder = if flat { dir.clone() } else { dir.join(format!("unit-{:03}", i / 1000)) };
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
