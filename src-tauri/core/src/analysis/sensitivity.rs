//! Sensitivity: for each driver, the smallest change of its weight (closed form) at which
//! another option ties the winner.

use uuid::Uuid;

use super::DriverSensitivity;
use crate::drivers::Driver;
use crate::options::ArchitectureOption;

/// For each driver, the smallest weight change (closed form) at which an eligible rival ties
/// the winner. The weight moves by Δ and the others are rescaled by (1 − w − Δ)/(1 − w); each
/// total is a ratio of two functions linear in Δ (its weights renormalise over the drivers it
/// has scores for), so a tie is a root of a quadratic.
pub(super) fn sensitivity(
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
