//! Where ArchDecide keeps its database: `--data-dir`, else `ARCHDECIDE_DATA_DIR` (both read by
//! clap), else the platform's data directory for the app's identifier.

use std::path::{Path, PathBuf};

/// The app identifier from tauri.conf.json; Tauri's own `app_data_dir` uses the same folder.
const IDENTIFIER: &str = "app.archdecide.desktop";

/// The database file's name inside the data directory.
const DATABASE_FILE: &str = "archdecide.db";

pub fn resolve(explicit: Option<PathBuf>) -> PathBuf {
    explicit
        .unwrap_or_else(|| dirs::data_dir().unwrap_or_else(|| std::env::temp_dir().join("archdecide")).join(IDENTIFIER))
}

/// Opens the store in `data_dir`, creating the folder when missing.
pub fn open_store(data_dir: &Path) -> archdecide_core::Result<archdecide_core::Store> {
    std::fs::create_dir_all(data_dir).map_err(|source| archdecide_core::Error::Io {
        context: format!("cannot create the data folder {}", data_dir.display()),
        source,
    })?;
    archdecide_core::Store::open(&data_dir.join(DATABASE_FILE))
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
}
