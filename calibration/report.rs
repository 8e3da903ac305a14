//! The calibration run: every industry of `calibration/` scored twice, with the previous bank
//! and model (the baseline, from the files as they were encoded, `calibration/v1/`) and with
//! the current ones (`calibration/*.toml`), each force's band compared with the published
//! band(s) of `calibration/published.toml`. Shared by `cargo run --example calibrate`, which
//! writes `CALIBRATION.md`, and by the integration test that keeps the figures from dropping.

// A tool and its test, not the library: a broken calibration file should stop it loudly, and
// ranks compare exact ties on purpose.
#![allow(clippy::cast_precision_loss, clippy::indexing_slicing, clippy::expect_used, clippy::panic, clippy::float_cmp)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use fiveforces::{Band, Force, QuestionBank, Questionnaire, score};
use serde::Deserialize;

/// The previous model's band cut-offs (weighted mean, bands 35 / 65).
const V1_MODERATE_FROM: u8 = 35;
const V1_HIGH_FROM: u8 = 65;
/// The commit the baseline was first measured at, with the binary of that time
/// (`calibration/baseline/baseline.txt`).
pub const BASELINE_COMMIT: &str = "c0fe8a1";

#[derive(Deserialize)]
struct Industry {
    name: String,
    file: String,
    published: BTreeMap<String, Vec<String>>,
    source: Vec<Source>,
}

#[derive(Deserialize)]
struct Source {
    url: String,
    title: String,
    says: String,
}

/// One force of one industry, scored by both models.
pub struct Row {
    pub slug: String,
    pub force: Force,
    pub published: Vec<String>,
    pub baseline: Option<u8>,
    pub baseline_coverage: u8,
    pub current: Option<u8>,
    pub current_coverage: u8,
}

impl Row {
    pub fn baseline_band(&self) -> Option<&'static str> {
        self.baseline.map(v1_band)
    }
    pub fn current_band(&self) -> Option<&'static str> {
        self.current.map(|s| Band::of(s).key())
    }
    fn agrees(&self, band: Option<&str>) -> bool {
        band.is_some_and(|b| self.published.iter().any(|p| p == b))
    }
    pub fn baseline_agrees(&self) -> bool {
        self.agrees(self.baseline_band())
    }
    pub fn current_agrees(&self) -> bool {
        self.agrees(self.current_band())
    }
}

fn v1_band(score: u8) -> &'static str {
    if score >= V1_HIGH_FROM {
        "high"
    } else if score >= V1_MODERATE_FROM {
        "moderate"
    } else {
        "low"
    }
}

/// Everything the run measured.
pub struct Calibration {
    pub rows: Vec<Row>,
    industries: Vec<(String, Industry, Option<String>)>,
}

/// The previous bank's questions, as the previous tool read them.
#[derive(Deserialize)]
struct V1Bank {
    question: Vec<V1Question>,
}

#[derive(Deserialize)]
struct V1Question {
    id: String,
    force: String,
    direction: String,
    weight: f64,
}

/// The previous model, reproduced: per force, the weighted mean of the pressures of the
/// answered questions, × 100, rounded half away from zero; coverage = answered weight ÷ the
/// force's weight, rounded down. `[context]` is ignored (the previous tool had none).
fn v1_scores(bank: &V1Bank, text: &str) -> BTreeMap<String, (Option<u8>, u8)> {
    let doc: toml::Table = toml::from_str(text).expect("a v1 calibration file parses");
    let mut out = BTreeMap::new();
    for force in Force::ALL {
        let table = doc.get(force.key()).and_then(toml::Value::as_table);
        let (mut weighted, mut got, mut total) = (0.0, 0.0, 0.0);
        for q in bank.question.iter().filter(|q| q.force == force.key()) {
            total += q.weight;
            let answer = table.and_then(|t| t.get(&q.id)).and_then(|v| match v {
                toml::Value::Integer(n) => Some(*n),
                toml::Value::Table(t) => t.get("score").and_then(toml::Value::as_integer),
                _ => None,
            });
            if let Some(a) = answer {
                let steps = (a - 1) as f64 / 4.0;
                let p = if q.direction == "raises" { steps } else { 1.0 - steps };
                weighted += q.weight * p;
                got += q.weight;
            }
        }
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let score = (got > 0.0).then(|| (weighted / got * 100.0).round().clamp(0.0, 100.0) as u8);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let coverage = if total > 0.0 { (got / total * 100.0 + 1e-9).floor() as u8 } else { 0 };
        out.insert(force.key().to_owned(), (score, coverage));
    }
    out
}

/// Scores the calibration set under `dir` (the repository's `calibration/`).
pub fn run(dir: &Path) -> Calibration {
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let published: BTreeMap<String, Industry> =
        toml::from_str(&read(&dir.join("published.toml"))).expect("published.toml parses");
    let v1_bank: V1Bank = toml::from_str(&read(&dir.join("v1/questions.toml"))).expect("the v1 bank parses");
    let bank = QuestionBank::builtin();
    let mut rows = Vec::new();
    let mut industries = Vec::new();
    for (slug, entry) in published {
        let baseline = v1_scores(&v1_bank, &read(&dir.join("v1").join(&entry.file)));
        let path = dir.join(&entry.file);
        let text = read(&path);
        let questionnaire =
            Questionnaire::parse(&path.display().to_string(), &text, &bank).unwrap_or_else(|e| panic!("{e}"));
        assert!(questionnaire.legacy.is_empty(), "{}: uses ids of the previous bank", path.display());
        let profile = score(&questionnaire, &bank);
        let customers = questionnaire
            .context
            .as_ref()
            .and_then(|c| c.names(fiveforces::questionnaire::ContextKey::Customers).first().map(|s| (*s).to_owned()));
        for force in Force::ALL {
            let Some(pubd) = entry.published.get(force.key()) else { continue };
            let (b, bc) = baseline.get(force.key()).copied().unwrap_or((None, 0));
            let f = profile.get(force);
            rows.push(Row {
                slug: slug.clone(),
                force,
                published: pubd.clone(),
                baseline: b,
                baseline_coverage: bc,
                current: f.score,
                current_coverage: f.coverage,
            });
        }
        industries.push((slug, entry, customers));
    }
    Calibration { rows, industries }
}

/// Average ranks (1-based), ties sharing the mean rank.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut r = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        for k in i..=j {
            r[order[k]] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    r
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va = a.iter().map(|x| (x - ma).powi(2)).sum::<f64>().sqrt();
    let vb = b.iter().map(|y| (y - mb).powi(2)).sum::<f64>().sqrt();
    if va == 0.0 || vb == 0.0 { f64::NAN } else { cov / (va * vb) }
}

fn spearman(a: &[f64], b: &[f64]) -> f64 {
    pearson(&ranks(a), &ranks(b))
}

fn band_value(b: &str) -> f64 {
    match b {
        "low" => 0.0,
        "moderate" => 1.0,
        _ => 2.0,
    }
}

/// Figures of one model on the set.
pub struct Figures {
    pub compared: usize,
    pub agree: usize,
    pub single: (usize, usize),
    pub nontrivial: (usize, usize),
    pub per_force: Vec<(Force, usize, usize)>,
    pub bands: [usize; 3],
    pub rho: f64,
    pub rho_single: f64,
}

impl Calibration {
    /// The figures of the baseline (`current = false`) or of the current model.
    pub fn figures(&self, current: bool) -> Figures {
        let agrees = |r: &Row| if current { r.current_agrees() } else { r.baseline_agrees() };
        let band = |r: &Row| if current { r.current_band() } else { r.baseline_band() };
        let value = |r: &Row| if current { r.current } else { r.baseline };
        let count = |rows: &[&Row]| (rows.iter().filter(|r| agrees(r)).count(), rows.len());
        let all: Vec<&Row> = self.rows.iter().collect();
        let single: Vec<&Row> = self.rows.iter().filter(|r| r.published.len() == 1).collect();
        let nontrivial: Vec<&Row> = self.rows.iter().filter(|r| r.published.len() < 3).collect();
        let per_force = Force::ALL
            .into_iter()
            .map(|f| {
                let rows: Vec<&Row> = self.rows.iter().filter(|r| r.force == f).collect();
                let (a, n) = count(&rows);
                (f, a, n)
            })
            .collect();
        let bands = ["low", "moderate", "high"].map(|b| self.rows.iter().filter(|r| band(r) == Some(b)).count());
        let scored: Vec<&Row> = self.rows.iter().filter(|r| value(r).is_some()).collect();
        let xs: Vec<f64> = scored.iter().map(|r| f64::from(value(r).unwrap_or_default())).collect();
        let ys: Vec<f64> = scored
            .iter()
            .map(|r| r.published.iter().map(|b| band_value(b)).sum::<f64>() / r.published.len() as f64)
            .collect();
        let s1: Vec<&&Row> = scored.iter().filter(|r| r.published.len() == 1).collect();
        let xs1: Vec<f64> = s1.iter().map(|r| f64::from(value(r).unwrap_or_default())).collect();
        let ys1: Vec<f64> = s1.iter().map(|r| band_value(&r.published[0])).collect();
        Figures {
            compared: all.len(),
            agree: count(&all).0,
            single: count(&single),
            nontrivial: count(&nontrivial),
            per_force,
            bands,
            rho: spearman(&xs, &ys),
            rho_single: spearman(&xs1, &ys1),
        }
    }

    /// Published bands of the single-band entries, and every band mention.
    fn published_bands(&self) -> ([usize; 3], usize, [usize; 3]) {
        let names = ["low", "moderate", "high"];
        let single = names.map(|b| self.rows.iter().filter(|r| r.published.len() == 1 && r.published[0] == b).count());
        let multi = self.rows.iter().filter(|r| r.published.len() > 1).count();
        let mentions = names.map(|b| self.rows.iter().filter(|r| r.published.iter().any(|p| p == b)).count());
        (single, multi, mentions)
    }

    /// `CALIBRATION.md`.
    pub fn markdown(&self) -> String {
        let base = self.figures(false);
        let now = self.figures(true);
        let pct = |a: usize, n: usize| if n == 0 { 0.0 } else { 100.0 * a as f64 / n as f64 };
        let mut md = String::new();
        let w = &mut md;
        let _ = writeln!(w, "# Calibration: force scores against published Five Forces analyses\n");
        let _ = writeln!(
            w,
            "Generated by `cargo run --example calibrate` from `calibration/`; do not edit by hand. \
             The integration test `calibration` fails when this file is out of date or when the \
             agreement drops below its floor ({}).\n",
            crate_floor()
        );
        let _ = writeln!(w, "## Result\n");
        let _ = writeln!(
            w,
            "| | baseline (bank v1, weighted mean, bands 35/65) | current (bank v{}, model `{}`, bands 38/63) |",
            fiveforces::data::bank::BANK_VERSION,
            fiveforces::analysis::score::MODEL
        );
        let _ = writeln!(w, "| --- | --- | --- |");
        let _ = writeln!(
            w,
            "| agreement | {}/{} = {:.1}% | **{}/{} = {:.1}%** |",
            base.agree,
            base.compared,
            pct(base.agree, base.compared),
            now.agree,
            now.compared,
            pct(now.agree, now.compared)
        );
        let _ = writeln!(
            w,
            "| where the sources give one band | {}/{} = {:.1}% | {}/{} = {:.1}% |",
            base.single.0,
            base.single.1,
            pct(base.single.0, base.single.1),
            now.single.0,
            now.single.1,
            pct(now.single.0, now.single.1)
        );
        let _ = writeln!(
            w,
            "| without the entries whose sources span all three bands | {}/{} = {:.1}% | {}/{} = {:.1}% |",
            base.nontrivial.0,
            base.nontrivial.1,
            pct(base.nontrivial.0, base.nontrivial.1),
            now.nontrivial.0,
            now.nontrivial.1,
            pct(now.nontrivial.0, now.nontrivial.1)
        );
        for ((f, ba, bn), (_, na, nn)) in base.per_force.iter().zip(&now.per_force) {
            let _ = writeln!(w, "| {} | {ba}/{bn} | {na}/{nn} |", f.label());
        }
        let _ = writeln!(
            w,
            "| tool bands low / moderate / high | {} / {} / {} | {} / {} / {} |",
            base.bands[0], base.bands[1], base.bands[2], now.bands[0], now.bands[1], now.bands[2]
        );
        let _ = writeln!(
            w,
            "| Spearman ρ, score vs published band (multi-band = mean) | {:.3} | {:.3} |",
            base.rho, now.rho
        );
        let _ = writeln!(w, "| Spearman ρ, single-band entries | {:.3} | {:.3} |\n", base.rho_single, now.rho_single);
        let (single, multi, mentions) = self.published_bands();
        let _ = writeln!(
            w,
            "Published bands: where the sources give one band, low {} / moderate {} / high {} ({} entries allow two or three bands); counting every band mentioned, low {} / moderate {} / high {}.\n",
            single[0], single[1], single[2], multi, mentions[0], mentions[1], mentions[2]
        );
        let _ = writeln!(
            w,
            "The baseline is today's model as it was measured before anything changed: first with the binary of commit `{BASELINE_COMMIT}` \
             (`calibration/baseline/baseline.txt`, 44/68), and reproduced here from the files as they were encoded \
             (`calibration/v1/`) with the previous bank (`calibration/v1/questions.toml`) and the previous rule \
             (weighted mean, bands 35/65), which this command re-implements so that anyone can rerun it.\n"
        );
        let misses: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.current_agrees())
            .map(|r| {
                format!(
                    "{} {} ({} vs {})",
                    r.slug,
                    r.force.key(),
                    r.current.map_or_else(|| "–".to_owned(), |s| s.to_string()),
                    r.published.join("/")
                )
            })
            .collect();
        let _ = writeln!(w, "Where the current model still disagrees ({}): {}.\n", misses.len(), misses.join("; "));
        let _ = writeln!(w, "## The set\n");
        let _ = writeln!(
            w,
            "{} industries, {} force ratings. Each questionnaire answers only what the published evidence speaks to, \
             with the evidence in every note; `calibration/README.md` gives the method and `calibration/published.toml` \
             every source with its address and what it says.\n",
            self.industries.len(),
            self.rows.len()
        );
        let _ = writeln!(
            w,
            "| industry | customers | suppliers | buyers | rivalry | substitutes | new entrants | sources |"
        );
        let _ = writeln!(w, "| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (slug, p, customers) in &self.industries {
            let band = |f: Force| p.published.get(f.key()).map_or_else(|| "–".to_owned(), |b| b.join("/"));
            let _ = writeln!(
                w,
                "| {} (`{slug}`) | {} | {} | {} | {} | {} | {} | {} |",
                p.name,
                customers.as_deref().unwrap_or("–"),
                band(Force::Suppliers),
                band(Force::Buyers),
                band(Force::Rivalry),
                band(Force::Substitutes),
                band(Force::NewEntrants),
                p.source.len()
            );
        }
        let _ = writeln!(w, "\n## Method\n");
        let _ = writeln!(
            w,
            "- **Published bands.** For each force, the bands of the first two sources (in the order the search returned them) \
             that state an explicit band; the union counts as agreement (\"medium\" = moderate, \"low to moderate\" = both). \
             Fitness clubs have no rated supplier or buyer force.\n\
             - **Encoding.** Every question was answered only where the excerpts speak to it, before any score was computed; \
             nothing was changed after scoring.\n\
             - **Bank v2.** The v2 files are the v1 files with renamed ids carried over (as `fiveforces migrate` does), retired \
             ones kept as comments, and the questions new in v2 answered only from evidence already recorded in the same \
             file's notes (each such note says \"answered for bank v2 from the same source\"). They were written and committed \
             before the new model scored anything.\n\
             - **Model and bands** are chosen from Porter's logic, not fitted: see the README, \"How each force is scored\".\n\
             - **Caveats.** The sources are mostly student essays and study guides and often disagree; {} of {} entries allow \
             two or more bands. Coverage is partial (only search excerpts could be read). Coffee chains, airlines, smartphones, \
             tobacco, pharmaceuticals and steel are kept out for an independent check.\n",
            multi,
            self.rows.len()
        );
        let _ = writeln!(w, "## Per industry and force\n");
        let _ = writeln!(
            w,
            "Scores are 0–100 with their band; coverage is the share of the applicable questions' weight that is answered.\n"
        );
        let _ = writeln!(
            w,
            "| industry | force | published | baseline | coverage | current | coverage | agrees (baseline → current) |"
        );
        let _ = writeln!(w, "| --- | --- | --- | --- | --- | --- | --- | --- |");
        for r in &self.rows {
            let show = |s: Option<u8>, b: Option<&str>| match (s, b) {
                (Some(s), Some(b)) => format!("{s} {b}"),
                _ => "unscored".to_owned(),
            };
            let yn = |a: bool| if a { "yes" } else { "no" };
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {}% | {} | {}% | {} → {} |",
                r.slug,
                r.force.key(),
                r.published.join("/"),
                show(r.baseline, r.baseline_band()),
                r.baseline_coverage,
                show(r.current, r.current_band()),
                r.current_coverage,
                yn(r.baseline_agrees()),
                yn(r.current_agrees())
            );
        }
        let _ = writeln!(w, "\n## Sources\n");
        for (slug, p, _) in &self.industries {
            let _ = writeln!(w, "**{}** (`calibration/{}`)\n", p.name, p.file);
            let _ = slug;
            for s in &p.source {
                let _ = writeln!(w, "- [{}]({}): {}", s.title, s.url, s.says);
            }
            let _ = writeln!(w);
        }
        md.truncate(md.trim_end().len());
        md.push('\n');
        md
    }
}

/// The agreement the current model must keep on the set, in force ratings.
pub const FLOOR: usize = 53;

fn crate_floor() -> String {
    format!("{FLOOR} force ratings agreeing")
}
