//! SMAA-2 (Lahdelma & Salminen 2001): how robust the ranking is. Weights are sampled (around
//! the elicited weights, or uniformly on the simplex when the team has not weighted yet), cell
//! values are drawn from the stakeholders' own scores (each stakeholder's score with a
//! probability proportional to their influence), and every sample ranks the options. The
//! share of samples in which an option takes rank r is its rank acceptability; rank 1 is its
//! probability of winning. Seeded and reproducible.

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
    let samples = samples.clamp(1, MAX_SAMPLES);
    let (drivers, options) = (evidence.drivers, evidence.options);
    let (n, m) = (drivers.len(), options.len());
    // Elicited: somebody rated (or, with AHP, compared) a driver the weights came from.
    let elicited = analysis.weights.iter().any(|w| w.rated_by > 0);
    let weight_model = if elicited { WeightModel::AroundElicited } else { WeightModel::Uniform };
    let base: Vec<f64> = analysis.weights.iter().map(|w| w.weight).collect();

    // Each option's scored cells: the driver, and its scores as an alias table.
    let person: std::collections::HashMap<Uuid, f64> =
        evidence.stakeholders.iter().map(|s| (s.id, s.influence)).collect();
    let cells: Vec<Vec<Cell>> = options
        .iter()
        .map(|option| {
            drivers
                .iter()
                .enumerate()
                .filter_map(|(d, driver)| {
                    let given: Vec<(f64, f64)> = evidence
                        .scores
                        .iter()
                        .filter(|s| s.driver_id == driver.id && s.option_id == option.id)
                        .filter_map(|s| Some((f64::from(s.value), *person.get(&s.stakeholder_id)?)))
                        .collect();
                    (!given.is_empty()).then(|| Cell::new(d, &given))
                })
                .collect()
        })
        .collect();
    let must_have: Vec<bool> = drivers.iter().map(|d| d.must_have).collect();
    let model = Model {
        weight_model,
        base,
        rows: cells.into_iter().map(|cells| Row::new(cells, &must_have, n)).collect(),
        options: m,
        drivers: n,
    };

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
        model.run(seed, samples, 0, 1)
    } else {
        std::thread::scope(|scope| {
            let runs: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn({
                        let model = &model;
                        move || model.run(seed, samples, t as u32, threads as u32)
                    })
                })
                .collect();
            let mut total = vec![0u32; m * m];
            for run in runs {
                // A worker that panicked has no counts to give; the others still count.
                if let Ok(counts) = run.join() {
                    total.iter_mut().zip(counts).for_each(|(t, c)| *t += c);
                }
            }
            total
        })
    };
    let counts: Vec<Vec<u32>> = counts.chunks(m.max(1)).map(<[u32]>::to_vec).collect();
    let options = options
        .iter()
        .enumerate()
        .map(|(o, option)| {
            let ranks: Vec<f64> = counts[o].iter().map(|c| f64::from(*c) / f64::from(samples)).collect();
            RankAcceptability { option_id: option.id, win: ranks.first().copied().unwrap_or(0.0), ranks }
        })
        .collect();
    Smaa { samples, seed: seed.to_string(), weight_model, options }
}

/// Samples per chunk of the random stream.
const CHUNK: u32 = 2048;
/// From this many samples (four chunks) on, the chunks are shared among the cores.
const PARALLEL_FROM: u32 = 8_192;

/// What every sample draws from: the weights' model and the options' rows.
struct Model {
    weight_model: WeightModel,
    base: Vec<f64>,
    /// Per option, its scored cells, prepared for sampling.
    rows: Vec<Row>,
    options: usize,
    drivers: usize,
}

/// One option's cells as a sample needs them: the cells everyone scored alike as a dense row
/// (0 where unscored or drawn) taken in one pass, the others drawn each time.
struct Row {
    /// Per driver: the fixed value, 0 elsewhere.
    fixed: Vec<f64>,
    /// Per driver: 1 where the option has a score (fixed or drawn), 0 where it has none.
    scored: Vec<f64>,
    /// Every driver scored: the total's denominator is the sum of all weights.
    complete: bool,
    /// A fixed cell already fails a must-have.
    fails: bool,
    /// The cells whose value is drawn per sample.
    drawn: Vec<Cell>,
    /// Per drawn cell: whether its driver is a must-have.
    drawn_must: Vec<bool>,
}

impl Row {
    fn new(cells: Vec<Cell>, must_have: &[bool], drivers: usize) -> Self {
        let mut row = Self {
            fixed: vec![0.0; drivers],
            scored: vec![0.0; drivers],
            complete: cells.len() == drivers,
            fails: false,
            drawn: Vec::new(),
            drawn_must: Vec::new(),
        };
        for cell in cells {
            row.scored[cell.driver] = 1.0;
            if cell.fixed {
                row.fixed[cell.driver] = cell.values[0];
                row.fails |= must_have[cell.driver] && cell.values[0] <= crate::analysis::MUST_HAVE_FLOOR;
            } else {
                row.drawn_must.push(must_have[cell.driver]);
                row.drawn.push(cell);
            }
        }
        row
    }
}

/// Σ a·b, in four running sums (the compiler keeps them in registers side by side).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sums = [0.0; 4];
    let (chunks_a, rest_a) = (a.chunks_exact(4), a.len() - a.len() % 4);
    for (ca, cb) in chunks_a.zip(b.chunks_exact(4)) {
        for lane in 0..4 {
            sums[lane] += ca[lane] * cb[lane];
        }
    }
    let tail: f64 = a[rest_a..].iter().zip(&b[rest_a..]).map(|(x, y)| x * y).sum();
    (sums[0] + sums[1]) + (sums[2] + sums[3]) + tail
}

impl Model {
    /// The rank counts (`[option * options + rank]`) of chunks `first`, `first + step`, …
    fn run(&self, seed: u64, samples: u32, first: u32, step: u32) -> Vec<u32> {
        let m = self.options;
        let mut counts = vec![0u32; m * m];
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
        for _ in 0..first {
            rng.jump();
        }
        let mut weights = vec![0.0; self.drivers];
        let mut totals: Vec<(bool, bool, f64, usize)> = Vec::with_capacity(m);
        let mut chunk = first;
        while chunk * CHUNK < samples {
            let mut stream = rng.clone();
            let count = CHUNK.min(samples - chunk * CHUNK);
            for _ in 0..count {
                self.sample(&mut stream, &mut weights, &mut totals);
                for (rank, &(_, _, _, o)) in totals.iter().enumerate() {
                    counts[o * m + rank] += 1;
                }
            }
            for _ in 0..step {
                rng.jump();
            }
            chunk += step;
        }
        counts
    }

    /// One sample: weights, then each option's total; `totals` ends sorted best first. The
    /// weights are not normalised: a total is Σ w·v / Σ w over the option's scored drivers,
    /// which any common factor of the weights leaves as it is.
    fn sample(&self, rng: &mut Xoshiro256PlusPlus, weights: &mut [f64], totals: &mut Vec<(bool, bool, f64, usize)>) {
        let mut spare = None;
        for (d, w) in weights.iter_mut().enumerate() {
            *w = match self.weight_model {
                WeightModel::Uniform => -(1.0 - unit(rng)).ln(),
                WeightModel::AroundElicited => {
                    let z = spare.take().unwrap_or_else(|| {
                        let (z, next) = normal_pair(rng);
                        spare = Some(next);
                        z
                    });
                    self.base.get(d).copied().unwrap_or(NEUTRAL_IMPORTANCE) * (WEIGHT_SPREAD * z).exp()
                }
            };
        }
        let all: f64 = weights.iter().sum();
        // (fails a must-have, has no total, −total, index) sorts best first.
        totals.clear();
        for (o, row) in self.rows.iter().enumerate() {
            let mut num = dot(weights, &row.fixed);
            let mut fails = row.fails;
            for (cell, must) in row.drawn.iter().zip(&row.drawn_must) {
                let value = cell.draw(rng);
                num += weights[cell.driver] * value;
                fails |= *must && value <= crate::analysis::MUST_HAVE_FLOOR;
            }
            let den = if row.complete { all } else { dot(weights, &row.scored) };
            let total = if den > 0.0 { num / den } else { f64::NEG_INFINITY };
            totals.push((fails, den <= 0.0, -total, o));
        }
        totals.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)).then(a.3.cmp(&b.3)));
    }
}

/// A uniform number in [0, 1).
fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Two independent standard normal numbers (Box–Muller).
fn normal_pair(rng: &mut Xoshiro256PlusPlus) -> (f64, f64) {
    let u = 1.0 - unit(rng); // (0, 1]
    let v = unit(rng);
    let radius = (-2.0 * u.ln()).sqrt();
    let (sin, cos) = (std::f64::consts::TAU * v).sin_cos();
    (radius * cos, radius * sin)
}

/// One scored cell of the matrix: the stakeholders' scores, each drawn with a probability
/// proportional to its author's influence, in constant time (Vose's alias method).
struct Cell {
    driver: usize,
    values: Vec<f64>,
    /// `keep[i]`: the probability that slot i yields its own value rather than `alias[i]`'s.
    keep: Vec<f64>,
    alias: Vec<usize>,
    /// Every score is the same: no draw needed.
    fixed: bool,
}

impl Cell {
    /// `given`: (score, influence) pairs, at least one, influences positive.
    fn new(driver: usize, given: &[(f64, f64)]) -> Self {
        let k = given.len();
        let total: f64 = given.iter().map(|(_, influence)| influence).sum();
        let mut keep: Vec<f64> = given.iter().map(|(_, influence)| influence * k as f64 / total).collect();
        let mut alias: Vec<usize> = (0..k).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..k).partition(|&i| keep[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            alias[s] = l;
            keep[l] -= 1.0 - keep[s];
            if keep[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // What is left is 1 up to rounding.
        for i in small.into_iter().chain(large) {
            keep[i] = 1.0;
        }
        let values: Vec<f64> = given.iter().map(|(value, _)| *value).collect();
        let fixed = values.iter().all(|v| *v == values[0]);
        Self { driver, values, keep, alias, fixed }
    }

    /// A value drawn with `rng`; a cell everyone scored alike (or one person scored) is that
    /// score, and takes nothing from the stream.
    fn draw(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        if self.fixed { self.values[0] } else { self.draw_at(unit(rng)) }
    }

    /// The value for `u` uniform in [0, 1).
    fn draw_at(&self, u: f64) -> f64 {
        let scaled = u * self.values.len() as f64;
        let slot = (scaled as usize).min(self.values.len() - 1);
        let index = if scaled - (slot as f64) < self.keep[slot] { slot } else { self.alias[slot] };
        self.values[index]
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

    /// The chunks' streams make the counts the same whether one thread runs every chunk or
    /// several share them: a seed gives one result on any machine.
    #[test]
    fn the_result_does_not_depend_on_the_number_of_threads() {
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
        let samples = PARALLEL_FROM + CHUNK + 17; // smaa() shares it among the cores
        let whole = smaa(&evidence, &analysis, samples, 11);
        let model_of = |result: &Smaa| result.options.iter().map(|o| o.ranks.clone()).collect::<Vec<_>>();
        // The same model, run by one, two and three workers.
        let person: std::collections::HashMap<Uuid, f64> = stakeholders.iter().map(|s| (s.id, s.influence)).collect();
        let cell = |option: u128, values: &[(f64, u128)]| {
            let given: Vec<(f64, f64)> = values.iter().map(|(v, p)| (*v, person[&id(*p)])).collect();
            let _ = option;
            Cell::new(0, &given)
        };
        let rows = [cell(200, &[(5.0, 1), (2.0, 2)]), cell(201, &[(1.0, 1), (4.0, 2)])];
        let model = Model {
            weight_model: whole.weight_model,
            base: analysis.weights.iter().map(|w| w.weight).collect(),
            rows: rows.into_iter().map(|c| Row::new(vec![c], &[false], 1)).collect(),
            options: 2,
            drivers: 1,
        };
        let by = |workers: u32| -> Vec<u32> {
            let mut total = vec![0u32; 4];
            for first in 0..workers {
                total.iter_mut().zip(model.run(11, samples, first, workers)).for_each(|(t, c)| *t += c);
            }
            total
        };
        assert_eq!(by(1), by(2));
        assert_eq!(by(1), by(3));
        let counts = by(1);
        let expected: Vec<Vec<f64>> =
            counts.chunks(2).map(|c| c.iter().map(|n| f64::from(*n) / f64::from(samples)).collect()).collect();
        assert_eq!(model_of(&whole), expected, "smaa() is this model's run");
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
    /// slot i yields itself with probability keep[i]/k and its alias with (1 − keep[i])/k.
    #[test]
    fn alias_tables_draw_each_score_in_proportion_to_influence() {
        for influences in [vec![1.0], vec![1.0, 1.0, 1.0], vec![1.0, 3.0, 0.5, 2.0], vec![0.1, 10.0, 0.1, 0.1, 7.3]] {
            let given: Vec<(f64, f64)> = influences.iter().enumerate().map(|(i, f)| (i as f64, *f)).collect();
            let cell = Cell::new(0, &given);
            let k = given.len() as f64;
            let mut mass = vec![0.0; given.len()];
            for slot in 0..given.len() {
                mass[slot] += cell.keep[slot] / k;
                mass[cell.alias[slot]] += (1.0 - cell.keep[slot]) / k;
            }
            let total: f64 = influences.iter().sum();
            for (i, f) in influences.iter().enumerate() {
                assert!((mass[i] - f / total).abs() < 1e-12, "{influences:?}: {mass:?}");
            }
            // `draw` reads the table right: u evenly spread over [0, 1), edges included, yields
            // each score as often as its share says.
            let steps = 200_000;
            let mut drawn = vec![0u32; given.len()];
            for u in (0..steps).map(|i| f64::from(i) / f64::from(steps)).chain([1.0 - f64::EPSILON]) {
                drawn[cell.draw_at(u) as usize] += 1;
            }
            for (i, f) in influences.iter().enumerate() {
                let share = f64::from(drawn[i]) / f64::from(steps + 1);
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
