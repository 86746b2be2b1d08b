//! SQL for the workshop's evidence: `importances`, `scores`, `rounds`, `round_seals`.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::uuid_column;
use crate::Result;
use crate::scoring::{BlindRound, Importance, Score, ScoreCell};

/// The session's importance ratings by stakeholder and driver id (sorted in Rust, as `scores`).
pub(crate) fn importances(conn: &Connection, session_id: Uuid) -> Result<Vec<Importance>> {
    let mut statement =
        conn.prepare_cached("SELECT stakeholder_id, driver_id, value FROM importances WHERE session_id = ?1")?;
    let rows = statement.query_map([session_id.to_string()], |row| {
        Ok(Importance { stakeholder_id: uuid_column(row, 0)?, driver_id: uuid_column(row, 1)?, value: row.get(2)? })
    })?;
    let mut importances: Vec<Importance> = rows.collect::<rusqlite::Result<_>>()?;
    importances.sort_unstable_by_key(|i| (i.stakeholder_id, i.driver_id));
    Ok(importances)
}

pub(crate) fn set_importance(
    conn: &Connection,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_id: Uuid,
    value: Option<u8>,
) -> Result<()> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO importances (session_id, stakeholder_id, driver_id, value) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (stakeholder_id, driver_id) DO UPDATE SET value = excluded.value",
            params![session_id.to_string(), stakeholder_id.to_string(), driver_id.to_string(), value],
        )?,
        None => conn.execute(
            "DELETE FROM importances WHERE stakeholder_id = ?1 AND driver_id = ?2",
            params![stakeholder_id.to_string(), driver_id.to_string()],
        )?,
    };
    Ok(())
}

/// The session's scores, or only one stakeholder's, ordered by stakeholder, driver and option
/// id. The order is put in Rust: SQLite would sort the text keys in a temporary B-tree, which
/// took longer than reading the rows (9 of 15 ms for 24,000 cells).
pub(crate) fn scores(conn: &Connection, session_id: Uuid, stakeholder_id: Option<Uuid>) -> Result<Vec<Score>> {
    let read = |row: &rusqlite::Row<'_>| {
        Ok(Score {
            stakeholder_id: uuid_column(row, 0)?,
            driver_id: uuid_column(row, 1)?,
            option_id: uuid_column(row, 2)?,
            value: row.get(3)?,
            rationale: row.get(4)?,
            suggested: row.get(5)?,
        })
    };
    let mut scores: Vec<Score> = match stakeholder_id {
        None => conn
            .prepare_cached(
                "SELECT stakeholder_id, driver_id, option_id, value, rationale, suggested FROM scores
                 WHERE session_id = ?1",
            )?
            .query_map([session_id.to_string()], read)?
            .collect::<rusqlite::Result<_>>()?,
        Some(stakeholder_id) => conn
            .prepare_cached(
                "SELECT stakeholder_id, driver_id, option_id, value, rationale, suggested FROM scores
                 WHERE stakeholder_id = ?2 AND session_id = ?1",
            )?
            .query_map([session_id.to_string(), stakeholder_id.to_string()], read)?
            .collect::<rusqlite::Result<_>>()?,
    };
    // A hyphenated lower-case uuid sorts as text the way its bytes do.
    scores.sort_unstable_by_key(|s| (s.stakeholder_id, s.driver_id, s.option_id));
    Ok(scores)
}

pub(crate) fn score(conn: &Connection, cell: &ScoreCell) -> Result<Option<Score>> {
    Ok(conn
        .query_row(
            "SELECT value, rationale, suggested FROM scores WHERE stakeholder_id = ?1 AND driver_id = ?2 AND option_id = ?3",
            params![cell.stakeholder_id.to_string(), cell.driver_id.to_string(), cell.option_id.to_string()],
            |row| {
                Ok(Score {
                    stakeholder_id: cell.stakeholder_id,
                    driver_id: cell.driver_id,
                    option_id: cell.option_id,
                    value: row.get(0)?,
                    rationale: row.get(1)?,
                    suggested: row.get(2)?,
                })
            },
        )
        .optional()?)
}

/// Writes a value (keeping the rationale of an existing score).
pub(crate) fn set_value(
    conn: &Connection,
    session_id: Uuid,
    cell: &ScoreCell,
    value: u8,
    suggested: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO scores (session_id, stakeholder_id, driver_id, option_id, value, suggested, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (stakeholder_id, driver_id, option_id)
         DO UPDATE SET value = excluded.value, suggested = excluded.suggested, updated_at = excluded.updated_at",
    )?
    .execute(params![
        session_id.to_string(),
        cell.stakeholder_id.to_string(),
        cell.driver_id.to_string(),
        cell.option_id.to_string(),
        value,
        suggested,
        now
    ])?;
    Ok(())
}

pub(crate) fn set_rationale(conn: &Connection, cell: &ScoreCell, rationale: &str, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "UPDATE scores SET rationale = ?4, updated_at = ?5 WHERE stakeholder_id = ?1 AND driver_id = ?2 AND option_id = ?3",
        params![cell.stakeholder_id.to_string(), cell.driver_id.to_string(), cell.option_id.to_string(), rationale, now],
    )?;
    Ok(())
}

/// Marks suggested scores as confirmed: one cell, or all of a stakeholder's when `cell` names
/// no driver/option (see the caller).
pub(crate) fn confirm(conn: &Connection, cell: &ScoreCell) -> Result<()> {
    conn.execute(
        "UPDATE scores SET suggested = 0 WHERE stakeholder_id = ?1 AND driver_id = ?2 AND option_id = ?3",
        params![cell.stakeholder_id.to_string(), cell.driver_id.to_string(), cell.option_id.to_string()],
    )?;
    Ok(())
}

pub(crate) fn confirm_all(conn: &Connection, stakeholder_id: Uuid) -> Result<()> {
    conn.execute("UPDATE scores SET suggested = 0 WHERE stakeholder_id = ?1", [stakeholder_id.to_string()])?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, cell: &ScoreCell) -> Result<()> {
    conn.execute(
        "DELETE FROM scores WHERE stakeholder_id = ?1 AND driver_id = ?2 AND option_id = ?3",
        params![cell.stakeholder_id.to_string(), cell.driver_id.to_string(), cell.option_id.to_string()],
    )?;
    Ok(())
}

/// The blind round that is running (started, not revealed), with who has sealed.
pub(crate) fn open_blind_round(conn: &Connection, session_id: Uuid) -> Result<Option<BlindRound>> {
    let round = conn
        .prepare_cached(
            "SELECT id, started_at FROM rounds WHERE session_id = ?1 AND blind = 1 AND revealed_at IS NULL
             ORDER BY started_at DESC LIMIT 1",
        )?
        .query_row([session_id.to_string()], |row| Ok((uuid_column(row, 0)?, row.get::<_, DateTime<Utc>>(1)?)))
        .optional()?;
    let Some((id, started_at)) = round else { return Ok(None) };
    let mut statement =
        conn.prepare_cached("SELECT stakeholder_id FROM round_seals WHERE round_id = ?1 ORDER BY sealed_at")?;
    let sealed = statement.query_map([id.to_string()], |row| uuid_column(row, 0))?.collect::<rusqlite::Result<_>>()?;
    Ok(Some(BlindRound { id, started_at, sealed }))
}

pub(crate) fn start_round(
    conn: &Connection,
    session_id: Uuid,
    id: Uuid,
    blind: bool,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO rounds (id, session_id, blind, started_at) VALUES (?1, ?2, ?3, ?4)",
        params![id.to_string(), session_id.to_string(), blind, now],
    )?;
    Ok(())
}

pub(crate) fn seal(conn: &Connection, round_id: Uuid, stakeholder_id: Uuid, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO round_seals (round_id, stakeholder_id, sealed_at) VALUES (?1, ?2, ?3)",
        params![round_id.to_string(), stakeholder_id.to_string(), now],
    )?;
    Ok(())
}

pub(crate) fn reveal(conn: &Connection, round_id: Uuid, now: DateTime<Utc>) -> Result<()> {
    conn.execute("UPDATE rounds SET revealed_at = ?2 WHERE id = ?1", params![round_id.to_string(), now])?;
    Ok(())
}

/// The session's pairwise comparisons (AHP).
pub(crate) fn comparisons(conn: &Connection, session_id: Uuid) -> Result<Vec<crate::ahp::Comparison>> {
    let mut statement = conn.prepare_cached(
        "SELECT stakeholder_id, driver_a, driver_b, value FROM comparisons WHERE session_id = ?1
         ORDER BY stakeholder_id, driver_a, driver_b",
    )?;
    let rows = statement.query_map([session_id.to_string()], |row| {
        Ok(crate::ahp::Comparison {
            stakeholder_id: uuid_column(row, 0)?,
            driver_a: uuid_column(row, 1)?,
            driver_b: uuid_column(row, 2)?,
            value: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Stores a comparison (or removes it, with None). `driver_a` must sort before `driver_b`.
pub(crate) fn set_comparison(
    conn: &Connection,
    session_id: Uuid,
    stakeholder_id: Uuid,
    driver_a: Uuid,
    driver_b: Uuid,
    value: Option<f64>,
) -> Result<()> {
    match value {
        Some(value) => conn.execute(
            "INSERT INTO comparisons (session_id, stakeholder_id, driver_a, driver_b, value) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (stakeholder_id, driver_a, driver_b) DO UPDATE SET value = excluded.value",
            params![session_id.to_string(), stakeholder_id.to_string(), driver_a.to_string(), driver_b.to_string(), value],
        )?,
        None => conn.execute(
            "DELETE FROM comparisons WHERE stakeholder_id = ?1 AND driver_a = ?2 AND driver_b = ?3",
            params![stakeholder_id.to_string(), driver_a.to_string(), driver_b.to_string()],
        )?,
    };
    Ok(())
}
