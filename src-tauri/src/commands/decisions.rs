//! Decision record commands: read, choose the option (prefill), edit, change status.

use archdecide_core::ErrorReport;
use archdecide_core::decisions::{self, Decision, DecisionEdit, DecisionStatus};
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn get_decision(state: State<'_, AppState>, session_id: Uuid) -> Result<Option<Decision>, ErrorReport> {
    state.with(|store| decisions::get_decision(store, session_id))
}

#[tauri::command(async)]
pub fn choose_option(state: State<'_, AppState>, session_id: Uuid, option_id: Uuid) -> Result<Decision, ErrorReport> {
    state.with(|store| decisions::choose_option(store, session_id, option_id))
}

#[tauri::command(async)]
pub fn update_decision(state: State<'_, AppState>, id: Uuid, edit: DecisionEdit) -> Result<Decision, ErrorReport> {
    state.with(|store| decisions::update_decision(store, id, edit))
}

#[tauri::command(async)]
pub fn set_decision_status(
    state: State<'_, AppState>,
    id: Uuid,
    status: DecisionStatus,
    despite_inconsistency: Option<bool>,
) -> Result<Decision, ErrorReport> {
    state.with(|store| {
        let decision = decisions::set_decision_status(store, id, status, despite_inconsistency.unwrap_or(false))?;
        super::decision_log::publish_after_change(store, decision.session_id);
        Ok(decision)
    })
}
