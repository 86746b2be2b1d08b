//! SMAA-2 (Lahdelma & Salminen 2001): how robust the ranking is. Weights are sampled (around
//! the elicited weights, or uniformly on the simplex when the team has not weighted yet), cell
//! values are drawn from the stakeholders' own scores (each stakeholder's score with a
//! probability proportional to their influence), and every sample ranks the options. The
//! share of samples in which an option takes rank r is its rank acceptability; rank 1 is its
//! probability of winning. Seeded and reproducible.

use std::sync::atomic::{AtomicBool, Ordering};

use rand_distr::{Distribution, Exp1, StandardNormal};
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::analysis::{Analysis, Evidence, NEUTRAL_IMPORTANCE};

/// The default number of samples and seed (reports state which were used).
pub const DEFAULT_SAMPLES: u32 = 10_000;
pub const DEFAULT_SEED: u64 = 2001;
pub const MAX_SAMPLES: u32 = 1_000_000;
/// Spread of the weights around the elicited ones: each weight is multiplied by e^(σ·z),
/// z standard normal, then all are renormalised.
pub const WEIGHT_SPREAD: f64 = 0.3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WeightModel {
    /// Uniform on the simplex: no weighting was elicited yet.
    Uniform,
    /// Log-normal noise around the elicited weights.
    AroundElicited,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Smaa {
    pub samples: u32,
    /// The seed as text (a u64 does not fit a JavaScript number).
    pub seed: String,
    pub weight_model: WeightModel,
    /// In the session's option order.
    pub options: Vec<RankAcceptability>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RankAcceptability {
    pub option_id: Uuid,
    /// `ranks[r]`: the share of samples in which the option took rank r + 1.
    pub ranks: Vec<f64>,
    /// `ranks[0]`: the probability of winning.
    pub win: f64,
}

/// Runs SMAA-2 on the evidence (whose elicited weights `analysis` holds).
pub fn smaa(evidence: &Evidence<'_>, analysis: &Analysis, samples: u32, seed: u64) -> Smaa {
    let never = AtomicBool::new(false);
    smaa_unless_stopped(evidence, analysis, samples, seed, &never).expect("nothing stops this run")
}

/// [`smaa`], given up (None) as soon as `stop` is set: the window stops a run once a newer
/// edit has made its figures stale. The flag is read between chunks of samples.
pub fn smaa_unless_stopped(
    evidence: &Evidence<'_>,
    analysis: &Analysis,
    samples: u32,
    seed: u64,
    stop: &AtomicBool,
) -> Option<Smaa> {
    let samples = samples.clamp(1, MAX_SAMPLES);
    let model = Model::new(evidence, analysis);
    let m = model.options;

    // Fixed-size chunks, each with its own stream (the seed's, jumped 2^128 steps once per
    // chunk before it): the result depends on the seed and the samples only, never on how
    // many threads shared the chunks.
    let chunks = samples.div_ceil(CHUNK);
    let threads = if samples >= PARALLEL_FROM {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(chunks as usize).max(1)
    } else {
        1
    };
    let counts = if threads == 1 {
        model.run(seed, samples, 0, 1, stop)?
    } else {
        std::thread::scope(|scope| {
            let runs: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn({
                        let model = &model;
                        move || model.run(seed, samples, t as u32, threads as u32, stop)
                    })
                })
                .collect();
            let mut total = vec![0u32; m * m];
            for run in runs {
                // A worker that panicked has no counts to give; the others still count.
                match run.join() {
                    Ok(Some(counts)) => total.iter_mut().zip(counts).for_each(|(t, c)| *t += c),
                    Ok(None) => return None,
                    Err(_) => {}
                }
            }
            Some(total)
        })?
    };
    let counts: Vec<Vec<u32>> = counts.chunks(m.max(1)).map(<[u32]>::to_vec).collect();
    let options = evidence
        .options
        .iter()
        .enumerate()
        .map(|(o, option)| {
            let ranks: Vec<f64> = counts[o].iter().map(|c| f64::from(*c) / f64::from(samples)).collect();
            RankAcceptability { option_id: option.id, win: ranks.first().copied().unwrap_or(0.0), ranks }
        })
        .collect();
    Some(Smaa { samples, seed: seed.to_string(), weight_model: model.weight_model, options })
}

/// Samples per chunk of the random stream.
const CHUNK: u32 = 1024;
/// From this many samples (four chunks) on, the chunks are shared among the cores.
const PARALLEL_FROM: u32 = 4 * CHUNK;

/// What every sample draws from: the weights' model, the matrix's fixed part, and every
/// drawn cell of every option in one list (two cells take one 64-bit draw). The matrices are
/// driver-major (`[driver * options + option]`): one weight scales a run of options, which
/// the compiler turns into vector arithmetic.
struct Model {
    weight_model: WeightModel,
    base: Vec<f64>,
    options: usize,
    /// The value everyone gave, 0 where unscored or drawn; None when no cell is fixed.
    fixed: Option<Vec<f64>>,
    /// 1 where the option has a score (fixed or drawn), 0 where not; None when every cell has
    /// one, so each total's denominator is the sum of all weights.
    scored: Option<Vec<f64>>,
    /// Per option: a fixed cell already fails a must-have.
    fails: Vec<bool>,
    /// Ordered by driver, then option: consecutive cells add to different totals, so the
    /// additions do not wait on each other.
    drawn: Vec<Drawn>,
    /// The drawn cells' alias tables, in the same order.
    tables: Vec<Table>,
}

/// A cell whose value is drawn per sample.
struct Drawn {
    option: u32,
    driver: u32,
    /// A must-have whose scores include a failing one.
    can_fail: bool,
}

impl Model {
    fn new(evidence: &Evidence<'_>, analysis: &Analysis) -> Self {
        let (drivers, options) = (evidence.drivers, evidence.options);
        let n = drivers.len();
        // Elicited: somebody rated (or, with AHP, compared) a driver the weights came from.
        let elicited = analysis.weights.iter().any(|w| w.rated_by > 0);
        let weight_model = if elicited { WeightModel::AroundElicited } else { WeightModel::Uniform };
        let mut base: Vec<f64> = analysis.weights.iter().map(|w| w.weight).collect();
        base.resize(n, NEUTRAL_IMPORTANCE);
        let person: std::collections::HashMap<Uuid, f64> =
            evidence.stakeholders.iter().map(|s| (s.id, s.influence)).collect();
        // Each cell's scores, with their authors' influence.
        let mut given: Vec<Vec<(f64, f64)>> = vec![Vec::new(); options.len() * n];
        let option_at: std::collections::HashMap<Uuid, usize> =
            options.iter().enumerate().map(|(o, x)| (x.id, o)).collect();
        let driver_at: std::collections::HashMap<Uuid, usize> =
            drivers.iter().enumerate().map(|(d, x)| (x.id, d)).collect();
        for s in evidence.scores {
            if let (Some(o), Some(d), Some(influence)) =
                (option_at.get(&s.option_id), driver_at.get(&s.driver_id), person.get(&s.stakeholder_id))
            {
                given[o * n + d].push((f64::from(s.value), *influence));
            }
        }
        let m = options.len();
        let (mut fixed, mut scored) = (vec![0.0; n * m], vec![0.0; n * m]);
        let (mut any_fixed, mut complete) = (false, true);
        let mut model = Self {
            weight_model,
            base,
            options: m,
            fixed: None,
            scored: None,
            fails: vec![false; m],
            drawn: Vec::new(),
            tables: Vec::new(),
        };
        for (d, driver) in drivers.iter().enumerate() {
            for o in 0..m {
                let cell = &given[o * n + d];
                if cell.is_empty() {
                    complete = false;
                    continue;
                }
                scored[d * m + o] = 1.0;
                match Cell::new(cell) {
                    Cell::Fixed(value) => {
                        fixed[d * m + o] = value;
                        any_fixed = true;
                        model.fails[o] |= driver.must_have && value <= crate::analysis::MUST_HAVE_FLOOR;
                    }
                    Cell::Drawn(table) => {
                        let can_fail = driver.must_have
                            && cell.iter().any(|(value, _)| *value <= crate::analysis::MUST_HAVE_FLOOR);
                        model.drawn.push(Drawn { option: o as u32, driver: d as u32, can_fail });
                        model.tables.push(table);
                    }
                }
            }
        }
        model.fixed = any_fixed.then_some(fixed);
        model.scored = (!complete).then_some(scored);
        model
    }

    /// The rank counts (`[option * options + rank]`) of chunks `first`, `first + step`, …;
    /// None once `stop` is set.
    fn run(&self, seed: u64, samples: u32, first: u32, step: u32, stop: &AtomicBool) -> Option<Vec<u32>> {
        let m = self.options;
        let mut counts = vec![0u32; m * m];
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        for _ in 0..first {
            rng.jump();
        }
        let mut work = Work {
            weights: vec![0.0; self.base.len()],
            totals: vec![0.0; m],
            dens: vec![0.0; m],
            fails: vec![false; m],
            keys: vec![0.0; m],
        };
        let mut chunk = first;
        while chunk * CHUNK < samples {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let mut stream = rng.clone();
            let count = CHUNK.min(samples - chunk * CHUNK);
            for _ in 0..count {
                self.sample(&mut stream, &mut work);
                // An option's rank: how many options come before it (a better key, or the
                // same key and an earlier place in the session's order), one comparison a pair.
                for (o, &key) in work.keys.iter().enumerate() {
                    let ahead: usize = work
                        .keys
                        .iter()
                        .enumerate()
                        .map(|(p, &k)| usize::from((k < key) | ((k == key) & (p < o))))
                        .sum();
                    counts[o * m + ahead] += 1;
                }
            }
            for _ in 0..step {
                rng.jump();
            }
            chunk += step;
        }
        Some(counts)
    }

    /// One sample: weights, then each option's total and its sort key in `work.keys` (lower
    /// is better). The weights are not normalised: a total is Σ w·v / Σ w over the option's
    /// scored drivers, which any common factor of the weights leaves as it is.
    fn sample(&self, rng: &mut Xoshiro256PlusPlus, work: &mut Work) {
        match self.weight_model {
            WeightModel::Uniform => work.weights.iter_mut().for_each(|w| *w = Exp1.sample(rng)),
            WeightModel::AroundElicited => {
                for (w, base) in work.weights.iter_mut().zip(&self.base) {
                    let z: f64 = StandardNormal.sample(rng);
                    *w = base * (WEIGHT_SPREAD * z).exp();
                }
            }
        }
        let m = self.options;
        work.totals.fill(0.0);
        work.fails.copy_from_slice(&self.fails);
        if let Some(fixed) = &self.fixed {
            add_scaled(&mut work.totals, &work.weights, fixed, m);
        }
        // Two cells per 64-bit draw, 32 bits each.
        let (cells, tables) = (self.drawn.chunks_exact(2), self.tables.chunks_exact(2));
        let rest = (cells.remainder(), tables.remainder());
        for (cells, tables) in cells.zip(tables) {
            let bits = rng.next_u64();
            add(&cells[0], &tables[0], bits as u32, work);
            add(&cells[1], &tables[1], (bits >> 32) as u32, work);
        }
        if let ([cell], [table]) = rest {
            add(cell, table, (rng.next_u64() >> 32) as u32, work);
        }
        match &self.scored {
            None => work.dens.fill(work.weights.iter().sum()),
            Some(scored) => {
                work.dens.fill(0.0);
                add_scaled(&mut work.dens, &work.weights, scored, m);
            }
        }
        for o in 0..m {
            let den = work.dens[o];
            // Totals lie in [0, 5]; an option failing a must-have comes after every option
            // that passes, and an option with no total after those with one.
            let total = work.totals[o] / den;
            debug_assert!(den <= 0.0 || (-1e-9..=5.0 + 1e-9).contains(&total), "{total}");
            work.keys[o] = match (work.fails[o], den > 0.0) {
                (false, true) => -total,
                (false, false) => 10.0,
                (true, true) => 20.0 - total,
                (true, false) => 30.0,
            };
        }
    }
}

/// Draws `cell`'s value from its table with 32 random bits and adds it to its option's total.
fn add(cell: &Drawn, table: &Table, bits: u32, work: &mut Work) {
    let value = f64::from(table.pick(bits));
    let option = cell.option as usize;
    work.totals[option] += work.weights[cell.driver as usize] * value;
    if cell.can_fail {
        work.fails[option] |= value <= crate::analysis::MUST_HAVE_FLOOR;
    }
}

/// One sample's scratch space, per option unless said.
struct Work {
    /// Per driver.
    weights: Vec<f64>,
    /// Σ w·v over the option's scored drivers.
    totals: Vec<f64>,
    /// Σ w over the option's scored drivers.
    dens: Vec<f64>,
    fails: Vec<bool>,
    /// Lower is better.
    keys: Vec<f64>,
}

/// `sums[o] += Σ_d weights[d] · matrix[d * options + o]`, eight options at a time in
/// registers.
fn add_scaled(sums: &mut [f64], weights: &[f64], matrix: &[f64], options: usize) {
    const LANES: usize = 8;
    for (block, out) in sums.chunks_mut(LANES).enumerate() {
        let first = block * LANES;
        let mut acc = [0.0; LANES];
        if out.len() == LANES {
            for (d, w) in weights.iter().enumerate() {
                let row = &matrix[d * options + first..][..LANES];
                for lane in 0..LANES {
                    acc[lane] += w * row[lane];
                }
            }
        } else {
            for (d, w) in weights.iter().enumerate() {
                let row = &matrix[d * options + first..][..out.len()];
                acc.iter_mut().zip(row).for_each(|(a, v)| *a += w * v);
            }
        }
        out.iter_mut().zip(acc).for_each(|(sum, a)| *sum += a);
    }
}

/// One scored cell of the matrix: a value everyone gave alike, or the stakeholders' scores
/// as an alias table (Vose's method), each score drawn with a probability proportional to
/// the influence of those who gave it, in constant time.
enum Cell {
    Fixed(f64),
    Drawn(Table),
}

/// An alias table of [`SLOTS`] slots (scores are 0–5, so a cell has at most six distinct
/// values; unused slots have no probability of their own). With 32 random bits, the top three
/// pick the slot and the other 29, shifted up, keep the slot's own value when under its
/// `keep` (a probability in units of 2^-32), else yield its alias's.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Table {
    keep: [u32; SLOTS],
    own: [u8; SLOTS],
    other: [u8; SLOTS],
}

const SLOTS: usize = 8;

impl Table {
    /// The value for 32 random bits (branch-free: the select is an index).
    fn pick(&self, bits: u32) -> u8 {
        let slot = (bits >> 29) as usize;
        [self.other[slot], self.own[slot]][usize::from((bits << 3) < self.keep[slot])]
    }
}

impl Cell {
    /// `given`: (score, influence) pairs, at least one, scores whole numbers 0–5, influences
    /// positive. Equal scores share one slot with their influences summed.
    fn new(given: &[(f64, f64)]) -> Self {
        let mut values: Vec<(f64, f64)> = Vec::with_capacity(SLOTS);
        for &(value, influence) in given {
            match values.iter_mut().find(|(v, _)| *v == value) {
                Some((_, sum)) => *sum += influence,
                None => values.push((value, influence)),
            }
        }
        if values.len() == 1 {
            return Self::Fixed(values[0].0);
        }
        assert!(values.len() <= SLOTS, "a score is a whole number from 0 to 5");
        values.resize(SLOTS, (0.0, 0.0));
        let total: f64 = values.iter().map(|(_, influence)| influence).sum();
        let mut keep: Vec<f64> = values.iter().map(|(_, influence)| influence * SLOTS as f64 / total).collect();
        let mut alias: Vec<usize> = (0..SLOTS).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..SLOTS).partition(|&i| keep[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            alias[s] = l;
            keep[l] -= 1.0 - keep[s];
            if keep[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left is 1 up to rounding: those slots are their own alias, so rounding
        // their top threshold down is harmless.
        for i in small.into_iter().chain(large) {
            keep[i] = 1.0;
        }
        let mut table = Table { keep: [0; SLOTS], own: [0; SLOTS], other: [0; SLOTS] };
        for i in 0..SLOTS {
            table.keep[i] = (keep[i] * 4_294_967_296.0).round().min(f64::from(u32::MAX)) as u32;
            table.own[i] = values[i].0 as u8;
            table.other[i] = values[alias[i]].0 as u8;
        }
        Self::Drawn(table)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;
    use crate::analysis::tests::{driver, id, option, score, stakeholder};
    use crate::sessions::Weighting;

    fn run(
        scores: &[crate::scoring::Score],
        drivers: usize,
        options: usize,
        people: &[f64],
        samples: u32,
        seed: u64,
    ) -> Smaa {
        let drivers: Vec<_> = (0..drivers).map(|i| driver(100 + i as u128, false)).collect();
        let options: Vec<_> = (0..options).map(|i| option(200 + i as u128)).collect();
        let stakeholders: Vec<_> = people.iter().enumerate().map(|(i, f)| stakeholder(1 + i as u128, *f)).collect();
        let evidence = Evidence {
            drivers: &drivers,
            options: &options,
            stakeholders: &stakeholders,
            importances: &[],
            scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        };
        smaa(&evidence, &analyze(&evidence), samples, seed)
    }

    /// One driver, two options, two stakeholders who disagree (influence 1 and 2): `check`
    /// gets the evidence and its analysis.
    fn two_people_disagreeing(check: impl FnOnce(&Evidence<'_>, &Analysis)) {
        let scores = [score(1, 100, 200, 5), score(2, 100, 200, 2), score(1, 100, 201, 1), score(2, 100, 201, 4)];
        let drivers = [driver(100, false)];
        let options = [option(200), option(201)];
        let stakeholders = [stakeholder(1, 1.0), stakeholder(2, 2.0)];
        let evidence = Evidence {
            drivers: &drivers,
            options: &options,
            stakeholders: &stakeholders,
            importances: &[],
            scores: &scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        };
        let analysis = analyze(&evidence);
        check(&evidence, &analysis);
    }

    /// The chunks' streams make the counts the same whether one thread runs every chunk or
    /// several share them: a seed gives one result on any machine.
    #[test]
    fn the_result_does_not_depend_on_the_number_of_threads() {
        two_people_disagreeing(|evidence, analysis| {
            let samples = PARALLEL_FROM + CHUNK + 17; // smaa() shares it among the cores
            let whole = smaa(evidence, analysis, samples, 11);
            // The same model, run by one, two and three workers.
            let model = Model::new(evidence, analysis);
            let never = AtomicBool::new(false);
            let by = |workers: u32| -> Vec<u32> {
                let mut total = vec![0u32; 4];
                for first in 0..workers {
                    let counts = model.run(11, samples, first, workers, &never).unwrap();
                    total.iter_mut().zip(counts).for_each(|(t, c)| *t += c);
                }
                total
            };
            assert_eq!(by(1), by(2));
            assert_eq!(by(1), by(3));
            let expected: Vec<Vec<f64>> =
                by(1).chunks(2).map(|c| c.iter().map(|n| f64::from(*n) / f64::from(samples)).collect()).collect();
            let ranks: Vec<Vec<f64>> = whole.options.iter().map(|o| o.ranks.clone()).collect();
            assert_eq!(ranks, expected, "smaa() is this model's run");
        });
    }

    #[test]
    fn a_stopped_run_gives_no_figures() {
        two_people_disagreeing(|evidence, analysis| {
            let stop = AtomicBool::new(true);
            assert_eq!(smaa_unless_stopped(evidence, analysis, 100, 1, &stop), None);
            assert_eq!(smaa_unless_stopped(evidence, analysis, 100_000, 1, &stop), None, "every worker stops");
            stop.store(false, Ordering::Relaxed);
            assert_eq!(smaa_unless_stopped(evidence, analysis, 100, 1, &stop), Some(smaa(evidence, analysis, 100, 1)));
        });
    }

    /// numpy's SMAA-2 on its own model (one stakeholder's 30 × 8 matrix, Dirichlet(1)
    /// weights, 1,000,000 samples; tests/python_reference/smaa_fixture.py) and ours agree on
    /// every rank acceptability within five standard errors of the two estimates together.
    /// Seeded, so the outcome never changes from run to run.
    #[test]
    fn matches_numpy_on_numpys_model() {
        #[derive(Deserialize)]
        struct Reference {
            samples: u32,
            scores: Vec<Vec<u8>>,
            ranks: Vec<Vec<f64>>,
        }
        let reference: Reference =
            serde_json::from_str(include_str!("../../../../tests/fixtures/smaa/numpy_reference.json")).unwrap();
        let (n, m) = (reference.scores.len(), reference.scores[0].len());
        let scores: Vec<_> = reference
            .scores
            .iter()
            .enumerate()
            .flat_map(|(d, row)| {
                row.iter().enumerate().map(move |(o, v)| score(1, 100 + d as u128, 200 + o as u128, *v))
            })
            .collect();
        let samples = 200_000;
        let ours = run(&scores, n, m, &[1.0], samples, 2026);
        assert_eq!(ours.weight_model, WeightModel::Uniform);
        for (o, (mine, theirs)) in ours.options.iter().zip(&reference.ranks).enumerate() {
            for (r, (p, q)) in mine.ranks.iter().zip(theirs).enumerate() {
                let var = |p: f64, n: u32| p * (1.0 - p) / f64::from(n);
                let se = (var(*q, samples) + var(*q, reference.samples)).sqrt().max(1e-4);
                assert!((p - q).abs() < 5.0 * se, "option {o}, rank {}: ours {p:.4}, numpy {q:.4} (se {se:.4})", r + 1);
            }
        }
    }

    /// Two drivers, weights uniform on the simplex (w1 ~ U(0, 1)); A scores (5, 2), B (1, 4):
    /// A's total ∝ 2 + 3·w1 and B's ∝ 4 − 3·w1, so A wins exactly when w1 > 1/3: P = 2/3.
    #[test]
    fn uniform_weights_match_the_exact_answer() {
        let scores = [score(1, 100, 200, 5), score(1, 101, 200, 2), score(1, 100, 201, 1), score(1, 101, 201, 4)];
        let result = run(&scores, 2, 2, &[1.0], 20_000, 7);
        assert_eq!(result.weight_model, WeightModel::Uniform);
        // Monte-Carlo error: sd = sqrt(p(1 − p)/n) = 0.0033; allow four of them.
        assert!((result.options[0].win - 2.0 / 3.0).abs() < 0.014, "{result:?}");
        assert!((result.options[0].ranks[1] - 1.0 / 3.0).abs() < 0.014);
        for o in &result.options {
            assert!((o.ranks.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }

    /// One driver; Ana (influence 1) gives A 5 and Bo (influence 3) gives A 1; both give B 3.
    /// A's cell is 5 with probability 1/4 (then A wins) and 1 otherwise: P(A wins) = 1/4.
    #[test]
    fn cell_values_follow_the_stakeholders_spread_and_influence() {
        let scores = [score(1, 100, 200, 5), score(2, 100, 200, 1), score(1, 100, 201, 3), score(2, 100, 201, 3)];
        let result = run(&scores, 1, 2, &[1.0, 3.0], 20_000, 11);
        assert!((result.options[0].win - 0.25).abs() < 0.013, "{result:?}");
        assert!((result.options[1].win - 0.75).abs() < 0.013);
    }

    /// The alias table gives each stakeholder's score exactly its share of the influence:
    /// slot i yields itself with probability keep[i]/2^32/8 and its alias otherwise; equal
    /// scores share a slot; one distinct score is fixed.
    #[test]
    fn alias_tables_draw_each_score_in_proportion_to_influence() {
        assert!(matches!(Cell::new(&[(4.0, 1.0), (4.0, 3.0)]), Cell::Fixed(4.0)));
        for influences in [vec![1.0, 1.0, 1.0], vec![1.0, 3.0, 0.5, 2.0], vec![0.1, 10.0, 0.1, 0.1, 7.3, 2.0]] {
            let given: Vec<(f64, f64)> = influences.iter().enumerate().map(|(i, f)| (i as f64, *f)).collect();
            // Each score given a second time by somebody of no weight worth counting twice.
            let twice: Vec<(f64, f64)> = given.iter().flat_map(|&(v, f)| [(v, f / 2.0), (v, f / 2.0)]).collect();
            let Cell::Drawn(table) = Cell::new(&given) else { panic!("distinct scores are drawn") };
            assert!(matches!(Cell::new(&twice), Cell::Drawn(t) if t == table), "equal scores share a slot");
            let mut mass = vec![0.0; SLOTS];
            for slot in 0..SLOTS {
                let keep = f64::from(table.keep[slot]) / 4_294_967_296.0;
                mass[usize::from(table.own[slot])] += keep / SLOTS as f64;
                mass[usize::from(table.other[slot])] += (1.0 - keep) / SLOTS as f64;
            }
            let total: f64 = influences.iter().sum();
            for (i, f) in influences.iter().enumerate() {
                assert!((mass[i] - f / total).abs() < 1e-9, "{influences:?}: {mass:?}");
            }
            // `pick` reads the table right: bits evenly spread over the 32-bit range, both
            // ends included, yield each score as often as its share says.
            let steps: u64 = 400_000;
            let mut drawn = vec![0u32; SLOTS];
            for i in 0..=steps {
                let bits = (i * u64::from(u32::MAX) / steps) as u32;
                drawn[usize::from(table.pick(bits))] += 1;
            }
            for (i, f) in influences.iter().enumerate() {
                let share = f64::from(drawn[i]) / (steps + 1) as f64;
                assert!((share - f / total).abs() < 1e-4, "{influences:?}: drawn {drawn:?}");
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_result_and_another_seed_another() {
        let scores = [score(1, 100, 200, 5), score(2, 101, 200, 1), score(1, 100, 201, 2), score(2, 101, 201, 4)];
        let a = run(&scores, 2, 2, &[1.0, 1.0], 5_000, 42);
        assert_eq!(a, run(&scores, 2, 2, &[1.0, 1.0], 5_000, 42));
        assert_ne!(a.options, run(&scores, 2, 2, &[1.0, 1.0], 5_000, 43).options);
        assert_eq!((a.samples, a.seed.as_str()), (5_000, "42"));
    }

    #[test]
    fn elicited_weights_are_the_centre_of_the_sampling() {
        let drivers = [driver(100, false), driver(101, false)];
        let options = [option(200), option(201)];
        let people = [stakeholder(1, 1.0)];
        // Importance 5 vs 1: weights 5/6 and 1/6. A is better on the heavy driver.
        let importances = [
            crate::scoring::Importance { stakeholder_id: id(1), driver_id: id(100), value: 5 },
            crate::scoring::Importance { stakeholder_id: id(1), driver_id: id(101), value: 1 },
        ];
        let scores = [score(1, 100, 200, 5), score(1, 101, 200, 0), score(1, 100, 201, 0), score(1, 101, 201, 5)];
        let evidence = Evidence {
            drivers: &drivers,
            options: &options,
            stakeholders: &people,
            importances: &importances,
            scores: &scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        };
        let result = smaa(&evidence, &analyze(&evidence), 10_000, 3);
        assert_eq!(result.weight_model, WeightModel::AroundElicited);
        // A wins when its weight exceeds 1/2; centred on 5/6 with σ = 0.3 that is nearly always.
        assert!(result.options[0].win > 0.99, "{result:?}");
    }
}
