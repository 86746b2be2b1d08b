//! Revisit commands: start a revisit, compare it with the original, list due reviews, and a
//! record's revisit triggers.

use archdecide_core::ErrorReport;
use archdecide_core::revisits::{self, DueReview, RevisitDiff, RevisitTrigger};
use archdecide_core::sessions::SessionDetail;
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn revisit_session(state: State<'_, AppState>, session_id: Uuid) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| revisits::revisit_session(store, session_id))
}

#[tauri::command(async)]
pub fn revisit_diff(state: State<'_, AppState>, session_id: Uuid) -> Result<RevisitDiff, ErrorReport> {
    state.with(|store| revisits::revisit_diff(store, session_id))
}

#[tauri::command(async)]
pub fn due_reviews(state: State<'_, AppState>) -> Result<Vec<DueReview>, ErrorReport> {
    state.with(|store| {
        let today = store.now().date_naive();
        revisits::due_reviews(store, today)
    })
}

/// When to look at the session's record again: from its frozen evidence, then the team's own.
#[tauri::command(async)]
pub fn record_triggers(state: State<'_, AppState>, session_id: Uuid) -> Result<Vec<RevisitTrigger>, ErrorReport> {
    state.with(|store| revisits::record_triggers(store, session_id))
}

/// For a revisit: the triggers of the record it revisits, pointing at the revisit's drivers.
#[tauri::command(async)]
pub fn original_triggers(state: State<'_, AppState>, session_id: Uuid) -> Result<Vec<RevisitTrigger>, ErrorReport> {
    state.with(|store| revisits::original_triggers(store, session_id))
}
