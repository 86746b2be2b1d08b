//! Tests of the analysis: hand-computed examples, published values, and proptest invariants.

use super::*;
use crate::drivers::DriverCategory;
use crate::stakeholders::Raci;
use proptest::prelude::*;

/// The same cases on every run, so CI never meets a case nobody has seen pass;
/// `PROPTEST_RNG_SEED=n` explores others.
fn repeatable(cases: u32) -> ProptestConfig {
    let mut config = ProptestConfig::with_cases(cases);
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        config.rng_seed = proptest::test_runner::RngSeed::Fixed(20_261_202);
    }
    config
}

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
            let stakeholders: Vec<Stakeholder> =
                influences.iter().enumerate().map(|(i, &f)| stakeholder(1 + i as u128, f64::from(f) / 4.0)).collect();
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
    #![proptest_config(repeatable(256))]
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
