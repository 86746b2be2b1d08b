//! SQL for the `stakeholders` table.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::uuid_column;
use crate::Result;
use crate::stakeholders::{Raci, Stakeholder, StakeholderEdit};

pub(crate) fn list(conn: &Connection, session_id: Uuid) -> Result<Vec<Stakeholder>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, session_id, name, role, raci, influence, position
         FROM stakeholders WHERE session_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([session_id.to_string()], |row| {
        let raci: String = row.get(4)?;
        Ok(Stakeholder {
            id: uuid_column(row, 0)?,
            session_id: uuid_column(row, 1)?,
            name: row.get(2)?,
            role: row.get(3)?,
            raci: Raci::parse(&raci).unwrap_or(Raci::Consulted),
            influence: row.get(5)?,
            position: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, stakeholder: &Stakeholder) -> Result<()> {
    conn.execute(
        "INSERT INTO stakeholders (id, session_id, name, role, raci, influence, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            stakeholder.id.to_string(),
            stakeholder.session_id.to_string(),
            stakeholder.name,
            stakeholder.role,
            stakeholder.raci.as_str(),
            stakeholder.influence,
            stakeholder.position,
        ],
    )?;
    Ok(())
}

/// The session a stakeholder belongs to, or None when it does not exist.
pub(crate) fn session_of(conn: &Connection, id: Uuid) -> Result<Option<Uuid>> {
    Ok(conn
        .prepare_cached("SELECT session_id FROM stakeholders WHERE id = ?1")?
        .query_row([id.to_string()], |row| uuid_column(row, 0))
        .optional()?)
}

/// Whether another stakeholder of the session has this name (case-insensitive).
pub(crate) fn name_taken(conn: &Connection, session_id: Uuid, name: &str, except: Option<Uuid>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM stakeholders WHERE session_id = ?1 AND name = ?2 COLLATE NOCASE AND id IS NOT ?3",
            params![session_id.to_string(), name, except.map(|id| id.to_string())],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(crate) fn apply_edit(conn: &Connection, id: Uuid, edit: &StakeholderEdit) -> Result<()> {
    let id = id.to_string();
    match edit {
        StakeholderEdit::Name(value) => {
            conn.execute("UPDATE stakeholders SET name = ?2 WHERE id = ?1", params![id, value])?
        }
        StakeholderEdit::Role(value) => {
            conn.execute("UPDATE stakeholders SET role = ?2 WHERE id = ?1", params![id, value])?
        }
        StakeholderEdit::Raci(value) => {
            conn.execute("UPDATE stakeholders SET raci = ?2 WHERE id = ?1", params![id, value.as_str()])?
        }
        StakeholderEdit::Influence(value) => {
            conn.execute("UPDATE stakeholders SET influence = ?2 WHERE id = ?1", params![id, value])?
        }
    };
    Ok(())
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.execute("DELETE FROM stakeholders WHERE id = ?1", [id.to_string()])?;
    Ok(())
}
