//! Revisiting a decision: a new session linked to the old one with its stakeholders,
//! drivers, options, importance ratings, pairwise comparisons and last scores copied in; the differences against the
//! original (weights, scores, totals, ranking, winner); the decisions due for review, and the
//! triggers that say when to look at a decision again.
//! Accepting the revisit's record supersedes the old record, both ways (see `decisions`).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::analysis::{Analysis, WeightSource};
use crate::decisions::DecisionStatus;
use crate::history::ChangeNote;
use crate::scoring::{ScoreCell, evidence_of};
use crate::sessions::{Session, SessionDetail, SessionStatus, get_session};
use crate::text::{self, MAX_NAME};
use crate::{Error, Result, Store, store};

/// Starts a revisit of `original`: a new session with everything the team weighed copied in.
pub fn revisit_session(store: &mut Store, original: Uuid) -> Result<SessionDetail> {
    let crate::scoring::SessionEvidence { detail, importances, scores, comparisons } = evidence_of(store, original)?;
    let now = store.now();
    let new_id = Uuid::now_v7();
    let title = text::required_line("title", "Title", &format!("{} (revisit)", detail.session.title), MAX_NAME)
        .unwrap_or_else(|_| detail.session.title.clone());
    let session = Session {
        id: new_id,
        title,
        context: detail.session.context.clone(),
        facilitator: detail.session.facilitator.clone(),
        held_on: Some(now.date_naive()),
        tags: detail.session.tags.clone(),
        status: if scores.is_empty() { SessionStatus::Draft } else { SessionStatus::Scoring },
        created_at: now,
        updated_at: now,
        review_by: None,
        revisit_of: Some(original),
        weighting: detail.session.weighting,
        use_cases: detail.session.use_cases.clone(),
        use_case_notes: detail.session.use_case_notes.clone(),
        reversibility: detail.session.reversibility,
    };
    let note = ChangeNote {
        summary: Some(format!("Started as a revisit of “{}”", detail.session.title)),
        ..ChangeNote::of("revisit_session", new_id).final_step()
    };
    store.write(note, |tx| {
        store::sessions::insert(tx, &session)?;
        let mut ids: HashMap<Uuid, Uuid> = HashMap::new();
        for s in &detail.stakeholders {
            let copy = crate::stakeholders::Stakeholder { id: Uuid::now_v7(), session_id: new_id, ..s.clone() };
            ids.insert(s.id, copy.id);
            store::stakeholders::insert(tx, &copy)?;
        }
        for d in &detail.drivers {
            let copy = crate::drivers::Driver { id: Uuid::now_v7(), session_id: new_id, ..d.clone() };
            ids.insert(d.id, copy.id);
            store::drivers::insert(tx, &copy)?;
        }
        for o in &detail.options {
            let copy = crate::options::ArchitectureOption { id: Uuid::now_v7(), session_id: new_id, ..o.clone() };
            ids.insert(o.id, copy.id);
            store::options::insert(tx, &copy)?;
        }
        let map =
            |id: Uuid| ids.get(&id).copied().ok_or_else(|| Error::Damaged("a score refers to a missing row".into()));
        for i in &importances {
            store::scoring::set_importance(tx, new_id, map(i.stakeholder_id)?, map(i.driver_id)?, Some(i.value))?;
        }
        for c in &comparisons {
            // The copies' ids sort anew: store the pair in their order.
            let (a, b, value) = crate::scoring::stored_pair(map(c.driver_a)?, map(c.driver_b)?, Some(c.value));
            store::scoring::set_comparison(tx, new_id, map(c.stakeholder_id)?, a, b, value)?;
        }
        for s in &scores {
            let cell = ScoreCell {
                stakeholder_id: map(s.stakeholder_id)?,
                driver_id: map(s.driver_id)?,
                option_id: map(s.option_id)?,
            };
            store::scoring::set_value(tx, new_id, &cell, s.value, s.suggested, now)?;
            if !s.rationale.is_empty() {
                store::scoring::set_rationale(tx, &cell, &s.rationale, now)?;
            }
        }
        Ok(())
    })?;
    get_session(store, new_id)
}

/// A value before (in the original) and after (in the revisit); None where it did not exist.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Difference<T> {
    pub name: String,
    pub before: Option<T>,
    pub after: Option<T>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScoreChange {
    pub stakeholder: String,
    pub driver: String,
    pub option: String,
    pub before: Option<u8>,
    pub after: Option<u8>,
}

/// What changed between the original decision's evidence and the revisit's.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RevisitDiff {
    pub original_session_id: Uuid,
    pub original_title: String,
    pub original_number: Option<u32>,
    /// Driver weights in percent.
    pub weights: Vec<Difference<f64>>,
    /// Why the weights are what they are, on each side: importance ratings or comparisons.
    pub weights_from_before: WeightSource,
    pub weights_from_after: WeightSource,
    /// Importance ratings and pairwise comparisons that differ (added, removed or changed).
    pub importance_changes: u32,
    pub comparison_changes: u32,
    /// Option totals, 0–100.
    pub totals: Vec<Difference<f64>>,
    pub ranking_before: Vec<String>,
    pub ranking_after: Vec<String>,
    pub winner_before: Option<String>,
    pub winner_after: Option<String>,
    /// Only the scores that differ (added, removed or changed).
    pub scores: Vec<ScoreChange>,
}

/// The evidence of one side, by names (ids differ between the sessions).
struct Side {
    analysis: Analysis,
    detail: SessionDetail,
    scores: Vec<crate::scoring::Score>,
    importances: Vec<crate::scoring::Importance>,
    comparisons: Vec<crate::ahp::Comparison>,
}

impl Side {
    fn option(&self, id: Uuid) -> String {
        self.detail.options.iter().find(|o| o.id == id).map_or_else(String::new, |o| o.name.clone())
    }
    fn driver(&self, id: Uuid) -> String {
        self.detail.drivers.iter().find(|d| d.id == id).map_or_else(String::new, |d| d.title.clone())
    }
    fn person(&self, id: Uuid) -> String {
        self.detail.stakeholders.iter().find(|s| s.id == id).map_or_else(String::new, |s| s.name.clone())
    }
    fn weights(&self) -> Vec<(String, f64)> {
        self.analysis.weights.iter().map(|w| (self.driver(w.driver_id), w.weight * 100.0)).collect()
    }
    fn totals(&self) -> Vec<(String, Option<f64>)> {
        self.analysis.options.iter().map(|o| (self.option(o.option_id), o.total)).collect()
    }
    fn importance_map(&self) -> HashMap<(String, String), u8> {
        self.importances.iter().map(|i| ((self.person(i.stakeholder_id), self.driver(i.driver_id)), i.value)).collect()
    }
    /// Each comparison as "how much the first-named driver matters over the second", with the
    /// pair in name order (ids, and so the stored order, differ between the sessions).
    fn comparison_map(&self) -> HashMap<(String, String, String), u64> {
        self.comparisons
            .iter()
            .map(|c| {
                let (a, b) = (self.driver(c.driver_a), self.driver(c.driver_b));
                let (a, b, value) = if a <= b { (a, b, c.value) } else { (b, a, 1.0 / c.value) };
                ((self.person(c.stakeholder_id), a, b), (value * 1e6).round() as u64)
            })
            .collect()
    }
    fn score_map(&self) -> HashMap<(String, String, String), u8> {
        self.scores
            .iter()
            .map(|s| ((self.person(s.stakeholder_id), self.driver(s.driver_id), self.option(s.option_id)), s.value))
            .collect()
    }
}

/// The original's side: the frozen snapshot of its record when there is one.
fn original_side(store: &Store, original: Uuid) -> Result<Side> {
    let decision = crate::decisions::get_decision(store, original)?;
    if let Some(snapshot) = decision.and_then(|d| d.snapshot) {
        let mut detail = get_session(store, original)?;
        detail.stakeholders = snapshot.stakeholders;
        detail.drivers = snapshot.drivers;
        detail.options = snapshot.options;
        return Ok(Side {
            analysis: snapshot.analysis,
            detail,
            scores: snapshot.scores,
            importances: snapshot.importances,
            comparisons: snapshot.comparisons,
        });
    }
    live_side(store, original)
}

fn live_side(store: &Store, session_id: Uuid) -> Result<Side> {
    let evidence = evidence_of(store, session_id)?;
    let analysis = evidence.analyze();
    let crate::scoring::SessionEvidence { detail, importances, scores, comparisons } = evidence;
    Ok(Side { analysis, detail, scores, importances, comparisons })
}

pub fn revisit_diff(store: &Store, revisit: Uuid) -> Result<RevisitDiff> {
    let session = get_session(store, revisit)?.session;
    let original = session
        .revisit_of
        .ok_or_else(|| Error::refused(crate::ErrorCode::NotARevisit, "This session is not a revisit of another one"))?;
    let before = original_side(store, original)?;
    let after = live_side(store, revisit)?;
    let pair = |a: Vec<(String, Option<f64>)>, b: Vec<(String, Option<f64>)>| -> Vec<Difference<f64>> {
        let mut out: Vec<Difference<f64>> = a
            .iter()
            .map(|(name, value)| Difference {
                name: name.clone(),
                before: *value,
                after: b.iter().find(|(n, _)| n == name).and_then(|(_, v)| *v),
            })
            .collect();
        for (name, value) in &b {
            if !a.iter().any(|(n, _)| n == name) {
                out.push(Difference { name: name.clone(), before: None, after: *value });
            }
        }
        out
    };
    let weights = pair(
        before.weights().into_iter().map(|(n, w)| (n, Some(w))).collect(),
        after.weights().into_iter().map(|(n, w)| (n, Some(w))).collect(),
    );
    let totals = pair(before.totals(), after.totals());
    let (old_scores, new_scores) = (before.score_map(), after.score_map());
    let mut keys: Vec<&(String, String, String)> = old_scores.keys().chain(new_scores.keys()).collect();
    keys.sort();
    keys.dedup();
    let scores = keys
        .into_iter()
        .filter(|k| old_scores.get(*k) != new_scores.get(*k))
        .map(|k| ScoreChange {
            stakeholder: k.0.clone(),
            driver: k.1.clone(),
            option: k.2.clone(),
            before: old_scores.get(k).copied(),
            after: new_scores.get(k).copied(),
        })
        .collect();
    let original_number = crate::decisions::get_decision(store, original)?.and_then(|d| d.number);
    fn changes<K: Eq + std::hash::Hash, V: PartialEq>(a: &HashMap<K, V>, b: &HashMap<K, V>) -> u32 {
        let changed_or_removed = a.iter().filter(|(k, v)| b.get(*k) != Some(*v)).count();
        (changed_or_removed + b.keys().filter(|k| !a.contains_key(*k)).count()) as u32
    }
    Ok(RevisitDiff {
        original_session_id: original,
        original_title: before.detail.session.title.clone(),
        original_number,
        weights,
        weights_from_before: before.analysis.weight_source(),
        weights_from_after: after.analysis.weight_source(),
        importance_changes: changes(&before.importance_map(), &after.importance_map()),
        comparison_changes: changes(&before.comparison_map(), &after.comparison_map()),
        totals,
        ranking_before: before.analysis.ranking.iter().map(|id| before.option(*id)).collect(),
        ranking_after: after.analysis.ranking.iter().map(|id| after.option(*id)).collect(),
        winner_before: before.analysis.winner.map(|id| before.option(id)),
        winner_after: after.analysis.winner.map(|id| after.option(id)),
        scores,
    })
}

/// A condition under which a decision should be looked at again.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct RevisitTrigger {
    /// "Microservices would win if Scalability weighed 8.0 points more."
    pub text: String,
    /// The driver it names, if any (the revisit shows the trigger beside it).
    pub driver_id: Option<Uuid>,
    /// Computed from the frozen evidence (false: the team's own words).
    pub computed: bool,
}

/// How many drivers' sensitivity thresholds become triggers: the nearest ones.
pub const SENSITIVITY_TRIGGERS: usize = 3;
/// A runner-up that wins in at least this share of SMAA-2's samples is a trigger.
pub const SMAA_TRIGGER_SHARE: f64 = 0.10;

/// When to look at `decision` again: from its frozen evidence, the drivers whose weight
/// moving least would change the winner (the sensitivity analysis' thresholds, nearest first,
/// at most `SENSITIVITY_TRIGGERS`) and the strongest runner-up in SMAA-2 when it wins often
/// enough; then the team's own triggers. A record without frozen evidence has only the team's.
/// The evidence never changes once frozen, so neither do the computed triggers.
pub fn triggers(decision: &crate::decisions::Decision) -> Vec<RevisitTrigger> {
    let mut out = Vec::new();
    if let Some(evidence) = &decision.snapshot
        && let Some(winner) = evidence.analysis.winner
    {
        let option = |id: Uuid| evidence.options.iter().find(|o| o.id == id).map(|o| o.name.as_str());
        let driver = |id: Uuid| evidence.drivers.iter().find(|d| d.id == id).map(|d| d.title.as_str());
        let mut near: Vec<(f64, Uuid, Uuid)> =
            evidence.analysis.sensitivity.iter().filter_map(|s| Some((s.threshold?, s.driver_id, s.rival?))).collect();
        near.sort_by(|a, b| a.0.abs().total_cmp(&b.0.abs()));
        for (threshold, driver_id, rival) in near.into_iter().take(SENSITIVITY_TRIGGERS) {
            let (Some(rival), Some(name)) = (option(rival), driver(driver_id)) else { continue };
            let way = if threshold >= 0.0 { "more" } else { "less" };
            out.push(RevisitTrigger {
                text: format!("{rival} would win if {name} weighed {:.1} points {way}.", threshold.abs()),
                driver_id: Some(driver_id),
                computed: true,
            });
        }
        let runner_up = evidence.smaa.as_ref().and_then(|smaa| {
            smaa.options.iter().filter(|o| o.option_id != winner).max_by(|a, b| a.win.total_cmp(&b.win))
        });
        if let Some(runner_up) = runner_up.filter(|o| o.win >= SMAA_TRIGGER_SHARE)
            && let Some(name) = option(runner_up.option_id)
        {
            out.push(RevisitTrigger {
                text: format!(
                    "{name} already wins in {:.1}% of the plausible weightings (SMAA-2).",
                    runner_up.win * 100.0
                ),
                driver_id: None,
                computed: true,
            });
        }
    }
    out.extend(decision.triggers.iter().map(|text| RevisitTrigger {
        text: text.clone(),
        driver_id: None,
        computed: false,
    }));
    out
}

/// The triggers of the record of `session_id` (none without a record).
pub fn record_triggers(store: &Store, session_id: Uuid) -> Result<Vec<RevisitTrigger>> {
    Ok(crate::decisions::get_decision(store, session_id)?.map(|d| triggers(&d)).unwrap_or_default())
}

/// For a revisit: the triggers of the record it revisits, each computed one pointing at the
/// revisit's driver of the same title (the revisit's drivers are copies with new ids; one the
/// team renamed or removed since leaves its trigger without a driver). None for a session
/// that is not a revisit.
pub fn original_triggers(store: &Store, revisit: Uuid) -> Result<Vec<RevisitTrigger>> {
    let detail = get_session(store, revisit)?;
    let Some(original) = detail.session.revisit_of else { return Ok(Vec::new()) };
    let Some(decision) = crate::decisions::get_decision(store, original)? else { return Ok(Vec::new()) };
    let titles: HashMap<Uuid, &str> = decision
        .snapshot
        .as_ref()
        .map(|s| s.drivers.iter().map(|d| (d.id, d.title.as_str())).collect())
        .unwrap_or_default();
    Ok(triggers(&decision)
        .into_iter()
        .map(|mut trigger| {
            trigger.driver_id = trigger
                .driver_id
                .and_then(|id| titles.get(&id))
                .and_then(|title| detail.drivers.iter().find(|d| d.title == *title))
                .map(|d| d.id);
            trigger
        })
        .collect())
}

/// An accepted decision whose review date has come.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DueReview {
    pub session_id: Uuid,
    pub number: Option<u32>,
    pub title: String,
    pub review_by: NaiveDate,
    /// A revisit already started, to open instead of starting another.
    pub revisit_id: Option<Uuid>,
    /// When to look again besides the date (`triggers`).
    pub triggers: Vec<RevisitTrigger>,
}

/// Accepted records whose review-by date is `today` or earlier, oldest first.
pub fn due_reviews(store: &Store, today: NaiveDate) -> Result<Vec<DueReview>> {
    let conn = store.read();
    let mut due = Vec::new();
    for decision in store::decisions::numbered(conn)? {
        let Some(review_by) = decision.review_by else { continue };
        if decision.status != DecisionStatus::Accepted || review_by > today {
            continue;
        }
        due.push(DueReview {
            session_id: decision.session_id,
            number: decision.number,
            triggers: triggers(&decision),
            title: decision.title,
            review_by,
            revisit_id: store::sessions::revisit_of(conn, decision.session_id)?,
        });
    }
    due.sort_by_key(|d| d.review_by);
    Ok(due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decisions::tests::decided_workshop;
    use crate::decisions::{DecisionEdit, choose_option, get_decision, set_decision_status, update_decision};
    use crate::scoring::{ScoreEdit, set_score};

    #[test]
    fn the_triggers_are_the_sensitivity_thresholds_of_the_frozen_evidence_then_the_teams_own() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = decided_workshop(&mut store, "Checkout platform");
        let record = choose_option(&mut store, id, detail.options[1].id).unwrap();
        assert_eq!(triggers(&record), [], "a proposed record has no evidence frozen yet");
        let record = set_decision_status(&mut store, record.id, DecisionStatus::Accepted, false).unwrap();
        let frozen = triggers(&record);
        let evidence = record.snapshot.as_ref().unwrap();
        let analysis = &evidence.analysis;
        // The closed form of the weighted sum: driver j's weight becomes w_j + δ and the others
        // share 1 − w_j − δ in proportion; the two options tie where their totals meet.
        let (winner, rival) = (detail.options[1].id, detail.options[0].id);
        let mean = |d: Uuid, o: Uuid| {
            analysis.cells.iter().find(|c| c.driver_id == d && c.option_id == o).unwrap().mean.unwrap()
        };
        for trigger in frozen.iter().filter(|t| t.driver_id.is_some()) {
            let j = trigger.driver_id.unwrap();
            let w_j = analysis.weights.iter().find(|w| w.driver_id == j).unwrap().weight;
            let rest = |o: Uuid| -> f64 {
                analysis.weights.iter().filter(|w| w.driver_id != j).map(|w| w.weight * mean(w.driver_id, o)).sum()
            };
            let a = |o: Uuid| mean(j, o) - rest(o) / (1.0 - w_j);
            let delta = (rest(rival) - rest(winner)) / ((1.0 - w_j) * (a(winner) - a(rival))) - w_j;
            let name = &detail.drivers.iter().find(|d| d.id == j).unwrap().title;
            let way = if delta >= 0.0 { "more" } else { "less" };
            assert_eq!(
                trigger.text,
                format!("Monolithic would win if {name} weighed {:.1} points {way}.", (delta * 100.0).abs())
            );
        }
        assert_eq!(frozen.iter().filter(|t| t.driver_id.is_some()).count(), 2, "{frozen:?}");
        let smaa = frozen.iter().find(|t| t.text.contains("SMAA-2")).unwrap();
        assert!(smaa.computed && smaa.text.starts_with("Monolithic already wins in "), "{smaa:?}");

        // The team adds its own, also to an accepted record; the computed ones stay as they were.
        let own = vec!["If traffic passes 5k requests/s".to_owned()];
        let record = update_decision(&mut store, record.id, DecisionEdit::Triggers(own.clone())).unwrap();
        let now = triggers(&record);
        assert_eq!(now[..frozen.len()], frozen[..]);
        assert_eq!(now.last().unwrap(), &RevisitTrigger { text: own[0].clone(), driver_id: None, computed: false });
        let too_long = vec!["x".repeat(crate::text::MAX_NAME * 100)];
        assert!(update_decision(&mut store, record.id, DecisionEdit::Triggers(too_long)).is_err());
        assert_eq!(get_decision(&store, id).unwrap().unwrap().triggers, own, "nothing stored half-way");

        // A due record lists them.
        let due = due_reviews(&store, record.review_by.unwrap()).unwrap();
        assert_eq!(due[0].triggers, now);

        // Its revisit shows them beside its own copies of the drivers they name.
        let revisit = revisit_session(&mut store, id).unwrap();
        let shown = original_triggers(&store, revisit.session.id).unwrap();
        assert_eq!(shown.iter().map(|t| &t.text).collect::<Vec<_>>(), now.iter().map(|t| &t.text).collect::<Vec<_>>());
        for (trigger, original) in shown.iter().zip(&now) {
            let title = |drivers: &[crate::drivers::Driver], id: Option<Uuid>| {
                id.and_then(|id| drivers.iter().find(|d| d.id == id)).map(|d| d.title.clone())
            };
            assert_eq!(title(&revisit.drivers, trigger.driver_id), title(&detail.drivers, original.driver_id));
            assert!(trigger.driver_id.is_none_or(|id| revisit.drivers.iter().any(|d| d.id == id)));
        }
        assert_eq!(original_triggers(&store, id).unwrap(), [], "not a revisit");
    }

    /// An accepted ADR-0001 (Microservices 80 vs Monolithic 60) and its revisit.
    fn revisited(store: &mut Store) -> (Uuid, Uuid, SessionDetail) {
        let (original, detail) = decided_workshop(store, "Checkout platform");
        let decision = choose_option(store, original, detail.options[1].id).unwrap();
        set_decision_status(store, decision.id, DecisionStatus::Accepted, false).unwrap();
        let revisit = revisit_session(store, original).unwrap();
        (original, revisit.session.id, revisit)
    }

    #[test]
    fn a_revisit_copies_everything_and_points_back() {
        let mut store = Store::open_in_memory().unwrap();
        let (original, revisit, detail) = revisited(&mut store);
        let old = get_session(&store, original).unwrap();
        assert_eq!(detail.session.title, "Checkout platform (revisit)");
        assert_eq!(detail.session.revisit_of, Some(original));
        assert_eq!(detail.session.context, old.session.context);
        let names = |d: &SessionDetail| {
            (
                d.stakeholders.iter().map(|s| (s.name.clone(), s.raci)).collect::<Vec<_>>(),
                d.drivers.iter().map(|x| (x.title.clone(), x.must_have)).collect::<Vec<_>>(),
                d.options.iter().map(|o| (o.name.clone(), o.pros.clone())).collect::<Vec<_>>(),
            )
        };
        assert_eq!(names(&detail), names(&old));
        let old_scores = evidence_of(&store, original).unwrap().scores;
        let new_scores = evidence_of(&store, revisit).unwrap().scores;
        assert_eq!(old_scores.len(), new_scores.len());
        assert!(
            new_scores.iter().all(|s| detail.options.iter().any(|o| o.id == s.option_id)),
            "scores point at the copies"
        );
        // The original stays read-only; the revisit is open.
        assert!(get_decision(&store, revisit).unwrap().is_none());
    }

    #[test]
    fn a_revisit_of_an_ahp_session_keeps_its_comparisons_and_weights() {
        let mut store = Store::open_in_memory().unwrap();
        let (original, detail) = decided_workshop(&mut store, "Checkout platform");
        crate::sessions::update_session(
            &mut store,
            original,
            crate::sessions::SessionEdit::Weighting(crate::sessions::Weighting::Ahp),
        )
        .unwrap();
        let (scalability, security) = (detail.drivers[0].id, detail.drivers[1].id);
        // Ana: Scalability 5× Security; Bo: Security 3× Scalability (given in the other order).
        crate::scoring::set_comparison(
            &mut store,
            original,
            detail.stakeholders[0].id,
            scalability,
            security,
            Some(5.0),
        )
        .unwrap();
        crate::scoring::set_comparison(
            &mut store,
            original,
            detail.stakeholders[1].id,
            security,
            scalability,
            Some(3.0),
        )
        .unwrap();
        let before = evidence_of(&store, original).unwrap().analyze();
        let decision = choose_option(&mut store, original, detail.options[1].id).unwrap();
        set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
        let revisit = revisit_session(&mut store, original).unwrap().session.id;
        let copied = evidence_of(&store, revisit).unwrap();
        assert_eq!(copied.comparisons.len(), 2, "every comparison is copied");
        let after = copied.analyze();
        let weights = |a: &Analysis| a.weights.iter().map(|w| w.weight).collect::<Vec<_>>();
        for (b, a) in weights(&before).iter().zip(weights(&after)) {
            assert!((b - a).abs() < 1e-12, "weights before {:?}, after {:?}", weights(&before), weights(&after));
        }
        assert!((weights(&after)[0] - 0.5).abs() > 0.05, "the comparisons, not equal weights, set them");
        let diff = revisit_diff(&store, revisit).unwrap();
        assert!(diff.weights.iter().all(|w| (w.before.unwrap() - w.after.unwrap()).abs() < 1e-9), "{:?}", diff.weights);
        assert_eq!(
            (diff.weights_from_before, diff.weights_from_after),
            (WeightSource::Comparisons, WeightSource::Comparisons)
        );
        assert_eq!((diff.importance_changes, diff.comparison_changes), (0, 0));
        assert_eq!(
            diff.totals.iter().map(|t| t.before).collect::<Vec<_>>(),
            diff.totals.iter().map(|t| t.after).collect::<Vec<_>>()
        );
    }

    #[test]
    fn accepting_the_revisit_supersedes_the_original_both_ways() {
        let mut store = Store::open_in_memory().unwrap();
        let (original, revisit, detail) = revisited(&mut store);
        let decision = choose_option(&mut store, revisit, detail.options[0].id).unwrap();
        update_decision(&mut store, decision.id, DecisionEdit::Title("Back to a monolith".into())).unwrap();
        let accepted = set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
        assert_eq!(accepted.number, Some(2));
        let link = accepted.supersedes.clone().unwrap();
        assert_eq!((link.number, link.session_id), (Some(1), original));
        let old = get_decision(&store, original).unwrap().unwrap();
        assert_eq!(old.status, DecisionStatus::Superseded);
        let back = old.superseded_by.unwrap();
        assert_eq!((back.number, back.title.as_str(), back.session_id), (Some(2), "Back to a monolith", revisit));
        assert_eq!(get_session(&store, original).unwrap().session.status, SessionStatus::Superseded);
        // Both records say so in Markdown and in the PDF.
        let old_md = crate::exports::madr::render(&crate::exports::record_of(&store, original).unwrap());
        assert!(old_md.starts_with("---\nstatus: \"superseded by ADR-0002\""), "{old_md}");
        assert!(
            old_md.contains("Superseded by [ADR-0002: Back to a monolith](0002-back-to-a-monolith.md)"),
            "{old_md}"
        );
        let new_record = crate::exports::record_of(&store, revisit).unwrap();
        let new_ny = crate::exports::nygard::render(&new_record);
        assert!(
            new_ny
                .contains("Supersedes [1. Checkout platform: Microservices](0001-checkout-platform-microservices.md)"),
            "{new_ny}"
        );
        let pdf_text = crate::exports::pdf::lay_out(&new_record, crate::exports::pdf::render::fonts()).text();
        assert!(pdf_text.contains("ADR-0001: Checkout platform: Microservices"), "{pdf_text}");
        // The original's history records the link as a linked event.
        let history = crate::history::get_history(&store, original, false).unwrap();
        assert_eq!(history.events.last().unwrap().kind, "linked");
        assert!(history.check.intact);
    }

    #[test]
    fn the_diff_shows_weights_scores_totals_ranking_and_winner() {
        let mut store = Store::open_in_memory().unwrap();
        let (_, revisit, detail) = revisited(&mut store);
        // Original: both stakeholders scored Scalability 2 / 5, Security 4 / 3 (Monolithic /
        // Microservices): totals 60 and 80. Now Ana gives Microservices 0 on Security and
        // rates Security 5, Scalability 1.
        let ana = detail.stakeholders[0].id;
        let cell = ScoreCell { stakeholder_id: ana, driver_id: detail.drivers[1].id, option_id: detail.options[1].id };
        set_score(&mut store, revisit, cell, ScoreEdit::Value(Some(0))).unwrap();
        crate::scoring::set_importance(&mut store, revisit, ana, detail.drivers[0].id, Some(1)).unwrap();
        crate::scoring::set_importance(&mut store, revisit, ana, detail.drivers[1].id, Some(5)).unwrap();
        let diff = revisit_diff(&store, revisit).unwrap();
        assert_eq!(diff.original_number, Some(1));
        assert_eq!((diff.importance_changes, diff.comparison_changes), (2, 0), "why the weights moved");
        assert_eq!(diff.weights_from_after, WeightSource::Importance);
        assert_eq!(
            diff.scores,
            [ScoreChange {
                stakeholder: "Ana".into(),
                driver: "Security".into(),
                option: "Microservices".into(),
                before: Some(3),
                after: Some(0)
            }]
        );
        // Weights: Ana 1 and 5, Bo unrated (3 each, ignored where rated…): Scalability mean
        // importance = 1 (only Ana rated it), Security = 5 → 1/6 and 5/6.
        let weight = |name: &str| diff.weights.iter().find(|w| w.name == name).unwrap().clone();
        assert_eq!(weight("Scalability").before, Some(50.0));
        assert!((weight("Scalability").after.unwrap() - 100.0 / 6.0).abs() < 1e-9);
        // Microservices Security cell: (0 + 3)/2 = 1.5 → total 100·(1/6·5 + 5/6·1.5)/5 = 41.67;
        // Monolithic: 100·(1/6·2 + 5/6·4)/5 = 73.33.
        let total = |name: &str| diff.totals.iter().find(|t| t.name == name).unwrap().clone();
        assert_eq!(total("Microservices").before, Some(80.0));
        assert!((total("Microservices").after.unwrap() - 100.0 * (5.0 / 6.0 + 1.25) / 5.0).abs() < 1e-9);
        assert!((total("Monolithic").after.unwrap() - 100.0 * (2.0 / 6.0 + 20.0 / 6.0) / 5.0).abs() < 1e-9);
        assert_eq!(
            (diff.winner_before.as_deref(), diff.winner_after.as_deref()),
            (Some("Microservices"), Some("Monolithic"))
        );
        assert_eq!(diff.ranking_after, ["Monolithic", "Microservices"]);
        assert_eq!(revisit_diff(&store, diff.original_session_id).unwrap_err().code(), "not_a_revisit");
    }

    #[test]
    fn decisions_past_their_review_date_are_due() {
        let mut store = Store::open_in_memory().unwrap();
        let (original, detail) = decided_workshop(&mut store, "Checkout platform");
        let decision = choose_option(&mut store, original, detail.options[1].id).unwrap();
        set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
        let review = NaiveDate::from_ymd_opt(2027, 11, 25).unwrap();
        assert!(due_reviews(&store, review.pred_opt().unwrap()).unwrap().is_empty());
        let due = due_reviews(&store, review).unwrap();
        assert_eq!((due.len(), due[0].number, due[0].revisit_id), (1, Some(1), None));
        let revisit = revisit_session(&mut store, original).unwrap().session.id;
        assert_eq!(due_reviews(&store, review).unwrap()[0].revisit_id, Some(revisit));
    }
}
