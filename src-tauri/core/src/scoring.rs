//! The workshop's evidence: each stakeholder's importance of each driver (1–5), their score of
//! each option against each driver (0–5 with an optional one-line rationale), suggestions from
//! the catalog, and blind rounds ("pass the laptop": each stakeholder's scores are sealed when
//! they finish and nobody sees scores or results until the facilitator reveals them).

use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ahp::Comparison;
use crate::analysis::{self, Analysis, Evidence};
use crate::catalog::get_catalog;
use crate::drivers::Driver;
use crate::history::ChangeNote;
use crate::options::ArchitectureOption;
use crate::sessions::{SessionDetail, get_session, require_session};
use crate::text;
use crate::{Error, Result, Store, store};

/// Longest rationale of one score, in characters.
pub const MAX_RATIONALE: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Importance {
    pub stakeholder_id: Uuid,
    pub driver_id: Uuid,
    /// 1 (barely matters) to 5 (critical).
    pub value: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Score {
    pub stakeholder_id: Uuid,
    pub driver_id: Uuid,
    pub option_id: Uuid,
    /// 0 (fails) to 5 (excellent).
    pub value: u8,
    pub rationale: String,
    /// A catalog suggestion nobody has confirmed or changed yet.
    pub suggested: bool,
}

/// Everything that shapes a session's results, loaded together: its framing, people, drivers
/// and options, and every importance rating, score and pairwise comparison. What a revisit
/// copies, what a record freezes and what the analysis reads all come from this one place.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionEvidence {
    pub detail: SessionDetail,
    pub importances: Vec<Importance>,
    pub scores: Vec<Score>,
    pub comparisons: Vec<Comparison>,
}

impl SessionEvidence {
    /// The analysis' view of it.
    pub fn borrow(&self) -> Evidence<'_> {
        Evidence {
            drivers: &self.detail.drivers,
            options: &self.detail.options,
            stakeholders: &self.detail.stakeholders,
            importances: &self.importances,
            scores: &self.scores,
            weighting: self.detail.session.weighting,
            comparisons: &self.comparisons,
        }
    }

    pub fn analyze(&self) -> Analysis {
        analysis::analyze(&self.borrow())
    }

    /// SMAA-2 on this evidence.
    pub fn smaa(&self, samples: u32, seed: u64) -> crate::smaa::Smaa {
        let evidence = self.borrow();
        crate::smaa::smaa(&evidence, &analysis::analyze(&evidence), samples, seed)
    }

    /// SMAA-2 on this evidence, given up (`ErrorCode::Stopped`) once `stop` is set.
    pub fn smaa_unless_stopped(&self, samples: u32, seed: u64, stop: &AtomicBool) -> Result<crate::smaa::Smaa> {
        let evidence = self.borrow();
        crate::smaa::smaa_unless_stopped(&evidence, &analysis::analyze(&evidence), samples, seed, stop)
            .ok_or_else(|| Error::Stopped)
    }
}

/// One cell of a stakeholder's matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScoreCell {
    pub stakeholder_id: Uuid,
    pub driver_id: Uuid,
    pub option_id: Uuid,
}

/// One edit of a score cell.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum ScoreEdit {
    /// A value 0–5, or None to clear the cell (its rationale goes with it).
    Value(Option<u8>),
    Rationale(String),
    /// Accepts a suggested value as the stakeholder's own.
    Confirm,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BlindRound {
    pub id: Uuid,
    pub started_at: DateTime<Utc>,
    /// Stakeholders who have finished; their cells stay hidden until the reveal.
    pub sealed: Vec<Uuid>,
}

/// How far a stakeholder has got — counts only, so it is safe to show during a blind round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StakeholderProgress {
    pub stakeholder_id: Uuid,
    pub scored: u32,
    pub importances: u32,
    pub sealed: bool,
}

/// What the Score and Results steps show: one stakeholder's sheet and, outside a blind
/// round, everyone's importance and the analysis. During a blind round nothing of anyone
/// else's (and nothing of a sealed stakeholder's) is in here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Scoring {
    pub session_id: Uuid,
    /// The stakeholder whose sheet this is.
    pub stakeholder_id: Option<Uuid>,
    pub blind_round: Option<BlindRound>,
    /// True when the requested sheet is sealed in the running blind round.
    pub sheet_sealed: bool,
    /// The sheet's scores.
    pub scores: Vec<Score>,
    /// Everyone's importance ratings outside a blind round; the sheet's own during one.
    pub importances: Vec<Importance>,
    /// Pairwise comparisons (AHP), visible as importance ratings are.
    pub comparisons: Vec<Comparison>,
    pub progress: Vec<StakeholderProgress>,
    /// The results; None during a blind round.
    pub analysis: Option<Analysis>,
}

/// One stakeholder's own importances, comparisons and scores (none while their sheet is sealed
/// in a blind round) — what a participant's page shows; never anyone else's, never an aggregate.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnSheet {
    pub blind: bool,
    pub sealed: bool,
    pub importances: Vec<Importance>,
    pub comparisons: Vec<Comparison>,
    pub scores: Vec<Score>,
}

/// `stakeholder_id`'s own sheet, read with their filter in SQL (cheap for a room of fifty).
pub fn own_sheet(store: &Store, session_id: Uuid, stakeholder_id: Uuid) -> Result<OwnSheet> {
    let conn = store.read();
    require_session(conn, session_id)?;
    if store::stakeholders::session_of(conn, stakeholder_id)? != Some(session_id) {
        return Err(Error::not_found("stakeholder", stakeholder_id));
    }
    let round = store::scoring::open_blind_round(conn, session_id)?;
    let sealed = round.as_ref().is_some_and(|r| r.sealed.contains(&stakeholder_id));
    if sealed {
        return Ok(OwnSheet {
            blind: true,
            sealed,
            importances: Vec::new(),
            comparisons: Vec::new(),
            scores: Vec::new(),
        });
    }
    Ok(OwnSheet {
        blind: round.is_some(),
        sealed,
        importances: store::scoring::importances(conn, session_id)?
            .into_iter()
            .filter(|i| i.stakeholder_id == stakeholder_id)
            .collect(),
        comparisons: store::scoring::comparisons(conn, session_id)?
            .into_iter()
            .filter(|c| c.stakeholder_id == stakeholder_id)
            .collect(),
        scores: store::scoring::scores(conn, session_id, Some(stakeholder_id))?,
    })
}

/// Loads what the Score and Results steps show for `stakeholder_id`'s sheet.
pub fn get_scoring(store: &Store, session_id: Uuid, stakeholder_id: Option<Uuid>) -> Result<Scoring> {
    let conn = store.read();
    let detail = get_session(store, session_id)?;
    if let Some(id) = stakeholder_id
        && !detail.stakeholders.iter().any(|s| s.id == id)
    {
        return Err(Error::not_found("stakeholder", id));
    }
    let blind_round = store::scoring::open_blind_round(conn, session_id)?;
    let all_scores = store::scoring::scores(conn, session_id, None)?;
    let all_importances = store::scoring::importances(conn, session_id)?;
    let all_comparisons = store::scoring::comparisons(conn, session_id)?;
    let sealed = |id: Uuid| blind_round.as_ref().is_some_and(|round| round.sealed.contains(&id));
    let progress = detail
        .stakeholders
        .iter()
        .map(|s| StakeholderProgress {
            stakeholder_id: s.id,
            scored: all_scores.iter().filter(|x| x.stakeholder_id == s.id).count() as u32,
            importances: all_importances.iter().filter(|x| x.stakeholder_id == s.id).count() as u32,
            sealed: sealed(s.id),
        })
        .collect();
    let sheet_sealed = stakeholder_id.is_some_and(sealed);
    let visible = stakeholder_id.filter(|_| !sheet_sealed);
    let scores = all_scores.iter().filter(|s| Some(s.stakeholder_id) == visible).cloned().collect();
    let (importances, comparisons, analysis) = if blind_round.is_some() {
        (
            all_importances.into_iter().filter(|i| Some(i.stakeholder_id) == visible).collect(),
            all_comparisons.into_iter().filter(|c| Some(c.stakeholder_id) == visible).collect(),
            None,
        )
    } else {
        let analysis = analysis::analyze(&Evidence {
            drivers: &detail.drivers,
            options: &detail.options,
            stakeholders: &detail.stakeholders,
            importances: &all_importances,
            scores: &all_scores,
            weighting: detail.session.weighting,
            comparisons: &all_comparisons,
        });
        (all_importances, all_comparisons, Some(analysis))
    };
    Ok(Scoring {
        session_id,
        stakeholder_id,
        blind_round,
        sheet_sealed,
        scores,
        importances,
        comparisons,
        progress,
        analysis,
    })
}

/// The analysis of a session; refused while a blind round hides the scores.
pub fn analyze_session(store: &Store, session_id: Uuid) -> Result<Analysis> {
    let scoring = get_scoring(store, session_id, None)?;
    scoring.analysis.ok_or_else(|| {
        Error::refused(
            crate::ErrorCode::BlindRoundActive,
            "The results stay hidden until the facilitator reveals the blind round",
        )
    })
}

/// Rates or clears an importance, without building the Scoring view.
pub fn write_importance(
    store: &mut Store,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_id: Uuid,
    value: Option<u8>,
) -> Result<()> {
    if value.is_some_and(|v| !(1..=5).contains(&v)) {
        return Err(Error::invalid("importance", "Importance is a whole number from 1 to 5"));
    }
    let now = store.now();
    store.write(ChangeNote::new("set_importance").by(stakeholder_id), |tx| {
        check_membership(tx, session_id, Some(stakeholder_id), Some(driver_id), None)?;
        ensure_not_sealed(tx, session_id, stakeholder_id)?;
        store::scoring::set_importance(tx, session_id, stakeholder_id, driver_id, value)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })
}

/// Rates how much a driver matters to a stakeholder (1–5), or clears the rating.
pub fn set_importance(
    store: &mut Store,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_id: Uuid,
    value: Option<u8>,
) -> Result<Scoring> {
    write_importance(store, session_id, stakeholder_id, driver_id, value)?;
    get_scoring(store, session_id, Some(stakeholder_id))
}

/// A comparison as it is stored: once per pair, the lower id first, the value turned into its
/// reciprocal when the order flips.
pub(crate) fn stored_pair(driver_a: Uuid, driver_b: Uuid, value: Option<f64>) -> (Uuid, Uuid, Option<f64>) {
    if driver_a.to_string() < driver_b.to_string() {
        (driver_a, driver_b, value)
    } else {
        (driver_b, driver_a, value.map(|v| 1.0 / v))
    }
}

/// Stores or clears a comparison, without building the Scoring view.
pub fn write_comparison(
    store: &mut Store,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_a: Uuid,
    driver_b: Uuid,
    value: Option<f64>,
) -> Result<()> {
    if driver_a == driver_b {
        return Err(Error::invalid("comparison", "A driver is not compared with itself"));
    }
    if value.is_some_and(|v| !crate::ahp::is_saaty_value(v)) {
        return Err(Error::invalid("comparison", "A comparison is 1 to 9 (or 1/9 to 1) on Saaty's scale"));
    }
    let (a, b, value) = stored_pair(driver_a, driver_b, value);
    let now = store.now();
    store.write(ChangeNote::new("set_comparison").by(stakeholder_id), |tx| {
        check_membership(tx, session_id, Some(stakeholder_id), Some(a), None)?;
        check_membership(tx, session_id, None, Some(b), None)?;
        ensure_not_sealed(tx, session_id, stakeholder_id)?;
        store::scoring::set_comparison(tx, session_id, stakeholder_id, a, b, value)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })
}

/// Compares two drivers for a stakeholder on Saaty's scale (how much more `driver_a` matters
/// than `driver_b`: 1/9 … 9), or clears the comparison.
pub fn set_comparison(
    store: &mut Store,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_a: Uuid,
    driver_b: Uuid,
    value: Option<f64>,
) -> Result<Scoring> {
    write_comparison(store, session_id, stakeholder_id, driver_a, driver_b, value)?;
    get_scoring(store, session_id, Some(stakeholder_id))
}

/// SMAA-2 on the session's evidence; refused during a blind round.
pub fn run_smaa(store: &Store, session_id: Uuid, samples: u32, seed: u64) -> Result<crate::smaa::Smaa> {
    Ok(evidence_of(store, session_id)?.smaa(samples, seed))
}

/// Changes one cell of a stakeholder's matrix and returns the cell as stored (None once
/// cleared), without building the Scoring view: the window asks for the analysis once a burst
/// of edits has been answered, and the room answers with the participant's own sheet.
pub fn write_score(store: &mut Store, session_id: Uuid, cell: ScoreCell, edit: ScoreEdit) -> Result<Option<Score>> {
    let edit = match edit {
        ScoreEdit::Value(Some(v)) if v > 5 => {
            return Err(Error::invalid("score", "A score is a whole number from 0 (fails) to 5 (excellent)"));
        }
        ScoreEdit::Rationale(text) => {
            ScoreEdit::Rationale(text::optional_line("rationale", "Rationale", &text, MAX_RATIONALE)?)
        }
        other => other,
    };
    let now = store.now();
    let note = ChangeNote::new("set_score").by(cell.stakeholder_id);
    // A value or a confirmation leaves the cell's rationale, the only text it has, as it was.
    let note = match edit {
        ScoreEdit::Value(Some(_)) | ScoreEdit::Confirm => note.keeps_text(),
        ScoreEdit::Value(None) | ScoreEdit::Rationale(_) => note,
    };
    store.write(note, |tx| {
        check_membership(tx, session_id, Some(cell.stakeholder_id), Some(cell.driver_id), Some(cell.option_id))?;
        ensure_not_sealed(tx, session_id, cell.stakeholder_id)?;
        match &edit {
            ScoreEdit::Value(Some(value)) => {
                store::scoring::set_value(tx, session_id, &cell, *value, false, now)?;
                store::sessions::mark_scoring(tx, session_id)?;
            }
            ScoreEdit::Value(None) => store::scoring::delete(tx, &cell)?,
            ScoreEdit::Rationale(text) => {
                if store::scoring::score(tx, &cell)?.is_none() {
                    return Err(Error::invalid("rationale", "Give the cell a score before its rationale"));
                }
                store::scoring::set_rationale(tx, &cell, text, now)?;
            }
            ScoreEdit::Confirm => store::scoring::confirm(tx, &cell)?,
        }
        store::sessions::touch_open(tx, session_id, now)?;
        store::scoring::score(tx, &cell)
    })
}

/// Changes one cell of a stakeholder's matrix.
pub fn set_score(store: &mut Store, session_id: Uuid, cell: ScoreCell, edit: ScoreEdit) -> Result<Scoring> {
    write_score(store, session_id, cell, edit)?;
    get_scoring(store, session_id, Some(cell.stakeholder_id))
}

/// Fills a stakeholder's empty cells with what the catalog's pros and cons suggest (only for
/// options from the catalog), marked as suggestions until confirmed or changed.
pub fn suggest_scores(store: &mut Store, session_id: Uuid, stakeholder_id: Uuid) -> Result<Scoring> {
    let detail = get_session(store, session_id)?;
    let now = store.now();
    store.write(ChangeNote::new("suggest_scores").by(stakeholder_id), |tx| {
        check_membership(tx, session_id, Some(stakeholder_id), None, None)?;
        ensure_not_sealed(tx, session_id, stakeholder_id)?;
        let existing = store::scoring::scores(tx, session_id, Some(stakeholder_id))?;
        let mut filled = 0;
        for driver in &detail.drivers {
            for option in &detail.options {
                let taken = existing.iter().any(|s| s.driver_id == driver.id && s.option_id == option.id);
                if let (false, Some(value)) = (taken, suggested_score(driver, option)) {
                    let cell = ScoreCell { stakeholder_id, driver_id: driver.id, option_id: option.id };
                    store::scoring::set_value(tx, session_id, &cell, value, true, now)?;
                    filled += 1;
                }
            }
        }
        if filled > 0 {
            store::sessions::mark_scoring(tx, session_id)?;
            store::sessions::touch_open(tx, session_id, now)?;
        }
        Ok(())
    })?;
    get_scoring(store, session_id, Some(stakeholder_id))
}

/// Accepts all of a stakeholder's suggested values as their own.
pub fn confirm_suggestions(store: &mut Store, session_id: Uuid, stakeholder_id: Uuid) -> Result<Scoring> {
    let now = store.now();
    store.write(ChangeNote::new("confirm_suggestions").by(stakeholder_id), |tx| {
        check_membership(tx, session_id, Some(stakeholder_id), None, None)?;
        ensure_not_sealed(tx, session_id, stakeholder_id)?;
        store::scoring::confirm_all(tx, stakeholder_id)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })?;
    get_scoring(store, session_id, Some(stakeholder_id))
}

/// The catalog's suggestion for an option from the catalog against a driver: the value for
/// the driver's template, or for a custom driver the rounded mean over the templates of its
/// category (none for a custom category).
pub fn suggested_score(driver: &Driver, option: &ArchitectureOption) -> Option<u8> {
    let architecture = get_catalog().architecture(option.catalog_key.as_deref()?)?;
    if let Some(key) = &driver.template_key {
        return architecture.suggested_scores.get(key).copied();
    }
    let values: Vec<f64> = get_catalog()
        .drivers
        .iter()
        .filter(|t| t.category == driver.category)
        .filter_map(|t| architecture.suggested_scores.get(&t.key).map(|&v| f64::from(v)))
        .collect();
    (!values.is_empty()).then(|| (values.iter().sum::<f64>() / values.len() as f64).round() as u8)
}

/// Starts a blind round: from now until the reveal, nobody sees anyone else's scores or any
/// result.
pub fn start_blind_round(store: &mut Store, session_id: Uuid) -> Result<Scoring> {
    let now = store.now();
    store.write(ChangeNote::new("start_blind_round").final_step(), |tx| {
        require_session(tx, session_id)?;
        store::sessions::require_open(tx, session_id)?;
        if store::scoring::open_blind_round(tx, session_id)?.is_some() {
            return Err(Error::refused(crate::ErrorCode::BlindRoundActive, "A blind round is already running"));
        }
        store::scoring::start_round(tx, session_id, Uuid::now_v7(), true, now)?;
        store::sessions::mark_scoring(tx, session_id)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })?;
    get_scoring(store, session_id, None)
}

/// Seals a stakeholder's sheet in the running blind round, without building the Scoring view.
pub fn write_seal(store: &mut Store, session_id: Uuid, stakeholder_id: Uuid) -> Result<()> {
    let now = store.now();
    store.write(ChangeNote::new("seal_scores").by(stakeholder_id).final_step(), |tx| {
        check_membership(tx, session_id, Some(stakeholder_id), None, None)?;
        let round = store::scoring::open_blind_round(tx, session_id)?.ok_or_else(|| {
            Error::refused(crate::ErrorCode::NoBlindRound, "Scores are sealed only during a blind round")
        })?;
        store::scoring::seal(tx, round.id, stakeholder_id, now)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })
}

/// A stakeholder has finished: their cells are hidden until the reveal ("pass the laptop").
pub fn seal_scores(store: &mut Store, session_id: Uuid, stakeholder_id: Uuid) -> Result<Scoring> {
    write_seal(store, session_id, stakeholder_id)?;
    get_scoring(store, session_id, None)
}

/// Ends the blind round: everyone's scores and the results become visible.
pub fn reveal_round(store: &mut Store, session_id: Uuid) -> Result<Scoring> {
    let now = store.now();
    store.write(ChangeNote::new("reveal_round").final_step(), |tx| {
        require_session(tx, session_id)?;
        let round = store::scoring::open_blind_round(tx, session_id)?
            .ok_or_else(|| Error::refused(crate::ErrorCode::NoBlindRound, "No blind round is running"))?;
        store::scoring::reveal(tx, round.id, now)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })?;
    get_scoring(store, session_id, None)
}

/// The session with every importance, score and comparison, for exports, records and
/// revisits; refused during a blind round.
pub fn evidence_of(store: &Store, session_id: Uuid) -> Result<SessionEvidence> {
    let conn = store.read();
    let detail = get_session(store, session_id)?;
    if store::scoring::open_blind_round(conn, session_id)?.is_some() {
        return Err(Error::refused(
            crate::ErrorCode::BlindRoundActive,
            "Scores stay hidden until the blind round is revealed",
        ));
    }
    let importances = store::scoring::importances(conn, session_id)?;
    let scores = store::scoring::scores(conn, session_id, None)?;
    let comparisons = store::scoring::comparisons(conn, session_id)?;
    Ok(SessionEvidence { detail, importances, scores, comparisons })
}

fn check_membership(
    conn: &rusqlite::Connection,
    session_id: Uuid,
    stakeholder_id: Option<Uuid>,
    driver_id: Option<Uuid>,
    option_id: Option<Uuid>,
) -> Result<()> {
    require_session(conn, session_id)?;
    let checks = [
        ("stakeholder", stakeholder_id, store::stakeholders::session_of as fn(&rusqlite::Connection, Uuid) -> _),
        ("driver", driver_id, store::drivers::session_of),
        ("option", option_id, store::options::session_of),
    ];
    for (what, id, session_of) in checks {
        if let Some(id) = id
            && session_of(conn, id)? != Some(session_id)
        {
            return Err(Error::not_found(what, id));
        }
    }
    Ok(())
}

fn ensure_not_sealed(conn: &rusqlite::Connection, session_id: Uuid, stakeholder_id: Uuid) -> Result<()> {
    let round = store::scoring::open_blind_round(conn, session_id)?;
    if round.is_some_and(|r| r.sealed.contains(&stakeholder_id)) {
        return Err(Error::refused(
            crate::ErrorCode::ScoresSealed,
            "These scores are sealed until the facilitator reveals the blind round",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drivers::add_template_driver;
    use crate::options::add_catalog_option;
    use crate::sessions::{NewSession, create_session, list_sessions};
    use crate::stakeholders::{NewStakeholder, add_stakeholder};

    struct Workshop {
        store: Store,
        session: Uuid,
        ana: Uuid,
        bo: Uuid,
        drivers: Vec<Uuid>,
        options: Vec<Uuid>,
    }

    fn workshop() -> Workshop {
        let mut store = Store::open_in_memory().unwrap();
        let session =
            create_session(&mut store, NewSession { title: "T".into(), ..NewSession::default() }).unwrap().session.id;
        add_stakeholder(&mut store, session, NewStakeholder::named("Ana")).unwrap();
        add_stakeholder(&mut store, session, NewStakeholder::named("Bo")).unwrap();
        add_template_driver(&mut store, session, "scalability").unwrap();
        add_template_driver(&mut store, session, "complexity").unwrap();
        add_catalog_option(&mut store, session, "monolithic").unwrap();
        let detail = add_catalog_option(&mut store, session, "microservices").unwrap();
        Workshop {
            session,
            ana: detail.stakeholders[0].id,
            bo: detail.stakeholders[1].id,
            drivers: detail.drivers.iter().map(|d| d.id).collect(),
            options: detail.options.iter().map(|o| o.id).collect(),
            store,
        }
    }

    impl Workshop {
        fn cell(&self, who: Uuid, d: usize, o: usize) -> ScoreCell {
            ScoreCell { stakeholder_id: who, driver_id: self.drivers[d], option_id: self.options[o] }
        }

        fn score(&mut self, who: Uuid, d: usize, o: usize, value: u8) -> Scoring {
            let cell = self.cell(who, d, o);
            set_score(&mut self.store, self.session, cell, ScoreEdit::Value(Some(value))).unwrap()
        }
    }

    #[test]
    fn scores_and_importance_feed_the_live_analysis() {
        let mut w = workshop();
        w.score(w.ana, 0, 0, 2);
        w.score(w.ana, 0, 1, 5);
        w.score(w.bo, 0, 0, 1);
        let scoring = w.score(w.bo, 0, 1, 4);
        let analysis = scoring.analysis.unwrap();
        assert_eq!(analysis.winner, Some(w.options[1]));
        assert_eq!(scoring.scores.len(), 2, "only Bo's sheet is returned");
        assert!(scoring.scores.iter().all(|s| s.stakeholder_id == w.bo));
        let scoring = set_importance(&mut w.store, w.session, w.ana, w.drivers[0], Some(5)).unwrap();
        assert_eq!(scoring.importances.len(), 1);
        assert_eq!(get_session(&w.store, w.session).unwrap().session.status, crate::sessions::SessionStatus::Scoring);
    }

    #[test]
    fn evidence_comes_in_id_order_whatever_order_it_was_written_in() {
        let mut w = workshop();
        for (who, value) in [(w.bo, 1), (w.ana, 2)] {
            for d in (0..2).rev() {
                set_importance(&mut w.store, w.session, who, w.drivers[d], Some(value)).unwrap();
                for o in (0..2).rev() {
                    w.score(who, d, o, value);
                }
            }
        }
        let evidence = evidence_of(&w.store, w.session).unwrap();
        let keys: Vec<_> = evidence.scores.iter().map(|s| (s.stakeholder_id, s.driver_id, s.option_id)).collect();
        assert_eq!(keys.len(), 8);
        assert!(keys.is_sorted(), "scores by stakeholder, driver and option id: {keys:?}");
        let keys: Vec<_> = evidence.importances.iter().map(|i| (i.stakeholder_id, i.driver_id)).collect();
        assert_eq!(keys.len(), 4);
        assert!(keys.is_sorted(), "importances by stakeholder and driver id: {keys:?}");
        let sheet = get_scoring(&w.store, w.session, Some(w.bo)).unwrap().scores;
        assert!(sheet.iter().map(|s| (s.driver_id, s.option_id)).is_sorted() && sheet.len() == 4);
    }

    #[test]
    fn values_out_of_range_are_refused_and_nothing_is_stored() {
        let mut w = workshop();
        let cell = w.cell(w.ana, 0, 0);
        let error = set_score(&mut w.store, w.session, cell, ScoreEdit::Value(Some(6))).unwrap_err();
        assert_eq!((error.code().as_str(), error.field()), ("invalid_input", Some("score")));
        for bad in [0, 6] {
            let error = set_importance(&mut w.store, w.session, w.ana, w.drivers[0], Some(bad)).unwrap_err();
            assert_eq!(error.field(), Some("importance"));
        }
        let error = set_score(&mut w.store, w.session, cell, ScoreEdit::Rationale("why".into())).unwrap_err();
        assert_eq!(error.field(), Some("rationale"), "a rationale needs a score first");
        let scoring = get_scoring(&w.store, w.session, Some(w.ana)).unwrap();
        assert!(scoring.scores.is_empty() && scoring.importances.is_empty());
    }

    #[test]
    fn rationale_is_kept_with_the_value_and_cleared_with_it() {
        let mut w = workshop();
        let cell = w.cell(w.ana, 1, 0);
        w.score(w.ana, 1, 0, 4);
        set_score(&mut w.store, w.session, cell, ScoreEdit::Rationale("  One deploy, one process  ".into())).unwrap();
        let scoring = w.score(w.ana, 1, 0, 3);
        assert_eq!(scoring.scores[0].rationale, "One deploy, one process");
        let long = ScoreEdit::Rationale("x".repeat(MAX_RATIONALE + 1));
        assert_eq!(set_score(&mut w.store, w.session, cell, long).unwrap_err().field(), Some("rationale"));
        let scoring = set_score(&mut w.store, w.session, cell, ScoreEdit::Value(None)).unwrap();
        assert!(scoring.scores.is_empty());
    }

    #[test]
    fn cells_of_another_session_are_not_found() {
        let mut w = workshop();
        let other = create_session(&mut w.store, NewSession { title: "Other".into(), ..NewSession::default() })
            .unwrap()
            .session
            .id;
        let cell = w.cell(w.ana, 0, 0);
        assert_eq!(set_score(&mut w.store, other, cell, ScoreEdit::Value(Some(3))).unwrap_err().code(), "not_found");
        assert_eq!(get_scoring(&w.store, other, Some(w.ana)).unwrap_err().code(), "not_found");
    }

    #[test]
    fn suggestions_fill_only_empty_cells_and_are_marked_until_confirmed() {
        let mut w = workshop();
        w.score(w.ana, 0, 0, 5);
        let scoring = suggest_scores(&mut w.store, w.session, w.ana).unwrap();
        assert_eq!(scoring.scores.len(), 4);
        let mine = scoring.scores.iter().find(|s| s.driver_id == w.drivers[0] && s.option_id == w.options[0]).unwrap();
        assert_eq!((mine.value, mine.suggested), (5, false), "an existing score is kept");
        // Microservices against scalability: the catalog suggests 5.
        let micro = scoring.scores.iter().find(|s| s.driver_id == w.drivers[0] && s.option_id == w.options[1]).unwrap();
        assert_eq!((micro.value, micro.suggested), (5, true));
        let cell = w.cell(w.ana, 0, 1);
        let scoring = set_score(&mut w.store, w.session, cell, ScoreEdit::Confirm).unwrap();
        assert_eq!(scoring.scores.iter().filter(|s| s.suggested).count(), 2);
        let scoring = w.score(w.ana, 1, 1, 2);
        assert_eq!(scoring.scores.iter().filter(|s| s.suggested).count(), 1, "changing a value confirms it");
        let scoring = confirm_suggestions(&mut w.store, w.session, w.ana).unwrap();
        assert!(scoring.scores.iter().all(|s| !s.suggested));
    }

    #[test]
    fn blind_round_leaks_no_score_in_any_response_until_revealed() {
        let mut w = workshop();
        let start = start_blind_round(&mut w.store, w.session).unwrap();
        assert!(start.blind_round.is_some() && start.analysis.is_none());
        assert_eq!(start_blind_round(&mut w.store, w.session).unwrap_err().code(), "blind_round_active");

        // Ana scores with a rationale nobody else may read, then passes the laptop.
        w.score(w.ana, 0, 0, 4);
        let cell = w.cell(w.ana, 0, 0);
        set_score(&mut w.store, w.session, cell, ScoreEdit::Rationale("SECRET-ANA".into())).unwrap();
        set_importance(&mut w.store, w.session, w.ana, w.drivers[0], Some(5)).unwrap();
        let ana_own = get_scoring(&w.store, w.session, Some(w.ana)).unwrap();
        assert_eq!(ana_own.scores.len(), 1, "Ana sees her own cells while it is her turn");
        seal_scores(&mut w.store, w.session, w.ana).unwrap();
        let bo_turn = w.score(w.bo, 0, 0, 1);

        let responses = vec![
            serde_json::to_string(&get_scoring(&w.store, w.session, Some(w.ana)).unwrap()).unwrap(),
            serde_json::to_string(&get_scoring(&w.store, w.session, None).unwrap()).unwrap(),
            serde_json::to_string(&bo_turn).unwrap(),
            serde_json::to_string(&get_session(&w.store, w.session).unwrap()).unwrap(),
            serde_json::to_string(&list_sessions(&w.store).unwrap()).unwrap(),
        ];
        for json in &responses {
            assert!(!json.contains("SECRET-ANA"), "a rationale leaked: {json}");
            assert!(
                !json.contains(&format!("\"stakeholder_id\":\"{}\",\"driver_id\"", w.ana)),
                "an Ana cell leaked: {json}"
            );
            assert!(!json.contains("\"weights\""), "results leaked: {json}");
        }
        let sealed_sheet = get_scoring(&w.store, w.session, Some(w.ana)).unwrap();
        assert!(sealed_sheet.sheet_sealed && sealed_sheet.scores.is_empty() && sealed_sheet.importances.is_empty());
        assert_eq!(sealed_sheet.progress[0].scored, 1, "progress counts are shown, values are not");
        assert_eq!(analyze_session(&w.store, w.session).unwrap_err().code(), "blind_round_active");
        assert_eq!(evidence_of(&w.store, w.session).unwrap_err().code(), "blind_round_active");
        let cell = w.cell(w.ana, 0, 1);
        assert_eq!(
            set_score(&mut w.store, w.session, cell, ScoreEdit::Value(Some(2))).unwrap_err().code(),
            "scores_sealed"
        );

        let revealed = reveal_round(&mut w.store, w.session).unwrap();
        assert!(revealed.blind_round.is_none());
        assert_eq!(revealed.analysis.unwrap().coverage.scored, 2);
        assert_eq!(get_scoring(&w.store, w.session, Some(w.ana)).unwrap().scores[0].rationale, "SECRET-ANA");
        assert_eq!(reveal_round(&mut w.store, w.session).unwrap_err().code(), "no_blind_round");
        assert_eq!(seal_scores(&mut w.store, w.session, w.ana).unwrap_err().code(), "no_blind_round");
    }

    #[test]
    fn blind_round_survives_reopening_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let mut w = workshop();
        start_blind_round(&mut w.store, w.session).unwrap();
        seal_scores(&mut w.store, w.session, w.ana).unwrap();
        w.store.backup_to(&path).unwrap();
        let reopened = Store::open(&path).unwrap();
        let scoring = get_scoring(&reopened, w.session, None).unwrap();
        assert_eq!(scoring.blind_round.unwrap().sealed, [w.ana]);
        assert!(scoring.analysis.is_none());
    }

    #[test]
    fn removing_a_driver_removes_its_scores() {
        let mut w = workshop();
        w.score(w.ana, 0, 0, 3);
        w.score(w.ana, 1, 0, 3);
        crate::drivers::remove_driver(&mut w.store, w.drivers[0]).unwrap();
        assert_eq!(get_scoring(&w.store, w.session, Some(w.ana)).unwrap().scores.len(), 1);
    }
}
