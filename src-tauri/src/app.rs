//! The desktop window: builds the Tauri app, holds the open store as app state.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;

use archdecide_core::{ErrorReport, Store};

/// What every command reaches through `tauri::State`: the store, or why it could not open
/// (the window still starts and shows that reason instead of an empty list).
pub struct AppState {
    store: Result<Mutex<Store>, ErrorReport>,
}

impl AppState {
    pub fn open(data_dir: &std::path::Path) -> Self {
        Self { store: crate::data_dir::open_store(data_dir).map(Mutex::new).map_err(|error| error.report()) }
    }

    /// Locks the store and runs one core call, mapping its error for IPC.
    pub fn with<T>(&self, call: impl FnOnce(&mut Store) -> archdecide_core::Result<T>) -> Result<T, ErrorReport> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        // A panic while the lock was held leaves the connection usable: every write is a
        // transaction that rolled back, so the poisoned flag carries no meaning here.
        let mut store = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        call(&mut store).map_err(|error| error.report())
    }
}

pub fn run(data_dir: PathBuf) -> ExitCode {
    let state = AppState::open(&data_dir);
    let result = tauri::Builder::default()
        .setup(|app| {
            tune_webview(app);
            Ok(())
        })
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(crate::commands::handler())
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("archdecide: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// WebKitGTK settings: no accelerated compositing (the app draws flat pages and SVG), which
/// takes ~70 MiB off the web process (180 → 109 MiB PSS measured with an empty list). Side
/// effect: WebKitWebDriver's screenshot command never returns in this mode, so the tests
/// capture the X display instead (tests/support).
#[cfg(target_os = "linux")]
fn tune_webview(app: &tauri::App) {
    use tauri::Manager;
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn tune_webview(_app: &tauri::App) {}
