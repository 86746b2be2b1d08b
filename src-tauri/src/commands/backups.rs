//! Backup commands: list, restore, and an empty start after a damaged database. They work
//! even when the database could not be opened.

use archdecide_core::ErrorReport;
use archdecide_core::backups::BackupInfo;
use tauri::State;

use crate::app::AppState;

#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ErrorReport> {
    state.list_backups()
}

#[tauri::command(async)]
pub fn create_backup(state: State<'_, AppState>) -> Result<BackupInfo, ErrorReport> {
    state.create_backup()
}

/// Returns where the previous database was moved (it is never deleted).
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, id: String) -> Result<Option<String>, ErrorReport> {
    state.restore_backup(&id)
}

#[tauri::command(async)]
pub fn start_empty(state: State<'_, AppState>) -> Result<(), ErrorReport> {
    state.start_empty()
}
