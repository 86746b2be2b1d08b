//! SMAA-2 (Lahdelma & Salminen 2001): how robust the ranking is. Weights are sampled (around
//! the elicited weights, or uniformly on the simplex when the team has not weighted yet), cell
//! values are drawn from the stakeholders' own scores (each stakeholder's score with a
//! probability proportional to their influence), and every sample ranks the options. The
//! share of samples in which an option takes rank r is its rank acceptability; rank 1 is its
//! probability of winning. Seeded and reproducible.

use std::sync::atomic::{AtomicBool, Ordering};

use bytemuck::cast;
use rand_xoshiro::Xoshiro256PlusPlus;
use rand_xoshiro::rand_core::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;
use wide::{f32x8, i16x16, i32x8, u32x8};

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
    let counts = std::thread::scope(|scope| {
        // This thread runs the first share itself: one thread fewer to start.
        let others: Vec<_> = (1..threads)
            .map(|t| {
                scope.spawn({
                    let model = &model;
                    move || model.run(seed, samples, t as u32, threads as u32, stop)
                })
            })
            .collect();
        let mut total = model.run(seed, samples, 0, threads as u32, stop)?;
        for run in others {
            // A worker that panicked has no counts to give; the others still count.
            match run.join() {
                Ok(Some(counts)) => total.iter_mut().zip(counts).for_each(|(t, c)| *t += c),
                Ok(None) => return None,
                Err(_) => {}
            }
        }
        Some(total)
    })?;
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
/// Samples drawn side by side, each with its own random stream: every step of a sample is
/// done for all of them at once, in `wide`'s eight-lane vectors. A chunk is a whole number of
/// blocks of this many.
const LANES: usize = 8;

/// What every sample draws from: the weights' model, the matrix's fixed part, and every
/// drawn cell of every option, two to a random word. The matrices are driver-major
/// (`[driver * options + option]`).
///
/// A sample is computed in f32: the weights are random to begin with, and a total's rounding
/// (1e-7 of it) decides a rank only where the exact totals are closer than that, which no
/// number of samples can tell apart. Half the width of f64 is twice the lanes per instruction.
struct Model {
    weight_model: WeightModel,
    base: Vec<f32>,
    options: usize,
    /// The value everyone gave, 0 where unscored or drawn; None when no cell is fixed.
    fixed: Option<Vec<f32>>,
    /// 1 where the option has a score (fixed or drawn), 0 where not; None when every cell has
    /// one, so each total's denominator is the sum of all weights.
    scored: Option<Vec<f32>>,
    /// Per option: a fixed cell already fails a must-have.
    fails: Vec<bool>,
    /// Ordered by driver, then option: consecutive cells add to different totals, so the
    /// additions do not wait on each other.
    drawn: Vec<DrawnPair>,
}

/// Two cells whose values are drawn per sample from one 32-bit random word per lane: the
/// first from its low 16 bits, the second from its high 16 bits, compared in 16-bit lanes, so
/// one comparison serves both.
struct DrawnPair {
    /// Each cell's (option, driver).
    cells: [(usize, usize); 2],
    /// `above[k]`: the first cell's threshold k in the low 16 bits of every 32, the second's
    /// in the high (see [`Thresholds`]).
    above: [i16x16; 5],
    /// All ones in the 16 bits of a cell that is a must-have whose scores include a failing
    /// one; None when neither cell can fail.
    can_fail: Option<i16x16>,
}

impl DrawnPair {
    /// `second`: None pads an odd cell out with one that is always 0 and adds nothing.
    fn new(first: &Drawn, second: Option<&Drawn>) -> Self {
        let padding = Drawn { option: 0, driver: 0, can_fail: false, thresholds: Thresholds::NEVER };
        let second = second.unwrap_or(&padding);
        let both =
            |low: i16, high: i16| -> i16x16 { cast(i32x8::splat(i32::from(low as u16) | i32::from(high) << 16)) };
        let (one, two) = (&first.thresholds.above, &second.thresholds.above);
        let flag = |cell: &Drawn| if cell.can_fail { -1 } else { 0 };
        Self {
            cells: [(first.option, first.driver), (second.option, second.driver)],
            above: std::array::from_fn(|k| both(one[k], two[k])),
            can_fail: (first.can_fail || second.can_fail).then(|| both(flag(first), flag(second))),
        }
    }

    /// Both cells' scores for one random word per lane (15 bits for each cell, in its half),
    /// negated, since a true comparison is −1 in every bit; and all ones in the halves whose
    /// score passes the must-have floor.
    #[inline(always)]
    fn draw(&self, bits: u32x8) -> (i16x16, i16x16) {
        let bits: i16x16 = cast(bits & u32x8::splat(0x7FFF_7FFF));
        let mut minus = i16x16::ZERO;
        let mut passes = i16x16::ZERO;
        for (k, &above) in self.above.iter().enumerate() {
            let exceeds = bits.simd_gt(above);
            minus += exceeds;
            if k == MUST_HAVE_FLOOR {
                passes = exceeds;
            }
        }
        (minus, passes)
    }
}

/// A cell whose value is drawn per sample.
struct Drawn {
    option: usize,
    driver: usize,
    /// A must-have whose scores include a failing one.
    can_fail: bool,
    thresholds: Thresholds,
}

impl Model {
    fn new(evidence: &Evidence<'_>, analysis: &Analysis) -> Self {
        let (drivers, options) = (evidence.drivers, evidence.options);
        let n = drivers.len();
        // Elicited: somebody rated (or, with AHP, compared) a driver the weights came from.
        let elicited = analysis.weights.iter().any(|w| w.rated_by > 0);
        let weight_model = if elicited { WeightModel::AroundElicited } else { WeightModel::Uniform };
        let mut base: Vec<f32> = analysis.weights.iter().map(|w| w.weight as f32).collect();
        base.resize(n, NEUTRAL_IMPORTANCE as f32);
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
        let mut fails = vec![false; m];
        let mut drawn = Vec::new();
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
                        fixed[d * m + o] = value as f32;
                        any_fixed = true;
                        fails[o] |= driver.must_have && value <= crate::analysis::MUST_HAVE_FLOOR;
                    }
                    Cell::Drawn(thresholds) => {
                        let can_fail = driver.must_have
                            && cell.iter().any(|(value, _)| *value <= crate::analysis::MUST_HAVE_FLOOR);
                        drawn.push(Drawn { option: o, driver: d, can_fail, thresholds });
                    }
                }
            }
        }
        Self {
            weight_model,
            base,
            options: m,
            fixed: any_fixed.then_some(fixed),
            scored: (!complete).then_some(scored),
            fails,
            drawn: drawn.chunks(2).map(|pair| DrawnPair::new(&pair[0], pair.get(1))).collect(),
        }
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
        let n = self.base.len();
        let mut work = Work {
            weights: vec![f32x8::ZERO; n],
            totals: vec![f32x8::ZERO; m],
            dens: vec![f32x8::ZERO; m],
            fails: vec![f32x8::ZERO; m],
            keys: vec![f32x8::ZERO; m],
        };
        let mut chunk = first;
        while chunk * CHUNK < samples {
            if stop.load(Ordering::Relaxed) {
                return None;
            }
            let mut lanes = LaneRng::from_stream(&mut rng.clone());
            let count = CHUNK.min(samples - chunk * CHUNK) as usize;
            for block in (0..count).step_by(LANES) {
                self.sample(&mut lanes, &mut work);
                self.count_ranks(&work.keys, (count - block).min(LANES), &mut counts);
            }
            for _ in 0..step {
                rng.jump();
            }
            chunk += step;
        }
        Some(counts)
    }

    /// One sample in each lane: weights, then each option's total and its sort key in
    /// `work.keys` (lower is better). The weights are not normalised: a total is Σ w·v / Σ w
    /// over the option's scored drivers, which any common factor of the weights leaves as it
    /// is.
    fn sample(&self, rng: &mut LaneRng, work: &mut Work) {
        match self.weight_model {
            // Exponential weights, normalised, are uniform on the simplex.
            WeightModel::Uniform => {
                for w in &mut work.weights {
                    *w = -ln(open_unit(rng.next()));
                }
            }
            // Log-normal noise, two normals per pair of uniforms (Box–Muller).
            WeightModel::AroundElicited => {
                for (pair, base) in work.weights.chunks_mut(2).zip(self.base.chunks(2)) {
                    let radius =
                        f32x8::splat(WEIGHT_SPREAD as f32) * (f32x8::splat(-2.0) * ln(open_unit(rng.next()))).sqrt();
                    let (sin, cos) = sin_cos_turn(half_open_unit(rng.next()));
                    pair[0] = f32x8::splat(base[0]) * exp(radius * cos);
                    if let (Some(second), Some(&base)) = (pair.get_mut(1), base.get(1)) {
                        *second = f32x8::splat(base) * exp(radius * sin);
                    }
                }
            }
        }
        let m = self.options;
        work.totals.fill(f32x8::ZERO);
        for (fails, &fixed) in work.fails.iter_mut().zip(&self.fails) {
            *fails = if fixed { cast(u32x8::MAX) } else { f32x8::ZERO };
        }
        if let Some(fixed) = &self.fixed {
            add_scaled(&mut work.totals, &work.weights, fixed, m);
        }
        for pair in &self.drawn {
            let (minus, passes) = pair.draw(rng.next());
            let [(first, first_driver), (second, second_driver)] = pair.cells;
            let [low, high] = halves(cast(minus));
            work.totals[first] -= work.weights[first_driver] * small_whole_numbers(low);
            work.totals[second] -= work.weights[second_driver] * small_whole_numbers(high);
            if let Some(can_fail) = pair.can_fail {
                let [low, high] = halves(cast(can_fail & !passes));
                work.fails[first] |= cast::<_, f32x8>(low);
                work.fails[second] |= cast::<_, f32x8>(high);
            }
        }
        match &self.scored {
            None => {
                let sum = work.weights.iter().fold(f32x8::ZERO, |sum, w| sum + w);
                work.dens.fill(sum);
            }
            Some(scored) => {
                work.dens.fill(f32x8::ZERO);
                add_scaled(&mut work.dens, &work.weights, scored, m);
            }
        }
        for o in 0..m {
            let (total, den, fails) = (work.totals[o], work.dens[o], work.fails[o]);
            // Totals lie in [0, 5]; an option failing a must-have comes after every option
            // that passes, and an option with no total after those with one.
            let place = den.simd_gt(f32x8::ZERO).select(-(total / den), f32x8::splat(10.0));
            work.keys[o] = place + (fails & f32x8::splat(20.0));
        }
    }

    /// Counts each option's rank in the first `live` lanes: how many options come before it
    /// (a better key, or the same key and an earlier place in the session's order).
    fn count_ranks(&self, keys: &[f32x8], live: usize, counts: &mut [u32]) {
        let m = self.options;
        for (o, &key) in keys.iter().enumerate() {
            // A true comparison is −1 in every bit.
            let ahead = keys.iter().enumerate().fold(i32x8::ZERO, |ahead, (p, &other)| {
                let before = if p < o { other.simd_le(key) } else { other.simd_lt(key) };
                ahead - cast::<_, i32x8>(before)
            });
            for &rank in &ahead.to_array()[..live] {
                counts[o * m + rank as usize] += 1;
            }
        }
    }
}

/// One block's scratch space, per option unless said, one value per lane.
struct Work {
    /// Per driver.
    weights: Vec<f32x8>,
    /// Σ w·v over the option's scored drivers.
    totals: Vec<f32x8>,
    /// Σ w over the option's scored drivers.
    dens: Vec<f32x8>,
    /// All ones where the option fails a must-have, zero where not.
    fails: Vec<f32x8>,
    /// Lower is better.
    keys: Vec<f32x8>,
}

/// `sums[o] += Σ_d weights[d] · matrix[d * options + o]`, lane by lane.
fn add_scaled(sums: &mut [f32x8], weights: &[f32x8], matrix: &[f32], options: usize) {
    for (&w, row) in weights.iter().zip(matrix.chunks_exact(options.max(1))) {
        for (sum, &value) in sums.iter_mut().zip(row) {
            *sum += w * f32x8::splat(value);
        }
    }
}

/// A 32-bit lane's two 16-bit halves, each sign-extended to the whole lane.
#[inline(always)]
fn halves(x: i32x8) -> [i32x8; 2] {
    [(x << 16) >> 16, x >> 16]
}

/// xoshiro128++, one stream per lane, its four state words kept lane by lane so one step of
/// all eight streams is a handful of vector instructions.
struct LaneRng {
    s: [u32x8; 4],
}

impl LaneRng {
    /// The lanes' streams start from the chunk's stream's next 128 bits each.
    fn from_stream(stream: &mut Xoshiro256PlusPlus) -> Self {
        let mut s = [[0u32; LANES]; 4];
        for l in 0..LANES {
            for pair in s.chunks_mut(2) {
                let bits = stream.next_u64();
                (pair[0][l], pair[1][l]) = (bits as u32, (bits >> 32) as u32);
            }
            // An all-zero state never leaves zero (the odds of drawing one are 2^-128).
            if s.iter().all(|word| word[l] == 0) {
                s[0][l] = 1;
            }
        }
        Self { s: s.map(u32x8::new) }
    }

    /// The next 32 bits of each lane's stream.
    #[inline(always)]
    fn next(&mut self) -> u32x8 {
        let [s0, s1, s2, s3] = &mut self.s;
        let result = rotate_left(*s0 + *s3, 7) + *s0;
        let t = *s1 << 9;
        *s2 ^= *s0;
        *s3 ^= *s1;
        *s1 ^= *s2;
        *s0 ^= *s3;
        *s2 ^= t;
        *s3 = rotate_left(*s3, 11);
        result
    }
}

#[inline(always)]
fn rotate_left(x: u32x8, by: u32) -> u32x8 {
    (x << by) | (x >> (32 - by))
}

// The samplers' arithmetic, from +, −, ×, ÷, √ and bit operations alone (no fused
// multiply-add, no libm), so each lane gives the same bits on every machine and at any vector
// width. The elementary functions are within a few units in the last place of f32 of the
// exact values (tests below) on the ranges the samplers use: far inside what a random draw
// can tell, and cheap.

/// 1.5 · 2^23 and its bits: adding it to an f32 of magnitude below 2^22 rounds it to a whole
/// number held in the low bits; a whole number of that size added to its bits is that number
/// plus 1.5 · 2^23 as an f32, exactly.
const ROUND: f32 = 12_582_912.0;
const ROUND_BITS: u32 = ROUND.to_bits();

/// Whole numbers of magnitude below 2^22, lane by lane, as f32 (no conversion instruction
/// needed).
#[inline(always)]
fn small_whole_numbers(x: i32x8) -> f32x8 {
    cast::<_, f32x8>(x + i32x8::splat(ROUND_BITS as i32)) - f32x8::splat(ROUND)
}

/// The top 23 of 32 random bits as a whole number, as an f32: 2^23 with them as its mantissa,
/// less 2^23.
#[inline(always)]
fn top_23_bits(bits: u32x8) -> f32x8 {
    cast::<_, f32x8>((bits >> 9) | u32x8::splat(TWO_23.to_bits())) - f32x8::splat(TWO_23)
}

const TWO_23: f32 = 8_388_608.0;

/// 32 random bits as a number in (0, 1] in steps of 2^-23 (never 0, so its logarithm is
/// finite; the normal it gives reaches 5.6 standard deviations, beyond which lie 2e-8 of
/// them).
#[inline(always)]
fn open_unit(bits: u32x8) -> f32x8 {
    (top_23_bits(bits) + f32x8::ONE) * f32x8::splat(TWO_TO_MINUS_23)
}

/// 32 random bits as a number in [0, 1) in steps of 2^-23.
#[inline(always)]
fn half_open_unit(bits: u32x8) -> f32x8 {
    top_23_bits(bits) * f32x8::splat(TWO_TO_MINUS_23)
}

const TWO_TO_MINUS_23: f32 = 1.0 / 8_388_608.0;

/// ln 2 split so that a whole number of up to 8 bits times the high part is exact (fdlibm's
/// expf).
const LN2_HI: f32 = f32::from_bits(0x3F31_7200);
const LN2_LO: f32 = f32::from_bits(0x35BF_BE8E);

// The polynomials: the Taylor series of atanh(s)/s in s², of e^r, of sin(a)/a and cos a in
// a², refitted to fewer terms on their reduced ranges (least squares on Chebyshev nodes) by
// tests/python_reference/series_fit.py, which printed them.
/// LN_SERIES: degree 2 on [0.0, 0.0294373], relative error 1.2e-07.
const LN_SERIES: [f32; 3] = [1.0000001, 0.33326113, 0.20648094];
/// EXP_SERIES: degree 5 on [-0.346574, 0.346574], relative error 1.8e-07.
const EXP_SERIES: [f32; 6] = [1.0000001, 1.0, 0.4999887, 0.16666415, 0.04191753, 0.008375129];
/// SIN_SERIES: degree 3 on [0.0, 0.61685], relative error 6.3e-09.
const SIN_SERIES: [f32; 4] = [1.0, -0.16666651, 0.008332036, -0.00019503963];
/// COS_SERIES: degree 3 on [0.0, 0.61685], relative error 7.2e-08.
const COS_SERIES: [f32; 4] = [1.0, -0.49999857, 0.041655023, -0.0013585844];

/// Σ cₖ xᵏ by Horner's rule.
#[inline(always)]
fn polynomial(x: f32x8, coefficients: &[f32]) -> f32x8 {
    coefficients.iter().rev().fold(f32x8::ZERO, |sum, &c| sum * x + f32x8::splat(c))
}

/// ln x for positive, normal x: x = 2^e · m with m in [√½, √2), and
/// ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m − 1)/(m + 1), |s| ≤ 0.172.
#[inline(always)]
fn ln(x: f32x8) -> f32x8 {
    let bits: u32x8 = cast(x);
    let biased = small_whole_numbers(cast(bits >> 23));
    let m: f32x8 = cast((bits & u32x8::splat(0x007F_FFFF)) | u32x8::splat(1f32.to_bits()));
    let high = m.simd_gt(f32x8::splat(std::f32::consts::SQRT_2));
    let m = high.select(m * f32x8::splat(0.5), m);
    let e = biased - f32x8::splat(127.0) + (high & f32x8::ONE);
    let s = (m - f32x8::ONE) / (m + f32x8::ONE);
    // Σ s^2k / (2k + 1), fitted.
    let series = polynomial(s * s, &LN_SERIES);
    e * f32x8::splat(LN2_HI) + (e * f32x8::splat(LN2_LO) + f32x8::splat(2.0) * s * series)
}

/// e^x for |x| < 80: x = k·ln 2 + r with |r| ≤ ln 2 / 2, then e^r by its fitted series.
#[inline(always)]
fn exp(x: f32x8) -> f32x8 {
    let rounded = x * f32x8::splat(std::f32::consts::LOG2_E) + f32x8::splat(ROUND);
    let k = rounded - f32x8::splat(ROUND);
    let r = (x - k * f32x8::splat(LN2_HI)) - k * f32x8::splat(LN2_LO);
    let series = polynomial(r, &EXP_SERIES);
    // 2^k: k + 127 in the exponent's bits.
    let k_bits = cast::<_, u32x8>(rounded) - u32x8::splat(ROUND_BITS) + u32x8::splat(127);
    series * cast::<_, f32x8>(k_bits << 23)
}

/// (sin 2πt, cos 2πt) for t in [0, 1): 2πt = q·π/2 + a with q whole and |a| ≤ π/4, then
/// sin a and cos a by their fitted series, swapped and signed for the quarter turn q.
#[inline(always)]
fn sin_cos_turn(t: f32x8) -> (f32x8, f32x8) {
    let quarters = t * f32x8::splat(4.0);
    let rounded = quarters + f32x8::splat(ROUND);
    let q = rounded - f32x8::splat(ROUND);
    let a = (quarters - q) * f32x8::splat(std::f32::consts::FRAC_PI_2);
    let a2 = a * a;
    let (sin, cos) = (a * polynomial(a2, &SIN_SERIES), polynomial(a2, &COS_SERIES));
    let q = cast::<_, u32x8>(rounded) - u32x8::splat(ROUND_BITS);
    // An odd quarter swaps them (sin(π/2 + a) = cos a, cos(π/2 + a) = −sin a).
    let odd: f32x8 = cast((q & u32x8::ONE).simd_eq(u32x8::ONE));
    let (sin, cos) = (odd.select(cos, sin), odd.select(-sin, cos));
    // Quarters 2 and 3 turn both signs.
    let sign = (q & u32x8::splat(2)) << 30;
    (cast(cast::<_, u32x8>(sin) ^ sign), cast(cast::<_, u32x8>(cos) ^ sign))
}

/// One scored cell of the matrix: a value everyone gave alike, or the stakeholders' scores
/// to draw from, each with a probability proportional to the influence of those who gave it.
enum Cell {
    Fixed(f64),
    Drawn(Thresholds),
}

/// A drawn cell's scores (whole numbers 0–5) as the inverse of their distribution, for 15
/// uniform random bits u: `above[k]` is P(score ≤ k) in units of 2^-15, less one, so the
/// score is the number of k with u > `above[k]`: five comparisons, no table to look up.
/// Each score comes out with its share of the influence to within 2^-15, far below what
/// even a million samples can tell (their standard error is 5e-4).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Thresholds {
    above: [i16; 5],
}

impl Thresholds {
    /// Always 0.
    const NEVER: Self = Self { above: [i16::MAX; 5] };
}

/// The must-have floor as a score.
const MUST_HAVE_FLOOR: usize = crate::analysis::MUST_HAVE_FLOOR as usize;

impl Cell {
    /// `given`: (score, influence) pairs, at least one, scores whole numbers 0–5, influences
    /// positive.
    fn new(given: &[(f64, f64)]) -> Self {
        let mut mass = [0.0; 6];
        for &(value, influence) in given {
            assert!((0.0..=5.0).contains(&value) && value.fract() == 0.0, "a score is a whole number from 0 to 5");
            mass[value as usize] += influence;
        }
        let mut given_scores = (0..6).filter(|&v| mass[v] > 0.0);
        if let (Some(only), None) = (given_scores.next(), given_scores.next()) {
            return Self::Fixed(only as f64);
        }
        let total: f64 = mass.iter().sum();
        let mut above = [0; 5];
        let mut cumulative = 0.0;
        for (k, a) in above.iter_mut().enumerate() {
            cumulative += mass[k];
            *a = ((cumulative / total * f64::from(1 << 15)).round().min(f64::from(1 << 15)) - 1.0) as i16;
        }
        Self::Drawn(Thresholds { above })
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

    /// The thresholds give each stakeholder's score its share of the influence (to 2^-15);
    /// equal scores add up; one distinct score is fixed.
    #[test]
    fn thresholds_draw_each_score_in_proportion_to_influence() {
        assert!(matches!(Cell::new(&[(4.0, 1.0), (4.0, 3.0)]), Cell::Fixed(4.0)));
        let cases: [&[(f64, f64)]; 4] = [
            &[(0.0, 1.0), (1.0, 1.0), (2.0, 1.0)],
            &[(0.0, 1.0), (1.0, 3.0), (2.0, 0.5), (3.0, 2.0)],
            &[(0.0, 0.1), (1.0, 10.0), (2.0, 0.1), (3.0, 0.1), (4.0, 7.3), (5.0, 2.0)],
            // Gaps, and the top and bottom score: 5 and 0 only.
            &[(5.0, 1.0), (0.0, 2.0), (5.0, 0.5)],
        ];
        for given in cases {
            let Cell::Drawn(thresholds) = Cell::new(given) else { panic!("distinct scores are drawn") };
            // Each score given a second time by somebody of no weight worth counting twice.
            let twice: Vec<(f64, f64)> = given.iter().flat_map(|&(v, f)| [(v, f / 2.0), (v, f / 2.0)]).collect();
            assert!(matches!(Cell::new(&twice), Cell::Drawn(t) if t == thresholds), "equal scores add up");
            let total: f64 = given.iter().map(|(_, f)| f).sum();
            let share =
                |score: usize| given.iter().filter(|(v, _)| *v as usize == score).map(|(_, f)| f).sum::<f64>() / total;
            // The cell as the first of a pair and as the second, beside padding; every one of
            // the 2^15 draws in its half; the bits above the 15 a cell reads are set, and must
            // not count.
            let cell = Drawn { option: 0, driver: 0, can_fail: true, thresholds };
            let padding = Drawn { option: 0, driver: 0, can_fail: false, thresholds: Thresholds::NEVER };
            for (half, pair) in
                [DrawnPair::new(&cell, Some(&padding)), DrawnPair::new(&padding, Some(&cell))].iter().enumerate()
            {
                let mut drawn = [0u32; 6];
                for u in 0..1u32 << 15 {
                    let (minus, passes) = pair.draw(u32x8::splat(0x8000_8000 | u | u << 16));
                    let (minus, passes) = (halves(cast(minus)), halves(cast(passes)));
                    let value = -minus[half].to_array()[0];
                    drawn[value as usize] += 1;
                    assert_eq!(passes[half].to_array()[0] == 0, value as usize <= MUST_HAVE_FLOOR);
                    assert_eq!(minus[1 - half].to_array()[0], 0, "the padding beside it is always 0");
                }
                for (score, count) in drawn.iter().enumerate() {
                    let expected = share(score);
                    if expected == 0.0 {
                        assert_eq!(*count, 0, "{given:?}: score {score} drawn though nobody gave it");
                    }
                    let got = f64::from(*count) / f64::from(1u32 << 15);
                    assert!((got - expected).abs() <= 2f64.powi(-15), "{given:?}, half {half}: drawn {drawn:?}");
                }
            }
        }
        // Padding is always 0 and never fails.
        let cell = Drawn { option: 0, driver: 0, can_fail: false, thresholds: Thresholds::NEVER };
        let pair = DrawnPair::new(&cell, None);
        assert_eq!(pair.can_fail, None);
        assert_eq!(pair.draw(u32x8::splat(u32::MAX)).0, i16x16::ZERO);
    }

    /// The samplers' own ln, exp and sin/cos agree with libm's (in f64) to a few units in
    /// the last place of f32 over every input the samplers give them; the uniforms cover
    /// (0, 1] and [0, 1) with both ends.
    #[test]
    fn the_samplers_elementary_functions_are_accurate() {
        let (mut worst_ln, mut worst_exp, mut worst_turn) = (0f64, 0f64, 0f64);
        let relative = |ours: f32, exact: f64| (f64::from(ours) - exact).abs() / exact.abs().max(1e-300);
        let lane = |x: f32x8| x.to_array()[3];
        let steps: u32 = 200_000;
        for i in 0..=steps {
            let t = f64::from(i) / f64::from(steps);
            let u = lane(open_unit(u32x8::splat((u64::from(i) * u64::from(u32::MAX) / u64::from(steps)) as u32)));
            worst_ln = worst_ln.max(relative(lane(ln(f32x8::splat(u))), f64::from(u).ln()));
            let tiny = 2f32.powi(-40) * (1.0 + t as f32);
            worst_ln = worst_ln.max(relative(lane(ln(f32x8::splat(tiny))), f64::from(tiny).ln()));
            let x = (40.0 * t - 20.0) as f32;
            worst_exp = worst_exp.max(relative(lane(exp(f32x8::splat(x))), f64::from(x).exp()));
            if t < 1.0 {
                let t =
                    lane(half_open_unit(u32x8::splat((u64::from(i) * u64::from(u32::MAX) / u64::from(steps)) as u32)));
                let (sin, cos) = sin_cos_turn(f32x8::splat(t));
                let angle = std::f64::consts::TAU * f64::from(t);
                // Near a zero the error is absolute: the angle itself is rounded.
                let error = (f64::from(lane(sin)) - angle.sin()).abs().max((f64::from(lane(cos)) - angle.cos()).abs());
                worst_turn = worst_turn.max(error);
            }
        }
        // f32's unit in the last place is 1.2e-7 of a value (6e-8 rounding).
        assert!(worst_ln < 4e-7 && worst_exp < 4e-7 && worst_turn < 4e-7, "{worst_ln:e} {worst_exp:e} {worst_turn:e}");
        let ends =
            [u32::MAX, 0].map(|bits| (lane(open_unit(u32x8::splat(bits))), lane(half_open_unit(u32x8::splat(bits)))));
        assert_eq!(ends, [(1.0, 1.0 - 2f32.powi(-23)), (2f32.powi(-23), 0.0)]);
    }

    /// Two drivers one stakeholder rated `first` and `second` (weights in that proportion);
    /// option A scores (5, 0) and B (0, 5), so A wins when the first driver weighs more.
    fn two_drivers_rated(first: u8, second: u8, samples: u32, seed: u64) -> (Analysis, Smaa) {
        let drivers = [driver(100, false), driver(101, false)];
        let options = [option(200), option(201)];
        let people = [stakeholder(1, 1.0)];
        let importances = [
            crate::scoring::Importance { stakeholder_id: id(1), driver_id: id(100), value: first },
            crate::scoring::Importance { stakeholder_id: id(1), driver_id: id(101), value: second },
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
        let analysis = analyze(&evidence);
        let result = smaa(&evidence, &analysis, samples, seed);
        assert_eq!(result.weight_model, WeightModel::AroundElicited);
        (analysis, result)
    }

    /// A drawn score that fails a must-have puts its option behind every option that passes,
    /// whatever its total. Must-have M and driver D; Ana and Bo (equal influence) give A 5 or
    /// 1 on M and both 5 on D; B has 3 and 0. A wins whenever its M is 5 (half the samples);
    /// with 1 it fails M, though its total would often beat B's: P(A wins) = 1/2 (5/7 of the
    /// other half too if failing were ignored, 0.857 in all).
    #[test]
    fn a_drawn_failing_score_puts_its_option_behind() {
        let drivers = [driver(100, true), driver(101, false)];
        let options = [option(200), option(201)];
        let people = [stakeholder(1, 1.0), stakeholder(2, 1.0)];
        let scores = [
            score(1, 100, 200, 5),
            score(2, 100, 200, 1),
            score(1, 101, 200, 5),
            score(2, 101, 200, 5),
            score(1, 100, 201, 3),
            score(2, 100, 201, 3),
            score(1, 101, 201, 0),
            score(2, 101, 201, 0),
        ];
        let evidence = Evidence {
            drivers: &drivers,
            options: &options,
            stakeholders: &people,
            importances: &[],
            scores: &scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        };
        let result = smaa(&evidence, &analyze(&evidence), 20_000, 13);
        // Monte-Carlo sd sqrt(p(1 − p)/n) = 0.0035: allow four.
        assert!((result.options[0].win - 0.5).abs() < 0.014, "{result:?}");
    }

    /// Log-normal weights: two drivers weighted 0.6 and 0.4. A wins when
    /// 0.6·e^(σz₁) > 0.4·e^(σz₂), that is when (z₁ − z₂)/√2 > ln(2/3)/(σ√2):
    /// P = Φ(ln 1.5 / (0.3·√2)) = 0.8305.
    #[test]
    fn log_normal_weights_match_the_exact_answer() {
        let (analysis, result) = two_drivers_rated(3, 2, 200_000, 5);
        assert!((analysis.weights[0].weight - 0.6).abs() < 1e-12, "{:?}", analysis.weights);
        // Φ(0.95570) = 0.83037; Monte-Carlo sd sqrt(p(1 − p)/n) = 0.00084: allow five.
        assert!((result.options[0].win - 0.83037).abs() < 0.0042, "{result:?}");
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
        // Importance 5 vs 1: weights 5/6 and 1/6. A wins when its weight exceeds 1/2; centred
        // on 5/6 with σ = 0.3 that is nearly always.
        let (_, result) = two_drivers_rated(5, 1, 10_000, 3);
        assert!(result.options[0].win > 0.99, "{result:?}");
    }
}
