//! Where ArchDecide keeps its database and backups: `--data-dir`, else `ARCHDECIDE_DATA_DIR`
//! (both read by clap), else the platform's data directory for the app's identifier. Opening
//! moves a damaged database aside (never overwriting it) and says where it went.

use std::path::{Path, PathBuf};

use archdecide_core::{Error, Result, Store, backups};

/// The app identifier from tauri.conf.json; Tauri's own `app_data_dir` uses the same folder.
pub const IDENTIFIER: &str = "app.archdecide.desktop";

/// The database file's name inside the data directory.
const DATABASE_FILE: &str = "archdecide.db";

pub fn resolve(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .unwrap_or_else(|| dirs::data_dir().unwrap_or_else(|| std::env::temp_dir().join("archdecide")).join(IDENTIFIER))
}

/// The D-Bus name that makes one window per data folder (single instance): the identifier and
/// a digest of the folder's real path, so two folders (as the tests use) run side by side.
pub fn instance_id(data_dir: &Path) -> String {
    use sha2::{Digest, Sha256};
    let real = data_dir.canonicalize().unwrap_or_else(|_| data_dir.to_path_buf());
    let digest = Sha256::digest(real.as_os_str().as_encoded_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{IDENTIFIER}.d{hex}")
}

pub fn database(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}

pub fn backups(data_dir: &Path) -> PathBuf {
    data_dir.join("backups")
}

/// Opens the store in `data_dir`, creating the folder when missing. A damaged database is
/// moved aside and reported with where it went and how to restore a backup.
pub fn open_store(data_dir: &Path) -> Result<Store> {
    std::fs::create_dir_all(data_dir).map_err(|source| Error::Io {
        context: format!("cannot create the data folder {}", data_dir.display()),
        source,
    })?;
    let path = database(data_dir);
    match Store::open(&path) {
        Err(Error::Damaged(reason)) => {
            let moved = backups::move_aside(&path, "damaged", chrono::Utc::now())?;
            let newest = backups::list_backups(&backups(data_dir))?.into_iter().next();
            let advice = match newest {
                Some(b) => format!("the newest backup is {} from {}", b.id, b.created_at.format("%Y-%m-%d %H:%M UTC")),
                None => "there is no backup to restore".to_owned(),
            };
            Err(Error::Damaged(format!("{reason}. It was moved to {} and left as it was; {advice}", moved.display())))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_matches_tauri_conf() {
        let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(conf["identifier"], IDENTIFIER);
    }

    #[test]
    fn instance_id_is_per_folder_and_a_valid_dbus_name() {
        let a = instance_id(Path::new("/tmp/a"));
        assert_eq!(a, instance_id(Path::new("/tmp/a")));
        assert_ne!(a, instance_id(Path::new("/tmp/b")));
        // D-Bus: elements of [A-Za-z0-9_-], none starting with a digit, at most 255 bytes.
        assert!(a.len() < 255 && a.split('.').all(|e| !e.starts_with(|c: char| c.is_ascii_digit())), "{a}");
    }

    #[test]
    fn explicit_dir_wins() {
        assert_eq!(resolve(Some(PathBuf::from("/x"))), PathBuf::from("/x"));
        assert!(resolve(None).ends_with(IDENTIFIER));
    }

    #[test]
    fn a_damaged_database_is_moved_aside_and_explained() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(database(dir.path()), vec![0x42; 8192]).unwrap();
        let error = open_store(dir.path()).err().unwrap();
        assert_eq!(error.code(), "database_damaged");
        assert!(error.to_string().contains("there is no backup to restore"), "{error}");
        let aside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("archdecide.db.damaged-"))
            .collect();
        assert_eq!(aside.len(), 1);
        assert_eq!(std::fs::read(dir.path().join(&aside[0])).unwrap(), vec![0x42; 8192], "kept as it was");
        // The next open starts empty.
        assert!(open_store(dir.path()).is_ok());
    }
}
