//! The desktop window: builds the Tauri app and holds the open store as app state, with
//! automatic backups after start and after activity.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use archdecide_core::{ErrorCode, ErrorReport, Store, backups};

/// How often the backup thread looks for new activity.
const BACKUP_INTERVAL: Duration = Duration::from_secs(5 * 60);
/// When the first backup after start is taken.
const FIRST_BACKUP_AFTER: Duration = Duration::from_secs(10);

/// What every command reaches through `tauri::State`: the store, or why it could not open
/// (the window still starts and explains, offering backups or an empty start).
pub struct AppState {
    data_dir: PathBuf,
    store: Mutex<Result<Store, ErrorReport>>,
    /// The stop flag of the latest SMAA-2 run: the window shows one session's figures at a
    /// time, so a new run makes any earlier one stale.
    smaa_run: Mutex<Arc<AtomicBool>>,
}

impl AppState {
    pub fn open(data_dir: PathBuf) -> Self {
        let store = crate::data_dir::open_store(&data_dir).map_err(|error| error.report());
        Self { data_dir, store: Mutex::new(store), smaa_run: Mutex::default() }
    }

    /// Stops the SMAA-2 run in progress, if any, and hands out the new run's stop flag.
    pub fn start_smaa_run(&self) -> Arc<AtomicBool> {
        let mut latest = self.smaa_run.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        latest.store(true, Ordering::Relaxed);
        *latest = Arc::default();
        Arc::clone(&latest)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Result<Store, ErrorReport>> {
        // A panic while the lock was held leaves the connection usable: every write is a
        // transaction that rolled back, so the poisoned flag carries no meaning here.
        self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Locks the store and runs one core call, mapping its error for IPC.
    pub fn with<T>(&self, call: impl FnOnce(&mut Store) -> archdecide_core::Result<T>) -> Result<T, ErrorReport> {
        match &mut *self.lock() {
            Ok(store) => call(store).map_err(|error| error.report()),
            Err(report) => Err(report.clone()),
        }
    }

    pub fn list_backups(&self) -> Result<Vec<backups::BackupInfo>, ErrorReport> {
        backups::list_backups(&crate::data_dir::backups(&self.data_dir)).map_err(|e| e.report())
    }

    /// Backs up now (the Backups dialog's button).
    pub fn create_backup(&self) -> Result<backups::BackupInfo, ErrorReport> {
        self.with(|store| backups::create_backup(store, &crate::data_dir::backups(&self.data_dir)))
    }

    /// Closes the store, restores backup `id` (the current file is moved aside) and reopens.
    /// Returns where the previous database went, if there was one.
    pub fn restore_backup(&self, id: &str) -> Result<Option<String>, ErrorReport> {
        let mut guard = self.lock();
        *guard =
            Err(ErrorReport { code: ErrorCode::Restoring, message: "A backup is being restored".into(), field: None });
        let database = crate::data_dir::database(&self.data_dir);
        let restored =
            backups::restore_backup(&database, &crate::data_dir::backups(&self.data_dir), id, chrono::Utc::now());
        *guard = crate::data_dir::open_store(&self.data_dir).map_err(|e| e.report());
        let moved = restored.map_err(|e| e.report())?;
        guard.as_ref().map_err(Clone::clone)?;
        Ok(moved.map(|path| path.display().to_string()))
    }

    /// After a damaged database was moved aside: open a new, empty one.
    pub fn start_empty(&self) -> Result<(), ErrorReport> {
        let mut guard = self.lock();
        if guard.is_err() {
            *guard = crate::data_dir::open_store(&self.data_dir).map_err(|e| e.report());
        }
        guard.as_ref().map(drop).map_err(Clone::clone)
    }

    /// Backs up when there was activity since `last` (a write count); returns the new count.
    /// Only the count is read under the lock: the copy runs on its own connection, so edits
    /// never wait for a backup.
    fn backup_if_active(&self, last: Option<u64>) -> Option<u64> {
        let (writes, database) = {
            let guard = self.lock();
            let store = guard.as_ref().ok()?;
            (store.writes(), store.path()?)
        };
        if last == Some(writes) {
            return last;
        }
        match backups::create_backup_of(&database, &crate::data_dir::backups(&self.data_dir), chrono::Utc::now()) {
            Ok(_) => Some(writes),
            Err(archdecide_core::Error::Damaged(reason)) => {
                self.close_damaged(&reason);
                None
            }
            Err(error) => {
                eprintln!("archdecide: automatic backup failed: {error}");
                last
            }
        }
    }

    /// The check before a backup found damage: close the store, move the file aside and
    /// answer every command with the report (the window then shows the recovery screen).
    fn close_damaged(&self, reason: &str) {
        let mut guard = self.lock();
        *guard = Err(ErrorReport { code: ErrorCode::DatabaseDamaged, message: reason.to_owned(), field: None });
        let database = crate::data_dir::database(&self.data_dir);
        let report = match backups::move_aside(&database, "damaged", chrono::Utc::now()) {
            Ok(moved) => archdecide_core::Error::Damaged(format!(
                "{reason}. It was moved to {} and left as it was; restore a backup or start empty",
                moved.display()
            )),
            Err(error) => error,
        };
        *guard = Err(report.report());
    }
}

/// Opens the window. Called by `main` on the main thread before any other thread starts.
pub fn run(data_dir: PathBuf) -> ExitCode {
    use tauri::Manager;
    disable_compositing();
    let _ = std::fs::create_dir_all(&data_dir);
    let instance = crate::data_dir::instance_id(&data_dir);
    let result = tauri::Builder::default()
        // First, so a second launch on the same folder exits before anything else starts.
        .plugin(tauri_plugin_single_instance::Builder::new().dbus_id(instance).callback(focus_main).build())
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::open(data_dir))
        .manage(crate::rooms::Rooms::default())
        .setup(|app| {
            fit_to_screen(app);
            start_backups(app.handle().clone());
            Ok(())
        })
        .invoke_handler(crate::commands::handler())
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|app, event| {
                // Quitting stops every room with the process; their links files go with them.
                if let tauri::RunEvent::Exit = event {
                    let data_dir = app.state::<AppState>().data_dir().to_path_buf();
                    for session_id in app.state::<crate::rooms::Rooms>().sessions_on_exit() {
                        crate::rooms::forget_links(&data_dir, session_id);
                    }
                }
            })
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("archdecide: the window could not start: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The window asks for 1280×800; on a smaller screen (a projector's 1024×768) it takes the
/// screen's work area instead (maximised, where a window manager does that), so no part of it
/// starts off-screen. At setup the window is not on screen yet: its frame is unknown (0).
fn fit_to_screen(app: &tauri::App) {
    use tauri::Manager;
    let Some(window) = app.get_webview_window("main") else { return };
    let (Ok(Some(monitor)), Ok(outer), Ok(inner)) =
        (window.current_monitor(), window.outer_size(), window.inner_size())
    else {
        return;
    };
    let area = monitor.work_area();
    let frame = (outer.width.saturating_sub(inner.width), outer.height.saturating_sub(inner.height));
    let room = (area.size.width.saturating_sub(frame.0), area.size.height.saturating_sub(frame.1));
    if inner.width <= room.0 && inner.height <= room.1 {
        return;
    }
    let _ = window.set_size(tauri::PhysicalSize::new(inner.width.min(room.0), inner.height.min(room.1)));
    let _ = window.set_position(area.position);
    let _ = window.maximize();
}

/// A second launch on the same data folder brings the running window forward.
fn focus_main(app: &tauri::AppHandle, _args: Vec<String>, _cwd: String) {
    use tauri::Manager;
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// A backup shortly after start (once the window has drawn, so the copy's disk reads do not
/// slow the first paint), then whenever there was activity since the last one.
fn start_backups(app: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || {
        std::thread::sleep(FIRST_BACKUP_AFTER);
        let mut last = None;
        loop {
            last = app.state::<AppState>().backup_if_active(last);
            std::thread::sleep(BACKUP_INTERVAL);
        }
    });
}

/// WebKitGTK without accelerated compositing (the app draws flat pages and SVG): ~70 MiB less
/// PSS in the web process (180 → 109 MiB measured with an empty list), and ~20 ms off start-up
/// because no GL context is set up. It must hold before the first webview exists: the same
/// switch made through the webview's settings (`HardwareAccelerationPolicy::Never`) arrives
/// after loading has begun and saves the memory but not the time. A value the user set is
/// kept. Side effect: WebKitWebDriver's screenshot command never returns in this mode, so the
/// tests capture the X display instead (tests/support).
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn disable_compositing() {
    const VARIABLE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VARIABLE).is_none() {
        // SAFETY: called from `run`, which `main` calls on the main thread before any other
        // thread exists (no runtime, plugin or backup thread has started), so nothing can
        // read the environment at the same time.
        unsafe { std::env::set_var(VARIABLE, "1") };
    }
}

#[cfg(not(target_os = "linux"))]
fn disable_compositing() {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Damage inside the pages (the header and length fine) opens, then the check before the
    /// first backup finds it: the store closes, the file is moved aside, commands answer with
    /// `database_damaged`, and no backup is made of it.
    #[test]
    fn damage_found_before_a_backup_closes_the_store_and_moves_the_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut store = crate::data_dir::open_store(dir.path()).unwrap();
            for i in 0..300 {
                let new = archdecide_core::sessions::NewSession { title: format!("Session {i}"), ..Default::default() };
                archdecide_core::sessions::create_session(&mut store, new).unwrap();
            }
        }
        let database = crate::data_dir::database(dir.path());
        let mut bytes = std::fs::read(&database).unwrap();
        let middle = bytes.len() / 2 / 4096 * 4096;
        bytes[middle..middle + 4096].fill(0xA5);
        std::fs::write(&database, &bytes).unwrap();

        let state = AppState::open(dir.path().to_path_buf());
        assert!(state.with(|_| Ok(())).is_ok(), "the damage is not seen at open");
        assert_eq!(state.backup_if_active(None), None);
        let error = state.with(|_| Ok(())).unwrap_err();
        assert_eq!(error.code, "database_damaged", "{}", error.message);
        assert!(error.message.contains("moved to"), "{}", error.message);
        assert!(state.list_backups().unwrap().is_empty(), "no backup of a damaged file");
        assert!(!database.exists());
        state.start_empty().unwrap();
        assert!(state.with(|store| archdecide_core::sessions::list_sessions(store)).unwrap().is_empty());
    }

    /// The window's content security policy: scripts, styles and everything else only from the
    /// app itself, no inline script, no remote hosts, IPC the only connection.
    #[test]
    fn csp_forbids_inline_script_and_remote_content() {
        let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        let csp = conf["app"]["security"]["csp"].as_object().expect("a CSP is set");
        assert_eq!(csp["default-src"], "'self'");
        assert_eq!(csp["script-src"], "'self'");
        assert_eq!(csp["object-src"], "'none'");
        assert_eq!(csp["connect-src"], "ipc: http://ipc.localhost");
        for (directive, sources) in csp {
            let sources = sources.as_str().unwrap();
            for source in sources.split_whitespace() {
                let allowed = ["'self'", "'none'", "data:", "ipc:", "http://ipc.localhost"];
                assert!(allowed.contains(&source), "{directive} allows {source}");
            }
        }
        assert_eq!(conf["app"]["security"]["dangerousDisableAssetCspModification"], serde_json::Value::Null);
        assert_eq!(conf["app"]["withGlobalTauri"], false, "no global __TAURI__ object");
    }
}
