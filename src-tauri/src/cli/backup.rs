//! `backup list | create | restore`.

use std::path::Path;

use archdecide_core::backups;

use super::{BackupAction, Failure, to_json};

/// `backup …`: list, create, restore.
pub(super) fn backup(action: BackupAction, data_dir: &Path) -> Result<String, Failure> {
    let dir = crate::data_dir::backups(data_dir);
    match action {
        BackupAction::List { json } => {
            let list = backups::list_backups(&dir)?;
            if json {
                return Ok(to_json(&list));
            }
            if list.is_empty() {
                return Ok(format!("No backups in {}\n", dir.display()));
            }
            Ok(list
                .iter()
                .map(|b| {
                    format!(
                        "{}  {}  {:>8.1} KiB\n",
                        b.id,
                        b.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                        b.bytes as f64 / 1024.0
                    )
                })
                .collect())
        }
        BackupAction::Create => {
            let store = crate::data_dir::open_store(data_dir)?;
            let backup = backups::create_backup(&store, &dir)?;
            Ok(format!("{}  {}\n", backup.id, backup.path))
        }
        BackupAction::Restore { id } => {
            let database = crate::data_dir::database(data_dir);
            let moved = backups::restore_backup(&database, &dir, &id, chrono::Utc::now())?;
            crate::data_dir::open_store(data_dir)?;
            Ok(match moved {
                Some(path) => format!("restored {id}; the previous database was moved to {}\n", path.display()),
                None => format!("restored {id}\n"),
            })
        }
    }
}
