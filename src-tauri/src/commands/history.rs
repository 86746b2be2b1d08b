//! History commands: the timeline with its chain check, undo and redo.

use archdecide_core::ErrorReport;
use archdecide_core::history::{self, ChainCheck, History};
use archdecide_core::sessions::SessionDetail;
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn get_history(state: State<'_, AppState>, session_id: Uuid) -> Result<History, ErrorReport> {
    state.with(|store| history::get_history(store, session_id, false))
}

/// Checks the session's hash chain (what opening a session does).
#[tauri::command(async)]
pub fn verify_history(state: State<'_, AppState>, session_id: Uuid) -> Result<ChainCheck, ErrorReport> {
    state.with(|store| history::verify_history(store, session_id))
}

#[tauri::command(async)]
pub fn undo_change(state: State<'_, AppState>, session_id: Uuid) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| history::undo_change(store, session_id))
}

#[tauri::command(async)]
pub fn redo_change(state: State<'_, AppState>, session_id: Uuid) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| history::redo_change(store, session_id))
}
