//! Export commands: one record (PDF, MADR, Nygard, JSON) through the save dialog, and the
//! whole decision log into a folder; the last folder is remembered for the next dialog.

use archdecide_core::exports::{self, RecordFormat, log};
use archdecide_core::{ErrorReport, Store};
use tauri::{AppHandle, State};
use uuid::Uuid;

use crate::app::AppState;
use crate::dialogs;

/// Asks where to save the record and writes it (`exports::render_record`, then
/// `exports::write_file`); None when the user cancels.
#[tauri::command(async)]
pub fn export_record(
    app: AppHandle,
    state: State<'_, AppState>,
    session_id: Uuid,
    format: RecordFormat,
) -> Result<Option<String>, ErrorReport> {
    // Render first (refusals such as a blind round come before any dialog).
    let (file_name, bytes, last_dir) = state.with(|store| {
        let (file_name, bytes) = exports::render_record(store, session_id, format)?;
        Ok((file_name, bytes, exports::last_export_dir(store)?))
    })?;
    let filter = match format {
        RecordFormat::Pdf => ("PDF document", &["pdf"][..]),
        RecordFormat::Madr | RecordFormat::Nygard => ("Markdown", &["md"][..]),
        RecordFormat::Json => ("ArchDecide session", &["json"][..]),
    };
    let Some(path) = dialogs::save_file(&app, "Export decision record", last_dir.as_deref(), &file_name, filter) else {
        return Ok(None);
    };
    state.with(|store| {
        log::write_file(&path, &bytes)?;
        remember_parent(store, &path)
    })?;
    Ok(Some(path.display().to_string()))
}

/// Asks for a folder and writes the decision log into it (`docs/decisions` inside the folder
/// the user picks, unless it is already called `decisions`); None when the user cancels.
#[tauri::command(async)]
pub fn export_log(
    app: AppHandle,
    state: State<'_, AppState>,
    format: log::LogFormat,
) -> Result<Option<log::LogExport>, ErrorReport> {
    let last_dir = state.with(|store| exports::last_export_dir(store))?;
    let Some(folder) = dialogs::pick_folder(&app, "Export the decision log into…", last_dir.as_deref()) else {
        return Ok(None);
    };
    let target = if folder.ends_with("decisions") { folder.clone() } else { folder.join(log::DEFAULT_LOG_DIR) };
    state.with(|store| {
        let report = log::export_log(store, &target, format)?;
        exports::remember_export_dir(store, &folder)?;
        Ok(Some(report))
    })
}

fn remember_parent(store: &mut Store, path: &std::path::Path) -> archdecide_core::Result<()> {
    match path.parent() {
        Some(dir) => exports::remember_export_dir(store, dir),
        None => Ok(()),
    }
}
