//! Search command: full-text search with filters over every session.

use archdecide_core::ErrorReport;
use archdecide_core::search::{self, SearchPage, SearchQuery};
use tauri::State;

use crate::app::AppState;

/// One page of the session list: the sidebar asks for the rows around those in view.
#[tauri::command(async)]
pub fn search_sessions(
    state: State<'_, AppState>,
    query: SearchQuery,
    first: u32,
    count: u32,
) -> Result<SearchPage, ErrorReport> {
    state.with(|store| search::search_page(store, &query, first, count))
}
