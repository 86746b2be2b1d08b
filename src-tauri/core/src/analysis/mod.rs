//! The decision analysis: pure functions from a session's evidence (drivers, options,
//! stakeholders, importances, scores) to its results — weights, weighted totals and ranking,
//! must-have failures, each stakeholder's own ranking, disagreement per cell, Kendall's W,
//! coverage. No I/O; the same evidence always gives the same results. Formulas: DESIGN.md §4.
//! This file holds the types, the weights and the weighted totals; the folder's other files
//! hold sensitivity, consensus, AHP and SMAA-2 — all pure.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub mod ahp;
mod consensus;
mod sensitivity;
pub mod smaa;
#[cfg(test)]
pub(crate) mod tests;

use self::ahp::{Comparison, RiTable, Triad};
pub use self::consensus::{average_ranks, kendall_w};
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
    let sensitivity = sensitivity::sensitivity(drivers, options, &weights, &means, &totals, &failures, &order);
    let fragile = sensitivity.iter().any(|s| s.threshold.is_some_and(|t| t.abs() < FRAGILE_POINTS));
    let consensus = consensus::consensus(&stakeholder_rankings);
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
