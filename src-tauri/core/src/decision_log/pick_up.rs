//! Picking up what teammates put into a linked log (after a `git pull`): their workshops from
//! the evidence files, with everything needed to reopen and revisit them; hand-written ADRs as
//! records; and statuses they changed (a record deprecated, or superseded by theirs). Every
//! file is read with the importers' hostile-file rules.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::LinkedLog;
use crate::decisions::{self, DecisionStatus};
use crate::imports::{self, ImportedRecord, ParsedRecord, SkippedFile};
use crate::{Error, Result, Store, store};

/// What a pick-up found in one log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PickUp {
    pub dir: String,
    /// Records new to this database.
    pub picked_up: Vec<ImportedRecord>,
    /// Records of ours whose status a teammate changed: "ADR-0003 deprecated".
    pub updated: Vec<String>,
    /// Records that clashed with a published number and moved: "ADR-0007 → ADR-0009: Title".
    pub renumbered: Vec<String>,
    pub skipped: Vec<SkippedFile>,
}

pub(crate) fn pick_up(store: &mut Store, log: &LinkedLog) -> Result<PickUp> {
    let dir = Path::new(&log.dir);
    let mut out = PickUp {
        dir: log.dir.clone(),
        picked_up: Vec::new(),
        updated: Vec::new(),
        renumbered: Vec::new(),
        skipped: Vec::new(),
    };
    if !dir.is_dir() {
        return Ok(out);
    }
    let root =
        dir.canonicalize().map_err(|source| Error::Io { context: format!("cannot open {}", dir.display()), source })?;
    let mut markdown_only: Vec<(String, ParsedRecord)> = Vec::new();
    // What is here already, read once: the titles of numbered records, and of imported ones
    // (a log4brains record has no number and is known by its title).
    let numbered: std::collections::HashMap<u32, String> =
        store::decisions::numbered(store.read())?.into_iter().filter_map(|d| Some((d.number?, d.title))).collect();
    let imported: std::collections::HashSet<String> = store::sessions::list(store.read())?
        .into_iter()
        .filter(|s| s.tags.iter().any(|t| t == "imported"))
        .map(|s| s.title)
        .collect();
    for (file, text) in imports::read_adr_files(&root)? {
        let text = match text {
            Ok(text) => text,
            Err(reason) => {
                out.skipped.push(SkippedFile { file, reason });
                continue;
            }
        };
        let evidence = root.join(super::publish::evidence_file(&file));
        if let Some(json) = read_evidence(&root, &evidence) {
            workshop(store, &file, &json, &mut out)?;
            continue;
        }
        let record = match imports::parse_record(&file, &text) {
            Ok(record) => record,
            Err(error) => {
                out.skipped.push(SkippedFile { file, reason: error.to_string() });
                continue;
            }
        };
        if let Some(id) = record.session_id
            && store::sessions::exists(store.read(), id)?
        {
            continue; // ours, or picked up before
        }
        if record.number.is_none() && imported.contains(&record.title) {
            continue; // picked up before
        }
        if let Some(number) = record.number {
            match numbered.get(&number) {
                Some(title) if *title == record.title => continue, // picked up before
                Some(_) => {
                    let reason = format!("number {number} is used here by another record");
                    out.skipped.push(SkippedFile { file, reason });
                    continue;
                }
                None => {}
            }
        }
        markdown_only.push((file, record));
    }
    if !markdown_only.is_empty() {
        let report = imports::import_records(store, &markdown_only)?;
        out.picked_up.extend(report.imported);
        out.skipped.extend(report.skipped);
    }
    Ok(out)
}

/// The evidence file's text, when it is a regular file inside the log and not too large.
fn read_evidence(root: &Path, path: &Path) -> Option<String> {
    let real = path.canonicalize().ok()?;
    if !real.starts_with(root) || !real.is_file() || real.metadata().ok()?.len() > imports::MAX_SESSION_BYTES {
        return None;
    }
    std::fs::read_to_string(real).ok()
}

/// A workshop's evidence: imported when it is new here; when it is ours, a status a teammate
/// moved on (deprecated) is taken over. Supersession comes by itself: importing the newer
/// record links the older one both ways and marks it superseded.
fn workshop(store: &mut Store, file: &str, json: &str, out: &mut PickUp) -> Result<()> {
    // Only the session's id and the record's status are needed to decide; serde skips the
    // rest without building it.
    #[derive(serde::Deserialize)]
    struct Head {
        session: HeadSession,
        decision: Option<HeadDecision>,
    }
    #[derive(serde::Deserialize)]
    struct HeadSession {
        id: Uuid,
    }
    #[derive(serde::Deserialize)]
    struct HeadDecision {
        status: String,
    }
    let Ok(head) = serde_json::from_str::<Head>(json) else {
        out.skipped.push(SkippedFile { file: file.to_owned(), reason: "its evidence is not a session file".into() });
        return Ok(());
    };
    let session_id = head.session.id;
    if !store::sessions::exists(store.read(), session_id)? {
        match crate::exports::session_json::import_session(store, json) {
            Ok(id) => {
                let decision = decisions::get_decision(store, id)?;
                out.picked_up.push(ImportedRecord {
                    file: file.to_owned(),
                    number: decision.as_ref().and_then(|d| d.number),
                    title: decision.map_or_else(String::new, |d| d.title),
                    session_id: id,
                });
            }
            Err(error) => out.skipped.push(SkippedFile { file: file.to_owned(), reason: error.to_string() }),
        }
        return Ok(());
    }
    let theirs = head.decision.and_then(|d| DecisionStatus::parse(&d.status));
    let Some(ours) = decisions::get_decision(store, session_id)? else { return Ok(()) };
    if theirs == Some(DecisionStatus::Deprecated) && ours.status == DecisionStatus::Accepted {
        let moved = decisions::set_decision_status(store, ours.id, DecisionStatus::Deprecated, false)?;
        out.updated.push(format!("{} deprecated", decisions::number_label(moved.number)));
    }
    Ok(())
}
