//! Where ArchDecide keeps its database and backups: `--data-dir`, else `ARCHDECIDE_DATA_DIR`
//! (both read by clap), else the platform's data directory for the app's identifier. Opening
//! moves a damaged database aside (never overwriting it) and says where it went.

use std::path::{Path, PathBuf};

use archdecide_core::{Error, Result, Store, backups};

/// The app identifier from tauri.conf.json; Tauri's own `app_data_dir` uses the same folder.
const IDENTIFIER: &str = "app.archdecide.desktop";

/// The database file's name inside the data directory.
const DATABASE_FILE: &str = "archdecide.db";

pub fn resolve(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .unwrap_or_else(|| dirs::data_dir().unwrap_or_else(|| std::env::temp_dir().join("archdecide")).join(IDENTIFIER))
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
