//! Backups of the database with SQLite's online backup API: rotating copies in a folder the
//! caller names (the newest `KEEP` are kept), listing and restoring them, and moving a
//! damaged database aside so it is never overwritten.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Result, Store};

/// How many automatic backups are kept.
pub const KEEP: usize = 10;
const PREFIX: &str = "archdecide-";
const FORMAT: &str = "%Y%m%d-%H%M%S%.3f";

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    /// What `restore` takes: the file name without `.db`.
    pub id: String,
    pub created_at: DateTime<Utc>,
    #[ts(type = "number")]
    pub bytes: u64,
    pub path: String,
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> Error {
    move |source| Error::Io { context, source }
}

/// Copies the open database into `dir` (consistent while it is in use) and removes the
/// oldest backups beyond `KEEP`.
pub fn create_backup(store: &Store, dir: &Path) -> Result<BackupInfo> {
    match store.path() {
        Some(database) => create_backup_of(&database, dir, store.now()),
        None => write_backup(dir, store.now(), |target| store.backup_to(target)),
    }
}

/// Like `create_backup`, from the database file through a connection of its own: the app's
/// store stays free for edits while a large file is copied (WAL: readers never block the
/// writer; the copy is the database as of one moment).
pub fn create_backup_of(database: &Path, dir: &Path, now: DateTime<Utc>) -> Result<BackupInfo> {
    write_backup(dir, now, |target| {
        let source = rusqlite::Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        // The whole file is read here, off the start-up path: a damaged database is never
        // copied over the good backups.
        integrity(&source, database)?;
        let mut out = rusqlite::Connection::open(target)?;
        // All pages in one step: one read transaction, so the copy is one consistent moment.
        let backup = rusqlite::backup::Backup::new(&source, &mut out)?;
        // Busy or locked only for a moment (a checkpoint): try again a few times.
        for _ in 0..50 {
            match backup.step(-1)? {
                rusqlite::backup::StepResult::Done => return Ok(()),
                _ => std::thread::sleep(std::time::Duration::from_millis(100)),
            }
        }
        Err(Error::refused(crate::ErrorCode::DatabaseBusy, "the database stayed busy; the backup will be tried again"))
    })
}

fn write_backup(dir: &Path, now: DateTime<Utc>, copy: impl FnOnce(&Path) -> Result<()>) -> Result<BackupInfo> {
    std::fs::create_dir_all(dir).map_err(io(format!("cannot create the backup folder {}", dir.display())))?;
    let id = format!("{PREFIX}{}", now.format(FORMAT));
    let partial = dir.join(format!("{id}.partial"));
    let path = dir.join(format!("{id}.db"));
    let _ = std::fs::remove_file(&partial);
    if let Err(error) = copy(&partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(error);
    }
    std::fs::rename(&partial, &path).map_err(io(format!("cannot write {}", path.display())))?;
    for old in list_backups(dir)?.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(&old.path);
    }
    info(&path).ok_or_else(|| Error::Damaged(format!("the backup {} cannot be read back", path.display())))
}

/// The backups in `dir`, newest first.
pub fn list_backups(dir: &Path) -> Result<Vec<BackupInfo>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(Vec::new()) };
    let mut backups: Vec<BackupInfo> = entries.filter_map(|e| e.ok()).filter_map(|e| info(&e.path())).collect();
    backups.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    Ok(backups)
}

fn info(path: &Path) -> Option<BackupInfo> {
    let name = path.file_name()?.to_str()?;
    let id = name.strip_suffix(".db")?;
    let stamp = id.strip_prefix(PREFIX)?;
    let created_at = NaiveDateTime::parse_from_str(stamp, FORMAT).ok()?.and_utc();
    let bytes = std::fs::metadata(path).ok()?.len();
    Some(BackupInfo { id: id.to_owned(), created_at, bytes, path: path.display().to_string() })
}

/// Replaces the database at `database` with backup `id` from `dir`. The backup is checked
/// first; the current database (if any) is moved aside, never overwritten. Returns where it
/// went. The store must be closed.
pub fn restore_backup(database: &Path, dir: &Path, id: &str, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let backup = list_backups(dir)?.into_iter().find(|b| b.id == id).ok_or_else(|| Error::not_found("backup", id))?;
    check_file(Path::new(&backup.path))?;
    let moved = if database.exists() { Some(move_aside(database, "before-restore", now)?) } else { None };
    // Copy beside the database, then rename: a crash mid-copy never leaves a half file in place.
    let restoring = PathBuf::from(format!("{}.restoring", database.display()));
    std::fs::copy(&backup.path, &restoring)
        .map_err(io(format!("cannot copy the backup to {}", restoring.display())))?;
    std::fs::rename(&restoring, database).map_err(io(format!("cannot put the backup at {}", database.display())))?;
    Ok(moved)
}

/// Moves a database file (and its -wal and -shm) aside as `<name>.<reason>-<time>`; returns the
/// new path of the main file.
pub fn move_aside(database: &Path, reason: &str, now: DateTime<Utc>) -> Result<PathBuf> {
    let stamp = now.format("%Y%m%d-%H%M%S");
    let base = format!("{}.{reason}-{stamp}", database.display());
    // Never replace an earlier file moved aside in the same second.
    let target = std::iter::once(PathBuf::from(&base))
        .chain((2..).map(|n| PathBuf::from(format!("{base}-{n}"))))
        .find(|candidate| !candidate.exists())
        .expect("an unused name exists");
    std::fs::rename(database, &target).map_err(io(format!("cannot move {} aside", database.display())))?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", database.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, format!("{}{suffix}", target.display()));
        }
    }
    Ok(target)
}

/// Opens a database file read-only and runs SQLite's integrity check on it.
pub fn check_file(path: &Path) -> Result<()> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    integrity(&conn, path)
}

fn integrity(conn: &rusqlite::Connection, path: &Path) -> Result<()> {
    let verdict: String = conn
        .query_row("PRAGMA integrity_check(1)", [], |row| row.get(0))
        .map_err(|e| Error::Damaged(format!("{}: {e}", path.display())))?;
    if verdict != "ok" {
        return Err(Error::Damaged(format!("{}: {verdict}", path.display())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::{NewSession, create_session, list_sessions};

    fn clock_at(second: u32) -> fn() -> DateTime<Utc> {
        // Distinct times for each backup (the clock is a plain fn pointer).
        match second {
            0 => || "2026-11-25T10:00:00Z".parse().unwrap(),
            1 => || "2026-11-25T10:00:01Z".parse().unwrap(),
            _ => || "2026-11-25T10:00:02Z".parse().unwrap(),
        }
    }

    #[test]
    fn backups_rotate_and_restore_moves_the_current_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("archdecide.db");
        let backups = dir.path().join("backups");
        let mut store = Store::open(&database).unwrap();
        create_session(&mut store, NewSession { title: "Kept".into(), ..NewSession::default() }).unwrap();
        store.set_clock(clock_at(0));
        let first = create_backup(&store, &backups).unwrap();
        store.set_clock(Utc::now);
        create_session(&mut store, NewSession { title: "Later".into(), ..NewSession::default() }).unwrap();
        store.set_clock(clock_at(1));
        let second = create_backup(&store, &backups).unwrap();
        assert_eq!(
            list_backups(&backups).unwrap().iter().map(|b| b.id.clone()).collect::<Vec<_>>(),
            [second.id.clone(), first.id.clone()]
        );
        drop(store);

        let moved =
            restore_backup(&database, &backups, &first.id, "2026-11-25T11:00:00Z".parse().unwrap()).unwrap().unwrap();
        assert!(moved.exists() && moved.to_string_lossy().contains("before-restore"));
        let store = Store::open(&database).unwrap();
        let titles: Vec<_> = list_sessions(&store).unwrap().into_iter().map(|s| s.title).collect();
        assert_eq!(titles, ["Kept"]);
        assert_eq!(restore_backup(&database, &backups, "nope", Utc::now()).unwrap_err().code(), "not_found");
    }

    #[test]
    fn a_backup_from_the_file_does_not_need_the_store_and_sees_every_commit() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("archdecide.db");
        let mut store = Store::open(&database).unwrap();
        create_session(&mut store, NewSession { title: "In the WAL".into(), ..NewSession::default() }).unwrap();
        // The store stays open (its last commit may still be in the -wal file only).
        let backup = create_backup_of(&database, &dir.path().join("backups"), Utc::now()).unwrap();
        create_session(&mut store, NewSession { title: "After".into(), ..NewSession::default() }).unwrap();
        let copy = Store::open(Path::new(&backup.path)).unwrap();
        let titles: Vec<_> = list_sessions(&copy).unwrap().into_iter().map(|s| s.title).collect();
        assert_eq!(titles, ["In the WAL"]);
    }

    #[test]
    fn only_the_newest_backups_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_in_memory().unwrap();
        for _ in 0..(KEEP + 3) {
            create_backup(&store, dir.path()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert_eq!(list_backups(dir.path()).unwrap().len(), KEEP);
    }

    #[test]
    fn moving_aside_twice_in_one_second_keeps_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("archdecide.db");
        let now: DateTime<Utc> = "2026-11-25T10:00:00Z".parse().unwrap();
        std::fs::write(&database, b"first").unwrap();
        let first = move_aside(&database, "damaged", now).unwrap();
        std::fs::write(&database, b"second").unwrap();
        let second = move_aside(&database, "damaged", now).unwrap();
        assert_ne!(first, second);
        assert_eq!(std::fs::read(first).unwrap(), b"first");
        assert_eq!(std::fs::read(second).unwrap(), b"second");
    }

    #[test]
    fn a_damaged_backup_is_not_restored() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("archdecide.db");
        std::fs::write(&database, b"current").unwrap();
        let backups = dir.path().join("backups");
        std::fs::create_dir_all(&backups).unwrap();
        std::fs::write(backups.join("archdecide-20261125-100000.000.db"), vec![7u8; 4096]).unwrap();
        let error = restore_backup(&database, &backups, "archdecide-20261125-100000.000", Utc::now()).unwrap_err();
        assert!(matches!(error.code(), crate::ErrorCode::DatabaseDamaged | crate::ErrorCode::DatabaseError), "{error}");
        assert_eq!(std::fs::read(&database).unwrap(), b"current", "the current file is untouched");
    }
}
