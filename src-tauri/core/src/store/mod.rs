//! The SQLite store: opening, PRAGMAs, migrations, transactions. Only `store/` writes SQL;
//! one file per area.

pub(crate) mod decisions;
pub(crate) mod drivers;
pub(crate) mod history;
pub(crate) mod options;
pub(crate) mod scoring;
pub(crate) mod search;
pub(crate) mod sessions;
pub(crate) mod settings;
pub(crate) mod stakeholders;

use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, Transaction};
use rusqlite_migration::{M, Migrations};

use crate::{Error, Result};

/// The schema, one numbered SQL file per step. Never edit a released step: add a new one.
pub static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(vec![
        M::up(include_str!("../../migrations/0001_initial.sql")),
        M::up(include_str!("../../migrations/0002_scoring.sql")),
        M::up(include_str!("../../migrations/0003_decisions.sql")),
        M::up(include_str!("../../migrations/0004_history_and_search.sql")),
        M::up(include_str!("../../migrations/0005_ahp.sql")),
        // Every session (also those written before search existed) gets its search document.
        // Each rebuild uses the document query of its own version: a later query names columns
        // that do not exist yet at that step.
        M::up_with_hook(include_str!("../../migrations/0006_search_documents.sql"), |tx: &Transaction<'_>| {
            search::reindex_all_with(tx, search::DOCUMENT_V6)
                .map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
        }),
        M::up(include_str!("../../migrations/0007_pending_links.sql")),
        M::up(include_str!("../../migrations/0008_record_summary_and_triggers.sql")),
        M::up_with_hook(
            include_str!("../../migrations/0009_use_cases_and_reversibility.sql"),
            |tx: &Transaction<'_>| {
                search::reindex_all(tx).map_err(|e| rusqlite_migration::HookError::Hook(e.to_string()))
            },
        ),
        // Rebuilds the stakeholders table (foreign keys are off while migrating): every row
        // that pointed at a stakeholder must still find one.
        M::up_with_hook(include_str!("../../migrations/0010_raci_four_parts.sql"), |tx: &Transaction<'_>| {
            let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0))?;
            if broken > 0 {
                return Err(rusqlite_migration::HookError::Hook(format!("{broken} rows lost their stakeholder")));
            }
            Ok(())
        }),
    ])
});

/// How many migrations there are: the schema version this build writes (`user_version`).
const SCHEMA_VERSION: i64 = 10;

/// The schema version this build writes (SQLite `user_version`).
pub fn schema_version() -> i64 {
    SCHEMA_VERSION
}

/// How many prepared statements a connection keeps parsed.
const STATEMENT_CACHE: usize = 128;

/// How long a write waits for another connection's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Where the store gets the time it stamps on changes; tests fix it for golden output.
pub type Clock = fn() -> DateTime<Utc>;

/// How many writes a store has committed, shared with whoever watches it.
#[derive(Debug, Clone, Default)]
pub struct WriteCount(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl WriteCount {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Acquire)
    }

    fn bump(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::Release);
    }
}

/// An open ArchDecide database.
pub struct Store {
    conn: Connection,
    clock: Clock,
    writes: WriteCount,
    /// Where the current changes come from, when not the window or the CLI ("the room").
    via: Option<&'static str>,
    /// Inside `batch`: each write is a savepoint of the batch's one transaction.
    batching: bool,
    /// Sessions whose search documents a batch refreshes before its commit.
    reindex: std::collections::BTreeSet<uuid::Uuid>,
}

impl Store {
    /// Opens (creating when missing) the database file at `path` and brings its schema up to
    /// date. A database from a newer ArchDecide is refused before anything is written to it.
    pub fn open(path: &Path) -> Result<Self> {
        check_length(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::prepare(conn)
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A room's participants run the same few statements thousands of times: keep them
        // parsed (rusqlite keeps 16 by default).
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        // Read the version first: a newer database must stay byte-for-byte untouched,
        // so no PRAGMA that writes (journal_mode) may run before this check.
        let found: i64 =
            conn.pragma_query_value(None, "user_version", |row| row.get(0)).map_err(damaged_or_database)?;
        let known = schema_version();
        if found > known {
            return Err(Error::SchemaTooNew { found, known });
        }
        // WAL: readers never block the writer and a crash never leaves a half-written page.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        // FULL: every committed edit is fsynced before the command returns, so an edit the UI
        // saw acknowledged survives a power cut too (NORMAL would survive only an app crash).
        // Edits arrive at human speed, so the fsync per commit costs nothing a user feels.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Migrations run with foreign keys off, as SQLite's way of rebuilding a table needs
        // (a dropped parent would cascade into its children); a migration that rebuilds one
        // checks the keys itself before its commit.
        conn.pragma_update(None, "foreign_keys", false)?;
        MIGRATIONS.to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        Ok(Self {
            conn,
            clock: Utc::now,
            writes: WriteCount::default(),
            via: None,
            batching: false,
            reindex: Default::default(),
        })
    }

    /// Replaces the clock (tests and golden files use a fixed time).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// How many write transactions this store has committed (automatic backups run after
    /// activity).
    pub fn writes(&self) -> u64 {
        self.writes.get()
    }

    /// A handle that reads `writes` without the store: a watcher (the room) polls it without
    /// taking the lock the window's commands wait on.
    pub fn write_count(&self) -> WriteCount {
        self.writes.clone()
    }

    /// The current time as the store stamps it.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Runs `work` in one transaction: committed when it returns Ok, rolled back otherwise,
    /// so a failed edit stores nothing. Before committing, the rows it touched become an event
    /// in each touched session's history (described by `note`) and the sessions' search
    /// documents are refreshed (unless the note says the change keeps every text), in the
    /// same transaction.
    ///
    /// Inside `batch`, the write is a savepoint instead: still all-or-nothing on its own, made
    /// durable by the batch's one commit.
    pub(crate) fn write<T>(
        &mut self,
        note: crate::history::ChangeNote,
        work: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        let now = self.now();
        let note = crate::history::ChangeNote { via: self.via, ..note };
        if self.batching {
            let savepoint = self.conn.savepoint()?;
            let value = work(&savepoint)?; // dropped on error: rolled back to the savepoint
            let touched = crate::history::record(&savepoint, &note, now)?;
            savepoint.commit()?;
            if !note.keeps_text {
                self.reindex.extend(touched);
            }
            self.writes.bump();
            return Ok(value);
        }
        let tx = self.conn.transaction()?;
        let value = work(&tx)?;
        let touched = crate::history::record(&tx, &note, now)?;
        if !note.keeps_text {
            for session in touched {
                search::reindex(&tx, session)?;
            }
        }
        tx.commit()?;
        self.writes.bump();
        Ok(value)
    }

    /// Group commit: runs `call`, whose writes each stay all-or-nothing (one savepoint each),
    /// inside one transaction that is committed — one fsync — when `call` returns. The room
    /// applies many participants' changes at once this way and answers each only after the
    /// commit, so "acknowledged means on disk" still holds.
    pub fn batch<T>(&mut self, call: impl FnOnce(&mut Store) -> T) -> Result<T> {
        self.group(|store| Ok(call(store)))
    }

    /// Runs `call`, made of several writes, as one: committed (one fsync) when it returns Ok,
    /// rolled back entirely when it returns an error, so a step that fails late leaves nothing
    /// of the earlier ones behind. Inside a batch it is one savepoint of the batch.
    pub fn all_or_nothing<T>(&mut self, call: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        self.group(call)
    }

    fn group<T>(&mut self, call: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        if self.batching {
            self.conn.execute_batch("SAVEPOINT all_or_nothing")?;
            let outcome = call(self);
            let end = if outcome.is_ok() {
                "RELEASE all_or_nothing"
            } else {
                "ROLLBACK TO all_or_nothing; RELEASE all_or_nothing"
            };
            self.conn.execute_batch(end)?;
            return outcome;
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        self.batching = true;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| call(self)));
        self.batching = false;
        let touched = std::mem::take(&mut self.reindex);
        let value = match outcome {
            Ok(Ok(value)) => value,
            Ok(Err(error)) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(error);
            }
            Err(panic) => {
                // Nothing of a batch that panicked was acknowledged: drop all of it.
                let _ = self.conn.execute_batch("ROLLBACK");
                std::panic::resume_unwind(panic);
            }
        };
        for session in touched {
            let refreshed = sessions::exists(&self.conn, session)
                .and_then(|exists| if exists { search::reindex(&self.conn, session) } else { Ok(()) });
            if let Err(error) = refreshed {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(error);
            }
        }
        if let Err(error) = self.conn.execute_batch("COMMIT") {
            let _ = self.conn.execute_batch("ROLLBACK");
            return Err(error.into());
        }
        Ok(value)
    }

    /// Runs `call` with its changes' history events saying where they came from
    /// ("… — from the room").
    pub fn via<T>(&mut self, source: &'static str, call: impl FnOnce(&mut Store) -> Result<T>) -> Result<T> {
        let before = self.via.replace(source);
        let result = call(self);
        self.via = before;
        result
    }

    /// The database file, unless the store lives in memory.
    pub fn path(&self) -> Option<std::path::PathBuf> {
        self.conn.path().filter(|p| !p.is_empty()).map(std::path::PathBuf::from)
    }

    /// Copies the whole database into a new file at `path` with SQLite's online backup API
    /// (consistent even while the store is in use).
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        let mut target = Connection::open(path)?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut target)?;
        backup.run_to_completion(1024, Duration::ZERO, None)?;
        Ok(())
    }

    /// Read access for queries that need no transaction.
    pub(crate) fn read(&self) -> &Connection {
        &self.conn
    }
}

/// A truncated file, caught at open without reading it all: SQLite's header says how many
/// pages the file holds (when its "valid-for" counter matches), and a shorter file lost its
/// tail. Skipped while a -wal file holds frames: SQLite's recovery completes the file from it.
/// Damage inside the pages is found by the full check before every backup
/// (`backups::create_backup_of`), which reads the whole file off the start-up path.
fn check_length(path: &Path) -> Result<()> {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else { return Ok(()) };
    let length = file.metadata().map(|m| m.len()).unwrap_or(0);
    let wal = std::fs::metadata(format!("{}-wal", path.display())).map(|m| m.len()).unwrap_or(0);
    let mut header = [0u8; 100];
    if wal > 0 || length < 100 || file.read_exact(&mut header).is_err() || !header.starts_with(b"SQLite format 3\0") {
        // Not a database at all is reported by SQLite itself when the header is read.
        return Ok(());
    }
    let word = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        size => u64::from(size),
    };
    let pages = u64::from(word(28));
    if word(92) == word(24) && pages > 0 && length < pages * page_size {
        return Err(Error::Damaged(format!(
            "the file is shorter than its header says ({length} of {} bytes): it was cut off",
            pages * page_size
        )));
    }
    Ok(())
}

fn damaged_or_database(error: rusqlite::Error) -> Error {
    match error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            Error::Damaged(error.to_string())
        }
        _ => Error::Database(error),
    }
}

/// The position after the last row of `table` in a session (tables ordered by `position`).
pub(crate) fn next_position(conn: &Connection, table: &'static str, session_id: uuid::Uuid) -> Result<u32> {
    let sql = format!("SELECT coalesce(max(position) + 1, 0) FROM {table} WHERE session_id = ?1");
    Ok(conn.query_row(&sql, [session_id.to_string()], |row| row.get(0))?)
}

/// Rewrites the `position` of the given rows of `table` to their order in `ids`.
pub(crate) fn renumber(conn: &Connection, table: &'static str, ids: &[uuid::Uuid]) -> Result<()> {
    let sql = format!("UPDATE {table} SET position = ?2 WHERE id = ?1");
    let mut statement = conn.prepare_cached(&sql)?;
    for (position, id) in ids.iter().enumerate() {
        statement.execute(rusqlite::params![id.to_string(), position as i64])?;
    }
    Ok(())
}

/// Moves row `id` of `table` (drivers, options: ordered by `position` within their session)
/// to `index` in its session's order, clamped to the list, and renumbers the rest.
pub(crate) fn move_to(
    conn: &Connection,
    table: &'static str,
    session_id: uuid::Uuid,
    id: uuid::Uuid,
    index: u32,
) -> Result<()> {
    let sql = format!("SELECT id FROM {table} WHERE session_id = ?1 AND id <> ?2 ORDER BY position");
    let mut ids: Vec<uuid::Uuid> = conn
        .prepare_cached(&sql)?
        .query_map([session_id.to_string(), id.to_string()], |row| uuid_column(row, 0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.insert((index as usize).min(ids.len()), id);
    renumber(conn, table, &ids)
}

/// Encodes a list of strings for a JSON text column.
pub(crate) fn to_json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// Decodes a JSON text column written by [`to_json_list`].
pub(crate) fn from_json_list(text: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(text)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error)))
}

/// Parses a uuid stored as text.
pub(crate) fn uuid_column(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<uuid::Uuid> {
    // Parsed from SQLite's own text: no String per column (a sheet reads tens of thousands).
    uuid::Uuid::parse_str(row.get_ref(index)?.as_str()?)
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(error)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().unwrap();
    }

    #[test]
    fn schema_version_is_the_number_of_migrations() {
        let conn = Connection::open_in_memory().unwrap();
        let mut conn = conn;
        MIGRATIONS.to_latest(&mut conn).unwrap();
        let applied: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(applied, SCHEMA_VERSION);
    }

    #[test]
    fn schema_version_matches_migration_list() {
        let store = Store::open_in_memory().unwrap();
        let version: i64 = store.read().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, schema_version());
    }

    #[test]
    fn file_database_uses_wal_full_sync_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a.db")).unwrap();
        let conn = store.read();
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        let keys: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync, keys), ("wal", 2, 1));
    }

    #[test]
    fn newer_schema_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("future.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE from_the_future (x); PRAGMA user_version = 99;").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let error = Store::open(&path).err().expect("a newer schema must be refused");
        assert_eq!(error.code(), "schema_too_new");
        assert!(error.to_string().contains("schema version 99"), "{error}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file changed");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("future.db")], "no -wal or -shm file may appear");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_reported_as_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("garbage.db");
        std::fs::write(&path, vec![0x42; 8192]).unwrap();
        let error = Store::open(&path).err().expect("garbage must be refused");
        assert_eq!(error.code(), "database_damaged");
    }

    #[test]
    fn backup_copies_everything_into_a_database_that_opens() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let new = crate::sessions::NewSession { title: "Kept".into(), ..Default::default() };
        crate::sessions::create_session(&mut store, new).unwrap();
        let path = dir.path().join("copy.db");
        store.backup_to(&path).unwrap();
        let copy = Store::open(&path).unwrap();
        let titles: Vec<_> = crate::sessions::list_sessions(&copy).unwrap().into_iter().map(|s| s.title).collect();
        assert_eq!(titles, ["Kept"]);
    }

    #[test]
    fn a_truncated_database_is_reported_as_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        {
            let mut store = Store::open(&path).unwrap();
            for i in 0..200 {
                let new = crate::sessions::NewSession { title: format!("Session {i}"), ..Default::default() };
                crate::sessions::create_session(&mut store, new).unwrap();
            }
        }
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        let error = Store::open(&path).err().expect("a truncated file must be refused");
        assert_eq!(error.code(), "database_damaged", "{error}");
    }

    #[test]
    fn failed_write_stores_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let result: Result<()> = store.write(crate::history::ChangeNote::new("test"), |tx| {
            tx.execute("INSERT INTO sessions (id, title, created_at, updated_at) VALUES ('x', 't', 'now', 'now')", [])?;
            Err(Error::invalid("title", "no"))
        });
        assert!(result.is_err());
        let count: i64 = store.read().query_row("SELECT count(*) FROM sessions", [], |r| r.get(0)).unwrap();
        assert_eq!(count, 0);
    }

    /// Group commit: a refused change inside a batch stores nothing of its own and leaves the
    /// others; the batch lands whole at its commit; a batch that panics stores nothing.
    #[test]
    fn a_batch_commits_once_and_keeps_each_change_all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("archdecide.db")).unwrap();
        let insert = |store: &mut Store, id: &str, fail: bool| -> Result<()> {
            store.write(crate::history::ChangeNote::new("test"), |tx| {
                tx.execute(
                    "INSERT INTO sessions (id, title, created_at, updated_at) VALUES (?1, 't', 'now', 'now')",
                    [id],
                )?;
                if fail { Err(Error::invalid("title", "no")) } else { Ok(()) }
            })
        };
        let results = store
            .batch(|store| [insert(store, "a", false), insert(store, "b", true), insert(store, "c", false)])
            .unwrap();
        assert!(results[0].is_ok() && results[1].is_err() && results[2].is_ok());
        let ids = |store: &Store| -> Vec<String> {
            let mut statement = store.read().prepare("SELECT id FROM sessions ORDER BY id").unwrap();
            statement.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
        };
        assert_eq!(ids(&store), ["a", "c"]);
        assert_eq!(store.writes(), 2);
        // Another connection sees the batch: it was committed.
        let other = Connection::open(dir.path().join("archdecide.db")).unwrap();
        let seen: i64 = other.query_row("SELECT count(*) FROM sessions", [], |r| r.get(0)).unwrap();
        assert_eq!(seen, 2);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = store.batch(|store| {
                insert(store, "d", false).unwrap();
                panic!("mid-batch");
            });
        }));
        assert!(panicked.is_err());
        assert_eq!(ids(&store), ["a", "c"], "nothing of the panicked batch");
        insert(&mut store, "e", false).unwrap();
        assert_eq!(ids(&store), ["a", "c", "e"], "the store works after it");
    }

    /// All or nothing: a step that fails late takes the earlier steps with it, alone or
    /// inside a batch (where the batch's other changes stay).
    #[test]
    fn all_or_nothing_rolls_back_every_step_when_a_late_one_fails() {
        let mut store = Store::open_in_memory().unwrap();
        let insert = |store: &mut Store, id: &str| -> Result<()> {
            store.write(crate::history::ChangeNote::new("test"), |tx| {
                tx.execute(
                    "INSERT INTO sessions (id, title, created_at, updated_at) VALUES (?1, 't', 'now', 'now')",
                    [id],
                )?;
                Ok(())
            })
        };
        let ids = |store: &Store| -> Vec<String> {
            let mut statement = store.read().prepare("SELECT id FROM sessions ORDER BY id").unwrap();
            statement.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
        };
        let late: Result<()> = store.all_or_nothing(|store| {
            insert(store, "a")?;
            insert(store, "b")?;
            Err(Error::invalid("title", "late"))
        });
        assert!(late.is_err());
        assert!(ids(&store).is_empty(), "nothing of a failed whole");
        store.all_or_nothing(|store| insert(store, "c")).unwrap();
        let inner = store
            .batch(|store| {
                insert(store, "d").unwrap();
                store.all_or_nothing(|store| {
                    insert(store, "e")?;
                    Err::<(), _>(Error::invalid("title", "late"))
                })
            })
            .unwrap();
        assert!(inner.is_err());
        assert_eq!(ids(&store), ["c", "d"]);
    }
}
