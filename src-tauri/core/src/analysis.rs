//! The decision analysis: pure functions from a session's evidence (drivers, options,
//! stakeholders, importances, scores) to its results — weights, weighted totals and ranking,
//! must-have failures, each stakeholder's own ranking, disagreement per cell, Kendall's W,
//! coverage. No I/O; the same evidence always gives the same results. Formulas: DESIGN.md §4.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ahp::{self, Comparison, RiTable, Triad};
use crate::drivers::Driver;
use crate::options::ArchitectureOption;
use crate::scoring::{Importance, Score};
use crate::sessions::Weighting;
use crate::stakeholders::Stakeholder;

/// The importance a driver counts with while no stakeholder has rated it (the scale's middle).
pub const NEUTRAL_IMPORTANCE: f64 = 3.0;
/// A cell mean at or below this on a must-have driver fails the option.
pub const MUST_HAVE_FLOOR: f64 = 1.0;
/// The highest score; totals are scaled so that all-5 scores give 100.
pub const MAX_SCORE: f64 = 5.0;
/// How many contested cells the "discuss first" list names.
pub const DISCUSS_FIRST: usize = 5;

/// Everything the analysis reads, borrowed from a loaded session.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub drivers: &'a [Driver],
    pub options: &'a [ArchitectureOption],
    pub stakeholders: &'a [Stakeholder],
    pub importances: &'a [Importance],
    pub scores: &'a [Score],
    /// How the weights are set: direct importance, or the pairwise comparisons (AHP).
    pub weighting: Weighting,
    pub comparisons: &'a [Comparison],
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Analysis {
    /// One per driver, in the session's driver order; weights sum to 1.
    pub weights: Vec<DriverWeight>,
    /// One per option, in the session's option order.
    pub options: Vec<OptionResult>,
    /// Option ids, best first: options that pass every must-have before those that fail one,
    /// each group by total (options without any score last); ties keep the session's order.
    pub ranking: Vec<Uuid>,
    /// The first of the ranking, when it has a total and fails no must-have.
    pub winner: Option<Uuid>,
    /// Points between the winner and the runner-up.
    pub margin: Option<f64>,
    pub stakeholder_rankings: Vec<StakeholderRanking>,
    /// One per driver × option, drivers outer, in session order.
    pub cells: Vec<CellResult>,
    /// The most contested cells (highest standard deviation, then range), at most 5.
    pub discuss_first: Vec<CellRef>,
    pub consensus: Option<Consensus>,
    pub coverage: Coverage,
    // The three below came with schema 5: records frozen before then read without them
    // (tests/schema_fixtures.rs opens such records).
    /// The pairwise weighting, when the session uses AHP.
    #[serde(default)]
    pub ahp: Option<AhpSummary>,
    /// Per driver: the smallest change of its weight that changes the winner.
    #[serde(default)]
    pub sensitivity: Vec<DriverSensitivity>,
    /// True when some driver's weight moving by less than 5 points changes the winner.
    #[serde(default)]
    pub fragile: bool,
}

/// Where a session's weights came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum WeightSource {
    /// The stakeholders' importance ratings (or, with none, equal weights).
    Importance,
    /// Pairwise comparisons (AHP).
    Comparisons,
}

impl Analysis {
    pub fn weight_source(&self) -> WeightSource {
        match &self.ahp {
            Some(ahp) if !ahp.weights_from_importance => WeightSource::Comparisons,
            _ => WeightSource::Importance,
        }
    }
}

/// The weight change (percentage points) at which the winner changes; below this, a winner
/// is fragile.
pub const FRAGILE_POINTS: f64 = 5.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DriverSensitivity {
    pub driver_id: Uuid,
    pub weight: f64,
    /// The smallest change of this driver's weight, in percentage points (signed: + more
    /// weight, − less), at which another option ties the winner; None when no change can.
    /// The other weights shrink or grow in proportion so they still sum to 1.
    pub threshold: Option<f64>,
    /// The option that takes over there.
    pub rival: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AhpSummary {
    /// The random-index table the consistency ratios used.
    pub ri_table: RiTable,
    /// The group's matrix: element-wise geometric mean of the stakeholders' (AIJ), weighted by
    /// influence.
    pub group: AhpConsistency,
    pub per_stakeholder: Vec<StakeholderAhp>,
    /// True while nobody has compared a pair: the weights are still the importance-based ones
    /// (an AHP session never silently falls back to equal weights).
    #[serde(default)]
    pub weights_from_importance: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AhpConsistency {
    pub consistency_ratio: f64,
    pub lambda_max: f64,
    pub acceptable: bool,
    /// When not acceptable: the three drivers whose comparisons contradict each other most.
    pub triad: Option<Triad>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StakeholderAhp {
    pub stakeholder_id: Uuid,
    /// Pairs compared, out of n(n−1)/2.
    pub compared: u32,
    pub pairs: u32,
    /// Their own weights (driver order), once they compared anything.
    pub weights: Option<Vec<f64>>,
    pub consistency: Option<AhpConsistency>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DriverWeight {
    pub driver_id: Uuid,
    /// Share of the decision, 0–1.
    pub weight: f64,
    /// Influence-weighted mean importance (1–5); None when nobody has rated the driver, in
    /// which case it counts as 3.
    pub importance: Option<f64>,
    pub rated_by: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OptionResult {
    pub option_id: Uuid,
    /// Weighted total, 0–100, over the drivers that have at least one score for this option
    /// (their weights renormalised); None when the option has no score at all.
    pub total: Option<f64>,
    /// 1-based position in the ranking.
    pub rank: u32,
    /// Must-have drivers on which the option's mean score is 1 or less.
    pub must_have_failures: Vec<Uuid>,
    /// Drivers with at least one score for this option, out of all drivers.
    pub scored_drivers: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StakeholderRanking {
    pub stakeholder_id: Uuid,
    /// The stakeholder's own totals, 0–100, per option in session order: their scores, weighted
    /// by their own importance ratings (the team's for drivers they did not rate).
    pub totals: Vec<Option<f64>>,
    /// Option ids, best first, among the options the stakeholder scored.
    pub ranking: Vec<Uuid>,
    /// True when the stakeholder scored every option on at least one driver (so the ranking
    /// covers all options and counts towards consensus).
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CellResult {
    pub driver_id: Uuid,
    pub option_id: Uuid,
    /// Influence-weighted mean score, 0–5.
    pub mean: Option<f64>,
    /// Population standard deviation of the scores (unweighted).
    pub std_dev: Option<f64>,
    /// Highest minus lowest score.
    pub range: Option<u8>,
    pub count: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CellRef {
    pub driver_id: Uuid,
    pub option_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Consensus {
    /// Kendall's coefficient of concordance with the tie correction, 0 (none) to 1 (unanimous).
    pub kendall_w: f64,
    /// Stakeholders whose rankings it covers (those with a complete ranking).
    pub raters: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Coverage {
    /// Stakeholders × drivers × options.
    pub expected: u32,
    pub scored: u32,
    pub missing: u32,
    pub per_stakeholder: Vec<StakeholderCoverage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StakeholderCoverage {
    pub stakeholder_id: Uuid,
    pub scored: u32,
    pub importances: u32,
}

/// The evidence laid out densely: `scores[s][d][o]`, `importance[s][d]`.
struct Grid {
    scores: Vec<Vec<Vec<Option<u8>>>>,
    importance: Vec<Vec<Option<u8>>>,
    influence: Vec<f64>,
}

impl Grid {
    fn new(evidence: &Evidence<'_>) -> Self {
        let (s, d, o) = (evidence.stakeholders.len(), evidence.drivers.len(), evidence.options.len());
        let index = |ids: Vec<Uuid>| ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect::<HashMap<_, _>>();
        let stakeholder = index(evidence.stakeholders.iter().map(|x| x.id).collect());
        let driver = index(evidence.drivers.iter().map(|x| x.id).collect());
        let option = index(evidence.options.iter().map(|x| x.id).collect());
        let mut scores = vec![vec![vec![None; o]; d]; s];
        for score in evidence.scores {
            if let (Some(&si), Some(&di), Some(&oi)) =
                (stakeholder.get(&score.stakeholder_id), driver.get(&score.driver_id), option.get(&score.option_id))
            {
                scores[si][di][oi] = Some(score.value);
            }
        }
        let mut importance = vec![vec![None; d]; s];
        for rating in evidence.importances {
            if let (Some(&si), Some(&di)) = (stakeholder.get(&rating.stakeholder_id), driver.get(&rating.driver_id)) {
                importance[si][di] = Some(rating.value);
            }
        }
        let influence = evidence.stakeholders.iter().map(|x| x.influence).collect();
        Self { scores, importance, influence }
    }
}

pub fn analyze(evidence: &Evidence<'_>) -> Analysis {
    let grid = Grid::new(evidence);
    let (drivers, options) = (evidence.drivers, evidence.options);
    let importance_rows: Vec<Vec<Option<f64>>> =
        grid.importance.iter().map(|row| row.iter().map(|v| v.map(f64::from)).collect()).collect();
    let team_importance = mean_importance(&importance_rows, &grid.influence, drivers.len());
    let mut ahp = (evidence.weighting == Weighting::Ahp).then(|| ahp_weights(evidence, &grid));
    let importance_weights =
        normalise(&team_importance.iter().map(|m| m.unwrap_or(NEUTRAL_IMPORTANCE)).collect::<Vec<_>>());
    // Until somebody compares a pair, an AHP session keeps the importance-based weights rather
    // than jumping to equal ones (the summary says so).
    if let Some((group, per_stakeholder, summary)) = &mut ahp
        && per_stakeholder.iter().all(|s| s.compared == 0)
    {
        *group = importance_weights.clone();
        summary.weights_from_importance = true;
    }
    let from_importance = ahp.as_ref().is_none_or(|(_, _, summary)| summary.weights_from_importance);
    let weights = match &ahp {
        Some((group, _, _)) => group.clone(),
        None => importance_weights,
    };

    // Cells: influence-weighted means and the spread of the raw scores.
    let mut cells = Vec::with_capacity(drivers.len() * options.len());
    let mut means = vec![vec![None; options.len()]; drivers.len()];
    for (di, driver) in drivers.iter().enumerate() {
        for (oi, option) in options.iter().enumerate() {
            let given: Vec<(u8, f64)> = grid
                .scores
                .iter()
                .zip(&grid.influence)
                .filter_map(|(sheet, &influence)| sheet[di][oi].map(|v| (v, influence)))
                .collect();
            let cell = cell_result(driver.id, option.id, &given);
            means[di][oi] = cell.mean;
            cells.push(cell);
        }
    }

    let totals: Vec<Option<f64>> = (0..options.len())
        .map(|oi| weighted_total(&weights, &(0..drivers.len()).map(|di| means[di][oi]).collect::<Vec<_>>()))
        .collect();
    let failures: Vec<Vec<Uuid>> = (0..options.len())
        .map(|oi| {
            drivers
                .iter()
                .enumerate()
                .filter(|(di, d)| d.must_have && means[*di][oi].is_some_and(|m| m <= MUST_HAVE_FLOOR))
                .map(|(_, d)| d.id)
                .collect()
        })
        .collect();

    let fails: Vec<bool> = failures.iter().map(|f| !f.is_empty()).collect();
    let order = rank_order(&totals, &fails);
    let ranking: Vec<Uuid> = order.iter().map(|&oi| options[oi].id).collect();
    // Competition ranking ("1, 1, 3"): options whose totals are equal (and that fail the same
    // way) share a rank; the ranking's order among them is only the session's order.
    let mut rank_of = vec![0u32; options.len()];
    for (position, &oi) in order.iter().enumerate() {
        rank_of[oi] = match position.checked_sub(1).map(|p| order[p]) {
            Some(prev) if fails[prev] == fails[oi] && same_total(totals[prev], totals[oi]) => rank_of[prev],
            _ => position as u32 + 1,
        };
    }
    let winner = order.first().filter(|&&oi| totals[oi].is_some() && failures[oi].is_empty()).map(|&oi| options[oi].id);
    let margin = match (order.first(), order.get(1)) {
        (Some(&first), Some(&second)) if winner.is_some() => totals[second].map(|t| totals[first].unwrap_or(0.0) - t),
        _ => None,
    };

    let option_results = options
        .iter()
        .enumerate()
        .map(|(oi, option)| OptionResult {
            option_id: option.id,
            total: totals[oi],
            rank: rank_of[oi],
            must_have_failures: failures[oi].clone(),
            scored_drivers: (0..drivers.len()).filter(|&di| means[di][oi].is_some()).count() as u32,
        })
        .collect();

    let own_weights: Vec<Vec<f64>> = match &ahp {
        Some((group, per_stakeholder, _)) => {
            per_stakeholder.iter().map(|s| s.weights.clone().unwrap_or_else(|| group.clone())).collect()
        }
        None => (0..evidence.stakeholders.len())
            .map(|si| {
                normalise(
                    &grid.importance[si]
                        .iter()
                        .zip(&team_importance)
                        .map(|(own, team)| own.map(f64::from).or(*team).unwrap_or(NEUTRAL_IMPORTANCE))
                        .collect::<Vec<_>>(),
                )
            })
            .collect(),
    };
    let stakeholder_rankings = stakeholder_rankings(evidence, &grid, &own_weights);
    let sensitivity = sensitivity(drivers, options, &weights, &means, &totals, &failures, &order);
    let fragile = sensitivity.iter().any(|s| s.threshold.is_some_and(|t| t.abs() < FRAGILE_POINTS));
    let consensus = consensus(&stakeholder_rankings);
    let discuss_first = discuss_first(&cells);
    let coverage = coverage(evidence, &grid);

    Analysis {
        weights: drivers
            .iter()
            .enumerate()
            .map(|(di, driver)| DriverWeight {
                driver_id: driver.id,
                weight: weights[di],
                importance: if from_importance { team_importance[di] } else { None },
                rated_by: match &ahp {
                    Some(_) if !from_importance => evidence
                        .stakeholders
                        .iter()
                        .filter(|s| {
                            evidence.comparisons.iter().any(|c| {
                                c.stakeholder_id == s.id && (c.driver_a == driver.id || c.driver_b == driver.id)
                            })
                        })
                        .count() as u32,
                    _ => grid.importance.iter().filter(|row| row[di].is_some()).count() as u32,
                },
            })
            .collect(),
        options: option_results,
        ranking,
        winner,
        margin,
        stakeholder_rankings,
        cells,
        discuss_first,
        consensus,
        coverage,
        ahp: ahp.map(|(_, per_stakeholder, summary)| AhpSummary { per_stakeholder, ..summary }),
        sensitivity,
        fragile,
    }
}

/// AHP weights: the group's (eigenvector of the AIJ matrix), each stakeholder's own, and the
/// consistency of both.
fn ahp_weights(evidence: &Evidence<'_>, grid: &Grid) -> (Vec<f64>, Vec<StakeholderAhp>, AhpSummary) {
    let drivers = evidence.drivers;
    let n = drivers.len();
    let index: HashMap<Uuid, usize> = drivers.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    let ids: Vec<Uuid> = drivers.iter().map(|d| d.id).collect();
    let pairs = (n * n.saturating_sub(1) / 2) as u32;
    let consistency_of = |m: &[Vec<f64>]| {
        let (cr, lambda_max, _) = ahp::consistency(m);
        let acceptable = cr < ahp::ACCEPTABLE_CR;
        AhpConsistency {
            consistency_ratio: cr,
            lambda_max,
            acceptable,
            triad: if acceptable { None } else { ahp::most_inconsistent_triad(m, &ids) },
        }
    };
    let mut entries_per_stakeholder = Vec::new();
    let mut per_stakeholder = Vec::new();
    for (si, stakeholder) in evidence.stakeholders.iter().enumerate() {
        let mut entries = vec![vec![None; n]; n];
        let mut given = Vec::new();
        for c in evidence.comparisons.iter().filter(|c| c.stakeholder_id == stakeholder.id) {
            if let (Some(&i), Some(&j)) = (index.get(&c.driver_a), index.get(&c.driver_b)) {
                entries[i][j] = Some(c.value);
                entries[j][i] = Some(1.0 / c.value);
                given.push((i, j, c.value));
            }
        }
        let (weights, consistency) = if given.is_empty() {
            (None, None)
        } else {
            let m = ahp::matrix(n, &given);
            (Some(ahp::principal_eigenvector(&m).0), Some(consistency_of(&m)))
        };
        per_stakeholder.push(StakeholderAhp {
            stakeholder_id: stakeholder.id,
            compared: given.len() as u32,
            pairs,
            weights,
            consistency,
        });
        entries_per_stakeholder.push((grid.influence[si], entries));
    }
    let group = ahp::group_matrix(n, &entries_per_stakeholder);
    let weights = if n == 0 { Vec::new() } else { ahp::principal_eigenvector(&group).0 };
    let summary = AhpSummary {
        ri_table: ahp::random_index(n).1,
        group: consistency_of(&group),
        per_stakeholder: Vec::new(),
        weights_from_importance: false,
    };
    (weights, per_stakeholder, summary)
}

/// For each driver, the smallest weight change (closed form) at which an eligible rival ties
/// the winner. The weight moves by Δ and the others are rescaled by (1 − w − Δ)/(1 − w); each
/// total is a ratio of two functions linear in Δ (its weights renormalise over the drivers it
/// has scores for), so a tie is a root of a quadratic.
fn sensitivity(
    drivers: &[Driver],
    options: &[ArchitectureOption],
    weights: &[f64],
    means: &[Vec<Option<f64>>],
    totals: &[Option<f64>],
    failures: &[Vec<Uuid>],
    order: &[usize],
) -> Vec<DriverSensitivity> {
    let winner = order.first().copied().filter(|&oi| totals[oi].is_some() && failures[oi].is_empty());
    drivers
        .iter()
        .enumerate()
        .map(|(d, driver)| {
            let w = weights[d];
            let mut best: Option<(f64, usize)> = None;
            if let Some(a) = winner
                && w < 1.0 - 1e-12
            {
                let line = |o: usize| linear_parts(weights, means, d, o);
                let (na0, na1, da0, da1) = line(a);
                for b in 0..options.len() {
                    if b == a || totals[b].is_none() || !failures[b].is_empty() {
                        continue;
                    }
                    let (nb0, nb1, db0, db1) = line(b);
                    // N_a·D_b − N_b·D_a = c2·Δ² + c1·Δ + c0
                    let c2 = na1 * db1 - nb1 * da1;
                    let c1 = na0 * db1 + na1 * db0 - nb0 * da1 - nb1 * da0;
                    let c0 = na0 * db0 - nb0 * da0;
                    for root in roots(c2, c1, c0) {
                        if root < -w - 1e-12 || root > 1.0 - w + 1e-12 {
                            continue;
                        }
                        // Where an option has no weight left it has no total: no tie there.
                        if da0 + da1 * root <= 1e-6 || db0 + db1 * root <= 1e-6 {
                            continue;
                        }
                        if best.is_none_or(|(x, _)| root.abs() < x.abs() - 1e-12) {
                            best = Some((root, b));
                        }
                    }
                }
            }
            DriverSensitivity {
                driver_id: driver.id,
                weight: w,
                threshold: best.map(|(delta, _)| delta * 100.0),
                rival: best.map(|(_, b)| options[b].id),
            }
        })
        .collect()
}

/// (n0, n1, d0, d1) with N(Δ) = n0 + n1·Δ and D(Δ) = d0 + d1·Δ for option `o` when driver `d`'s
/// weight moves by Δ: N sums weight × mean over the drivers the option has scores for, D the
/// weights.
fn linear_parts(weights: &[f64], means: &[Vec<Option<f64>>], d: usize, o: usize) -> (f64, f64, f64, f64) {
    let w = weights[d];
    let shrink = 1.0 / (1.0 - w);
    let (mut p, mut q) = (0.0, 0.0);
    for (k, weight) in weights.iter().enumerate() {
        if k != d
            && let Some(m) = means[k][o]
        {
            p += weight * m;
            q += weight;
        }
    }
    match means[d][o] {
        Some(m) => (w * m + p, m - p * shrink, w + q, 1.0 - q * shrink),
        None => (p, -p * shrink, q, -q * shrink),
    }
}

/// Real roots of c2·x² + c1·x + c0 = 0 (a linear or constant equation when c2 ≈ 0).
fn roots(c2: f64, c1: f64, c0: f64) -> Vec<f64> {
    const EPS: f64 = 1e-12;
    if c2.abs() < EPS {
        if c1.abs() < EPS {
            return Vec::new();
        }
        return vec![-c0 / c1];
    }
    let discriminant = c1 * c1 - 4.0 * c2 * c0;
    if discriminant < -EPS {
        return Vec::new();
    }
    let s = discriminant.max(0.0).sqrt();
    vec![(-c1 - s) / (2.0 * c2), (-c1 + s) / (2.0 * c2)]
}

/// Influence-weighted mean importance per driver over the stakeholders who rated it.
pub fn mean_importance(rows: &[Vec<Option<f64>>], influence: &[f64], drivers: usize) -> Vec<Option<f64>> {
    (0..drivers)
        .map(|di| {
            let (sum, weight) = rows
                .iter()
                .zip(influence)
                .filter_map(|(row, &w)| row[di].map(|v| (v * w, w)))
                .fold((0.0, 0.0), |(s, t), (v, w)| (s + v, t + w));
            (weight > 0.0).then(|| sum / weight)
        })
        .collect()
}

/// Scales non-negative values so they sum to 1 (all equal when they sum to 0).
pub fn normalise(values: &[f64]) -> Vec<f64> {
    let sum: f64 = values.iter().sum();
    if sum > 0.0 {
        values.iter().map(|v| v / sum).collect()
    } else {
        vec![1.0 / values.len().max(1) as f64; values.len()]
    }
}

/// 100 · Σ w·s̄ / (5 · Σ w) over the drivers whose cell has a mean.
pub fn weighted_total(weights: &[f64], cell_means: &[Option<f64>]) -> Option<f64> {
    let (sum, weight) = weights
        .iter()
        .zip(cell_means)
        .filter_map(|(&w, mean)| mean.map(|m| (w * m, w)))
        .fold((0.0, 0.0), |(s, t), (v, w)| (s + v, t + w));
    (weight > 0.0).then(|| 100.0 * sum / (MAX_SCORE * weight))
}

fn cell_result(driver_id: Uuid, option_id: Uuid, given: &[(u8, f64)]) -> CellResult {
    if given.is_empty() {
        return CellResult { driver_id, option_id, mean: None, std_dev: None, range: None, count: 0 };
    }
    let total_influence: f64 = given.iter().map(|(_, w)| w).sum();
    let mean = given.iter().map(|(v, w)| f64::from(*v) * w).sum::<f64>() / total_influence;
    let plain_mean = given.iter().map(|(v, _)| f64::from(*v)).sum::<f64>() / given.len() as f64;
    let variance = given.iter().map(|(v, _)| (f64::from(*v) - plain_mean).powi(2)).sum::<f64>() / given.len() as f64;
    let max = given.iter().map(|(v, _)| *v).max().unwrap_or(0);
    let min = given.iter().map(|(v, _)| *v).min().unwrap_or(0);
    CellResult {
        driver_id,
        option_id,
        mean: Some(mean),
        std_dev: Some(variance.sqrt()),
        range: Some(max - min),
        count: given.len() as u32,
    }
}

/// Option indices best first: eligible (no must-have failure) before failing, then by total
/// (None last), ties in session order. Totals are compared at 1e-9 so that rounding noise
/// (100.000000000001 against 100) never decides a tie.
fn rank_order(totals: &[Option<f64>], fails: &[bool]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by_key(|&o| (fails[o], total_key(totals[o]).is_none(), total_key(totals[o])));
    order
}

/// A total as the ranking compares it: rounded at 1e-9, highest first.
fn total_key(total: Option<f64>) -> Option<std::cmp::Reverse<i64>> {
    total.map(|t| std::cmp::Reverse((t * 1e9).round() as i64))
}

fn same_total(a: Option<f64>, b: Option<f64>) -> bool {
    total_key(a) == total_key(b)
}

fn stakeholder_rankings(evidence: &Evidence<'_>, grid: &Grid, own_weights: &[Vec<f64>]) -> Vec<StakeholderRanking> {
    let options = evidence.options;
    evidence
        .stakeholders
        .iter()
        .enumerate()
        .map(|(si, stakeholder)| {
            let weights = &own_weights[si];
            let totals: Vec<Option<f64>> = (0..options.len())
                .map(|oi| {
                    let cells: Vec<Option<f64>> = grid.scores[si].iter().map(|row| row[oi].map(f64::from)).collect();
                    weighted_total(weights, &cells)
                })
                .collect();
            let order = rank_order(&totals, &vec![false; options.len()]);
            StakeholderRanking {
                stakeholder_id: stakeholder.id,
                ranking: order.iter().filter(|&&oi| totals[oi].is_some()).map(|&oi| options[oi].id).collect(),
                complete: !totals.is_empty() && totals.iter().all(Option::is_some),
                totals,
            }
        })
        .collect()
}

fn consensus(rankings: &[StakeholderRanking]) -> Option<Consensus> {
    let complete: Vec<Vec<f64>> =
        rankings.iter().filter(|r| r.complete).map(|r| r.totals.iter().map(|t| t.unwrap_or(0.0)).collect()).collect();
    let kendall_w = kendall_w(&complete)?;
    Some(Consensus { kendall_w, raters: complete.len() as u32 })
}

/// Ranks (1 = best, i.e. highest value) with tied values sharing their average rank.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end (0-based) share the mean of ranks start+1 ..= end.
        let shared = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = shared;
        }
        start = end;
    }
    ranks
}

/// Kendall's W with the tie correction, from each rater's values of the same n objects
/// (higher is better): W = 12·S / (m²(n³ − n) − m·ΣT), T = Σ(t³ − t) over each rater's ties.
/// None with fewer than 2 raters or 2 objects, or when every rater ties everything.
pub fn kendall_w(raters: &[Vec<f64>]) -> Option<f64> {
    let m = raters.len();
    let n = raters.first()?.len();
    if m < 2 || n < 2 || raters.iter().any(|r| r.len() != n) {
        return None;
    }
    let mut rank_sums = vec![0.0; n];
    let mut ties = 0.0;
    for values in raters {
        let ranks = average_ranks(values);
        for (sum, rank) in rank_sums.iter_mut().zip(&ranks) {
            *sum += rank;
        }
        let mut counts: HashMap<u64, f64> = HashMap::new();
        for rank in &ranks {
            *counts.entry(rank.to_bits()).or_default() += 1.0;
        }
        ties += counts.values().map(|t| t * t * t - t).sum::<f64>();
    }
    let (m, n) = (m as f64, n as f64);
    let mean = rank_sums.iter().sum::<f64>() / n;
    let s: f64 = rank_sums.iter().map(|r| (r - mean).powi(2)).sum();
    let denominator = m * m * (n * n * n - n) - m * ties;
    (denominator > 0.0).then(|| 12.0 * s / denominator)
}

fn discuss_first(cells: &[CellResult]) -> Vec<CellRef> {
    let mut contested: Vec<&CellResult> =
        cells.iter().filter(|c| c.count >= 2 && c.std_dev.is_some_and(|sd| sd > 0.0)).collect();
    contested.sort_by(|a, b| b.std_dev.unwrap_or(0.0).total_cmp(&a.std_dev.unwrap_or(0.0)).then(b.range.cmp(&a.range)));
    contested.iter().take(DISCUSS_FIRST).map(|c| CellRef { driver_id: c.driver_id, option_id: c.option_id }).collect()
}

fn coverage(evidence: &Evidence<'_>, grid: &Grid) -> Coverage {
    let per_stakeholder: Vec<StakeholderCoverage> = evidence
        .stakeholders
        .iter()
        .enumerate()
        .map(|(si, s)| StakeholderCoverage {
            stakeholder_id: s.id,
            scored: grid.scores[si].iter().flatten().filter(|v| v.is_some()).count() as u32,
            importances: grid.importance[si].iter().filter(|v| v.is_some()).count() as u32,
        })
        .collect();
    let expected = (evidence.stakeholders.len() * evidence.drivers.len() * evidence.options.len()) as u32;
    let scored = per_stakeholder.iter().map(|s| s.scored).sum();
    Coverage { expected, scored, missing: expected - scored, per_stakeholder }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::drivers::DriverCategory;
    use crate::stakeholders::Raci;
    use proptest::prelude::*;

    pub(crate) fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    pub(crate) fn driver(n: u128, must_have: bool) -> Driver {
        Driver {
            id: id(n),
            session_id: id(0),
            template_key: None,
            title: format!("D{n}"),
            description: String::new(),
            category: DriverCategory::Custom,
            must_have,
            position: n as u32,
        }
    }

    pub(crate) fn option(n: u128) -> ArchitectureOption {
        ArchitectureOption {
            id: id(n),
            session_id: id(0),
            catalog_key: None,
            name: format!("O{n}"),
            definition: String::new(),
            pros: vec![],
            cons: vec![],
            use_cases: vec![],
            position: n as u32,
        }
    }

    pub(crate) fn stakeholder(n: u128, influence: f64) -> Stakeholder {
        Stakeholder {
            id: id(n),
            session_id: id(0),
            name: format!("S{n}"),
            role: String::new(),
            raci: Raci::Consulted,
            influence,
            position: n as u32,
        }
    }

    pub(crate) fn score(s: u128, d: u128, o: u128, value: u8) -> Score {
        Score {
            stakeholder_id: id(s),
            driver_id: id(d),
            option_id: id(o),
            value,
            rationale: String::new(),
            suggested: false,
        }
    }

    fn importance(s: u128, d: u128, value: u8) -> Importance {
        Importance { stakeholder_id: id(s), driver_id: id(d), value }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    // Stakeholders S1 (influence 1) and S2 (influence 3); drivers D1, D2 (ids 11, 12);
    // options A, B (ids 21, 22).
    fn example(d1_must_have: bool, s1_b_d1: u8) -> Analysis {
        let drivers = [driver(11, d1_must_have), driver(12, false)];
        let options = [option(21), option(22)];
        let stakeholders = [stakeholder(1, 1.0), stakeholder(2, 3.0)];
        let importances = [importance(1, 11, 5), importance(1, 12, 1), importance(2, 11, 1), importance(2, 12, 5)];
        let scores = [
            score(1, 11, 21, 4),
            score(1, 12, 21, 2),
            score(1, 11, 22, s1_b_d1),
            score(1, 12, 22, 5),
            score(2, 11, 21, 5),
            score(2, 12, 21, 0),
            score(2, 11, 22, 1),
            // S2 gave no score for B on D2: missing, not 0.
        ];
        analyze(&Evidence {
            drivers: &drivers,
            options: &options,
            stakeholders: &stakeholders,
            importances: &importances,
            scores: &scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        })
    }

    #[test]
    fn hand_computed_weights_totals_and_ranking() {
        let result = example(false, 2);
        // Importance, influence-weighted: D1 = (5·1 + 1·3)/4 = 2, D2 = (1·1 + 5·3)/4 = 4.
        // Weights: D1 = 2/6 = 1/3, D2 = 4/6 = 2/3.
        assert!(close(result.weights[0].importance.unwrap(), 2.0));
        assert!(close(result.weights[1].importance.unwrap(), 4.0));
        assert!(close(result.weights[0].weight, 1.0 / 3.0) && close(result.weights[1].weight, 2.0 / 3.0));
        // Cells: A·D1 = (4·1 + 5·3)/4 = 4.75; A·D2 = (2·1 + 0·3)/4 = 0.5;
        //        B·D1 = (2·1 + 1·3)/4 = 1.25; B·D2 = 5 (S1 only).
        let mean = |d: u128, o: u128| {
            result.cells.iter().find(|c| c.driver_id == id(d) && c.option_id == id(o)).unwrap().mean.unwrap()
        };
        assert!(close(mean(11, 21), 4.75) && close(mean(12, 21), 0.5));
        assert!(close(mean(11, 22), 1.25) && close(mean(12, 22), 5.0));
        // Totals: A = 100·(4.75/3 + 2·0.5/3)/5 = 38.333…; B = 100·(1.25/3 + 2·5/3)/5 = 75.
        assert!(close(result.options[0].total.unwrap(), 100.0 * (4.75 / 3.0 + 1.0 / 3.0) / 5.0));
        assert!(close(result.options[1].total.unwrap(), 75.0));
        assert_eq!(result.ranking, [id(22), id(21)]);
        assert_eq!(result.winner, Some(id(22)));
        assert!(close(result.margin.unwrap(), 75.0 - 115.0 / 3.0));
        assert_eq!((result.options[1].rank, result.options[0].rank), (1, 2));
    }

    #[test]
    fn exact_ties_share_a_rank() {
        // Three options; A and B get the very same scores, C less: ranks 1, 1, 3.
        let drivers = [driver(11, false)];
        let options = [option(21), option(22), option(23)];
        let stakeholders = [stakeholder(1, 1.0)];
        let scores = [score(1, 11, 21, 4), score(1, 11, 22, 4), score(1, 11, 23, 2)];
        let result = analyze(&Evidence {
            drivers: &drivers,
            options: &options,
            stakeholders: &stakeholders,
            importances: &[],
            scores: &scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        });
        let ranks: Vec<u32> = result.options.iter().map(|o| o.rank).collect();
        assert_eq!(ranks, [1, 1, 3]);
        assert_eq!(result.margin, Some(0.0));
        // Equal totals but one fails a must-have: not a tie.
        let drivers = [driver(11, true)];
        let scores = [score(1, 11, 21, 1), score(1, 11, 22, 1)];
        let result = analyze(&Evidence {
            drivers: &drivers,
            options: &options[..2],
            stakeholders: &stakeholders,
            importances: &[],
            scores: &scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        });
        assert_eq!(result.options.iter().map(|o| o.rank).collect::<Vec<_>>(), [1, 1], "both fail alike");
    }

    #[test]
    fn ahp_without_comparisons_keeps_the_importance_weights() {
        let drivers = [driver(11, false), driver(12, false)];
        let options = [option(21)];
        let stakeholders = [stakeholder(1, 1.0)];
        let importances = [importance(1, 11, 5), importance(1, 12, 1)];
        let evidence = |comparisons: &[Comparison]| {
            analyze(&Evidence {
                drivers: &drivers,
                options: &options,
                stakeholders: &stakeholders,
                importances: &importances,
                scores: &[],
                weighting: Weighting::Ahp,
                comparisons,
            })
        };
        let none = evidence(&[]);
        assert!(none.ahp.as_ref().unwrap().weights_from_importance);
        assert!(close(none.weights[0].weight, 5.0 / 6.0), "{:?}", none.weights);
        assert_eq!((none.weights[0].importance, none.weights[0].rated_by), (Some(5.0), 1));
        // The first comparison switches to the pairwise weights.
        let one = [Comparison { stakeholder_id: id(1), driver_a: id(11), driver_b: id(12), value: 1.0 / 3.0 }];
        let compared = evidence(&one);
        assert!(!compared.ahp.as_ref().unwrap().weights_from_importance);
        assert!(close(compared.weights[0].weight, 0.25), "{:?}", compared.weights);
    }

    #[test]
    fn hand_computed_spread_coverage_and_stakeholder_rankings() {
        let result = example(false, 2);
        // A·D2 has scores 2 and 0: sd 1, range 2; A·D1 (4, 5) and B·D1 (2, 1): sd 0.5, range 1.
        let first = |r: &CellRef| (r.driver_id, r.option_id);
        assert_eq!(
            result.discuss_first.iter().map(first).collect::<Vec<_>>(),
            [(id(12), id(21)), (id(11), id(21)), (id(11), id(22))]
        );
        // 2 stakeholders × 2 drivers × 2 options = 8 cells; S2 left B·D2 empty.
        assert_eq!((result.coverage.expected, result.coverage.scored, result.coverage.missing), (8, 7, 1));
        // S1 weighs by own importance 5:1 → A = 100·(5/6·4 + 1/6·2)/5 = 73.3, B = 100·(5/6·2 + 1/6·5)/5 = 50.
        // S2 weighs 1:5 → A = 100·(1/6·5 + 5/6·0)/5 = 16.7, B = 100·1/5 = 20 (D1 only).
        let s1 = &result.stakeholder_rankings[0];
        let s2 = &result.stakeholder_rankings[1];
        assert!(close(s1.totals[0].unwrap(), 100.0 * (22.0 / 6.0) / 5.0) && close(s1.totals[1].unwrap(), 50.0));
        assert!(close(s2.totals[0].unwrap(), 100.0 / 6.0) && close(s2.totals[1].unwrap(), 20.0));
        assert_eq!((s1.ranking.clone(), s2.ranking.clone()), (vec![id(21), id(22)], vec![id(22), id(21)]));
        // Two raters in exact opposition over two options: rank sums 3 and 3, S = 0, W = 0.
        let consensus = result.consensus.unwrap();
        assert_eq!(consensus.raters, 2);
        assert!(close(consensus.kendall_w, 0.0));
    }

    #[test]
    fn must_have_failure_is_flagged_and_ranked_last() {
        // S1 scores B·D1 = 1: mean (1·1 + 1·3)/4 = 1 ≤ 1 on a must-have → B fails.
        let result = example(true, 1);
        assert_eq!(result.options[1].must_have_failures, [id(11)]);
        assert!(result.options[0].must_have_failures.is_empty());
        assert_eq!(result.ranking, [id(21), id(22)]);
        assert_eq!(result.winner, Some(id(21)));
        // Not a must-have: the same scores leave B first.
        assert_eq!(example(false, 1).winner, Some(id(22)));
    }

    #[test]
    fn nobody_rated_importance_means_equal_weights_and_no_scores_means_no_total() {
        let drivers = [driver(11, false), driver(12, false)];
        let options = [option(21)];
        let stakeholders = [stakeholder(1, 1.0)];
        let result = analyze(&Evidence {
            drivers: &drivers,
            options: &options,
            stakeholders: &stakeholders,
            importances: &[],
            scores: &[],
            weighting: Weighting::Direct,
            comparisons: &[],
        });
        assert!(close(result.weights[0].weight, 0.5) && result.weights[0].importance.is_none());
        assert_eq!((result.options[0].total, result.winner, result.consensus.clone()), (None, None, None));
    }

    /// ProofWiki, "Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1": four
    /// judges rank three competitors X, Y, Z as (1,3,2), (1,2,3), (2,3,1), (3,1,2); W = 1/16.
    #[test]
    fn kendall_w_matches_the_published_example() {
        let judges = [[1.0, 3.0, 2.0], [1.0, 2.0, 3.0], [2.0, 3.0, 1.0], [3.0, 1.0, 2.0]];
        // kendall_w takes values where higher is better: negate the ranks.
        let values: Vec<Vec<f64>> = judges.iter().map(|ranks| ranks.iter().map(|r| -r).collect()).collect();
        assert!(close(kendall_w(&values).unwrap(), 1.0 / 16.0));
    }

    #[test]
    fn kendall_w_corrects_for_ties() {
        // Raters' values for 3 objects; R2 ties the first two.
        // Ranks: R1 (1, 2, 3); R2 (1.5, 1.5, 3); R3 (2, 1, 3). Rank sums 4.5, 4.5, 9; mean 6;
        // S = 2.25 + 2.25 + 9 = 13.5. Ties: R2 has one pair → T = 2³ − 2 = 6.
        // W = 12·13.5 / (3²·(3³ − 3) − 3·6) = 162 / 198.
        let values = vec![vec![3.0, 2.0, 1.0], vec![3.0, 3.0, 1.0], vec![2.0, 3.0, 1.0]];
        assert!(close(kendall_w(&values).unwrap(), 162.0 / 198.0));
        // Unanimous raters give 1; a single rater gives nothing.
        assert!(close(kendall_w(&[vec![1.0, 2.0], vec![1.0, 2.0]]).unwrap(), 1.0));
        assert_eq!(kendall_w(&[vec![1.0, 2.0]]), None);
    }

    #[test]
    fn average_ranks_share_ties() {
        assert_eq!(average_ranks(&[5.0, 9.0, 5.0, 1.0]), [2.5, 1.0, 2.5, 4.0]);
    }

    type OwnedEvidence = (Vec<Driver>, Vec<ArchitectureOption>, Vec<Stakeholder>, Vec<Importance>, Vec<Score>);

    /// Random evidence: up to 5 stakeholders, 5 drivers, 4 options, with holes.
    fn evidence_strategy() -> impl Strategy<Value = OwnedEvidence> {
        (1usize..=5, 1usize..=5, 2usize..=4).prop_flat_map(|(s, d, o)| {
            let influences = proptest::collection::vec(1u8..=20, s);
            let musts = proptest::collection::vec(proptest::bool::weighted(0.2), d);
            let importances = proptest::collection::vec(proptest::option::weighted(0.8, 1u8..=5), s * d);
            let scores = proptest::collection::vec(proptest::option::weighted(0.85, 0u8..=5), s * d * o);
            (influences, musts, importances, scores).prop_map(move |(influences, musts, imps, vals)| {
                let drivers: Vec<Driver> = musts.iter().enumerate().map(|(i, &m)| driver(100 + i as u128, m)).collect();
                let options: Vec<ArchitectureOption> = (0..o).map(|i| option(200 + i as u128)).collect();
                let stakeholders: Vec<Stakeholder> = influences
                    .iter()
                    .enumerate()
                    .map(|(i, &f)| stakeholder(1 + i as u128, f64::from(f) / 4.0))
                    .collect();
                let mut importances = Vec::new();
                let mut scores = Vec::new();
                for si in 0..s {
                    for di in 0..d {
                        if let Some(v) = imps[si * d + di] {
                            importances.push(importance(1 + si as u128, 100 + di as u128, v));
                        }
                        for oi in 0..o {
                            if let Some(v) = vals[(si * d + di) * o + oi] {
                                scores.push(score(1 + si as u128, 100 + di as u128, 200 + oi as u128, v));
                            }
                        }
                    }
                }
                (drivers, options, stakeholders, importances, scores)
            })
        })
    }

    fn run(
        drivers: &[Driver],
        options: &[ArchitectureOption],
        stakeholders: &[Stakeholder],
        importances: &[Importance],
        scores: &[Score],
    ) -> Analysis {
        analyze(&Evidence {
            drivers,
            options,
            stakeholders,
            importances,
            scores,
            weighting: Weighting::Direct,
            comparisons: &[],
        })
    }

    fn totals_by_option(analysis: &Analysis) -> Vec<(Uuid, Option<f64>)> {
        let mut totals: Vec<_> = analysis.options.iter().map(|o| (o.option_id, o.total)).collect();
        totals.sort_by_key(|(id, _)| *id);
        totals
    }

    fn same_totals(a: &Analysis, b: &Analysis) -> bool {
        totals_by_option(a).iter().zip(totals_by_option(b)).all(|((ia, ta), (ib, tb))| {
            ia == &ib
                && match (ta, tb) {
                    (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                    (None, None) => true,
                    _ => false,
                }
        })
    }

    /// The winner for given weights, recomputed from scratch (the brute-force reference).
    fn winner_with(
        result: &Analysis,
        options: &[ArchitectureOption],
        drivers: &[Driver],
        weights: &[f64],
    ) -> Option<usize> {
        let totals: Vec<Option<f64>> = (0..options.len())
            .map(|o| {
                let means: Vec<Option<f64>> = drivers
                    .iter()
                    .map(|d| {
                        result
                            .cells
                            .iter()
                            .find(|c| c.driver_id == d.id && c.option_id == options[o].id)
                            .and_then(|c| c.mean)
                    })
                    .collect();
                weighted_total(weights, &means)
            })
            .collect();
        let fails: Vec<bool> = result.options.iter().map(|r| !r.must_have_failures.is_empty()).collect();
        rank_order(&totals, &fails).first().copied().filter(|&o| totals[o].is_some() && !fails[o])
    }

    fn moved(weights: &[f64], d: usize, delta: f64) -> Vec<f64> {
        let scale = (1.0 - weights[d] - delta) / (1.0 - weights[d]);
        weights.iter().enumerate().map(|(k, w)| if k == d { w + delta } else { w * scale }).collect()
    }

    #[test]
    fn sensitivity_by_hand() {
        // Two drivers weighted 1/3 and 2/3 (the hand-computed example): B wins 75 to 38.3.
        // With D1's weight at w: A = 4.75·w + 0.5·(1−w) = 0.5 + 4.25w and B = 1.25·w + 5·(1−w)
        // = 5 − 3.75w (means out of 5); they tie at 8w = 4.5 → w = 0.5625, Δ = +22.9 points.
        let result = example(false, 2);
        let d1 = &result.sensitivity[0];
        assert!(close(d1.threshold.unwrap(), (4.5 / 8.0 - 1.0 / 3.0) * 100.0), "{d1:?}");
        assert_eq!(d1.rival, Some(id(21)));
        // For D2 the same tie seen from the other side: its weight falls by the same amount.
        assert!(close(result.sensitivity[1].threshold.unwrap(), -(4.5 / 8.0 - 1.0 / 3.0) * 100.0));
        assert!(!result.fragile);
    }

    proptest! {
        #[test]
        fn permuting_stakeholders_or_drivers_changes_no_total(
            (drivers, options, stakeholders, importances, scores) in evidence_strategy(),
            rotate_s in 0usize..5,
            rotate_d in 0usize..5,
        ) {
            let base = run(&drivers, &options, &stakeholders, &importances, &scores);
            let mut s2 = stakeholders.clone();
            let s_len = s2.len();
            s2.rotate_left(rotate_s % s_len);
            s2.reverse();
            let mut d2 = drivers.clone();
            let d_len = d2.len();
            d2.rotate_left(rotate_d % d_len);
            let permuted = run(&d2, &options, &s2, &importances, &scores);
            prop_assert!(same_totals(&base, &permuted));
            prop_assert_eq!(base.winner, permuted.winner);
        }

        #[test]
        fn scaling_every_importance_or_influence_changes_no_weight(
            rows in proptest::collection::vec(proptest::collection::vec(proptest::option::of(0.5f64..5.0), 4), 1..6),
            factor in 0.01f64..100.0,
        ) {
            let influence = vec![1.0; rows.len()];
            let base = normalise(&mean_importance(&rows, &influence, 4).iter().map(|m| m.unwrap_or(NEUTRAL_IMPORTANCE)).collect::<Vec<_>>());
            let scaled_rows: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.iter().map(|v| v.map(|x| x * factor)).collect()).collect();
            // Unrated drivers count as neutral (3): scale that too, as "every importance".
            let scaled = normalise(&mean_importance(&scaled_rows, &influence, 4).iter().map(|m| m.unwrap_or(NEUTRAL_IMPORTANCE * factor)).collect::<Vec<_>>());
            for (a, b) in base.iter().zip(&scaled) {
                prop_assert!((a - b).abs() < 1e-9);
            }
            let more_influence = vec![factor; rows.len()];
            prop_assert_eq!(mean_importance(&rows, &influence, 4).len(), mean_importance(&rows, &more_influence, 4).len());
            for (a, b) in mean_importance(&rows, &influence, 4).iter().zip(mean_importance(&rows, &more_influence, 4)) {
                let same = match (a, b) { (Some(x), Some(y)) => (x - y).abs() < 1e-9, (None, None) => true, _ => false };
                prop_assert!(same);
            }
        }

        #[test]
        fn adding_a_dominated_option_never_changes_the_winner(
            (drivers, options, stakeholders, importances, mut scores) in evidence_strategy(),
        ) {
            let base = run(&drivers, &options, &stakeholders, &importances, &scores);
            prop_assume!(base.winner.is_some());
            let winner = base.winner.unwrap();
            // A new option scoring one less than the winner wherever the winner was scored.
            let dominated = option(999);
            let copies: Vec<Score> = scores
                .iter()
                .filter(|s| s.option_id == winner)
                .map(|s| Score { option_id: dominated.id, value: s.value.saturating_sub(1), ..s.clone() })
                .collect();
            scores.extend(copies);
            let mut more = options.clone();
            more.push(dominated);
            let after = run(&drivers, &more, &stakeholders, &importances, &scores);
            prop_assert_eq!(after.winner, Some(winner));
        }

        #[test]
        fn sensitivity_thresholds_agree_with_a_brute_force_search(
            (drivers, options, stakeholders, importances, scores) in evidence_strategy(),
        ) {
            let result = run(&drivers, &options, &stakeholders, &importances, &scores);
            let weights: Vec<f64> = result.weights.iter().map(|w| w.weight).collect();
            let base = winner_with(&result, &options, &drivers, &weights);
            prop_assume!(base.is_some() && drivers.len() > 1);
            for (d, s) in result.sensitivity.iter().enumerate() {
                let w = weights[d];
                let steps = 400;
                // No change of the winner strictly inside the threshold …
                let limit = s.threshold.map_or(f64::INFINITY, |t| t.abs() / 100.0);
                for i in 0..=steps {
                    // Interior points only: at a weight of exactly 0 an option may have no total.
                    let delta = -w + (f64::from(i) + 0.5) / f64::from(steps + 1);
                    if delta.abs() < limit - 2e-3 && delta.abs() > 0.0 {
                        let winner = winner_with(&result, &options, &drivers, &moved(&weights, d, delta));
                        prop_assert_eq!(winner, base, "driver {} Δ {} within threshold {:?}", d, delta, s.threshold);
                    }
                }
                // … and at the threshold the rival ties the winner.
                if let (Some(t), Some(rival)) = (s.threshold, s.rival) {
                    let at = moved(&weights, d, t / 100.0);
                    let total = |o: usize| {
                        let means: Vec<Option<f64>> = drivers.iter().map(|dr| result.cells.iter().find(|c| c.driver_id == dr.id && c.option_id == options[o].id).and_then(|c| c.mean)).collect();
                        weighted_total(&at, &means)
                    };
                    let r = options.iter().position(|o| o.id == rival).unwrap();
                    let (a, b) = (total(base.unwrap()), total(r));
                    prop_assert!(a.is_some() && b.is_some(), "a threshold where an option has no total");
                    prop_assert!((a.unwrap() - b.unwrap()).abs() < 1e-6, "no tie at the threshold");
                }
            }
        }

        #[test]
        fn removing_a_score_is_not_scoring_zero(
            (drivers, options, stakeholders, importances, scores) in evidence_strategy(),
            pick in 0usize..1000,
        ) {
            prop_assume!(!scores.is_empty());
            let chosen = scores[pick % scores.len()].clone();
            let removed: Vec<Score> = scores.iter().filter(|s| **s != chosen).cloned().collect();
            let zeroed: Vec<Score> = scores.iter().map(|s| if *s == chosen { Score { value: 0, ..s.clone() } } else { s.clone() }).collect();
            let a = run(&drivers, &options, &stakeholders, &importances, &removed);
            let b = run(&drivers, &options, &stakeholders, &importances, &zeroed);
            let cell = |x: &Analysis| x.cells.iter().find(|c| c.driver_id == chosen.driver_id && c.option_id == chosen.option_id).unwrap().clone();
            let (without, with_zero) = (cell(&a), cell(&b));
            prop_assert_eq!(without.count + 1, with_zero.count);
            prop_assert_eq!(a.coverage.scored + 1, b.coverage.scored);
            match without.mean {
                // The cell's only score: removed leaves no mean, a 0 is a mean of 0.
                None => prop_assert_eq!(with_zero.mean, Some(0.0)),
                // Other scores remain: a 0 pulls the mean down unless they were all 0.
                Some(m) if m > 0.0 => prop_assert!(with_zero.mean.unwrap() < m),
                Some(_) => prop_assert_eq!(with_zero.mean, Some(0.0)),
            }
        }
    }
}
