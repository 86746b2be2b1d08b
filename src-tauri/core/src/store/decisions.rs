//! SQL for `decisions` (the records) and `adr_numbers` (the never-reused sequence).

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use super::{from_json_list, to_json_list, uuid_column};
use crate::Result;
use crate::decisions::{Decision, DecisionEdit, DecisionLink, DecisionStatus, Snapshot};

const COLUMNS: &str = "id, session_id, number, option_id, chosen_option, title, status, rationale, good, bad,
    confirmation, decision_makers, consulted, informed, decided_on, review_by, supersedes, superseded_by,
    snapshot, created_at, updated_at, triggers, summary";

pub(crate) fn by_session(conn: &Connection, session_id: Uuid) -> Result<Option<Decision>> {
    let sql = format!("SELECT {COLUMNS} FROM decisions WHERE session_id = ?1");
    let found = conn.query_row(&sql, [session_id.to_string()], from_row).optional()?;
    found.map(|(decision, links)| resolve(conn, decision, links)).transpose()
}

pub(crate) fn by_id(conn: &Connection, id: Uuid) -> Result<Option<Decision>> {
    let sql = format!("SELECT {COLUMNS} FROM decisions WHERE id = ?1");
    let found = conn.query_row(&sql, [id.to_string()], from_row).optional()?;
    found.map(|(decision, links)| resolve(conn, decision, links)).transpose()
}

/// Every numbered record, by number (the decision log).
pub(crate) fn numbered(conn: &Connection) -> Result<Vec<Decision>> {
    let sql = format!("SELECT {COLUMNS} FROM decisions WHERE number IS NOT NULL ORDER BY number");
    let mut statement = conn.prepare(&sql)?;
    let rows: Vec<(Decision, Links)> = statement.query_map([], from_row)?.collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|(decision, links)| resolve(conn, decision, links)).collect()
}

/// The numbered records in force (accepted or deprecated), by number: what a new record can
/// supersede. Reads only the link's columns (no snapshot).
pub(crate) fn in_force(conn: &Connection) -> Result<Vec<DecisionLink>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, session_id, number, title FROM decisions
         WHERE number IS NOT NULL AND status IN ('accepted', 'deprecated') ORDER BY number",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(DecisionLink {
            decision_id: uuid_column(row, 0)?,
            session_id: uuid_column(row, 1)?,
            number: row.get(2)?,
            title: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Inserts a record or rewrites a proposed one (everything but number and snapshot).
pub(crate) fn save(conn: &Connection, d: &Decision) -> Result<()> {
    conn.execute(
        "INSERT INTO decisions (id, session_id, number, option_id, chosen_option, title, status, rationale, good, bad,
                                confirmation, decision_makers, consulted, informed, decided_on, review_by, supersedes,
                                superseded_by, snapshot, created_at, updated_at, triggers, summary)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
         ON CONFLICT (id) DO UPDATE SET option_id = excluded.option_id, chosen_option = excluded.chosen_option,
             title = excluded.title, rationale = excluded.rationale, good = excluded.good, bad = excluded.bad,
             confirmation = excluded.confirmation, decision_makers = excluded.decision_makers,
             consulted = excluded.consulted, informed = excluded.informed, review_by = excluded.review_by,
             triggers = excluded.triggers, summary = excluded.summary, updated_at = excluded.updated_at",
        params![
            d.id.to_string(),
            d.session_id.to_string(),
            d.number,
            d.option_id.map(|id| id.to_string()),
            d.chosen_option,
            d.title,
            d.status.as_str(),
            d.rationale,
            to_json_list(&d.good),
            to_json_list(&d.bad),
            d.confirmation,
            to_json_list(&d.decision_makers),
            to_json_list(&d.consulted),
            to_json_list(&d.informed),
            d.decided_on,
            d.review_by,
            d.supersedes.as_ref().map(|l| l.decision_id.to_string()),
            d.superseded_by.as_ref().map(|l| l.decision_id.to_string()),
            d.snapshot.as_ref().map(|s| serde_json::to_string(s).unwrap_or_default()),
            d.created_at,
            d.updated_at,
            to_json_list(&d.triggers),
            d.summary,
        ],
    )?;
    Ok(())
}

pub(crate) fn apply_edit(conn: &Connection, id: Uuid, edit: &DecisionEdit, now: DateTime<Utc>) -> Result<()> {
    let (column, value): (&str, rusqlite::types::Value) = match edit {
        DecisionEdit::Title(v) => ("title", v.clone().into()),
        DecisionEdit::Rationale(v) => ("rationale", v.clone().into()),
        DecisionEdit::Confirmation(v) => ("confirmation", v.clone().into()),
        DecisionEdit::Good(v) => ("good", to_json_list(v).into()),
        DecisionEdit::Bad(v) => ("bad", to_json_list(v).into()),
        DecisionEdit::DecisionMakers(v) => ("decision_makers", to_json_list(v).into()),
        DecisionEdit::Consulted(v) => ("consulted", to_json_list(v).into()),
        DecisionEdit::Informed(v) => ("informed", to_json_list(v).into()),
        DecisionEdit::ReviewBy(v) => ("review_by", v.map(|d| d.to_string()).into()),
        DecisionEdit::Triggers(v) => ("triggers", to_json_list(v).into()),
        DecisionEdit::Summary(v) => ("summary", v.clone().into()),
    };
    // `column` comes from the match above, never from input.
    let sql = format!("UPDATE decisions SET {column} = ?2, updated_at = ?3 WHERE id = ?1");
    conn.execute(&sql, params![id.to_string(), value, now])?;
    Ok(())
}

/// Takes the next ADR number (the highest ever given plus one).
pub(crate) fn next_number(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("UPDATE adr_numbers SET last = last + 1 WHERE id = 1 RETURNING last", [], |row| row.get(0))?)
}

/// Records that `number` is taken (an imported record), so later numbers come after it.
pub(crate) fn reserve_number(conn: &Connection, number: u32) -> Result<()> {
    conn.execute("UPDATE adr_numbers SET last = max(last, ?1) WHERE id = 1", [number])?;
    Ok(())
}

/// Gives a record another number (a clash after a merge); the sequence moves past it.
pub(crate) fn renumber(conn: &Connection, id: Uuid, number: u32, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE decisions SET number = ?1, updated_at = ?2 WHERE id = ?3",
        params![number, now, id.to_string()],
    )?;
    reserve_number(conn, number)
}

pub(crate) fn number_taken(conn: &Connection, number: u32) -> Result<bool> {
    Ok(conn.query_row("SELECT 1 FROM decisions WHERE number = ?1", [number], |_| Ok(())).optional()?.is_some())
}

pub(crate) fn freeze(
    conn: &Connection,
    id: Uuid,
    number: u32,
    snapshot: &Snapshot,
    decided_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "UPDATE decisions SET number = ?2, snapshot = ?3, decided_on = ?4, updated_at = ?5 WHERE id = ?1",
        params![id.to_string(), number, serde_json::to_string(snapshot).unwrap_or_default(), decided_on, now],
    )?;
    Ok(())
}

pub(crate) fn set_status(conn: &Connection, id: Uuid, status: DecisionStatus, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE decisions SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.to_string(), status.as_str(), now],
    )?;
    Ok(())
}

/// The record that has ADR number `number`, if any.
pub(crate) fn id_of_number(conn: &Connection, number: u32) -> Result<Option<Uuid>> {
    Ok(conn.query_row("SELECT id FROM decisions WHERE number = ?1", [number], |row| uuid_column(row, 0)).optional()?)
}

/// `newer` supersedes `older`: linked both ways, and the older record and its session become
/// superseded. The one way every path (a revisit's acceptance, `supersede_record`, an import)
/// supersedes a record.
pub(crate) fn supersede(
    conn: &Connection,
    older: Uuid,
    older_session: Uuid,
    newer: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    link_supersede(conn, older, newer, now)?;
    set_status(conn, older, DecisionStatus::Superseded, now)?;
    super::sessions::set_status(conn, older_session, "superseded", now)
}

/// Points a proposed record at the one it will supersede once accepted (one way: the older
/// record is untouched until then).
pub(crate) fn point_supersedes(conn: &Connection, id: Uuid, older: Uuid, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE decisions SET supersedes = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.to_string(), older.to_string(), now],
    )?;
    Ok(())
}

/// Links `newer` as superseding `older`, both ways.
pub(crate) fn link_supersede(conn: &Connection, older: Uuid, newer: Uuid, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE decisions SET superseded_by = ?2, updated_at = ?3 WHERE id = ?1",
        params![older.to_string(), newer.to_string(), now],
    )?;
    conn.execute(
        "UPDATE decisions SET supersedes = ?2, updated_at = ?3 WHERE id = ?1",
        params![newer.to_string(), older.to_string(), now],
    )?;
    Ok(())
}

/// Which way a supersede link points, seen from the record that holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// The record supersedes the other.
    Supersedes,
    /// The record is superseded by the other.
    SupersededBy,
}

impl Relation {
    fn as_str(self) -> &'static str {
        match self {
            Self::Supersedes => "supersedes",
            Self::SupersededBy => "superseded_by",
        }
    }
}

/// An imported record's supersede link to another record (by id, else by number), made by
/// `link_pending` once the other record is here — at once, or in a later import.
pub(crate) fn remember_link(
    conn: &Connection,
    decision: Uuid,
    relation: Relation,
    other_id: Option<Uuid>,
    other_number: Option<u32>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO pending_links (decision_id, relation, other_id, other_number) VALUES (?1, ?2, ?3, ?4)",
        params![decision.to_string(), relation.as_str(), other_id.map(|id| id.to_string()), other_number],
    )?;
    Ok(())
}

/// Makes every remembered link whose other record is here now, both ways, and forgets it.
/// When the newer record is (or was) in force, the older one becomes superseded, with its
/// session, as when the window accepts a superseding record.
pub(crate) fn link_pending(conn: &Connection, now: DateTime<Utc>) -> Result<()> {
    /// rowid, decision, relation, the other's id, the other's number.
    type Pending = (i64, Uuid, String, Option<String>, Option<u32>);
    let pending: Vec<Pending> = conn
        .prepare("SELECT rowid, decision_id, relation, other_id, other_number FROM pending_links")?
        .query_map([], |row| Ok((row.get(0)?, uuid_column(row, 1)?, row.get(2)?, row.get(3)?, row.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (rowid, decision, relation, other_id, other_number) in pending {
        let found = match other_id.as_deref().and_then(|id| Uuid::parse_str(id).ok()) {
            Some(id) => by_id(conn, id)?.map(|d| d.id),
            None => None,
        };
        let other = match (found, other_number) {
            (Some(id), _) => Some(id),
            (None, Some(number)) => id_of_number(conn, number)?,
            (None, None) => None,
        };
        let Some(other) = other.filter(|other| *other != decision) else { continue };
        let (older, newer) =
            if relation == Relation::Supersedes.as_str() { (other, decision) } else { (decision, other) };
        match (by_id(conn, older)?, by_id(conn, newer)?) {
            (Some(old), Some(new))
                if matches!(
                    new.status,
                    DecisionStatus::Accepted | DecisionStatus::Superseded | DecisionStatus::Deprecated
                ) && old.status != DecisionStatus::Superseded =>
            {
                supersede(conn, older, old.session_id, newer, now)?;
            }
            _ => link_supersede(conn, older, newer, now)?,
        }
        conn.execute("DELETE FROM pending_links WHERE rowid = ?1", [rowid])?;
    }
    Ok(())
}

/// The ids of the linked records, resolved into links after the row is read.
struct Links {
    supersedes: Option<Uuid>,
    superseded_by: Option<Uuid>,
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<(Decision, Links)> {
    let optional_uuid = |index: usize| -> rusqlite::Result<Option<Uuid>> {
        Ok(row.get::<_, Option<String>>(index)?.and_then(|text| Uuid::parse_str(&text).ok()))
    };
    let status: String = row.get(6)?;
    let snapshot: Option<String> = row.get(18)?;
    let decision = Decision {
        id: uuid_column(row, 0)?,
        session_id: uuid_column(row, 1)?,
        number: row.get(2)?,
        option_id: optional_uuid(3)?,
        chosen_option: row.get(4)?,
        title: row.get(5)?,
        status: DecisionStatus::parse(&status).unwrap_or(DecisionStatus::Proposed),
        rationale: row.get(7)?,
        good: from_json_list(&row.get::<_, String>(8)?)?,
        bad: from_json_list(&row.get::<_, String>(9)?)?,
        confirmation: row.get(10)?,
        decision_makers: from_json_list(&row.get::<_, String>(11)?)?,
        consulted: from_json_list(&row.get::<_, String>(12)?)?,
        informed: from_json_list(&row.get::<_, String>(13)?)?,
        decided_on: row.get(14)?,
        review_by: row.get(15)?,
        triggers: from_json_list(&row.get::<_, String>(21)?)?,
        summary: row.get(22)?,
        supersedes: None,
        superseded_by: None,
        snapshot: snapshot.and_then(|text| serde_json::from_str(&text).ok()),
        created_at: row.get(19)?,
        updated_at: row.get(20)?,
    };
    Ok((decision, Links { supersedes: optional_uuid(16)?, superseded_by: optional_uuid(17)? }))
}

fn resolve(conn: &Connection, mut decision: Decision, links: Links) -> Result<Decision> {
    let link = |id: Option<Uuid>| -> Result<Option<DecisionLink>> {
        let Some(id) = id else { return Ok(None) };
        Ok(conn
            .query_row("SELECT session_id, number, title FROM decisions WHERE id = ?1", [id.to_string()], |row| {
                Ok(DecisionLink {
                    decision_id: id,
                    session_id: uuid_column(row, 0)?,
                    number: row.get(1)?,
                    title: row.get(2)?,
                })
            })
            .optional()?)
    };
    decision.supersedes = link(links.supersedes)?;
    decision.superseded_by = link(links.superseded_by)?;
    Ok(decision)
}
