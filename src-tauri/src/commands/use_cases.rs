//! Use-case guidance command: what the session says it builds, matched to the catalog's
//! architectures and the session's options.

use archdecide_core::ErrorReport;
use archdecide_core::use_cases::{self, Guidance};
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn use_case_guidance(state: State<'_, AppState>, session_id: Uuid) -> Result<Guidance, ErrorReport> {
    state.with(|store| use_cases::use_case_guidance(store, session_id))
}
