//! Driver commands: add custom or from a template, edit, reorder, remove.

use archdecide_core::ErrorReport;
use archdecide_core::drivers::{self, DriverEdit, NewDriver};
use archdecide_core::sessions::SessionDetail;
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn add_driver(state: State<'_, AppState>, session_id: Uuid, new: NewDriver) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| drivers::add_driver(store, session_id, new))
}

#[tauri::command(async)]
pub fn add_template_driver(
    state: State<'_, AppState>,
    session_id: Uuid,
    template_key: String,
) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| drivers::add_template_driver(store, session_id, &template_key))
}

#[tauri::command(async)]
pub fn update_driver(state: State<'_, AppState>, id: Uuid, edit: DriverEdit) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| drivers::update_driver(store, id, edit))
}

#[tauri::command(async)]
pub fn move_driver(state: State<'_, AppState>, id: Uuid, index: u32) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| drivers::move_driver(store, id, index))
}

#[tauri::command(async)]
pub fn remove_driver(state: State<'_, AppState>, id: Uuid) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| drivers::remove_driver(store, id))
}
