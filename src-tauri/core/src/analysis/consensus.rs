//! Consensus: Kendall's W over the stakeholders' rankings (with the tie correction), and the
//! cells whose spread says to discuss them first.

use std::collections::HashMap;

use super::{Consensus, StakeholderRanking};

pub(super) fn consensus(rankings: &[StakeholderRanking]) -> Option<Consensus> {
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
