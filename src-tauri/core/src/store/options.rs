//! SQL for the `options` table (candidate architectures of a session).

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{from_json_list, to_json_list, uuid_column};
use crate::Result;
use crate::options::{ArchitectureOption, OptionEdit};

pub(crate) fn list(conn: &Connection, session_id: Uuid) -> Result<Vec<ArchitectureOption>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, session_id, catalog_key, name, definition, pros, cons, use_cases, position
         FROM options WHERE session_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([session_id.to_string()], |row| {
        Ok(ArchitectureOption {
            id: uuid_column(row, 0)?,
            session_id: uuid_column(row, 1)?,
            catalog_key: row.get(2)?,
            name: row.get(3)?,
            definition: row.get(4)?,
            pros: from_json_list(&row.get::<_, String>(5)?)?,
            cons: from_json_list(&row.get::<_, String>(6)?)?,
            use_cases: from_json_list(&row.get::<_, String>(7)?)?,
            position: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, option: &ArchitectureOption) -> Result<()> {
    conn.execute(
        "INSERT INTO options (id, session_id, catalog_key, name, definition, pros, cons, use_cases, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            option.id.to_string(),
            option.session_id.to_string(),
            option.catalog_key,
            option.name,
            option.definition,
            to_json_list(&option.pros),
            to_json_list(&option.cons),
            to_json_list(&option.use_cases),
            option.position,
        ],
    )?;
    Ok(())
}

pub(crate) fn session_of(conn: &Connection, id: Uuid) -> Result<Option<Uuid>> {
    Ok(conn
        .prepare_cached("SELECT session_id FROM options WHERE id = ?1")?
        .query_row([id.to_string()], |row| uuid_column(row, 0))
        .optional()?)
}

/// Whether another option of the session has this name (case-insensitive).
pub(crate) fn name_taken(conn: &Connection, session_id: Uuid, name: &str, except: Option<Uuid>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM options WHERE session_id = ?1 AND name = ?2 COLLATE NOCASE AND id IS NOT ?3",
            params![session_id.to_string(), name, except.map(|id| id.to_string())],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(crate) fn apply_edit(conn: &Connection, id: Uuid, edit: &OptionEdit) -> Result<()> {
    let id = id.to_string();
    match edit {
        OptionEdit::Name(value) => conn.execute("UPDATE options SET name = ?2 WHERE id = ?1", params![id, value])?,
        OptionEdit::Definition(value) => {
            conn.execute("UPDATE options SET definition = ?2 WHERE id = ?1", params![id, value])?
        }
        OptionEdit::Pros(items) => {
            conn.execute("UPDATE options SET pros = ?2 WHERE id = ?1", params![id, to_json_list(items)])?
        }
        OptionEdit::Cons(items) => {
            conn.execute("UPDATE options SET cons = ?2 WHERE id = ?1", params![id, to_json_list(items)])?
        }
        OptionEdit::UseCases(items) => {
            conn.execute("UPDATE options SET use_cases = ?2 WHERE id = ?1", params![id, to_json_list(items)])?
        }
    };
    Ok(())
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.execute("DELETE FROM options WHERE id = ?1", [id.to_string()])?;
    Ok(())
}
