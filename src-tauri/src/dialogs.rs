//! The native file dialogs (tauri-plugin-dialog), asked from Rust so the window needs no
//! dialog permission. `ARCHDECIDE_DIALOG_ANSWER` is the one documented place a test presets
//! the answer: when set, no dialog opens and every dialog answers with that path (a folder
//! answer to a save dialog means "this folder, suggested file name").

use std::path::{Path, PathBuf};

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

/// The environment variable that answers every dialog (tests, scripted runs).
pub const ANSWER_VARIABLE: &str = "ARCHDECIDE_DIALOG_ANSWER";

fn preset() -> Option<PathBuf> {
    std::env::var_os(ANSWER_VARIABLE).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// Asks where to save `file_name`, starting in `directory`; None when the user cancels.
pub fn save_file(
    app: &AppHandle,
    title: &str,
    directory: Option<&Path>,
    file_name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(answer) = preset() {
        return Some(if answer.is_dir() { answer.join(file_name) } else { answer });
    }
    let mut dialog = app.dialog().file().set_title(title).set_file_name(file_name).add_filter(filter.0, filter.1);
    if let Some(directory) = directory {
        dialog = dialog.set_directory(directory);
    }
    dialog.blocking_save_file().and_then(|path| path.into_path().ok())
}

/// Asks for a folder; None when the user cancels.
pub fn pick_folder(app: &AppHandle, title: &str, directory: Option<&Path>) -> Option<PathBuf> {
    if let Some(answer) = preset() {
        return Some(answer);
    }
    let mut dialog = app.dialog().file().set_title(title);
    if let Some(directory) = directory {
        dialog = dialog.set_directory(directory);
    }
    dialog.blocking_pick_folder().and_then(|path| path.into_path().ok())
}

/// Asks for one file to open; None when the user cancels.
pub fn pick_file(app: &AppHandle, title: &str, filter: (&str, &[&str])) -> Option<PathBuf> {
    if let Some(answer) = preset() {
        return Some(answer);
    }
    app.dialog()
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1)
        .blocking_pick_file()
        .and_then(|path| path.into_path().ok())
}
