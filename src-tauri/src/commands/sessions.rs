//! Session commands: open, create, edit, archive, delete (the list is a search).

use archdecide_core::ErrorReport;
use archdecide_core::sessions::{self, NewSession, SessionDetail, SessionEdit};
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn get_session(state: State<'_, AppState>, id: Uuid) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| sessions::get_session(store, id))
}

#[tauri::command(async)]
pub fn create_session(state: State<'_, AppState>, new: NewSession) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| sessions::create_session(store, new))
}

#[tauri::command(async)]
pub fn update_session(state: State<'_, AppState>, id: Uuid, edit: SessionEdit) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| sessions::update_session(store, id, edit))
}

#[tauri::command(async)]
pub fn archive_session(state: State<'_, AppState>, id: Uuid, archived: bool) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| sessions::archive_session(store, id, archived))
}

#[tauri::command(async)]
pub fn delete_session(state: State<'_, AppState>, id: Uuid) -> Result<(), ErrorReport> {
    state.with(|store| sessions::delete_session(store, id))
}
