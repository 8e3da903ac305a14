//! The calibration run: every industry of `calibration/` scored with the first bank and model
//! (the baseline, from the files as they were encoded, `calibration/v1/`; only the first 14
//! industries have one), with the models `porter-2` (its buyer and rivalry rules, weighted
//! means, re-implemented here) and `porter-3` (its rivalry rule, re-implemented here) and with
//! the current model (`calibration/*.toml`),
//! each force's band compared with the published band(s) of `calibration/published.toml`.
//! Shared by `cargo run --example calibrate`, which writes `CALIBRATION.md`, and by the
//! integration test that keeps the figures from dropping.

// A tool and its test, not the library: a broken calibration file should stop it loudly, and
// ranks compare exact ties on purpose.
#![allow(clippy::cast_precision_loss, clippy::indexing_slicing, clippy::expect_used, clippy::panic, clippy::float_cmp)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use fiveforces::analysis::score::{pressure, to_score};
use fiveforces::data::bank::Role;
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

/// The models the set is scored with.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// Bank v1, weighted mean, bands 35/65 (only the industries with a `v1/` file).
    Baseline,
    /// Bank v2, model `porter-2`: the current rules except buyer power and rivalry, weighted means.
    Previous,
    /// Bank v2, model `porter-3`: the current rules except rivalry, one weighted mean.
    Porter3,
    /// Bank v2, the current model.
    Current,
}

/// One force of one industry, scored by every model.
pub struct Row {
    pub slug: String,
    pub force: Force,
    pub published: Vec<String>,
    /// Added after `porter-2` (no `v1/` file): held out from every model before the current one.
    pub added: bool,
    pub baseline: Option<u8>,
    pub baseline_coverage: u8,
    pub previous: Option<u8>,
    pub porter3: Option<u8>,
    pub current: Option<u8>,
    pub current_coverage: u8,
}

impl Row {
    pub fn score(&self, model: Model) -> Option<u8> {
        match model {
            Model::Baseline => self.baseline,
            Model::Previous => self.previous,
            Model::Porter3 => self.porter3,
            Model::Current => self.current,
        }
    }
    pub fn band(&self, model: Model) -> Option<&'static str> {
        let score = self.score(model)?;
        Some(if model == Model::Baseline { v1_band(score) } else { Band::of(score).key() })
    }
    pub fn agrees(&self, model: Model) -> bool {
        self.band(model).is_some_and(|b| self.published.iter().any(|p| p == b))
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

/// A question's weight in models `porter-2` and `porter-3`: `rivalry.slow_growth` weighed 1.5
/// until `porter-4` (1.0 since); every other weight is the bank's.
fn old_weight(force: Force, id: &str, weight: f64) -> f64 {
    if force == Force::Rivalry && id == "slow_growth" { 1.5 } else { weight }
}

/// Buyer power or rivalry as model `porter-2` scored them: the weighted mean of the pressures
/// of the force's answered questions that apply to the context (the other forces' rules are
/// unchanged). With `alternatives`, rivalry as `porter-3` scored it: the same mean, but of
/// `many_rivals` and `balanced_rivals` only the stronger counts, with the larger weight.
fn porter2_mean(questionnaire: &Questionnaire, bank: &QuestionBank, force: Force, alternatives: bool) -> Option<u8> {
    let (mut weighted, mut got) = (0.0, 0.0);
    let mut top: Option<(f64, f64)> = None;
    for (index, q) in bank.questions().iter().enumerate() {
        if q.force != force || !q.applies_to.applies(questionnaire.context.as_ref()) {
            continue;
        }
        if let Some(a) = questionnaire.answers.iter().find(|a| a.question == index) {
            let (w, p) = (old_weight(force, &q.id, q.weight), pressure(q.direction, a.score));
            if alternatives && q.role == Role::Alternative {
                top = Some(top.map_or((p, w), |(tp, tw)| (tp.max(p), tw.max(w))));
            } else {
                weighted += w * p;
                got += w;
            }
        }
    }
    if let Some((p, w)) = top {
        weighted += w * p;
        got += w;
    }
    (got > 0.0).then(|| to_score(weighted / got))
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
        let v1 = dir.join("v1").join(&entry.file);
        let added = !v1.exists();
        let baseline = if added { BTreeMap::new() } else { v1_scores(&v1_bank, &read(&v1)) };
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
                added,
                baseline: b,
                baseline_coverage: bc,
                previous: match force {
                    Force::Buyers | Force::Rivalry => porter2_mean(&questionnaire, &bank, force, false),
                    _ => f.score,
                },
                porter3: match force {
                    Force::Rivalry => porter2_mean(&questionnaire, &bank, force, true),
                    _ => f.score,
                },
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

/// Which industries a figure counts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Subset {
    /// The first 14 industries, encoded for bank v1 (the baseline's set).
    First,
    /// The industries added after `porter-2`, held out from every earlier model.
    Added,
    /// Every industry.
    All,
}

impl Subset {
    fn holds(self, row: &Row) -> bool {
        match self {
            Subset::First => !row.added,
            Subset::Added => row.added,
            Subset::All => true,
        }
    }
}

impl Calibration {
    /// The figures of `model` on the industries of `subset`.
    pub fn figures(&self, model: Model, subset: Subset) -> Figures {
        let rows: Vec<&Row> = self.rows.iter().filter(|r| subset.holds(r)).collect();
        let count = |rows: &[&Row]| (rows.iter().filter(|r| r.agrees(model)).count(), rows.len());
        let single: Vec<&Row> = rows.iter().copied().filter(|r| r.published.len() == 1).collect();
        let nontrivial: Vec<&Row> = rows.iter().copied().filter(|r| r.published.len() < 3).collect();
        let per_force = Force::ALL
            .into_iter()
            .map(|f| {
                let of: Vec<&Row> = rows.iter().copied().filter(|r| r.force == f).collect();
                let (a, n) = count(&of);
                (f, a, n)
            })
            .collect();
        let bands = ["low", "moderate", "high"].map(|b| rows.iter().filter(|r| r.band(model) == Some(b)).count());
        let scored: Vec<&Row> = rows.iter().copied().filter(|r| r.score(model).is_some()).collect();
        let xs: Vec<f64> = scored.iter().map(|r| f64::from(r.score(model).unwrap_or_default())).collect();
        let ys: Vec<f64> = scored
            .iter()
            .map(|r| r.published.iter().map(|b| band_value(b)).sum::<f64>() / r.published.len() as f64)
            .collect();
        let s1: Vec<&Row> = scored.iter().copied().filter(|r| r.published.len() == 1).collect();
        let xs1: Vec<f64> = s1.iter().map(|r| f64::from(r.score(model).unwrap_or_default())).collect();
        let ys1: Vec<f64> = s1.iter().map(|r| band_value(&r.published[0])).collect();
        Figures {
            compared: rows.len(),
            agree: count(&rows).0,
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
        let columns = [
            ("baseline (bank v1, weighted mean, bands 35/65), first 14", Model::Baseline, Subset::First),
            ("`porter-2`, first 14", Model::Previous, Subset::First),
            ("`porter-2`, 6 added", Model::Previous, Subset::Added),
            ("`porter-3`, all", Model::Porter3, Subset::All),
            ("current, first 14", Model::Current, Subset::First),
            ("current, 6 added", Model::Current, Subset::Added),
            ("**current, all**", Model::Current, Subset::All),
        ];
        let figures: Vec<Figures> = columns.iter().map(|&(_, m, s)| self.figures(m, s)).collect();
        let pct = |a: usize, n: usize| if n == 0 { 0.0 } else { 100.0 * a as f64 / n as f64 };
        let ratio = |(a, n): (usize, usize)| format!("{a}/{n} = {:.1}%", pct(a, n));
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
            "The current model is `{}` with bank v{} and bands 38/63. The first 14 industries were encoded for bank v1 \
             before any model changed; the 6 added industries were encoded for bank v2 and committed before any model \
             scored them, so for both `porter-2` and the current model they are held out.\n",
            fiveforces::analysis::score::MODEL,
            fiveforces::data::bank::BANK_VERSION,
        );
        let line = |w: &mut String, name: &str, cell: &dyn Fn(&Figures) -> String| {
            let cells: Vec<String> = figures.iter().map(cell).collect();
            let _ = writeln!(w, "| {name} | {} |", cells.join(" | "));
        };
        let heads: Vec<&str> = columns.iter().map(|c| c.0).collect();
        let _ = writeln!(w, "| | {} |", heads.join(" | "));
        let _ = writeln!(w, "| --- |{}", " --- |".repeat(columns.len()));
        line(w, "agreement", &|f| ratio((f.agree, f.compared)));
        line(w, "where the sources give one band", &|f| ratio(f.single));
        line(w, "without the entries whose sources span all three bands", &|f| ratio(f.nontrivial));
        for (i, force) in Force::ALL.into_iter().enumerate() {
            line(w, force.label(), &|f| f.per_force.get(i).map_or_else(String::new, |(_, a, n)| format!("{a}/{n}")));
        }
        line(w, "tool bands low / moderate / high", &|f| format!("{} / {} / {}", f.bands[0], f.bands[1], f.bands[2]));
        line(w, "Spearman ρ, score vs published band (multi-band = mean)", &|f| format!("{:.3}", f.rho));
        line(w, "Spearman ρ, single-band entries", &|f| format!("{:.3}", f.rho_single));
        let _ = writeln!(w);
        let (single, multi, mentions) = self.published_bands();
        let _ = writeln!(
            w,
            "Published bands: where the sources give one band, low {} / moderate {} / high {} ({} entries allow two or three bands); counting every band mentioned, low {} / moderate {} / high {}.\n",
            single[0], single[1], single[2], multi, mentions[0], mentions[1], mentions[2]
        );
        let _ = writeln!(
            w,
            "The baseline is the first model as it was measured before anything changed: first with the binary of commit `{BASELINE_COMMIT}` \
             (`calibration/baseline/baseline.txt`, 44/68), and reproduced here from the files as they were encoded \
             (`calibration/v1/`) with the previous bank (`calibration/v1/questions.toml`) and the previous rule \
             (weighted mean, bands 35/65), which this command re-implements so that anyone can rerun it. \
             `porter-2` is the model before `porter-3`: the same rules except buyer power and rivalry, which it \
             scored as the weighted mean of the applicable answers (re-implemented here too). `porter-3` is the model \
             before the current one: the same rules except rivalry, which it scored as one weighted mean of all its \
             conditions (the stronger of numerous or equal rivals counting once) with slow growth weighed 1.5 \
             (re-implemented here too).\n"
        );
        let misses: Vec<String> = self
            .rows
            .iter()
            .filter(|r| !r.agrees(Model::Current))
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
             - **Added industries.** Six industries (trucking, freight railroads, wine, chocolate, cruise lines, apparel \
             retail) were encoded for bank v2 by the same rules, from the search excerpts alone, by encoders who saw neither \
             the model nor any score, and committed (commit `aa0ed39`) before any model scored them. They have no v1 file and \
             no baseline.\n\
             - **Order of the model changes.** The current buyer rule (leverage times price sensitivity) was written after \
             `porter-2`'s misses on the first 14 were known and before the 6 added industries were scored; `porter-3`'s rivalry rule \
             (competitors numerous *or* roughly equal, the stronger counting once) was added after they had been scored once \
             (with the buyer rule alone the 6 gave 22/30), so for that rule they are not fully held out. Variants tried on \
             the way and not kept (a leverage factor from ⅔ instead of ½; a linear buyer rule) moved the total by −1 to +2 \
             ratings: differences of that size are within the noise of this set. One more variant was tried and rejected: \
             rivalry as a soft maximum of its conditions (as for the barriers) reached 82/98, but only by rating every \
             industry's rivalry high (70 to 93, soft drinks 92 against a published low/moderate): with a dozen conditions \
             one is nearly always present, and Porter's conditions add to rivalry rather than stand in for each other, so \
             it would have fitted this set, where 19 of 20 rivalries allow high, not followed the logic. \
             The current rivalry rule (`porter-4`) came after every industry of the set had been scored, so no industry is \
             held out for it; its argument and variants R1 to R4 were written down before any of them was scored (W2 and W3 \
             after R1 to R4 had been): Porter (2008) \
             separates the *intensity* of rivalry (numerous or equal rivals, slow growth, exit barriers, commitment, \
             signals that cannot be read) from its *basis* (price competition is most liable if products are nearly \
             identical, fixed costs high, capacity added in large steps, the product perishable), while `porter-3` pooled \
             both lists in one mean, so each aspect counted by how many questions the bank has for it (intensity 6 terms, \
             price basis 4). Variants, with the whole set's agreement (`porter-3`: 76/98): \
             (R1) the mean of the two aspects, each a weighted mean: 77; \
             (R2) slow growth weighed 1.0 instead of 1.5 (Porter ranks none of the intensity conditions; the bank gives \
             1.5 to determinants Porter treats as central, and there is no source for slow growth above exit barriers or \
             commitment), in the pooled mean: 78; R1 with R2: 78; \
             (R3) as R1 but the price basis a soft maximum of its four conditions, since each alone tempts rivals to cut \
             prices (fill fixed capacity, sell before the product perishes, absorb a glut, price the only difference): 78; \
             **R3 with R2: 79, kept**; \
             (R4) intensity times a price-basis factor from ½ to 1 (non-price rivalry erodes profit less): 72, and 71 with \
             R2, rejected (it would also discount the costly non-price battles that `rivalry.nonprice_battles` asks about); \
             (W2) R2 and every other weight of 1.5 outside substitutes set to 1.0 by the same reading (supplier and buyer \
             concentration, buyers' low switching, entrants' customer switching, input cost share): 78 with the pooled \
             mean, 78 with R1, 79 with R3, the other forces' bands unchanged and no score moved by more than 2, not applied (those weights only shift the mean share of a soft maximum \
             or minimum; left for a revision of the bank); (W3) W2 and every 0.5 outside substitutes set to 1.0: 77 with \
             the pooled mean, 78 with R1, 79 with R3, not applied. \
             The kept rule moves rivalry from 12 high / 8 moderate to 17 high / 3 moderate (fast food, cement, trucking \
             and cruise lines rise into high, as do banking and cinemas, published moderate/high; wine, whose only price \
             answer is differentiated products, falls from 68 to 50; soft drinks stays 75 against a published \
             low/moderate, and the scores still run from 44 to 85), so it does not rate every rivalry high, but rivalry is \
             now mostly high, as 19 of the 20 published rivalries allow. It gains 3 ratings, one more than the −1 to +2 \
             called noise above, and 80% is passed by one rating: read the result as about 80%, not as a clear \
             improvement. It does not hang on λ: with the price basis's λ anywhere from ½ to 0.833 the set gives 79, and \
             only one rivalry score (cement, 65) lies within 3 points of a band boundary.\n\
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
            "| industry | force | published | baseline | coverage | `porter-2` | `porter-3` | current | coverage | agrees (baseline → `porter-2` → `porter-3` → current) |"
        );
        let _ = writeln!(w, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for r in &self.rows {
            // An added industry has no v1 file, so no baseline at all (not an unscored one).
            let absent = |m: Model| m == Model::Baseline && r.added;
            let show = |m: Model| match (r.score(m), r.band(m)) {
                (Some(s), Some(b)) => format!("{s} {b}"),
                _ if absent(m) => "–".to_owned(),
                _ => "unscored".to_owned(),
            };
            let yn = |m: Model| match (absent(m), r.agrees(m)) {
                (true, _) => "–",
                (false, true) => "yes",
                (false, false) => "no",
            };
            let base_coverage =
                if absent(Model::Baseline) { "–".to_owned() } else { format!("{}%", r.baseline_coverage) };
            let _ = writeln!(
                w,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {}% | {} → {} → {} → {} |",
                r.slug,
                r.force.key(),
                r.published.join("/"),
                show(Model::Baseline),
                base_coverage,
                show(Model::Previous),
                show(Model::Porter3),
                show(Model::Current),
                r.current_coverage,
                yn(Model::Baseline),
                yn(Model::Previous),
                yn(Model::Porter3),
                yn(Model::Current)
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
pub const FLOOR: usize = 79;

fn crate_floor() -> String {
    format!("{FLOOR} force ratings agreeing")
}
