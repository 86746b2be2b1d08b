//! Publishing records into a linked log: each numbered record's Markdown, its evidence (the
//! lossless session file in `.archdecide/`), the records it links to and the index, every file
//! written atomically. A file someone changed by hand since ArchDecide wrote it is never
//! overwritten silently: it comes back as a conflict with both texts. Optionally the written
//! files are committed through the user's own `git`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use super::{EVIDENCE_DIR, LinkedLog, git};
use crate::decisions::Decision;
use crate::exports::log::{LogFormat, record_from};
use crate::exports::{madr, markdown_line, nygard, session_json};
use crate::{Error, Result, Store, store};

/// What publishing into one log did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PublishReport {
    pub dir: String,
    /// Files written (relative to the log).
    pub written: Vec<String>,
    /// Files edited by hand since ArchDecide wrote them: left as they are.
    pub conflicts: Vec<PublishConflict>,
    /// The commit made, as `<short hash> <message>`.
    pub commit: Option<String>,
    /// Why nothing was committed although the log asks for commits.
    pub commit_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PublishConflict {
    pub file: String,
    /// What the file holds now.
    pub on_disk: String,
    /// What ArchDecide would write.
    pub ours: String,
}

const INDEX: &str = "index.md";
const INDEX_HEADING: &str = "# Architecture decision log\n";
const GIT_ATTRIBUTES: &str = "# Written by ArchDecide: its index and the hashes of what it wrote merge line by line;\n# ArchDecide rewrites the index after a merge.\nindex.md merge=union\n.archdecide/*.sha256 merge=union\n";

/// Where the bytes go: the real file system, or (tests) one that fails on the way.
pub(crate) trait FileWriter {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<()>;
}

pub(crate) struct Disk;

impl FileWriter for Disk {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|source| Error::Io { context: format!("cannot create {}", parent.display()), source })?;
        }
        crate::exports::log::write_file(path, bytes)
    }
}

/// One file to bring up to date.
struct Planned {
    file: String,
    text: String,
    /// For a record's Markdown, its line in a commit message: "ADR-0007: Title (accepted)".
    label: Option<String>,
}

/// Publishes the records of `session_ids` (numbered ones; the others are left out) and the
/// records they link to into `log`, then the index; with `overwrite`, hand-edited files are
/// replaced too. `removed` are files taken out of the log before (a renumbered record's old
/// name): a commit includes their removal.
pub(crate) fn publish(
    store: &Store,
    log: &LinkedLog,
    session_ids: &[Uuid],
    overwrite: bool,
    removed: &[String],
    writer: &mut dyn FileWriter,
) -> Result<PublishReport> {
    let dir = Path::new(&log.dir);
    let mut decisions: Vec<Decision> = Vec::new();
    let mut seen = BTreeSet::new();
    for &session_id in session_ids {
        let Some(decision) = store::decisions::by_session(store.read(), session_id)? else { continue };
        if decision.number.is_none() {
            continue;
        }
        // The records it links to show its number and status: they change with it.
        for link in [&decision.supersedes, &decision.superseded_by].into_iter().flatten() {
            if let Some(linked) = store::decisions::by_session(store.read(), link.session_id)?
                && linked.number.is_some()
                && seen.insert(linked.id)
            {
                decisions.push(linked);
            }
        }
        if seen.insert(decision.id) {
            decisions.push(decision);
        }
    }
    decisions.sort_by_key(|d| d.number);

    let mut plan = Vec::new();
    for decision in decisions {
        let session_id = decision.session_id;
        let record = record_from(store, decision)?;
        let file = record.file_name();
        let text = match log.format {
            LogFormat::Madr => madr::render(&record),
            LogFormat::Nygard => nygard::render(&record),
        };
        // The evidence goes with a record that changes (or lacks it). It carries this
        // database's timestamps, so a teammate's copy of an unchanged record is left alone.
        let evidence = evidence_file(&file);
        let changed = std::fs::read(dir.join(&file)).ok().as_deref() != Some(text.as_bytes());
        if changed || !dir.join(&evidence).exists() {
            let text = session_json::export_session(store, session_id)?;
            plan.push(Planned { file: evidence, text, label: None });
        }
        let d = &record.decision;
        let label = format!("{}: {} ({})", record.label(), d.title, d.status.as_str());
        plan.push(Planned { file, text, label: Some(label) });
    }
    let mut report = PublishReport {
        dir: log.dir.clone(),
        written: Vec::new(),
        conflicts: Vec::new(),
        commit: None,
        commit_error: None,
    };
    // In a repository, the index and the hashes merge line by line (git's union driver):
    // two laptops publishing at once do not stop each other's pull; the index is rewritten
    // after the merge.
    if log.work_tree.is_some() && !dir.join(".gitattributes").exists() {
        plan.push(Planned { file: ".gitattributes".to_owned(), text: GIT_ATTRIBUTES.to_owned(), label: None });
    }
    write_planned(dir, &plan, overwrite, writer, &mut report)?;
    // The index, from what the folder holds now.
    let index = Planned { file: INDEX.to_owned(), text: index_text(dir)?, label: None };
    write_planned(dir, std::slice::from_ref(&index), overwrite, writer, &mut report)?;

    if log.commit && !report.written.is_empty() {
        let message = commit_message(&plan, &report.written);
        let mut files = report.written.clone();
        files.extend(report.written.iter().map(|f| hashes_file(f)));
        files.sort();
        files.dedup();
        match git::commit(dir, &files, removed, &message) {
            Ok(commit) => report.commit = Some(commit),
            Err(reason) => report.commit_error = Some(reason),
        }
    }
    Ok(report)
}

/// "ADR-0007: Use Kafka (accepted)", naming every record written.
fn commit_message(plan: &[Planned], written: &[String]) -> String {
    let mut lines = plan.iter().filter(|p| written.contains(&p.file)).filter_map(|p| p.label.clone());
    let Some(mut message) = lines.next() else { return "Update the decision log index".to_owned() };
    let rest: Vec<String> = lines.collect();
    if !rest.is_empty() {
        message += "\n\nAlso updated:\n";
        for line in rest {
            let _ = writeln!(message, "- {line}");
        }
    }
    message
}

/// The evidence beside `NNNN-slug.md`: `.archdecide/NNNN-slug.json`.
pub(crate) fn evidence_file(markdown_file: &str) -> String {
    format!("{EVIDENCE_DIR}/{}.json", markdown_file.trim_end_matches(".md"))
}

/// The hashes of what ArchDecide wrote into `file`: `.archdecide/<name>.sha256`, lines of
/// `<sha256>  <name>` as `sha256sum` writes them, the newest first.
fn hashes_file(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    format!("{EVIDENCE_DIR}/{name}.sha256")
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The hashes ArchDecide recorded for `file` (the last two writes).
fn written_hashes(dir: &Path, file: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join(hashes_file(file)))
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// Writes each planned file that changed. A file that exists and holds neither what is
/// planned nor anything ArchDecide wrote is a conflict (left alone unless `overwrite`). The
/// new hash is recorded before the file is written and the previous one kept, so a crash
/// between the two leaves a file ArchDecide still recognises as its own.
fn write_planned(
    dir: &Path,
    plan: &[Planned],
    overwrite: bool,
    writer: &mut dyn FileWriter,
    report: &mut PublishReport,
) -> Result<()> {
    for planned in plan {
        let path = dir.join(&planned.file);
        let on_disk = std::fs::read(&path).ok();
        if on_disk.as_deref() == Some(planned.text.as_bytes()) {
            continue;
        }
        let known = written_hashes(dir, &planned.file);
        // The index is derived from the folder; after a merge it holds both sides' lines. An
        // `index.md` that is not ArchDecide's (log4brains' homepage) is the log's own page.
        let our_index =
            planned.file == INDEX && on_disk.as_ref().is_some_and(|b| b.starts_with(INDEX_HEADING.as_bytes()));
        if planned.file == INDEX && !our_index && on_disk.as_ref().is_some_and(|b| !known.contains(&sha256(b))) {
            continue;
        }
        if let Some(bytes) = &on_disk
            && !overwrite
            && !our_index
            && !known.contains(&sha256(bytes))
        {
            report.conflicts.push(PublishConflict {
                file: planned.file.clone(),
                on_disk: String::from_utf8_lossy(bytes).into_owned(),
                ours: planned.text.clone(),
            });
            continue;
        }
        let new_hash = sha256(planned.text.as_bytes());
        let name = planned.file.rsplit('/').next().unwrap_or(&planned.file);
        let mut hashes = format!("{new_hash}  {name}\n");
        if let Some(previous) = known.first().filter(|h| **h != new_hash) {
            let _ = writeln!(hashes, "{previous}  {name}");
        }
        writer.write(&dir.join(hashes_file(&planned.file)), hashes.as_bytes())?;
        writer.write(&path, planned.text.as_bytes())?;
        report.written.push(planned.file.clone());
    }
    Ok(())
}

/// `index.md`: every record in the folder, by number, with its title, status and date.
fn index_text(dir: &Path) -> Result<String> {
    let mut out = format!("{INDEX_HEADING}\n");
    let mut rows = Vec::new();
    if dir.is_dir() {
        let root = dir
            .canonicalize()
            .map_err(|source| Error::Io { context: format!("cannot open {}", dir.display()), source })?;
        for (file, text) in crate::imports::read_adr_files(&root)? {
            let Ok(record) = text.map_err(|_| ()).and_then(|t| crate::imports::parse_record(&file, &t).map_err(|_| ()))
            else {
                continue;
            };
            let number = record.number.map_or_else(|| "–".to_owned(), |n| format!("ADR-{n:04}"));
            let status = record.status.map_or("unknown", |s| s.as_str());
            let date = record.date.map_or_else(String::new, |d| d.to_string());
            rows.push(format!("| [{number}]({file}) | {} | {status} | {date} |", markdown_line(&record.title)));
        }
    }
    if rows.is_empty() {
        out += "No decision has been recorded yet.\n";
    } else {
        out += "| No. | Decision | Status | Date |\n| --- | --- | --- | --- |\n";
        for row in rows {
            out += &row;
            out += "\n";
        }
    }
    Ok(out)
}
