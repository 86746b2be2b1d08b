//! Scoring commands: importance, scores, suggestions, blind rounds. Each returns the
//! `Scoring` view (the sheet shown and, outside a blind round, the live analysis), except a
//! score cell's edit, which returns the cell.

use archdecide_core::scoring::{self, Score, ScoreCell, ScoreEdit, Scoring};
use archdecide_core::{ErrorCode, ErrorReport};
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn get_scoring(
    state: State<'_, AppState>,
    session_id: Uuid,
    stakeholder_id: Option<Uuid>,
) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::get_scoring(store, session_id, stakeholder_id))
}

#[tauri::command(async)]
pub fn set_importance(
    state: State<'_, AppState>,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_id: Uuid,
    value: Option<u8>,
) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::set_importance(store, session_id, stakeholder_id, driver_id, value))
}

/// One cell edit, answered with the cell as stored: cheap at any sheet size, so keys never
/// queue behind the analysis. The window reads the Scoring view (and its analysis) once the
/// edits on their way have all been answered.
#[tauri::command(async)]
pub fn write_score(
    state: State<'_, AppState>,
    session_id: Uuid,
    cell: ScoreCell,
    edit: ScoreEdit,
) -> Result<Option<Score>, ErrorReport> {
    state.with(|store| scoring::write_score(store, session_id, cell, edit))
}

#[tauri::command(async)]
pub fn suggest_scores(
    state: State<'_, AppState>,
    session_id: Uuid,
    stakeholder_id: Uuid,
) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::suggest_scores(store, session_id, stakeholder_id))
}

#[tauri::command(async)]
pub fn confirm_suggestions(
    state: State<'_, AppState>,
    session_id: Uuid,
    stakeholder_id: Uuid,
) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::confirm_suggestions(store, session_id, stakeholder_id))
}

#[tauri::command(async)]
pub fn set_comparison(
    state: State<'_, AppState>,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_a: Uuid,
    driver_b: Uuid,
    value: Option<f64>,
) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::set_comparison(store, session_id, stakeholder_id, driver_a, driver_b, value))
}

/// SMAA-2 win probabilities (`scoring::evidence_of` under the lock, then the sampling outside
/// it); `seed` is text because a u64 does not fit a JavaScript number. A newer call stops this
/// one (`stopped`): after an edit, only the latest figures are worth finishing.
#[tauri::command(async)]
pub fn run_smaa(
    state: State<'_, AppState>,
    session_id: Uuid,
    samples: u32,
    seed: String,
) -> Result<archdecide_core::smaa::Smaa, ErrorReport> {
    let seed: u64 = seed.trim().parse().map_err(|_| ErrorReport {
        code: ErrorCode::InvalidInput,
        message: "The seed is a whole number from 0 to 18446744073709551615".into(),
        field: Some("seed".into()),
    })?;
    // The evidence is read under the store's lock; the sampling runs after it is released,
    // so a long run never holds up the window's edits or the room's participants.
    let stop = state.start_smaa_run();
    let evidence = state.with(|store| scoring::evidence_of(store, session_id))?;
    evidence.smaa_unless_stopped(samples, seed, &stop).map_err(|error| error.report())
}

#[tauri::command(async)]
pub fn start_blind_round(state: State<'_, AppState>, session_id: Uuid) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::start_blind_round(store, session_id))
}

#[tauri::command(async)]
pub fn seal_scores(state: State<'_, AppState>, session_id: Uuid, stakeholder_id: Uuid) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::seal_scores(store, session_id, stakeholder_id))
}

#[tauri::command(async)]
pub fn reveal_round(state: State<'_, AppState>, session_id: Uuid) -> Result<Scoring, ErrorReport> {
    state.with(|store| scoring::reveal_round(store, session_id))
}
