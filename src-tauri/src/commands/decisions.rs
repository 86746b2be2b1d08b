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
        // Into the linked decision logs. A file edited by hand is left as it is, and a failed
        // write is finished by the next `archdecide log sync`: the status change stands.
        match archdecide_core::decision_log::publish_record(store, decision.session_id, false) {
            Ok(reports) => {
                for conflict in reports.iter().flat_map(|r| r.conflicts.iter().map(move |c| (&r.dir, &c.file))) {
                    eprintln!("archdecide: {}/{} was changed by hand; not overwritten", conflict.0, conflict.1);
                }
            }
            Err(error) => eprintln!("archdecide: publishing into the decision log failed: {error}"),
        }
        Ok(decision)
    })
}
