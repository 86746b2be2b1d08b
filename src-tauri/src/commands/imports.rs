//! Import commands: a folder of Markdown ADRs, or one ArchDecide session JSON file.

use archdecide_core::ErrorReport;
use archdecide_core::imports::{self, ImportReport};
use tauri::{AppHandle, State};

use crate::app::AppState;
use crate::dialogs;

/// Asks for a folder of ADRs and imports it (`imports::import_path`); None when the user cancels.
#[tauri::command(async)]
pub fn import_folder(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ImportReport>, ErrorReport> {
    let Some(folder) = dialogs::pick_folder(&app, "Import a folder of decision records", None) else {
        return Ok(None);
    };
    state.with(|store| imports::import_path(store, &folder)).map(Some)
}

/// Asks for a session JSON file and imports it (`imports::import_path`); None when the user
/// cancels.
#[tauri::command(async)]
pub fn import_session_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ImportReport>, ErrorReport> {
    let Some(file) = dialogs::pick_file(&app, "Import an ArchDecide session", ("ArchDecide session", &["json"])) else {
        return Ok(None);
    };
    state.with(|store| imports::import_path(store, &file)).map(Some)
}
