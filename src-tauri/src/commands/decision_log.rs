//! Decision log commands: the linked folders, linking one through the folder dialog, sync
//! (pick up, then publish), and publishing one record again (with `overwrite` when the user
//! chose ArchDecide's version of a hand-edited file).

use archdecide_core::ErrorReport;
use archdecide_core::decision_log::{self, LinkedLog, PublishReport, SyncReport};
use archdecide_core::exports::log::LogFormat;
use tauri::{AppHandle, State};
use uuid::Uuid;

use crate::app::AppState;
use crate::dialogs;

#[tauri::command(async)]
pub fn linked_logs(state: State<'_, AppState>) -> Result<Vec<LinkedLog>, ErrorReport> {
    state.with(|store| decision_log::linked_logs(store))
}

/// Asks for a folder, links it (`decision_log::link_log`) and syncs, so the records already
/// there come in; None when the user cancels.
#[tauri::command(async)]
pub fn link_log(
    app: AppHandle,
    state: State<'_, AppState>,
    format: Option<LogFormat>,
    read_only: bool,
    commit: bool,
) -> Result<Option<Vec<SyncReport>>, ErrorReport> {
    let Some(folder) = dialogs::pick_folder(&app, "Link a decision folder (or a repository)", None) else {
        return Ok(None);
    };
    state
        .with(|store| {
            decision_log::link_log(store, &folder, format, read_only, commit)?;
            decision_log::sync(store)
        })
        .map(Some)
}

#[tauri::command(async)]
pub fn unlink_log(state: State<'_, AppState>, dir: String) -> Result<(), ErrorReport> {
    state.with(|store| decision_log::unlink_log(store, std::path::Path::new(&dir)))
}

#[tauri::command(async)]
pub fn sync_logs(state: State<'_, AppState>) -> Result<Vec<SyncReport>, ErrorReport> {
    state.with(decision_log::sync)
}

#[tauri::command(async)]
pub fn publish_record(
    state: State<'_, AppState>,
    session_id: Uuid,
    overwrite: bool,
) -> Result<Vec<PublishReport>, ErrorReport> {
    state.with(|store| decision_log::publish_record(store, session_id, overwrite))
}

/// Every numbered record into every writable linked log (`overwrite`: the user chose
/// ArchDecide's version of the hand-edited files a sync listed).
#[tauri::command(async)]
pub fn publish_all(state: State<'_, AppState>, overwrite: bool) -> Result<Vec<PublishReport>, ErrorReport> {
    state.with(|store| decision_log::publish_all(store, overwrite))
}

/// The files of the session's record in the linked logs.
#[tauri::command(async)]
pub fn record_locations(state: State<'_, AppState>, session_id: Uuid) -> Result<Vec<String>, ErrorReport> {
    state.with(|store| decision_log::record_locations(store, session_id))
}

/// For the session list: which linked logs hold each session's record.
#[tauri::command(async)]
pub fn record_logs(state: State<'_, AppState>) -> Result<std::collections::HashMap<Uuid, Vec<String>>, ErrorReport> {
    state.with(|store| decision_log::record_logs(store))
}

/// After a record's status changed (or a record was written accepted): into the linked
/// decision logs. A file edited by hand is left as it is, and a failed write is finished by
/// the next `archdecide log sync`: the change itself stands, so nothing here fails it.
pub(super) fn publish_after_change(store: &archdecide_core::Store, session_id: Uuid) {
    match decision_log::publish_record(store, session_id, false) {
        Ok(reports) => {
            for conflict in reports.iter().flat_map(|r| r.conflicts.iter().map(move |c| (&r.dir, &c.file))) {
                eprintln!("archdecide: {}/{} was changed by hand; not overwritten", conflict.0, conflict.1);
            }
        }
        Err(error) => eprintln!("archdecide: publishing into the decision log failed: {error}"),
    }
}
