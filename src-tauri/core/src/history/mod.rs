//! The history of a session: every change is an event holding the exact rows it touched,
//! described in words (what, before → after, whose data) and hash-chained (each event's
//! SHA-256 covers the previous one), so tampering shows. Undo and redo replay the rows.
//! During a blind round the words never carry a score, and the raw rows are not handed out.
//! This module records events and reads the timeline; `chain` hashes and checks, `words`
//! describes rows, `undo` replays them.

mod burst;
mod chain;
mod undo;
mod words;

pub use burst::PAUSE as BURST_PAUSE;
pub use chain::verify_history;
pub use undo::{redo_change, undo_change};

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::store::history::{EventRow, RowChange};
use crate::{Result, Store, store};
use chain::{check, hash};
use undo::stacks;
use words::describe;

/// What a write is, for its event: set by the domain function that writes.
#[derive(Debug, Clone, Default)]
pub struct ChangeNote {
    /// The operation, e.g. `update_session` (the command name).
    pub kind: &'static str,
    /// The session the change is about (rows of other sessions become `linked` events).
    pub session_id: Option<Uuid>,
    /// Whose data changed, when it is one stakeholder's.
    pub stakeholder_id: Option<Uuid>,
    pub undoable: bool,
    pub undo_of: Option<i64>,
    pub redo_of: Option<i64>,
    /// Words to use instead of describing the rows.
    pub summary: Option<String>,
    /// Where the change came from when not the window or the CLI (set by `Store::via`).
    pub via: Option<&'static str>,
    /// The change leaves every searchable text as it was (a score's value, not its
    /// rationale): the session's search document is not rewritten.
    pub keeps_text: bool,
}

impl ChangeNote {
    /// An undoable change; the session is the one whose rows it touches.
    pub fn new(kind: &'static str) -> Self {
        Self { kind, undoable: true, ..Self::default() }
    }

    /// An undoable change of one session.
    pub fn of(kind: &'static str, session_id: Uuid) -> Self {
        Self { kind, session_id: Some(session_id), undoable: true, ..Self::default() }
    }

    pub fn by(mut self, stakeholder_id: Uuid) -> Self {
        self.stakeholder_id = Some(stakeholder_id);
        self
    }

    pub fn final_step(mut self) -> Self {
        self.undoable = false;
        self
    }

    /// Marks a change that leaves every searchable text as it was (see `keeps_text`).
    pub fn keeps_text(mut self) -> Self {
        self.keeps_text = true;
        self
    }
}

/// One event as the History step shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct HistoryEvent {
    pub seq: u32,
    pub at: DateTime<Utc>,
    pub kind: String,
    /// What changed, before → after, in words.
    pub summary: String,
    pub stakeholder_id: Option<Uuid>,
    pub undoable: bool,
    /// Undone later (and not redone).
    pub undone: bool,
    pub undo_of: Option<u32>,
    pub redo_of: Option<u32>,
    pub hash: String,
    /// The rows changed; left out while a blind round is running.
    pub changes: Option<Vec<RowChange>>,
}

/// The result of checking a session's hash chain.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ChainCheck {
    pub intact: bool,
    pub events: u32,
    /// The last event's hash: the digest the records carry.
    pub head: String,
    /// The first event whose hash does not match its content or its predecessor.
    pub broken_at: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct History {
    pub events: Vec<HistoryEvent>,
    pub check: ChainCheck,
    /// What Ctrl+Z would undo, and Ctrl+Shift+Z redo.
    pub can_undo: Option<String>,
    pub can_redo: Option<String>,
}

/// Turns the rows the triggers captured in this transaction into events (one per session
/// touched) and returns those sessions, whose search documents `Store::write` refreshes
/// before it commits (once per batch in a group commit).
pub(crate) fn record(tx: &rusqlite::Connection, note: &ChangeNote, now: DateTime<Utc>) -> Result<Vec<Uuid>> {
    let rows = store::history::drain_pending(tx)?;
    let mut by_session: BTreeMap<Uuid, Vec<RowChange>> = BTreeMap::new();
    for row in rows {
        if let Some(session) = row.session_id {
            by_session.entry(session).or_default().push(row.change);
        }
    }
    let mut touched = Vec::new();
    for (session, changes) in by_session {
        if !store::sessions::exists(tx, session)? {
            continue; // deleted: its history went with it
        }
        let primary = note.session_id.is_none_or(|id| id == session);
        if primary && burst::changes_nothing(note, &changes) {
            // Nothing to record: put the bookkeeping back too, so the rows are exactly as
            // they were (and undo never meets a change nobody made).
            store::history::replay(tx, &changes, false)?;
            store::history::drain_pending(tx)?;
            continue;
        }
        // A typing burst continues the session's latest event instead of adding one. Only a
        // change that could be part of one reads that event's rows (a room's change, an undo
        // or a change with its own words never is: they read just the chain's last hash).
        let mut latest =
            if primary && burst::may_continue(note) { store::history::last_event(tx, session)? } else { None };
        if let Some(latest) = latest.as_mut()
            && let Some(merged) = burst::continued(latest, note, &changes, now)
        {
            latest.at = now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            latest.summary = describe(tx, session, &merged)?;
            latest.changes = serde_json::to_string(&merged).unwrap_or_default();
            latest.hash = hash(latest);
            store::history::rewrite_last(tx, latest)?;
            touched.push(session);
            continue;
        }
        let mut summary = match (&note.summary, primary) {
            (Some(summary), true) => summary.clone(),
            _ => describe(tx, session, &changes)?,
        };
        if let Some(source) = note.via.filter(|_| primary) {
            summary = format!("{summary} — from {source}");
        }
        let mut event = EventRow {
            seq: store::history::next_seq(tx)?,
            session_id: session,
            at: now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            kind: if primary { note.kind.to_owned() } else { "linked".to_owned() },
            summary,
            stakeholder_id: if primary { note.stakeholder_id } else { None },
            changes: serde_json::to_string(&changes).unwrap_or_default(),
            undoable: primary && note.undoable,
            undo_of: if primary { note.undo_of } else { None },
            redo_of: if primary { note.redo_of } else { None },
            prev_hash: match latest {
                Some(latest) => latest.hash,
                None => store::history::last_hash(tx, session)?,
            },
            hash: String::new(),
        };
        event.hash = hash(&event);
        store::history::append(tx, &event)?;
        touched.push(session);
    }
    Ok(touched)
}

/// The session's timeline, checked; `with_changes` adds each event's rows (never during a
/// blind round).
pub fn get_history(store: &Store, session_id: Uuid, with_changes: bool) -> Result<History> {
    crate::sessions::require_session(store.read(), session_id)?;
    let conn = store.read();
    let events = store::history::events(conn, session_id, true)?;
    let check = check(&events);
    let (undo, redo) = stacks(&events);
    let blind = store::history::blind_round_open(conn, session_id)?;
    let summary_of =
        |seq: Option<&i64>| seq.and_then(|s| events.iter().find(|e| e.seq == *s)).map(|e| e.summary.clone());
    let views = events
        .iter()
        .map(|e| HistoryEvent {
            seq: e.seq as u32,
            at: DateTime::parse_from_rfc3339(&e.at).map(|t| t.with_timezone(&Utc)).unwrap_or_default(),
            kind: e.kind.clone(),
            summary: e.summary.clone(),
            stakeholder_id: e.stakeholder_id,
            undoable: e.undoable,
            undone: redo.contains(&e.seq),
            undo_of: e.undo_of.map(|s| s as u32),
            redo_of: e.redo_of.map(|s| s as u32),
            hash: e.hash.clone(),
            changes: if blind || !with_changes { None } else { serde_json::from_str(&e.changes).ok() },
        })
        .collect();
    Ok(History { events: views, check, can_undo: summary_of(undo.last()), can_redo: summary_of(redo.last()) })
}

/// The hash of the session's latest event (what exported records carry).
pub fn chain_head(store: &Store, session_id: Uuid) -> Result<String> {
    store::history::last_hash(store.read(), session_id)
}

#[cfg(test)]
mod tests;
