//! SQL for `events` (the hash-chained history) and `pending_changes` (rows captured by the
//! triggers of migration 0004 while a transaction runs), and the generic replay of captured
//! rows that undo and redo use.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::{Error, Result};

/// What a trigger saw happen to a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum RowOp {
    Insert,
    Update,
    Delete,
}

impl RowOp {
    /// The word the triggers of migration 0004 write into `pending_changes.op`.
    fn from_trigger(text: &str) -> Option<Self> {
        match text {
            "insert" => Some(Self::Insert),
            "update" => Some(Self::Update),
            "delete" => Some(Self::Delete),
            _ => None,
        }
    }
}

/// One row a change inserted, updated or deleted, as the triggers captured it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowChange {
    pub table: String,
    pub op: RowOp,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// A captured row with the session it belongs to.
pub(crate) struct PendingRow {
    pub session_id: Option<Uuid>,
    pub change: RowChange,
}

/// Takes (and clears) what the triggers captured in this transaction.
pub(crate) fn drain_pending(conn: &Connection) -> Result<Vec<PendingRow>> {
    let mut statement =
        conn.prepare_cached("SELECT session_id, tbl, op, old, new FROM pending_changes ORDER BY seq")?;
    let rows = statement
        .query_map([], |row| {
            let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str::<Value>(&t).ok());
            Ok(PendingRow {
                session_id: row.get::<_, Option<String>>(0)?.and_then(|t| Uuid::parse_str(&t).ok()),
                change: RowChange {
                    table: row.get(1)?,
                    op: {
                        let text: String = row.get(2)?;
                        RowOp::from_trigger(&text).ok_or_else(|| {
                            rusqlite::Error::FromSqlConversionFailure(
                                2,
                                rusqlite::types::Type::Text,
                                format!("unknown row operation “{text}”").into(),
                            )
                        })?
                    },
                    old: parse(row.get(3)?),
                    new: parse(row.get(4)?),
                },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if !rows.is_empty() {
        conn.prepare_cached("DELETE FROM pending_changes")?.execute([])?;
    }
    Ok(rows)
}

/// A stored event, as read back.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EventRow {
    pub seq: i64,
    pub session_id: Uuid,
    pub at: String,
    pub kind: String,
    pub summary: String,
    pub stakeholder_id: Option<Uuid>,
    pub changes: String,
    pub undoable: bool,
    pub undo_of: Option<i64>,
    pub redo_of: Option<i64>,
    pub prev_hash: String,
    pub hash: String,
}

pub(crate) fn last_hash(conn: &Connection, session_id: Uuid) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT hash FROM events WHERE session_id = ?1 ORDER BY seq DESC LIMIT 1")?
        .query_row([session_id.to_string()], |row| row.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Appends an event; `seq` is given by SQLite and returned.
pub(crate) fn append(conn: &Connection, event: &EventRow) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO events (session_id, at, kind, summary, stakeholder_id, changes, undoable, undo_of, redo_of,
                             prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        event.session_id.to_string(),
        event.at,
        event.kind,
        event.summary,
        event.stakeholder_id.map(|id| id.to_string()),
        event.changes,
        event.undoable,
        event.undo_of,
        event.redo_of,
        event.prev_hash,
        event.hash,
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The next `seq` SQLite will give (the hash covers it, so it is known before inserting).
pub(crate) fn next_seq(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0) + 1",
        [],
        |row| row.get(0),
    )?)
}

/// The columns `event_row` reads, with the rows (`changes`) or without.
fn event_columns(with_changes: bool) -> String {
    let changes = if with_changes { "changes" } else { "''" };
    format!(
        "seq, session_id, at, kind, summary, stakeholder_id, {changes}, undoable, undo_of, redo_of, prev_hash, hash"
    )
}

fn event_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        seq: row.get(0)?,
        session_id: super::uuid_column(row, 1)?,
        at: row.get(2)?,
        kind: row.get(3)?,
        summary: row.get(4)?,
        stakeholder_id: row.get::<_, Option<String>>(5)?.and_then(|t| Uuid::parse_str(&t).ok()),
        changes: row.get(6)?,
        undoable: row.get(7)?,
        undo_of: row.get(8)?,
        redo_of: row.get(9)?,
        prev_hash: row.get(10)?,
        hash: row.get(11)?,
    })
}

/// A session's events in order; with `with_changes` false the (large) row changes are left
/// out.
pub(crate) fn events(conn: &Connection, session_id: Uuid, with_changes: bool) -> Result<Vec<EventRow>> {
    let sql = format!("SELECT {} FROM events WHERE session_id = ?1 ORDER BY seq", event_columns(with_changes));
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map([session_id.to_string()], event_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn event(conn: &Connection, seq: i64) -> Result<Option<EventRow>> {
    let sql = format!("SELECT {} FROM events WHERE seq = ?1", event_columns(true));
    Ok(conn.prepare_cached(&sql)?.query_row([seq], event_row).optional()?)
}

/// A session's latest event, with its rows (the one a typing burst may continue).
pub(crate) fn last_event(conn: &Connection, session_id: Uuid) -> Result<Option<EventRow>> {
    let sql = format!("SELECT {} FROM events WHERE session_id = ?1 ORDER BY seq DESC LIMIT 1", event_columns(true));
    Ok(conn.prepare_cached(&sql)?.query_row([session_id.to_string()], event_row).optional()?)
}

/// Rewrites the session's latest event after a typing burst continued it: its time, words,
/// rows and hash (its place in the chain, `seq` and `prev_hash`, stay).
pub(crate) fn rewrite_last(conn: &Connection, event: &EventRow) -> Result<()> {
    conn.prepare_cached("UPDATE events SET at = ?2, summary = ?3, changes = ?4, hash = ?5 WHERE seq = ?1")?
        .execute(params![event.seq, event.at, event.summary, event.changes, event.hash])?;
    Ok(())
}

/// Which row a change is about: its table and primary key values (None for a table the
/// history does not know).
pub(crate) fn row_key(change: &RowChange) -> Option<String> {
    let row = change.new.as_ref().or(change.old.as_ref())?;
    let key = primary_key(&change.table).ok()?;
    let values: Vec<String> = key.iter().map(|k| row.get(*k).map(Value::to_string).unwrap_or_default()).collect();
    Some(format!("{}:{}", change.table, values.join(",")))
}

/// The primary key columns of every table the history tracks.
fn primary_key(table: &str) -> Result<&'static [&'static str]> {
    Ok(match table {
        "sessions" | "stakeholders" | "drivers" | "options" | "rounds" | "decisions" => &["id"],
        "importances" => &["stakeholder_id", "driver_id"],
        "comparisons" => &["stakeholder_id", "driver_a", "driver_b"],
        "scores" => &["stakeholder_id", "driver_id", "option_id"],
        "round_seals" => &["round_id", "stakeholder_id"],
        other => return Err(Error::Damaged(format!("the history names an unknown table {other}"))),
    })
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
}

fn sql_value(value: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match value {
        Value::Null => Sql::Null,
        Value::Bool(b) => Sql::Integer(i64::from(*b)),
        Value::Number(n) => n.as_i64().map_or_else(|| Sql::Real(n.as_f64().unwrap_or(0.0)), Sql::Integer),
        Value::String(s) => Sql::Text(s.clone()),
        other => Sql::Text(other.to_string()),
    }
}

fn columns(row: &Value) -> Result<BTreeMap<String, rusqlite::types::Value>> {
    let object = row.as_object().ok_or_else(|| Error::Damaged("a history row is not an object".into()))?;
    let mut out = BTreeMap::new();
    for (name, value) in object {
        if !is_identifier(name) {
            return Err(Error::Damaged(format!("the history names a strange column {name}")));
        }
        out.insert(name.clone(), sql_value(value));
    }
    Ok(out)
}

/// A row captured under an older schema, in today's terms: a stakeholder's `decision_maker`
/// (before RACI's four parts, migration 0010) is `accountable`.
fn today(
    table: &str,
    mut values: BTreeMap<String, rusqlite::types::Value>,
) -> BTreeMap<String, rusqlite::types::Value> {
    use rusqlite::types::Value as Sql;
    if table == "stakeholders"
        && let Some(raci) = values.get_mut("raci")
        && *raci == Sql::Text("decision_maker".into())
    {
        *raci = Sql::Text("accountable".into());
    }
    values
}

fn insert_row(conn: &Connection, table: &str, row: &Value) -> Result<()> {
    primary_key(table)?;
    let values = today(table, columns(row)?);
    let names: Vec<&str> = values.keys().map(String::as_str).collect();
    let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
    let sql = format!("INSERT INTO {table} ({}) VALUES ({})", names.join(", "), marks.join(", "));
    conn.execute(&sql, rusqlite::params_from_iter(values.values()))?;
    Ok(())
}

fn delete_row(conn: &Connection, table: &str, row: &Value) -> Result<()> {
    let key = primary_key(table)?;
    let values = columns(row)?;
    let condition: Vec<String> = key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", i + 1)).collect();
    let sql = format!("DELETE FROM {table} WHERE {}", condition.join(" AND "));
    let params: Vec<&rusqlite::types::Value> = key.iter().filter_map(|k| values.get(*k)).collect();
    conn.execute(&sql, rusqlite::params_from_iter(params))?;
    Ok(())
}

fn update_row(conn: &Connection, table: &str, row: &Value) -> Result<()> {
    let key = primary_key(table)?;
    let values = today(table, columns(row)?);
    let names: Vec<&String> = values.keys().collect();
    let sets: Vec<String> = names.iter().enumerate().map(|(i, n)| format!("{n} = ?{}", i + 1)).collect();
    let offset = names.len();
    let condition: Vec<String> = key.iter().enumerate().map(|(i, k)| format!("{k} = ?{}", offset + i + 1)).collect();
    let sql = format!("UPDATE {table} SET {} WHERE {}", sets.join(", "), condition.join(" AND "));
    let mut params: Vec<&rusqlite::types::Value> = values.values().collect();
    params.extend(key.iter().filter_map(|k| values.get(*k)));
    conn.execute(&sql, rusqlite::params_from_iter(params))?;
    Ok(())
}

/// Puts the rows back as they were before `changes` (undo), or as they were after (redo).
/// Foreign keys are checked at commit, so rows can come back in any order.
pub(crate) fn replay(conn: &Connection, changes: &[RowChange], forward: bool) -> Result<()> {
    conn.pragma_update(None, "defer_foreign_keys", true)?;
    let missing = || Error::Damaged("a history row lacks its values".into());
    if forward {
        for change in changes {
            match change.op {
                RowOp::Insert => insert_row(conn, &change.table, change.new.as_ref().ok_or_else(missing)?)?,
                RowOp::Delete => delete_row(conn, &change.table, change.old.as_ref().ok_or_else(missing)?)?,
                RowOp::Update => update_row(conn, &change.table, change.new.as_ref().ok_or_else(missing)?)?,
            }
        }
    } else {
        for change in changes.iter().rev() {
            match change.op {
                RowOp::Insert => delete_row(conn, &change.table, change.new.as_ref().ok_or_else(missing)?)?,
                RowOp::Delete => insert_row(conn, &change.table, change.old.as_ref().ok_or_else(missing)?)?,
                RowOp::Update => update_row(conn, &change.table, change.old.as_ref().ok_or_else(missing)?)?,
            }
        }
    }
    Ok(())
}

/// Names for ids, to describe row changes in words.
pub(crate) fn name_of(conn: &Connection, table: &str, id: &str) -> Result<Option<String>> {
    let column = match table {
        "stakeholders" | "options" => "name",
        "drivers" | "sessions" | "decisions" => "title",
        _ => return Ok(None),
    };
    let sql = format!("SELECT {column} FROM {table} WHERE id = ?1");
    Ok(conn.query_row(&sql, [id], |row| row.get(0)).optional()?)
}

/// A record as a person names it: "ADR-0002 “Title”" (or just the title before it has a
/// number), for its id.
pub(crate) fn record_label(conn: &Connection, id: &str) -> Result<Option<String>> {
    let found: Option<(Option<u32>, String)> = conn
        .query_row("SELECT number, title FROM decisions WHERE id = ?1", [id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    Ok(found.map(|(number, title)| match number {
        Some(_) => format!("{} “{title}”", crate::decisions::number_label(number)),
        None => format!("“{title}”"),
    }))
}

/// Whether a blind round hides the session's scores right now.
pub(crate) fn blind_round_open(conn: &Connection, session_id: Uuid) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM rounds WHERE session_id = ?1 AND blind = 1 AND revealed_at IS NULL",
            [session_id.to_string()],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
