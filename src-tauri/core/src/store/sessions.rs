//! SQL for the `sessions` table.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{from_json_list, to_json_list, uuid_column};
use crate::Result;
use crate::sessions::{Session, SessionEdit, SessionStatus, SessionSummary};

const COLUMNS: &str = "id, title, context, facilitator, held_on, tags, status, archived_at, created_at, updated_at, review_by, revisit_of";

pub(crate) fn insert(conn: &Connection, session: &Session) -> Result<()> {
    conn.execute(
        "INSERT INTO sessions (id, title, context, facilitator, held_on, tags, status, created_at, updated_at,
                               review_by, revisit_of)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            session.id.to_string(),
            session.title,
            session.context,
            session.facilitator,
            session.held_on,
            to_json_list(&session.tags),
            session.status.as_str(),
            session.created_at,
            session.updated_at,
            session.review_by,
            session.revisit_of.map(|id| id.to_string()),
        ],
    )?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Option<Session>> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1");
    Ok(conn.query_row(&sql, [id.to_string()], from_row).optional()?)
}

pub(crate) fn exists(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM sessions WHERE id = ?1", [id.to_string()], |_| Ok(())).optional()?.is_some())
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<SessionSummary>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, title, status, archived_at, facilitator, tags, updated_at
         FROM sessions ORDER BY updated_at DESC, id DESC",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(SessionSummary {
            id: uuid_column(row, 0)?,
            title: row.get(1)?,
            status: status(row, 2, 3)?,
            facilitator: row.get(4)?,
            tags: from_json_list(&row.get::<_, String>(5)?)?,
            updated_at: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Applies one framing edit; false when the session does not exist.
pub(crate) fn apply_edit(conn: &Connection, id: Uuid, edit: &SessionEdit, now: DateTime<Utc>) -> Result<bool> {
    let id = id.to_string();
    let changed = match edit {
        SessionEdit::Title(value) => {
            conn.execute("UPDATE sessions SET title = ?2, updated_at = ?3 WHERE id = ?1", params![id, value, now])?
        }
        SessionEdit::Context(value) => {
            conn.execute("UPDATE sessions SET context = ?2, updated_at = ?3 WHERE id = ?1", params![id, value, now])?
        }
        SessionEdit::Facilitator(value) => conn
            .execute("UPDATE sessions SET facilitator = ?2, updated_at = ?3 WHERE id = ?1", params![id, value, now])?,
        SessionEdit::HeldOn(value) => {
            conn.execute("UPDATE sessions SET held_on = ?2, updated_at = ?3 WHERE id = ?1", params![id, value, now])?
        }
        SessionEdit::Tags(value) => conn.execute(
            "UPDATE sessions SET tags = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, to_json_list(value), now],
        )?,
    };
    Ok(changed == 1)
}

/// Marks a session as changed now (an edit of something inside it).
pub(crate) fn touch(conn: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let changed = conn.execute("UPDATE sessions SET updated_at = ?2 WHERE id = ?1", params![id.to_string(), now])?;
    Ok(changed == 1)
}

/// Moves a draft session to `scoring` (its first score); other statuses stay.
pub(crate) fn mark_scoring(conn: &Connection, id: Uuid) -> Result<()> {
    conn.execute("UPDATE sessions SET status = 'scoring' WHERE id = ?1 AND status = 'draft'", [id.to_string()])?;
    Ok(())
}

/// Sets the workflow status (`draft`, `scoring`, `decided`, `superseded`).
pub(crate) fn set_status(conn: &Connection, id: Uuid, status: &str, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE sessions SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.to_string(), status, now],
    )?;
    Ok(())
}

pub(crate) fn set_archived(
    conn: &Connection,
    id: Uuid,
    archived_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE sessions SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.to_string(), archived_at, now],
    )?;
    Ok(changed == 1)
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn.execute("DELETE FROM sessions WHERE id = ?1", [id.to_string()])? == 1)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Session> {
    Ok(Session {
        id: uuid_column(row, 0)?,
        title: row.get(1)?,
        context: row.get(2)?,
        facilitator: row.get(3)?,
        held_on: row.get(4)?,
        tags: from_json_list(&row.get::<_, String>(5)?)?,
        status: status(row, 6, 7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        review_by: row.get(10)?,
        revisit_of: row.get::<_, Option<String>>(11)?.and_then(|text| Uuid::parse_str(&text).ok()),
    })
}

/// The shown status: archived when archived, else the stored workflow status.
fn status(row: &Row<'_>, status_index: usize, archived_index: usize) -> rusqlite::Result<SessionStatus> {
    if row.get::<_, Option<String>>(archived_index)?.is_some() {
        return Ok(SessionStatus::Archived);
    }
    let text: String = row.get(status_index)?;
    Ok(match text.as_str() {
        "scoring" => SessionStatus::Scoring,
        "decided" => SessionStatus::Decided,
        "superseded" => SessionStatus::Superseded,
        _ => SessionStatus::Draft,
    })
}
