//! The history of a session: every change is an event holding the exact rows it touched,
//! described in words (what, before → after, whose data) and hash-chained (each event's
//! SHA-256 covers the previous one), so tampering shows. Undo and redo replay the rows.
//! During a blind round the words never carry a score, and the raw rows are not handed out.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use crate::sessions::{SessionDetail, get_session};
use crate::store::history::{EventRow, RowChange, RowOp};
use crate::{Error, Result, Store, store};

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
            prev_hash: store::history::last_hash(tx, session)?,
            hash: String::new(),
        };
        event.hash = hash(&event);
        store::history::append(tx, &event)?;
        touched.push(session);
    }
    Ok(touched)
}

/// SHA-256 over everything the event says and the previous event's hash.
fn hash(event: &EventRow) -> String {
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

fn check(events: &[EventRow]) -> ChainCheck {
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

/// The undo and redo stacks a list of events leaves: (undoable seqs, redoable seqs).
fn stacks(events: &[EventRow]) -> (Vec<i64>, Vec<i64>) {
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
    };
    store.write(note, |tx| store::history::replay(tx, &changes, !backwards))?;
    get_session(store, session_id)
}

/// What rows say, in words: "Title: “A” → “B”", "Score of “Serverless” on “Security” by
/// Ana: 3 → 4". No score, importance or rationale value appears while a blind round runs.
fn describe(conn: &rusqlite::Connection, session_id: Uuid, changes: &[RowChange]) -> Result<String> {
    let blind = store::history::blind_round_open(conn, session_id)?;
    // Names known from the rows themselves (a removed row is gone from the tables).
    let mut names: HashMap<String, String> = HashMap::new();
    for change in changes {
        for row in [&change.old, &change.new].into_iter().flatten() {
            let id = text(row, "id");
            let name = [text(row, "name"), text(row, "title")].into_iter().find(|n| !n.is_empty()).unwrap_or_default();
            if !id.is_empty() && !name.is_empty() {
                names.insert(id, name);
            }
        }
    }
    let name = |table: &str, id: &str| -> String {
        names
            .get(id)
            .cloned()
            .or_else(|| store::history::name_of(conn, table, id).ok().flatten())
            .unwrap_or_else(|| "?".to_owned())
    };
    let mut phrases: Vec<String> = Vec::new();
    let mut bulk: BTreeMap<(String, RowOp), usize> = BTreeMap::new();
    for change in changes {
        *bulk.entry((change.table.clone(), change.op)).or_default() += 1;
    }
    for ((table, op), count) in &bulk {
        if *count > 4 && (table == "scores" || table == "importances") {
            let noun = if table == "scores" { "scores" } else { "importance ratings" };
            phrases.push(format!("{count} {noun} {}", past(*op)));
        }
    }
    for change in changes {
        if bulk.get(&(change.table.clone(), change.op)).is_some_and(|n| *n > 4)
            && (change.table == "scores" || change.table == "importances")
        {
            continue;
        }
        let row = change.new.as_ref().or(change.old.as_ref()).cloned().unwrap_or(Value::Null);
        let phrase = match (change.table.as_str(), change.op) {
            ("sessions", RowOp::Update) => diff(change, &["updated_at"], "Session"),
            ("sessions", RowOp::Insert) => Some(format!("Created the session “{}”", text(&row, "title"))),
            (table @ ("stakeholders" | "drivers" | "options"), op) => {
                let noun = &table[..table.len() - 1];
                let label = name(table, &text(&row, "id"));
                match op {
                    RowOp::Insert => Some(format!("Added {noun} “{label}”")),
                    RowOp::Delete => Some(format!("Removed {noun} “{label}”")),
                    _ if only_position_changed(change) => Some(format!("Moved {noun} “{label}”")),
                    _ => diff(change, &["position"], &format!("{} “{label}”", capitalised(noun))),
                }
            }
            ("importances", _) => {
                let person = name("stakeholders", &text(&row, "stakeholder_id"));
                let driver = name("drivers", &text(&row, "driver_id"));
                Some(if blind {
                    format!("{person} rated an importance (hidden during the blind round)")
                } else {
                    format!(
                        "Importance of “{driver}” for {person}: {} → {}",
                        value(&change.old, "value"),
                        value(&change.new, "value")
                    )
                })
            }
            ("scores", _) => {
                let person = name("stakeholders", &text(&row, "stakeholder_id"));
                let driver = name("drivers", &text(&row, "driver_id"));
                let option = name("options", &text(&row, "option_id"));
                let rationale_changed =
                    change.op == RowOp::Update && value(&change.old, "rationale") != value(&change.new, "rationale");
                Some(if blind {
                    format!("{person} changed a score (hidden during the blind round)")
                } else if rationale_changed {
                    format!(
                        "Rationale of “{option}” on “{driver}” by {person}: {} → {}",
                        quoted(&change.old, "rationale"),
                        quoted(&change.new, "rationale")
                    )
                } else {
                    format!(
                        "Score of “{option}” on “{driver}” by {person}: {} → {}",
                        value(&change.old, "value"),
                        value(&change.new, "value")
                    )
                })
            }
            ("rounds", RowOp::Insert) => Some("Started a blind round".to_owned()),
            ("rounds", RowOp::Update) => Some("Revealed the blind round".to_owned()),
            ("rounds", _) => None,
            ("round_seals", RowOp::Insert) => Some(format!(
                "{} finished scoring; their scores are sealed",
                name("stakeholders", &text(&row, "stakeholder_id"))
            )),
            ("round_seals", _) => None,
            ("decisions", RowOp::Insert) => Some(format!("Drafted the record “{}”", text(&row, "title"))),
            ("decisions", RowOp::Delete) => Some(format!("Removed the record “{}”", text(&row, "title"))),
            ("decisions", _) => diff(change, &["updated_at", "snapshot"], "Record"),
            _ => None,
        };
        phrases.extend(phrase);
    }
    let mut summary = if phrases.is_empty() { "Changed".to_owned() } else { phrases.join("; ") };
    if summary.chars().count() > 400 {
        summary = summary.chars().take(399).collect::<String>() + "…";
    }
    Ok(summary)
}

fn past(op: RowOp) -> &'static str {
    match op {
        RowOp::Insert => "added",
        RowOp::Delete => "removed",
        RowOp::Update => "changed",
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn text(row: &Value, key: &str) -> String {
    match row.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn value(row: &Option<Value>, key: &str) -> String {
    row.as_ref().map(|r| text(r, key)).filter(|v| !v.is_empty()).unwrap_or_else(|| "–".to_owned())
}

fn quoted(row: &Option<Value>, key: &str) -> String {
    let v = row.as_ref().map(|r| text(r, key)).unwrap_or_default();
    if v.is_empty() { "–".to_owned() } else { format!("“{}”", short(&v)) }
}

fn short(text: &str) -> String {
    if text.chars().count() > 60 { text.chars().take(59).collect::<String>() + "…" } else { text.to_owned() }
}

fn only_position_changed(change: &RowChange) -> bool {
    let (Some(Value::Object(old)), Some(Value::Object(new))) = (&change.old, &change.new) else { return false };
    old.iter().all(|(k, v)| k == "position" || new.get(k) == Some(v))
}

/// "Label column: “old” → “new”" for each changed column not in `ignore`.
fn diff(change: &RowChange, ignore: &[&str], label: &str) -> Option<String> {
    let (Some(Value::Object(old)), Some(Value::Object(new))) = (&change.old, &change.new) else { return None };
    let parts: Vec<String> = new
        .iter()
        .filter(|(k, v)| !ignore.contains(&k.as_str()) && old.get(*k) != Some(*v))
        .map(|(k, v)| {
            let before = old
                .get(k)
                .map(|x| text(&Value::Object([("v".to_owned(), x.clone())].into_iter().collect()), "v"))
                .unwrap_or_default();
            let after = text(&Value::Object([("v".to_owned(), v.clone())].into_iter().collect()), "v");
            let show = |s: &str| if s.is_empty() { "–".to_owned() } else { format!("“{}”", short(s)) };
            format!("{label} {}: {} → {}", k.replace('_', " "), show(&before), show(&after))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drivers::{DriverEdit, add_template_driver, move_driver, remove_driver, update_driver};
    use crate::options::{OptionEdit, add_catalog_option, remove_option, update_option};
    use crate::scoring::{ScoreCell, ScoreEdit, set_importance, set_score};
    use crate::sessions::{NewSession, SessionEdit, create_session, update_session};
    use crate::stakeholders::{
        NewStakeholder, StakeholderEdit, add_stakeholder, remove_stakeholder, update_stakeholder,
    };
    use proptest::prelude::*;

    /// The same cases on every run, so CI never meets a case nobody has seen pass;
    /// `PROPTEST_RNG_SEED=n` explores others.
    fn repeatable(cases: u32) -> ProptestConfig {
        let mut config = ProptestConfig::with_cases(cases);
        if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
            config.rng_seed = proptest::test_runner::RngSeed::Fixed(20_261_202);
        }
        config
    }

    fn workshop(store: &mut Store) -> Uuid {
        let id =
            create_session(store, NewSession { title: "Checkout".into(), ..NewSession::default() }).unwrap().session.id;
        add_stakeholder(store, id, NewStakeholder::named("Ana")).unwrap();
        add_template_driver(store, id, "scalability").unwrap();
        add_catalog_option(store, id, "monolithic").unwrap();
        add_catalog_option(store, id, "microservices").unwrap();
        id
    }

    /// Everything the session holds, to compare states exactly.
    fn state(store: &Store, id: Uuid) -> String {
        let e = crate::scoring::evidence_of(store, id).unwrap();
        let decision = crate::decisions::get_decision(store, id).unwrap();
        serde_json::to_string(&(e.detail, e.importances, e.scores, e.comparisons, decision)).unwrap()
    }

    #[test]
    fn every_change_is_an_event_in_words() {
        let mut store = Store::open_in_memory().unwrap();
        let id = workshop(&mut store);
        update_session(&mut store, id, SessionEdit::Title("Checkout platform".into())).unwrap();
        let detail = crate::sessions::get_session(&store, id).unwrap();
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: detail.options[1].id,
        };
        set_score(&mut store, id, cell, ScoreEdit::Value(Some(4))).unwrap();
        set_score(&mut store, id, cell, ScoreEdit::Value(Some(5))).unwrap();
        let history = get_history(&store, id, true).unwrap();
        let summaries: Vec<&str> = history.events.iter().map(|e| e.summary.as_str()).collect();
        assert!(summaries.contains(&"Session title: “Checkout” → “Checkout platform”"), "{summaries:#?}");
        assert!(
            summaries.contains(
                &"Score of “Microservices” on “Scalability” by Ana: – → 4; Session status: “draft” → “scoring”"
            ),
            "{summaries:#?}"
        );
        assert!(summaries.contains(&"Score of “Microservices” on “Scalability” by Ana: 4 → 5"), "{summaries:#?}");
        assert!(summaries.contains(&"Added stakeholder “Ana”"), "{summaries:#?}");
        let last = history.events.last().unwrap();
        assert_eq!((last.kind.as_str(), last.stakeholder_id), ("set_score", Some(detail.stakeholders[0].id)));
        assert!(history.check.intact);
        assert_eq!(history.check.head, chain_head(&store, id).unwrap());
        assert_eq!(history.can_undo.as_deref(), Some("Score of “Microservices” on “Scalability” by Ana: 4 → 5"));
    }

    #[test]
    fn a_tampered_event_breaks_the_chain() {
        let mut store = Store::open_in_memory().unwrap();
        let id = workshop(&mut store);
        update_session(&mut store, id, SessionEdit::Context("Why".into())).unwrap();
        assert!(verify_history(&store, id).unwrap().intact);
        let events = store::history::events(store.read(), id, false).unwrap();
        let target = events[2].seq;
        store.read().execute("UPDATE events SET summary = 'Nothing happened' WHERE seq = ?1", [target]).unwrap();
        let check = verify_history(&store, id).unwrap();
        assert_eq!((check.intact, check.broken_at), (false, Some(target as u32)));
        // Re-hashing the forged row does not help: the next event still points at the old hash.
        let forged = store::history::events(store.read(), id, true).unwrap()[2].clone();
        store
            .read()
            .execute("UPDATE events SET hash = ?1 WHERE seq = ?2", rusqlite::params![hash(&forged), target])
            .unwrap();
        assert_eq!(verify_history(&store, id).unwrap().broken_at, Some(events[3].seq as u32));
    }

    #[test]
    fn undo_and_redo_restore_exact_states() {
        let mut store = Store::open_in_memory().unwrap();
        let id = workshop(&mut store);
        let before = state(&store, id);
        let detail = crate::sessions::get_session(&store, id).unwrap();
        remove_stakeholder(&mut store, detail.stakeholders[0].id).unwrap();
        let after = state(&store, id);
        undo_change(&mut store, id).unwrap();
        assert_eq!(state(&store, id), before, "the stakeholder is back, with its position");
        redo_change(&mut store, id).unwrap();
        assert_eq!(state(&store, id), after);
        undo_change(&mut store, id).unwrap();
        // The setup's four additions can be undone too; creating the session cannot.
        let mut undone = 0;
        while undo_change(&mut store, id).is_ok() {
            undone += 1;
        }
        assert_eq!(undone, 4);
        assert_eq!(undo_change(&mut store, id).unwrap_err().code(), "nothing_to_undo");
        assert!(crate::sessions::get_session(&store, id).unwrap().options.is_empty());
        assert!(verify_history(&store, id).unwrap().intact);
    }

    #[test]
    fn a_new_change_clears_what_could_be_redone() {
        let mut store = Store::open_in_memory().unwrap();
        let id = workshop(&mut store);
        update_session(&mut store, id, SessionEdit::Facilitator("Ana".into())).unwrap();
        undo_change(&mut store, id).unwrap();
        update_session(&mut store, id, SessionEdit::Facilitator("Bo".into())).unwrap();
        assert_eq!(redo_change(&mut store, id).unwrap_err().code(), "nothing_to_redo");
    }

    #[test]
    fn during_a_blind_round_history_shows_no_score() {
        let mut store = Store::open_in_memory().unwrap();
        let id = workshop(&mut store);
        let detail = crate::sessions::get_session(&store, id).unwrap();
        crate::scoring::start_blind_round(&mut store, id).unwrap();
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: detail.options[0].id,
        };
        set_score(&mut store, id, cell, ScoreEdit::Value(Some(4))).unwrap();
        set_score(&mut store, id, cell, ScoreEdit::Rationale("SECRET".into())).unwrap();
        let json = serde_json::to_string(&get_history(&store, id, true).unwrap()).unwrap();
        assert!(!json.contains("SECRET") && !json.contains("→ 4"), "{json}");
        assert!(json.contains("Ana changed a score (hidden during the blind round)"));
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Title(String),
        Context(String),
        AddStakeholder(String),
        RemoveStakeholder,
        Role(String),
        AddDriver(usize),
        RemoveDriver,
        MoveDriver,
        MustHave(bool),
        AddOption(usize),
        RemoveOption,
        Pros(String),
        Importance(u8),
        Score(u8),
        ClearScore,
        Rationale(String),
    }

    fn edit_strategy() -> impl Strategy<Value = Edit> {
        prop_oneof![
            "[a-z]{1,8}".prop_map(Edit::Title),
            "[a-z ]{0,12}".prop_map(Edit::Context),
            "[A-Z][a-z]{2,6}".prop_map(Edit::AddStakeholder),
            Just(Edit::RemoveStakeholder),
            "[a-z]{0,6}".prop_map(Edit::Role),
            (0usize..10).prop_map(Edit::AddDriver),
            Just(Edit::RemoveDriver),
            Just(Edit::MoveDriver),
            any::<bool>().prop_map(Edit::MustHave),
            (0usize..4).prop_map(Edit::AddOption),
            Just(Edit::RemoveOption),
            "[a-z]{1,8}".prop_map(Edit::Pros),
            (1u8..=5).prop_map(Edit::Importance),
            (0u8..=5).prop_map(Edit::Score),
            Just(Edit::ClearScore),
            "[a-z]{1,8}".prop_map(Edit::Rationale),
        ]
    }

    /// Applies one edit; Ok(false) when it was refused (nothing stored, no event).
    fn apply(store: &mut Store, id: Uuid, edit: &Edit) -> bool {
        let detail = crate::sessions::get_session(store, id).unwrap();
        let person = detail.stakeholders.first().map(|s| s.id);
        let driver = detail.drivers.first().map(|d| d.id);
        let option = detail.options.first().map(|o| o.id);
        let cell = match (person, driver, option) {
            (Some(s), Some(d), Some(o)) => Some(ScoreCell { stakeholder_id: s, driver_id: d, option_id: o }),
            _ => None,
        };
        let result: Result<()> = match edit {
            Edit::Title(t) => update_session(store, id, SessionEdit::Title(t.clone())).map(drop),
            Edit::Context(t) => update_session(store, id, SessionEdit::Context(t.clone())).map(drop),
            Edit::AddStakeholder(n) => add_stakeholder(store, id, NewStakeholder::named(n)).map(drop),
            Edit::RemoveStakeholder => person.map_or(Ok(()), |p| remove_stakeholder(store, p).map(drop)),
            Edit::Role(r) => {
                person.map_or(Ok(()), |p| update_stakeholder(store, p, StakeholderEdit::Role(r.clone())).map(drop))
            }
            Edit::AddDriver(i) => {
                let key = crate::catalog::get_catalog().drivers[*i].key.clone();
                add_template_driver(store, id, &key).map(drop)
            }
            Edit::RemoveDriver => driver.map_or(Ok(()), |d| remove_driver(store, d).map(drop)),
            Edit::MoveDriver => driver.map_or(Ok(()), |d| move_driver(store, d, 5).map(drop)),
            Edit::MustHave(m) => driver.map_or(Ok(()), |d| update_driver(store, d, DriverEdit::MustHave(*m)).map(drop)),
            Edit::AddOption(i) => {
                let key = crate::catalog::get_catalog().architectures[*i].key.clone();
                add_catalog_option(store, id, &key).map(drop)
            }
            Edit::RemoveOption => option.map_or(Ok(()), |o| remove_option(store, o).map(drop)),
            Edit::Pros(p) => {
                option.map_or(Ok(()), |o| update_option(store, o, OptionEdit::Pros(vec![p.clone()])).map(drop))
            }
            Edit::Importance(v) => match (person, driver) {
                (Some(p), Some(d)) => set_importance(store, id, p, d, Some(*v)).map(drop),
                _ => Ok(()),
            },
            Edit::Score(v) => cell.map_or(Ok(()), |c| set_score(store, id, c, ScoreEdit::Value(Some(*v))).map(drop)),
            Edit::ClearScore => cell.map_or(Ok(()), |c| set_score(store, id, c, ScoreEdit::Value(None)).map(drop)),
            Edit::Rationale(r) => {
                cell.map_or(Ok(()), |c| set_score(store, id, c, ScoreEdit::Rationale(r.clone())).map(drop))
            }
        };
        result.is_ok()
    }

    fn undoable_events(store: &Store, id: Uuid) -> usize {
        stacks(&store::history::events(store.read(), id, false).unwrap()).0.len()
    }

    proptest! {
        #![proptest_config(repeatable(48))]
        #[test]
        fn n_random_edits_undone_n_times_give_the_exact_start(edits in proptest::collection::vec(edit_strategy(), 1..25)) {
            let mut store = Store::open_in_memory().unwrap();
            let id = workshop(&mut store);
            let start = state(&store, id);
            let already = undoable_events(&store, id);
            for edit in &edits {
                apply(&mut store, id, edit);
            }
            let end = state(&store, id);
            let done = undoable_events(&store, id) - already;
            for _ in 0..done {
                undo_change(&mut store, id).unwrap();
            }
            prop_assert_eq!(&state(&store, id), &start);
            for _ in 0..done {
                redo_change(&mut store, id).unwrap();
            }
            prop_assert_eq!(&state(&store, id), &end);
            prop_assert!(verify_history(&store, id).unwrap().intact);
        }
    }
}
