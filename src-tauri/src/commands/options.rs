//! Option commands: add custom or from the catalog, edit, reorder, remove.

use archdecide_core::ErrorReport;
use archdecide_core::options::{self, NewOption, OptionEdit};
use archdecide_core::sessions::SessionDetail;
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn add_option(state: State<'_, AppState>, session_id: Uuid, new: NewOption) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| options::add_option(store, session_id, new))
}

#[tauri::command(async)]
pub fn add_catalog_option(
    state: State<'_, AppState>,
    session_id: Uuid,
    catalog_key: String,
) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| options::add_catalog_option(store, session_id, &catalog_key))
}

#[tauri::command(async)]
pub fn update_option(state: State<'_, AppState>, id: Uuid, edit: OptionEdit) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| options::update_option(store, id, edit))
}

#[tauri::command(async)]
pub fn move_option(state: State<'_, AppState>, id: Uuid, index: u32) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| options::move_option(store, id, index))
}

#[tauri::command(async)]
pub fn remove_option(state: State<'_, AppState>, id: Uuid) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| options::remove_option(store, id))
}
