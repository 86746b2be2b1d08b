//! What a participant sees and sends: their own sheet (the framing, the drivers and options to
//! score, and only their own importances, comparisons and scores) and one change at a time,
//! applied through the same core functions as the window's commands.

use archdecide_core::ahp::Comparison;
use archdecide_core::drivers::Driver;
use archdecide_core::options::ArchitectureOption;
use archdecide_core::scoring::{self, Importance, Score, ScoreCell, ScoreEdit};
use archdecide_core::sessions::{self, SessionDetail, SessionStatus, Weighting};
use archdecide_core::{Result, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// One participant's sheet. Nothing of anyone else's scores, importances or comparisons, and
/// no aggregate, is ever in here — in a blind round or not.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ParticipantSheet {
    pub session_id: Uuid,
    pub title: String,
    pub context: String,
    pub status: SessionStatus,
    /// False when the session refuses edits (decided, superseded): the page is read-only.
    pub editable: bool,
    pub weighting: Weighting,
    pub stakeholder_id: Uuid,
    pub name: String,
    pub role: String,
    pub drivers: Vec<Driver>,
    pub options: Vec<ArchitectureOption>,
    pub importances: Vec<Importance>,
    pub comparisons: Vec<Comparison>,
    pub scores: Vec<Score>,
    /// A blind round is running.
    pub blind: bool,
    /// The participant sealed their sheet in the running blind round.
    pub sealed: bool,
}

/// One change from a participant's page.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum ParticipantChange {
    /// A score 0–5, or None to clear the cell.
    Score {
        driver_id: Uuid,
        option_id: Uuid,
        value: Option<u8>,
    },
    Rationale {
        driver_id: Uuid,
        option_id: Uuid,
        text: String,
    },
    /// An importance 1–5, or None to clear it.
    Importance {
        driver_id: Uuid,
        value: Option<u8>,
    },
    /// How much `driver_a` matters more than `driver_b` on Saaty's scale, or None to clear it.
    Comparison {
        driver_a: Uuid,
        driver_b: Uuid,
        value: Option<f64>,
    },
    /// Seals the sheet in the running blind round.
    Seal,
}

/// A change as the page sends it: with an id the page made, so a retried request is applied
/// once.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct ChangeRequest {
    pub client_id: Uuid,
    pub change: ParticipantChange,
}

impl ChangeRequest {
    /// Reads a request, refusing any field it does not know — a `stakeholder_id` (someone
    /// else's cell) above all: whose sheet it is comes from the link alone.
    pub fn parse(value: serde_json::Value) -> std::result::Result<Self, String> {
        const KNOWN: &[&str] = &["kind", "driver_id", "option_id", "value", "text", "driver_a", "driver_b"];
        let object = value.as_object().ok_or("a change request is a JSON object")?;
        if let Some(key) = object.keys().find(|k| !["client_id", "change"].contains(&k.as_str())) {
            return Err(format!("unknown field `{key}`"));
        }
        let change = object.get("change").and_then(|c| c.as_object()).ok_or("`change` must be an object")?;
        if let Some(key) = change.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            return Err(format!("unknown field `{key}` in the change"));
        }
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChangeAnswer {
    /// False when this change (by its client id) had been applied before.
    pub applied: bool,
    /// The participant's own values after the change (the page keeps the framing, drivers
    /// and options it loaded with the sheet: a change does not send them again).
    pub own: OwnState,
}

/// What of a sheet a change can move: the participant's own values and the session's state.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OwnState {
    pub status: SessionStatus,
    pub editable: bool,
    pub importances: Vec<Importance>,
    pub comparisons: Vec<Comparison>,
    pub scores: Vec<Score>,
    pub blind: bool,
    pub sealed: bool,
}

/// `stakeholder`'s own values in a session whose status is `status`.
pub fn own_state(store: &Store, session_id: Uuid, status: SessionStatus, stakeholder_id: Uuid) -> Result<OwnState> {
    let own = scoring::own_sheet(store, session_id, stakeholder_id)?;
    Ok(OwnState {
        status,
        editable: matches!(status, SessionStatus::Draft | SessionStatus::Scoring),
        importances: own.importances,
        comparisons: own.comparisons,
        scores: own.scores,
        blind: own.blind,
        sealed: own.sealed,
    })
}

/// The sheet of `stakeholder` in `session`.
pub fn sheet_of(store: &Store, session_id: Uuid, stakeholder_id: Uuid) -> Result<ParticipantSheet> {
    let detail = sessions::get_session(store, session_id)?;
    sheet_in(store, &detail, stakeholder_id)
}

/// The sheet of `stakeholder` in the already loaded `detail` (one load serves a whole batch).
pub fn sheet_in(store: &Store, detail: &SessionDetail, stakeholder_id: Uuid) -> Result<ParticipantSheet> {
    let own = scoring::own_sheet(store, detail.session.id, stakeholder_id)?;
    let me = detail
        .stakeholders
        .iter()
        .find(|s| s.id == stakeholder_id)
        .ok_or_else(|| archdecide_core::Error::NotFound { what: "stakeholder", id: stakeholder_id.to_string() })?;
    let status = detail.session.status;
    Ok(ParticipantSheet {
        session_id: detail.session.id,
        title: detail.session.title.clone(),
        context: detail.session.context.clone(),
        status,
        editable: matches!(status, SessionStatus::Draft | SessionStatus::Scoring),
        weighting: detail.session.weighting,
        stakeholder_id,
        name: me.name.clone(),
        role: me.role.clone(),
        importances: own.importances,
        comparisons: own.comparisons,
        scores: own.scores,
        blind: own.blind,
        sealed: own.sealed,
        drivers: detail.drivers.clone(),
        options: detail.options.clone(),
    })
}

/// Applies one change as `stakeholder`'s, through the window's own core functions; its
/// history event says it came from the room.
pub fn apply(store: &mut Store, session_id: Uuid, stakeholder_id: Uuid, change: &ParticipantChange) -> Result<()> {
    store.via("the room", |store| {
        match change {
            ParticipantChange::Score { driver_id, option_id, value } => {
                let cell = ScoreCell { stakeholder_id, driver_id: *driver_id, option_id: *option_id };
                scoring::write_score(store, session_id, cell, ScoreEdit::Value(*value))?;
            }
            ParticipantChange::Rationale { driver_id, option_id, text } => {
                let cell = ScoreCell { stakeholder_id, driver_id: *driver_id, option_id: *option_id };
                scoring::write_score(store, session_id, cell, ScoreEdit::Rationale(text.clone()))?;
            }
            ParticipantChange::Importance { driver_id, value } => {
                scoring::write_importance(store, session_id, stakeholder_id, *driver_id, *value)?;
            }
            ParticipantChange::Comparison { driver_a, driver_b, value } => {
                scoring::write_comparison(store, session_id, stakeholder_id, *driver_a, *driver_b, *value)?;
            }
            ParticipantChange::Seal => {
                scoring::write_seal(store, session_id, stakeholder_id)?;
            }
        }
        Ok(())
    })
}
