//! Numbers that clash after a merge: two laptops accepted the next record on two branches and
//! both wrote 0007. The record already on the default branch keeps its number; the other
//! gets the next free one — in the database (it is picked up first when it is a teammate's)
//! and in the folder, where its files are renamed and the records linking to it rewritten.
//! A number already published never changes.

use std::collections::BTreeMap;
use std::path::Path;

use uuid::Uuid;

use super::{EVIDENCE_DIR, LinkedLog, git, publish};
use crate::history::ChangeNote;
use crate::{Error, Result, Store, imports, store};

/// A record file of the folder, as far as renumbering needs it.
struct Entry {
    file: String,
    number: u32,
    title: String,
    session_id: Option<Uuid>,
    evidence: Option<String>,
}

/// Renumbers every record whose number another file in `log` also has; "ADR-0007 → ADR-0009:
/// Title" per record moved.
pub(crate) fn renumber_clashes(store: &mut Store, log: &LinkedLog) -> Result<Vec<String>> {
    let dir = Path::new(&log.dir);
    if log.read_only || !dir.is_dir() {
        return Ok(Vec::new());
    }
    let root =
        dir.canonicalize().map_err(|source| Error::Io { context: format!("cannot open {}", dir.display()), source })?;
    let mut by_number: BTreeMap<u32, Vec<Entry>> = BTreeMap::new();
    for (file, text) in imports::read_adr_files(&root)? {
        let Ok(text) = text else { continue };
        let Ok(record) = imports::parse_record(&file, &text) else { continue };
        let Some(number) = record.number else { continue };
        let evidence_path = root.join(publish::evidence_file(&file));
        let evidence = std::fs::read_to_string(&evidence_path).ok();
        let session_id = evidence
            .as_deref()
            .and_then(|json| serde_json::from_str::<serde_json::Value>(json).ok())
            .and_then(|v| v.pointer("/session/id").and_then(|id| id.as_str()).and_then(|id| Uuid::parse_str(id).ok()))
            .or(record.session_id);
        by_number.entry(number).or_default().push(Entry { file, number, title: record.title, session_id, evidence });
    }
    let default = git::default_branch(&root);
    let mut moved = Vec::new();
    let mut highest = by_number.keys().next_back().copied().unwrap_or(0);
    for (_, mut entries) in by_number.into_iter().filter(|(_, entries)| entries.len() > 1) {
        // The published one first; among equals, the first file name.
        entries
            .sort_by_key(|e| (!default.as_deref().is_some_and(|b| git::in_branch(&root, b, &e.file)), e.file.clone()));
        for entry in entries.into_iter().skip(1) {
            let number = next_number(store, &mut highest)?;
            let Some(session_id) = move_in_database(store, &entry, number)? else { continue };
            let removed = remove_files(&root, &entry.file);
            let renamed = crate::exports::file_name(Some(number), &entry.title, "md");
            rewrite_links(&root, &entry.file, &renamed)?;
            publish::publish(store, log, &[session_id], false, &removed, &mut publish::Disk)?;
            moved.push(format!("ADR-{:04} → ADR-{number:04}: {}", entry.number, entry.title));
        }
    }
    Ok(moved)
}

/// The next number free in the database and in the folder.
fn next_number(store: &mut Store, highest: &mut u32) -> Result<u32> {
    let mut number =
        (*highest).max(store::decisions::numbered(store.read())?.iter().filter_map(|d| d.number).max().unwrap_or(0));
    loop {
        number += 1;
        if !store::decisions::number_taken(store.read(), number)? {
            *highest = number;
            return Ok(number);
        }
    }
}

/// Gives the entry's record `number` in the database, picking it up first when it is not
/// here; its session.
fn move_in_database(store: &mut Store, entry: &Entry, number: u32) -> Result<Option<Uuid>> {
    let here = match entry.session_id {
        Some(id) => store::decisions::by_session(store.read(), id)?,
        None => None,
    };
    if let Some(decision) = here {
        if decision.number == Some(number) {
            return Ok(Some(decision.session_id));
        }
        let now = store.now();
        store.write(ChangeNote::of("renumber_record", decision.session_id).final_step(), |tx| {
            store::decisions::renumber(tx, decision.id, number, now)
        })?;
        return Ok(Some(decision.session_id));
    }
    // A teammate's record: picked up under its new number.
    let Some(json) = &entry.evidence else { return Ok(None) };
    let Ok(mut value) = serde_json::from_str::<serde_json::Value>(json) else { return Ok(None) };
    if let Some(slot) = value.pointer_mut("/decision/number") {
        *slot = serde_json::json!(number);
    }
    match crate::exports::session_json::import_session(store, &value.to_string()) {
        Ok(id) => Ok(Some(id)),
        Err(_) => Ok(None),
    }
}

/// Removes the record's files under its old name (Markdown, evidence, hashes); those removed.
fn remove_files(root: &Path, file: &str) -> Vec<String> {
    let evidence = publish::evidence_file(file);
    [file.to_owned(), format!("{EVIDENCE_DIR}/{file}.sha256"), format!("{evidence}.sha256"), evidence]
        .into_iter()
        .filter(|path| std::fs::remove_file(root.join(path)).is_ok())
        .collect()
}

/// Links to the old file name in hand-written records become links to the new one
/// (ArchDecide's own records are rendered again from the database).
fn rewrite_links(root: &Path, old: &str, new: &str) -> Result<()> {
    let from = format!("]({old})");
    let to = format!("]({new})");
    for (file, text) in imports::read_adr_files(root)? {
        let Ok(text) = text else { continue };
        if root.join(publish::evidence_file(&file)).exists() {
            continue;
        }
        if text.contains(&from) {
            crate::exports::log::write_file(&root.join(&file), text.replace(&from, &to).as_bytes())?;
        }
    }
    Ok(())
}
