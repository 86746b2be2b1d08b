//! SQL for the `sessions` table.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{from_json_list, to_json_list, uuid_column};
use crate::Result;
use crate::sessions::{Reversibility, Session, SessionEdit, SessionStatus, SessionSummary, Weighting};

const COLUMNS: &str =
    "id, title, context, facilitator, held_on, tags, status, archived_at, created_at, updated_at, review_by,
    revisit_of, weighting, use_cases, use_case_notes, reversibility";

pub(crate) fn insert(conn: &Connection, session: &Session) -> Result<()> {
    conn.execute(
        "INSERT INTO sessions (id, title, context, facilitator, held_on, tags, status, created_at, updated_at,
                               review_by, revisit_of, weighting, use_cases, use_case_notes, reversibility)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
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
            session.weighting.as_str(),
            to_json_list(&session.use_cases),
            session.use_case_notes,
            session.reversibility.map(Reversibility::as_str),
        ],
    )?;
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: Uuid) -> Result<Option<Session>> {
    let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1");
    Ok(conn.query_row(&sql, [id.to_string()], from_row).optional()?)
}

pub(crate) fn exists(conn: &Connection, id: Uuid) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sessions WHERE id = ?1")?
        .query_row([id.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<SessionSummary>> {
    summaries(conn, "1 = 1", &[])
}

/// The summaries of the given sessions (in no particular order).
pub(crate) fn list_by_ids(conn: &Connection, ids: &[Uuid]) -> Result<Vec<SessionSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("?{i}")).collect();
    let texts: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    summaries(conn, &format!("id IN ({})", marks.join(", ")), &texts)
}

/// Sessions whose record is accepted (the "has an accepted decision" filter).
pub(crate) fn with_accepted_decision(conn: &Connection) -> Result<std::collections::HashSet<Uuid>> {
    let mut statement = conn.prepare_cached("SELECT session_id FROM decisions WHERE status = 'accepted'")?;
    let ids = statement.query_map([], |row| uuid_column(row, 0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn summaries(conn: &Connection, condition: &str, params: &[String]) -> Result<Vec<SessionSummary>> {
    let sql = format!(
        "SELECT id, title, status, archived_at, facilitator, tags, held_on, updated_at,
                coalesce((SELECT summary FROM decisions d WHERE d.session_id = sessions.id), ''),
                revisit_of IS NOT NULL
         FROM sessions WHERE {condition} ORDER BY updated_at DESC, id DESC"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(params), |row| {
        Ok(SessionSummary {
            id: uuid_column(row, 0)?,
            title: row.get(1)?,
            status: status(row, 2, 3)?,
            facilitator: row.get(4)?,
            tags: from_json_list(&row.get::<_, String>(5)?)?,
            held_on: row.get(6)?,
            updated_at: row.get(7)?,
            summary: row.get(8)?,
            revisit: row.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest session started as a revisit of `id`, if any.
pub(crate) fn revisit_of(conn: &Connection, id: Uuid) -> Result<Option<Uuid>> {
    Ok(conn
        .query_row(
            "SELECT id FROM sessions WHERE revisit_of = ?1 ORDER BY created_at DESC LIMIT 1",
            [id.to_string()],
            |row| uuid_column(row, 0),
        )
        .optional()?)
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
        SessionEdit::Weighting(value) => conn.execute(
            "UPDATE sessions SET weighting = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, value.as_str(), now],
        )?,
        SessionEdit::UseCases(value) => conn.execute(
            "UPDATE sessions SET use_cases = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, to_json_list(value), now],
        )?,
        SessionEdit::UseCaseNotes(value) => conn.execute(
            "UPDATE sessions SET use_case_notes = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, value, now],
        )?,
        SessionEdit::Reversibility(value) => conn.execute(
            "UPDATE sessions SET reversibility = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, value.map(Reversibility::as_str), now],
        )?,
    };
    Ok(changed == 1)
}

/// Refuses when the session is decided or superseded: such a session is read-only (a change
/// of mind is a revisit).
pub(crate) fn require_open(conn: &Connection, id: Uuid) -> Result<()> {
    let status: Option<String> = conn
        .prepare_cached("SELECT status FROM sessions WHERE id = ?1")?
        .query_row([id.to_string()], |row| row.get(0))
        .optional()?;
    if matches!(status.as_deref(), Some("decided" | "superseded")) {
        return Err(crate::Error::refused(
            crate::ErrorCode::SessionDecided,
            "This session's decision is recorded, so the session is read-only: start a revisit to change it",
        ));
    }
    Ok(())
}

/// `touch` for an edit that a decided session refuses.
pub(crate) fn touch_open(conn: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    require_open(conn, id)?;
    touch(conn, id, now)
}

/// Marks a session as changed now (an edit of something inside it).
pub(crate) fn touch(conn: &Connection, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE sessions SET updated_at = ?2 WHERE id = ?1")?
        .execute(params![id.to_string(), now])?;
    Ok(changed == 1)
}

/// Moves a draft session to `scoring` (its first score); other statuses stay.
pub(crate) fn mark_scoring(conn: &Connection, id: Uuid) -> Result<()> {
    conn.prepare_cached("UPDATE sessions SET status = 'scoring' WHERE id = ?1 AND status = 'draft'")?
        .execute([id.to_string()])?;
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
        weighting: if row.get::<_, String>(12)? == "ahp" { Weighting::Ahp } else { Weighting::Direct },
        use_cases: from_json_list(&row.get::<_, String>(13)?)?,
        use_case_notes: row.get(14)?,
        reversibility: row.get::<_, Option<String>>(15)?.as_deref().and_then(Reversibility::parse),
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
