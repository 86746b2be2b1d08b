//! The Analytic Hierarchy Process (Saaty): driver weights from pairwise comparisons. Weights
//! are the principal eigenvector (power iteration to 1e-12), consistency is CR = CI / RI with
//! CI = (λmax − n)/(n − 1); the group matrix is the element-wise (influence-)weighted geometric
//! mean of the stakeholders' matrices (AIJ); an inconsistent matrix names its worst triad.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// CR below this is acceptable (Saaty).
pub const ACCEPTABLE_CR: f64 = 0.10;

/// Saaty's random index (1980), n = 1..=10.
const RI_SAATY_1980: [f64; 10] = [0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49];
/// Saaty's random index (2005), n = 1..=15.
const RI_SAATY_2005: [f64; 15] =
    [0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59];

/// Which random-index table a consistency ratio used (records state it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RiTable {
    /// Saaty (1980), the classic table, used for up to 10 drivers.
    Saaty1980,
    /// Saaty (2005), used for 11 to 15 drivers (and its last value beyond).
    Saaty2005,
}

/// The random index for an n × n matrix, and the table it came from.
pub fn random_index(n: usize) -> (f64, RiTable) {
    if n <= RI_SAATY_1980.len() {
        (RI_SAATY_1980[n.max(1) - 1], RiTable::Saaty1980)
    } else {
        (RI_SAATY_2005[n.min(RI_SAATY_2005.len()) - 1], RiTable::Saaty2005)
    }
}

/// One stakeholder's comparison of two drivers: how much more `a` matters than `b`, on the
/// Saaty scale 1/9 … 9 (1 equal, 3 moderate, 5 strong, 7 very strong, 9 extreme).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Comparison {
    pub stakeholder_id: Uuid,
    pub driver_a: Uuid,
    pub driver_b: Uuid,
    pub value: f64,
}

/// Whether `value` is on the Saaty scale: 1..9 or its reciprocals.
pub fn is_saaty_value(value: f64) -> bool {
    (1..=9).any(|k| {
        let k = f64::from(k);
        (value - k).abs() < 1e-9 || (value - 1.0 / k).abs() < 1e-9
    })
}

/// A reciprocal matrix from pairs (i, j, a_ij); missing pairs are 1 (equal).
pub fn matrix(n: usize, pairs: &[(usize, usize, f64)]) -> Vec<Vec<f64>> {
    let mut m = vec![vec![1.0; n]; n];
    for &(i, j, v) in pairs {
        if i < n && j < n && i != j && v > 0.0 {
            m[i][j] = v;
            m[j][i] = 1.0 / v;
        }
    }
    m
}

/// The principal eigenvector (normalised to sum 1) and λmax, by power iteration until the
/// weights change by less than 1e-12.
pub fn principal_eigenvector(m: &[Vec<f64>]) -> (Vec<f64>, f64) {
    let n = m.len();
    if n == 0 {
        return (Vec::new(), 0.0);
    }
    let mut w = vec![1.0 / n as f64; n];
    for _ in 0..10_000 {
        let mut next: Vec<f64> = (0..n).map(|i| (0..n).map(|j| m[i][j] * w[j]).sum()).collect();
        let sum: f64 = next.iter().sum();
        next.iter_mut().for_each(|x| *x /= sum);
        let change = next.iter().zip(&w).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        w = next;
        if change < 1e-12 {
            break;
        }
    }
    let aw: Vec<f64> = (0..n).map(|i| (0..n).map(|j| m[i][j] * w[j]).sum()).collect();
    let lambda = aw.iter().zip(&w).map(|(a, x)| a / x).sum::<f64>() / n as f64;
    (w, lambda)
}

/// Consistency of a matrix: (CR, λmax, RI table); CR is 0 for n ≤ 2.
pub fn consistency(m: &[Vec<f64>]) -> (f64, f64, RiTable) {
    let n = m.len();
    let (_, lambda) = principal_eigenvector(m);
    let (ri, table) = random_index(n);
    if n <= 2 || ri == 0.0 {
        return (0.0, lambda, table);
    }
    let ci = (lambda - n as f64) / (n as f64 - 1.0);
    ((ci / ri).max(0.0), lambda, table)
}

/// The element-wise weighted geometric mean of matrices (AIJ); `weights` are the
/// stakeholders' influences. Entries nobody gave (None) are 1.
pub fn group_matrix(n: usize, matrices: &[(f64, Vec<Vec<Option<f64>>>)]) -> Vec<Vec<f64>> {
    let mut m = vec![vec![1.0; n]; n];
    for i in 0..n {
        for j in (i + 1)..n {
            let (log_sum, weight) = matrices
                .iter()
                .filter_map(|(w, entries)| entries[i][j].map(|v| (w * v.ln(), *w)))
                .fold((0.0, 0.0), |(s, t), (x, w)| (s + x, t + w));
            if weight > 0.0 {
                m[i][j] = (log_sum / weight).exp();
                m[j][i] = 1.0 / m[i][j];
            }
        }
    }
    m
}

/// The three drivers whose comparisons disagree most: i over j, j over k, and i over k, with
/// inconsistency |ln(a_ij · a_jk / a_ik)| (0 when consistent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Triad {
    pub first: Uuid,
    pub second: Uuid,
    pub third: Uuid,
    /// a(first, second), a(second, third), a(first, third).
    pub first_over_second: f64,
    pub second_over_third: f64,
    pub first_over_third: f64,
}

pub fn most_inconsistent_triad(m: &[Vec<f64>], ids: &[Uuid]) -> Option<Triad> {
    let n = m.len();
    let mut worst: Option<(f64, usize, usize, usize)> = None;
    for i in 0..n {
        for j in 0..n {
            for k in 0..n {
                if i == j || j == k || i == k {
                    continue;
                }
                let score = (m[i][j] * m[j][k] / m[i][k]).ln().abs();
                if worst.is_none_or(|(s, ..)| score > s + 1e-12) {
                    worst = Some((score, i, j, k));
                }
            }
        }
    }
    let (score, i, j, k) = worst?;
    // Read as "i > j and j > k, yet k ≥ i": orient so the first two comparisons favour the
    // earlier driver, which is how people state the contradiction.
    (score > 1e-9).then(|| Triad {
        first: ids[i],
        second: ids[j],
        third: ids[k],
        first_over_second: m[i][j],
        second_over_third: m[j][k],
        first_over_third: m[i][k],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn a_consistent_matrix_gives_exact_weights_and_cr_zero() {
        // Weights 4 : 2 : 1 → a_ij = w_i / w_j.
        let w = [4.0, 2.0, 1.0];
        let m: Vec<Vec<f64>> = (0..3).map(|i| (0..3).map(|j| w[i] / w[j]).collect()).collect();
        let (weights, lambda) = principal_eigenvector(&m);
        for (got, want) in weights.iter().zip([4.0 / 7.0, 2.0 / 7.0, 1.0 / 7.0]) {
            assert!(close(*got, want, 1e-12), "{weights:?}");
        }
        assert!(close(lambda, 3.0, 1e-12));
        let (cr, _, table) = consistency(&m);
        assert!(close(cr, 0.0, 1e-12));
        assert_eq!(table, RiTable::Saaty1980);
        assert!(most_inconsistent_triad(&m, &[Uuid::nil(); 3]).is_none());
    }

    /// Saaty (1977), "A scaling method for priorities in hierarchical structures", Journal of
    /// Mathematical Psychology 15(3), 234–281: the optics example, four chairs at different
    /// distances from a light judged for brightness. Published: λmax = 4.39, CI = 0.13 and the
    /// eigenvector ≈ (0.62, 0.24, 0.10, 0.05), close to the inverse-square law.
    #[test]
    fn saatys_published_optics_example() {
        let pairs = [(0, 1, 5.0), (0, 2, 6.0), (0, 3, 7.0), (1, 2, 4.0), (1, 3, 6.0), (2, 3, 4.0)];
        let m = matrix(4, &pairs);
        let (weights, lambda) = principal_eigenvector(&m);
        assert!(close(lambda, 4.39, 0.005), "λmax {lambda}");
        let ci = (lambda - 4.0) / 3.0;
        assert!(close(ci, 0.13, 0.005), "CI {ci}");
        for (got, published) in weights.iter().zip([0.62, 0.24, 0.10, 0.05]) {
            assert!(close(*got, published, 0.006), "{weights:?}");
        }
        let (cr, _, table) = consistency(&m);
        assert!(close(cr, 0.13 / 0.90, 0.01) && cr >= ACCEPTABLE_CR, "CR {cr}");
        assert_eq!(table, RiTable::Saaty1980);
    }

    /// A 3 × 3 matrix checked by hand (power iteration in a separate script): a12 = 3,
    /// a13 = 5, a23 = 3 gives the eigenvector (0.637, 0.258, 0.105), λmax 3.039 and, with
    /// RI = 0.58, CR = 0.033.
    #[test]
    fn a_textbook_three_by_three() {
        let m = matrix(3, &[(0, 1, 3.0), (0, 2, 5.0), (1, 2, 3.0)]);
        let (weights, lambda) = principal_eigenvector(&m);
        let (cr, _, _) = consistency(&m);
        assert!(
            close(weights[0], 0.637, 0.001) && close(weights[1], 0.258, 0.001) && close(weights[2], 0.105, 0.001),
            "{weights:?}"
        );
        assert!(close(lambda, 3.039, 0.001), "{lambda}");
        assert!(close(cr, 0.033, 0.001), "{cr}");
    }

    #[test]
    fn the_worst_triad_is_named() {
        // A > B (5), B > C (5), but C > A (a_AC = 1/3): a cycle.
        let ids = [Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3)];
        let m = matrix(3, &[(0, 1, 5.0), (1, 2, 5.0), (0, 2, 1.0 / 3.0)]);
        let (cr, _, _) = consistency(&m);
        assert!(cr >= ACCEPTABLE_CR, "{cr}");
        let triad = most_inconsistent_triad(&m, &ids).unwrap();
        // The contradiction reads: first > second, second > third, yet third ≥ first.
        assert!(
            triad.first_over_second > 1.0 && triad.second_over_third > 1.0 && triad.first_over_third < 1.0,
            "{triad:?}"
        );
        assert_eq!((triad.first, triad.second, triad.third), (ids[0], ids[1], ids[2]));
    }

    #[test]
    fn group_matrix_is_the_weighted_geometric_mean() {
        let a = vec![vec![None, Some(9.0)], vec![None, None]];
        let b = vec![vec![None, Some(1.0)], vec![None, None]];
        let m = group_matrix(2, &[(1.0, a), (1.0, b)]);
        assert!(close(m[0][1], 3.0, 1e-12) && close(m[1][0], 1.0 / 3.0, 1e-12));
    }

    #[test]
    fn the_saaty_scale_and_random_indices() {
        assert!(is_saaty_value(7.0) && is_saaty_value(1.0 / 7.0) && is_saaty_value(1.0));
        assert!(!is_saaty_value(10.0) && !is_saaty_value(0.0) && !is_saaty_value(2.5));
        assert_eq!(random_index(4), (0.90, RiTable::Saaty1980));
        assert_eq!(random_index(12), (1.54, RiTable::Saaty2005));
        assert_eq!(random_index(30), (1.59, RiTable::Saaty2005));
    }
}
