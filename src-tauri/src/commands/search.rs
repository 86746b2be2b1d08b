//! Search command: full-text search with filters over every session.

use archdecide_core::ErrorReport;
use archdecide_core::search::{self, SearchHit, SearchQuery};
use tauri::State;

use crate::app::AppState;

#[tauri::command(async)]
pub fn search_sessions(state: State<'_, AppState>, query: SearchQuery) -> Result<Vec<SearchHit>, ErrorReport> {
    state.with(|store| search::search_sessions(store, &query))
}
