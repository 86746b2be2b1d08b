//! The hash chain of a session's events: each event's SHA-256 covers everything it says and
//! the previous event's hash, and the check names the first event that does not match.

use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::ChainCheck;
use crate::store::history::EventRow;
use crate::{Result, Store, store};

/// SHA-256 over everything the event says and the previous event's hash.
pub(super) fn hash(event: &EventRow) -> String {
    let mut digest = Sha256::new();
    for part in [
        event.prev_hash.as_str(),
        &event.seq.to_string(),
        &event.session_id.to_string(),
        &event.at,
        &event.kind,
        &event.summary,
        &event.stakeholder_id.map(|id| id.to_string()).unwrap_or_default(),
        &event.changes,
        if event.undoable { "1" } else { "0" },
        &event.undo_of.map(|s| s.to_string()).unwrap_or_default(),
        &event.redo_of.map(|s| s.to_string()).unwrap_or_default(),
    ] {
        digest.update(part.as_bytes());
        digest.update([0x1f]);
    }
    digest.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks every link of a session's chain.
pub fn verify_history(store: &Store, session_id: Uuid) -> Result<ChainCheck> {
    crate::sessions::require_session(store.read(), session_id)?;
    let events = store::history::events(store.read(), session_id, true)?;
    Ok(check(&events))
}

pub(super) fn check(events: &[EventRow]) -> ChainCheck {
    let mut previous = String::new();
    for event in events {
        if event.prev_hash != previous || hash(event) != event.hash {
            return ChainCheck {
                intact: false,
                events: events.len() as u32,
                head: events.last().map(|e| e.hash.clone()).unwrap_or_default(),
                broken_at: Some(event.seq as u32),
            };
        }
        previous = event.hash.clone();
    }
    ChainCheck { intact: true, events: events.len() as u32, head: previous, broken_at: None }
}
