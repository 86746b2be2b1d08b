//! Typing bursts: a change that edits the same fields of the same rows as the session's latest
//! event, by the same operation and person, less than `PAUSE` after it, continues that event
//! instead of starting one — so a title typed letter by letter is one change in the history and
//! one step of undo. The event keeps its place in the chain; its rows become "as before the
//! burst → as after the last edit".

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::ChangeNote;
use crate::store::history::{EventRow, RowChange, RowOp, row_key};

/// A pause this long (or longer) between two edits of a field closes the burst.
pub const PAUSE: Duration = Duration::seconds(3);

/// Columns every edit touches, which say nothing about which field was edited.
const BOOKKEEPING: &[&str] = &["updated_at"];

/// Whether a change of this kind can be part of a burst at all: a plain undoable edit made
/// in the window or the CLI (not the room's, not an undo or redo, not one with its own words).
pub(super) fn may_continue(note: &ChangeNote) -> bool {
    note.undoable && note.undo_of.is_none() && note.redo_of.is_none() && note.summary.is_none() && note.via.is_none()
}

/// The rows `latest` and `changes` continue as one: `latest`'s rows with each row's new
/// values taken from `changes`. None when `changes` starts a change of its own.
pub(super) fn continued(
    latest: &EventRow,
    note: &ChangeNote,
    changes: &[RowChange],
    now: DateTime<Utc>,
) -> Option<Vec<RowChange>> {
    let same_kind = latest.kind == note.kind && latest.stakeholder_id == note.stakeholder_id;
    let plain = latest.undoable && latest.undo_of.is_none() && latest.redo_of.is_none();
    if !same_kind || !plain || !may_continue(note) {
        return None;
    }
    let at = DateTime::parse_from_rfc3339(&latest.at).ok()?.with_timezone(&Utc);
    if now - at >= PAUSE || now < at {
        return None;
    }
    let earlier: Vec<RowChange> = serde_json::from_str(&latest.changes).ok()?;
    let fields = edited_fields(changes)?;
    if fields.is_empty() || edited_fields(&earlier)? != fields {
        return None;
    }
    let mut merged = earlier;
    for change in changes {
        let key = row_key(change);
        match merged.iter_mut().find(|row| row_key(row) == key) {
            Some(row) => row.new = change.new.clone(),
            None => merged.push(change.clone()),
        }
    }
    Some(merged)
}

/// Whether `changes` change nothing a person would see (an edit trimmed back to the value
/// already stored, like a trailing space): only bookkeeping moved, so there is no event and
/// the rows are put back.
pub(super) fn changes_nothing(note: &ChangeNote, changes: &[RowChange]) -> bool {
    note.summary.is_none()
        && note.undo_of.is_none()
        && note.redo_of.is_none()
        && edited_fields(changes).is_some_and(|fields| fields.is_empty())
}

/// Which fields of which rows `changes` edit: only updates count (None when any row was
/// inserted or deleted); a row whose only change is bookkeeping is left out.
fn edited_fields(changes: &[RowChange]) -> Option<BTreeMap<String, BTreeSet<String>>> {
    let mut fields = BTreeMap::new();
    for change in changes {
        if change.op != RowOp::Update {
            return None;
        }
        let (Some(Value::Object(old)), Some(Value::Object(new))) = (&change.old, &change.new) else { return None };
        let columns: BTreeSet<String> = new
            .iter()
            .filter(|(column, value)| !BOOKKEEPING.contains(&column.as_str()) && old.get(*column) != Some(*value))
            .map(|(column, _)| column.clone())
            .collect();
        if !columns.is_empty() {
            fields.insert(row_key(change)?, columns);
        }
    }
    Some(fields)
}
