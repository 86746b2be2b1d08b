//! SQL for the `sessions` table.

use chrono::{DateTime, NaiveDate, Utc};
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
    Ok(summaries(conn, "1 = 1", &[])?.into_iter().map(|(_, summary)| summary).collect())
}

/// The summaries of the given sessions (in no particular order).
pub(crate) fn list_by_ids(conn: &Connection, ids: &[Uuid]) -> Result<Vec<SessionSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (1..=ids.len()).map(|i| format!("?{i}")).collect();
    let texts: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    Ok(summaries(conn, &format!("id IN ({})", marks.join(", ")), &texts)?
        .into_iter()
        .map(|(_, summary)| summary)
        .collect())
}

/// The summaries of the sessions at these rowids (in no particular order).
pub(crate) fn list_by_rowids(conn: &Connection, rowids: &[i64]) -> Result<Vec<(i64, SessionSummary)>> {
    if rowids.is_empty() {
        return Ok(Vec::new());
    }
    // Integers read from the table itself: safe to write into the statement.
    let list: Vec<String> = rowids.iter().map(i64::to_string).collect();
    summaries(conn, &format!("rowid IN ({})", list.join(", ")), &[])
}

/// Which sessions the list shows, as far as SQL can say exactly (a tag is matched by the
/// caller: its case folding goes beyond ASCII), and in which order.
pub(crate) struct Listing<'a> {
    /// Only these statuses (all when empty); archived is `archived_at` being set.
    pub statuses: &'a [SessionStatus],
    /// Leave archived sessions out, except the one with this id (when given).
    pub hide_archived: Option<Option<Uuid>>,
    /// The workshop's date, or the last change's, on or after / on or before.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub accepted_only: bool,
    /// Oldest change first; otherwise newest first (ties: id descending, both ways).
    pub oldest_first: bool,
}

/// One listed session: its rowid (to read the row by), whether its record is accepted, and
/// its title and tags when asked for.
pub(crate) struct Listed {
    pub rowid: i64,
    pub accepted: bool,
    pub title: String,
    /// As stored (a JSON list).
    pub tags: String,
}

const ACCEPTED: &str = "EXISTS (SELECT 1 FROM decisions d WHERE d.session_id = sessions.id AND d.status = 'accepted')";

impl Listing<'_> {
    /// The WHERE clause and its parameters.
    fn condition(&self) -> (String, Vec<String>) {
        let mut terms = vec!["1 = 1".to_owned()];
        let mut params = Vec::new();
        if !self.statuses.is_empty() {
            // The statuses' own names, not user text.
            let names: Vec<String> = self.statuses.iter().map(|s| format!("'{}'", s.as_str())).collect();
            terms.push(format!(
                "(CASE WHEN archived_at IS NOT NULL THEN 'archived' ELSE status END) IN ({})",
                names.join(", ")
            ));
        }
        if let Some(keep) = self.hide_archived {
            params.push(keep.map(|id| id.to_string()).unwrap_or_default());
            terms.push(format!("(archived_at IS NULL OR id = ?{})", params.len()));
        }
        for (date, op) in [(self.from, ">="), (self.to, "<=")] {
            if let Some(date) = date {
                params.push(date.format("%Y-%m-%d").to_string());
                terms.push(format!("coalesce(held_on, substr(updated_at, 1, 10)) {op} ?{}", params.len()));
            }
        }
        if self.accepted_only {
            terms.push(ACCEPTED.to_owned());
        }
        (terms.join(" AND "), params)
    }

    fn order(&self) -> &'static str {
        if self.oldest_first { "updated_at ASC, id DESC" } else { "updated_at DESC, id DESC" }
    }

    /// How many sessions are listed.
    pub(crate) fn count(&self, conn: &Connection) -> Result<u32> {
        let (condition, params) = self.condition();
        let sql = format!("SELECT count(*) FROM sessions WHERE {condition}");
        Ok(conn.prepare_cached(&sql)?.query_row(rusqlite::params_from_iter(&params), |row| row.get(0))?)
    }

    /// The listed sessions from place `first` on, at most `count`, without title and tags.
    pub(crate) fn page(&self, conn: &Connection, first: u32, count: u32) -> Result<Vec<Listed>> {
        self.read(conn, false, &format!("LIMIT {count} OFFSET {first}"))
    }

    /// Every listed session, with title and tags.
    pub(crate) fn all(&self, conn: &Connection) -> Result<Vec<Listed>> {
        self.read(conn, true, "")
    }

    fn read(&self, conn: &Connection, texts: bool, limit: &str) -> Result<Vec<Listed>> {
        let (condition, params) = self.condition();
        let texts_sql = if texts { "title, tags" } else { "'', ''" };
        let sql = format!(
            "SELECT rowid, {ACCEPTED}, {texts_sql} FROM sessions WHERE {condition} ORDER BY {} {limit}",
            self.order()
        );
        // Not cached: each page's LIMIT and OFFSET make a new statement.
        let mut statement = conn.prepare(&sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(&params), |row| {
            Ok(Listed { rowid: row.get(0)?, accepted: row.get(1)?, title: row.get(2)?, tags: row.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Sessions whose record is accepted (the "has an accepted decision" filter).
pub(crate) fn with_accepted_decision(conn: &Connection) -> Result<std::collections::HashSet<Uuid>> {
    let mut statement = conn.prepare_cached("SELECT session_id FROM decisions WHERE status = 'accepted'")?;
    let ids = statement.query_map([], |row| uuid_column(row, 0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// (rowid, summary) of the sessions meeting `condition`, newest change first.
fn summaries(conn: &Connection, condition: &str, params: &[String]) -> Result<Vec<(i64, SessionSummary)>> {
    let sql = format!(
        "SELECT id, title, status, archived_at, facilitator, tags, held_on, updated_at,
                coalesce((SELECT summary FROM decisions d WHERE d.session_id = sessions.id), ''),
                revisit_of IS NOT NULL, rowid
         FROM sessions WHERE {condition} ORDER BY updated_at DESC, id DESC"
    );
    // Not cached: a page's or a search's list of ids makes each statement new.
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map(rusqlite::params_from_iter(params), |row| {
        let summary = SessionSummary {
            id: uuid_column(row, 0)?,
            title: row.get(1)?,
            status: status(row, 2, 3)?,
            facilitator: row.get(4)?,
            tags: from_json_list(&row.get::<_, String>(5)?)?,
            held_on: row.get(6)?,
            updated_at: row.get(7)?,
            summary: row.get(8)?,
            revisit: row.get(9)?,
        };
        Ok((row.get(10)?, summary))
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
