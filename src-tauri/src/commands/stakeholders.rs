//! Stakeholder commands: add, edit, remove.

use archdecide_core::ErrorReport;
use archdecide_core::sessions::SessionDetail;
use archdecide_core::stakeholders::{self, NewStakeholder, StakeholderEdit};
use tauri::State;
use uuid::Uuid;

use crate::app::AppState;

#[tauri::command(async)]
pub fn add_stakeholder(
    state: State<'_, AppState>,
    session_id: Uuid,
    new: NewStakeholder,
) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| stakeholders::add_stakeholder(store, session_id, new))
}

#[tauri::command(async)]
pub fn update_stakeholder(
    state: State<'_, AppState>,
    id: Uuid,
    edit: StakeholderEdit,
) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| stakeholders::update_stakeholder(store, id, edit))
}

#[tauri::command(async)]
pub fn remove_stakeholder(state: State<'_, AppState>, id: Uuid) -> Result<SessionDetail, ErrorReport> {
    state.with(|store| stakeholders::remove_stakeholder(store, id))
}
