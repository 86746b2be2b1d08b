//! Undo and redo: the stacks the events leave, and replaying an event's rows backwards or
//! forwards as a new (not undoable) event.

use uuid::Uuid;

use super::ChangeNote;
use crate::sessions::{SessionDetail, get_session};
use crate::store::history::{EventRow, RowChange};
use crate::{Error, Result, Store, store};

/// The undo and redo stacks a list of events leaves: (undoable seqs, redoable seqs).
pub(super) fn stacks(events: &[EventRow]) -> (Vec<i64>, Vec<i64>) {
    let (mut undo, mut redo) = (Vec::new(), Vec::new());
    for event in events {
        if let Some(target) = event.undo_of {
            undo.retain(|s| *s != target);
            redo.push(target);
        } else if let Some(target) = event.redo_of {
            redo.retain(|s| *s != target);
            undo.push(target);
        } else if event.undoable {
            undo.push(event.seq);
            redo.clear();
        } else {
            undo.clear();
            redo.clear();
        }
    }
    (undo, redo)
}

/// Undoes the session's latest undoable change: its rows go back exactly as they were.
pub fn undo_change(store: &mut Store, session_id: Uuid) -> Result<SessionDetail> {
    step(store, session_id, true)
}

/// Redoes the change undone last.
pub fn redo_change(store: &mut Store, session_id: Uuid) -> Result<SessionDetail> {
    step(store, session_id, false)
}

fn step(store: &mut Store, session_id: Uuid, backwards: bool) -> Result<SessionDetail> {
    crate::sessions::require_session(store.read(), session_id)?;
    let events = store::history::events(store.read(), session_id, false)?;
    let (undo, redo) = stacks(&events);
    let target = if backwards { undo.last() } else { redo.last() };
    let Some(&seq) = target else {
        let what = if backwards { "undo" } else { "redo" };
        return Err(Error::refused(
            if backwards { crate::ErrorCode::NothingToUndo } else { crate::ErrorCode::NothingToRedo },
            format!("There is nothing to {what}"),
        ));
    };
    let event = store::history::event(store.read(), seq)?.ok_or_else(|| Error::not_found("event", seq))?;
    let changes: Vec<RowChange> =
        serde_json::from_str(&event.changes).map_err(|e| Error::Damaged(format!("event {seq}: {e}")))?;
    let note = ChangeNote {
        kind: if backwards { "undo" } else { "redo" },
        session_id: Some(session_id),
        stakeholder_id: event.stakeholder_id,
        undoable: false,
        undo_of: backwards.then_some(seq),
        redo_of: (!backwards).then_some(seq),
        summary: Some(format!("{}: {}", if backwards { "Undid" } else { "Redid" }, event.summary)),
        via: None,
        // An undo can bring back any text.
        keeps_text: false,
    };
    store.write(note, |tx| store::history::replay(tx, &changes, !backwards))?;
    get_session(store, session_id)
}
