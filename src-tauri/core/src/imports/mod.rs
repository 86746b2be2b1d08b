//! Import of existing decision records: a folder of Markdown ADRs (MADR 2–4 with or without
//! YAML front matter, Nygard / adr-tools, log4brains) becomes record-only sessions that keep
//! each record's number, title, date, status and supersede links; or one ArchDecide session
//! JSON file. Every file is read as hostile: size and text limits, no path outside the chosen
//! folder; a malformed file is reported by name with the reason, the others are imported, all
//! of them in one transaction.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::decisions::{Decision, DecisionStatus};
use crate::history::ChangeNote;
use crate::sessions::{Session, SessionStatus};
use crate::store::decisions::Relation;
use crate::{Error, Result, Store, store};

mod markdown;

pub use markdown::{ParsedDriver, ParsedOption, ParsedRecord, parse_record};

/// The largest ADR file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// The largest session JSON file read: a workshop of 50 people scoring 40 drivers × 12 options
/// is about 5 MiB.
pub const MAX_SESSION_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportReport {
    pub imported: Vec<ImportedRecord>,
    pub skipped: Vec<SkippedFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ImportedRecord {
    pub file: String,
    pub number: Option<u32>,
    pub title: String,
    pub session_id: Uuid,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SkippedFile {
    pub file: String,
    pub reason: String,
}

/// Imports a folder of ADRs, or a session JSON file.
pub fn import_path(store: &mut Store, path: &Path) -> Result<ImportReport> {
    if path.is_dir() {
        return import_folder(store, path);
    }
    let name = file_label(path);
    let bytes =
        read_limited(path, MAX_SESSION_BYTES).map_err(|reason| Error::invalid("file", format!("{name}: {reason}")))?;
    let json = String::from_utf8(bytes).map_err(|_| Error::invalid("file", format!("{name}: not UTF-8 text")))?;
    let session_id = crate::exports::session_json::import_session(store, &json)?;
    let title = crate::sessions::get_session(store, session_id)?.session.title;
    let number = crate::decisions::get_decision(store, session_id)?.and_then(|d| d.number);
    Ok(ImportReport { imported: vec![ImportedRecord { file: name, number, title, session_id }], skipped: Vec::new() })
}

/// Imports every `NNNN-*.md` in `folder` (or in its `docs/decisions`, `doc/adr`, `docs/adr`).
pub fn import_folder(store: &mut Store, folder: &Path) -> Result<ImportReport> {
    let folder = adr_folder(folder);
    let root = folder
        .canonicalize()
        .map_err(|source| Error::Io { context: format!("cannot open {}", folder.display()), source })?;
    let mut parsed: Vec<(String, ParsedRecord)> = Vec::new();
    let mut skipped = Vec::new();
    for (name, outcome) in read_adr_files(&root)? {
        match outcome.and_then(|text| parse_record(&name, &text).map_err(|e| e.to_string())) {
            Ok(record) => parsed.push((name, record)),
            Err(reason) => skipped.push(SkippedFile { file: name, reason }),
        }
    }
    let mut report = import_records(store, &parsed)?;
    report.skipped.extend(skipped);
    report.skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(report)
}

/// Stores records read from Markdown (`(file, record)`), all in one transaction; a record
/// whose number is taken is skipped with the reason. Links by number are made to records
/// imported now, already here, or arriving later.
pub(crate) fn import_records(store: &mut Store, parsed: &[(String, ParsedRecord)]) -> Result<ImportReport> {
    let mut skipped = Vec::new();
    let now = store.now();
    let mut imported = Vec::new();
    store.write(ChangeNote::new("import").final_step(), |tx| {
        let mut numbers: HashSet<u32> = HashSet::new();
        let mut links: Vec<(Uuid, Vec<u32>, Vec<u32>)> = Vec::new();
        for (file, record) in parsed {
            let taken = match record.number {
                Some(number) => numbers.contains(&number) || store::decisions::number_taken(tx, number)?,
                None => false,
            };
            if taken {
                let number = record.number.unwrap_or_default();
                skipped.push(SkippedFile { file: file.clone(), reason: format!("number {number} is already used") });
                continue;
            }
            // The session the record came from keeps its id, unless that id is here already.
            let session_id = match record.session_id {
                Some(id) if !store::sessions::exists(tx, id)? => id,
                _ => Uuid::now_v7(),
            };
            let decision_id = Uuid::now_v7();
            let status = record.status.unwrap_or(DecisionStatus::Accepted);
            let (use_cases, use_case_notes) =
                crate::use_cases::from_building(crate::catalog::get_catalog(), &record.building);
            let session = Session {
                id: session_id,
                title: record.title.clone(),
                context: record.context.clone(),
                facilitator: String::new(),
                held_on: record.date,
                tags: vec!["imported".to_owned()],
                status: match status {
                    DecisionStatus::Proposed => SessionStatus::Scoring,
                    DecisionStatus::Superseded => SessionStatus::Superseded,
                    _ => SessionStatus::Decided,
                },
                created_at: now,
                updated_at: now,
                review_by: None,
                revisit_of: None,
                weighting: crate::sessions::Weighting::Direct,
                use_cases,
                use_case_notes,
                reversibility: record.reversibility,
            };
            store::sessions::insert(tx, &session)?;
            let option_id = insert_options_and_drivers(tx, session_id, record)?;
            let decision = Decision {
                id: decision_id,
                session_id,
                number: record.number,
                option_id,
                chosen_option: record.chosen_option.clone(),
                title: record.title.clone(),
                status,
                summary: record.summary.clone(),
                rationale: record.rationale.clone(),
                good: record.good.clone(),
                bad: record.bad.clone(),
                confirmation: record.confirmation.clone(),
                decision_makers: record.deciders.clone(),
                consulted: record.consulted.clone(),
                informed: record.informed.clone(),
                decided_on: record.date,
                review_by: record.review_by,
                triggers: record.triggers.clone(),
                supersedes: None,
                superseded_by: None,
                snapshot: None,
                created_at: now,
                updated_at: now,
            };
            store::decisions::save(tx, &decision)?;
            if let Some(number) = record.number {
                store::decisions::reserve_number(tx, number)?;
                numbers.insert(number);
            }
            links.push((decision_id, record.supersedes.clone(), record.superseded_by.clone()));
            imported.push(ImportedRecord {
                file: file.clone(),
                number: record.number,
                title: record.title.clone(),
                session_id,
            });
        }
        // Links by number, to records imported now, already here, or arriving later.
        for (decision_id, supersedes, superseded_by) in links {
            for number in supersedes {
                store::decisions::remember_link(tx, decision_id, Relation::Supersedes, None, Some(number))?;
            }
            for number in superseded_by {
                store::decisions::remember_link(tx, decision_id, Relation::SupersededBy, None, Some(number))?;
            }
        }
        store::decisions::link_pending(tx, now)?;
        Ok(())
    })?;
    Ok(ImportReport { imported, skipped })
}

/// Stores the record's considered options and drivers in its session; the id of the chosen
/// option, when it is one of them.
fn insert_options_and_drivers(
    tx: &rusqlite::Connection,
    session_id: Uuid,
    record: &ParsedRecord,
) -> Result<Option<Uuid>> {
    let mut chosen = None;
    for (position, option) in record.options.iter().enumerate() {
        let id = Uuid::now_v7();
        if option.name == record.chosen_option {
            chosen = Some(id);
        }
        store::options::insert(
            tx,
            &crate::options::ArchitectureOption {
                id,
                session_id,
                catalog_key: None,
                name: option.name.clone(),
                definition: option.definition.clone(),
                pros: option.pros.clone(),
                cons: option.cons.clone(),
                use_cases: Vec::new(),
                position: position as u32,
            },
        )?;
    }
    for (position, driver) in record.drivers.iter().enumerate() {
        store::drivers::insert(
            tx,
            &crate::drivers::Driver {
                id: Uuid::now_v7(),
                session_id,
                template_key: None,
                title: driver.title.clone(),
                description: driver.description.clone(),
                category: crate::drivers::DriverCategory::Custom,
                must_have: driver.must_have,
                position: position as u32,
            },
        )?;
    }
    Ok(chosen)
}

/// Every `NNNN-*.md` file in `root` (a canonical folder), in name order, with its text or the
/// reason it cannot be read: larger than [`MAX_FILE_BYTES`], not UTF-8, or a link to
/// somewhere outside the folder (never followed).
pub(crate) fn read_adr_files(root: &Path) -> Result<Vec<(String, std::result::Result<String, String>)>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|source| Error::Io { context: format!("cannot list {}", root.display()), source })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| is_adr_file_name(&file_label(path)))
        .collect();
    entries.sort();
    Ok(entries
        .into_iter()
        .map(|path| {
            let outcome = match path.canonicalize() {
                Ok(real) if real.starts_with(root) && real.is_file() => read_limited(&path, MAX_FILE_BYTES)
                    .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned())),
                _ => Err("points outside the chosen folder".to_owned()),
            };
            (file_label(&path), outcome)
        })
        .collect())
}

/// The folder holding the records: the one given, or a conventional subfolder of it.
pub(crate) fn adr_folder(folder: &Path) -> PathBuf {
    let has_records = |dir: &Path| {
        std::fs::read_dir(dir)
            .map(|entries| entries.filter_map(|e| e.ok()).any(|e| is_adr_file_name(&e.file_name().to_string_lossy())))
            .unwrap_or(false)
    };
    if has_records(folder) {
        return folder.to_path_buf();
    }
    for sub in ["docs/decisions", "doc/adr", "docs/adr", "doc/decisions"] {
        let candidate = folder.join(sub);
        if has_records(&candidate) {
            return candidate;
        }
    }
    folder.to_path_buf()
}

/// `NNNN-anything.md`, as adr-tools and MADR name records, or `YYYYMMDD-anything.md`, as
/// log4brains does (its records have no number).
pub fn is_adr_file_name(name: &str) -> bool {
    (record_number(name).is_some() || dated_name(name).is_some()) && name.ends_with(".md") && name.len() > 8
}

/// The number a record's file name gives: `0007-…` → 7.
pub(crate) fn record_number(name: &str) -> Option<u32> {
    let bytes = name.as_bytes();
    (bytes.len() > 5 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-')
        .then(|| name[..4].parse().ok())
        .flatten()
}

/// The day a log4brains file name gives: `20240131-…` → 2024-01-31.
pub(crate) fn dated_name(name: &str) -> Option<chrono::NaiveDate> {
    let bytes = name.as_bytes();
    if bytes.len() > 9 && bytes[..8].iter().all(u8::is_ascii_digit) && bytes[8] == b'-' {
        chrono::NaiveDate::parse_from_str(&name[..8], "%Y%m%d").ok()
    } else {
        None
    }
}

fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn read_limited(path: &Path, max: u64) -> std::result::Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > max {
        return Err(format!("larger than {} KiB", max / 1024));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::decisions::get_decision;

    fn fixture(dialect: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/adr").join(dialect)
    }

    fn records(store: &Store, report: &ImportReport) -> Vec<Decision> {
        report.imported.iter().map(|r| get_decision(store, r.session_id).unwrap().unwrap()).collect()
    }

    #[test]
    fn madr4_front_matter_outcome_consequences_and_links() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, &fixture("madr4")).unwrap();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        let records = records(&store, &report);
        let first = &records[0];
        assert_eq!((first.number, first.title.as_str()), (Some(1), "Use PostgreSQL for orders"));
        assert_eq!(first.status, DecisionStatus::Accepted);
        assert_eq!(first.decided_on, NaiveDate::from_ymd_opt(2025, 3, 14));
        assert_eq!(first.decision_makers, ["Ana Souza", "Bo Chen"]);
        assert_eq!(
            (first.consulted.clone(), first.informed.clone()),
            (vec!["Carla Díaz".to_owned()], vec!["Ops team".to_owned()])
        );
        assert_eq!(first.chosen_option, "PostgreSQL");
        assert_eq!(first.rationale, "it gives us transactions and the team already runs it.");
        assert_eq!(
            (first.good.clone(), first.bad.clone()),
            (vec!["orders stay consistent.".to_owned()], vec!["schema changes need migrations.".to_owned()])
        );
        assert_eq!(first.confirmation, "Reviewed in the architecture board.");
        assert_eq!(first.superseded_by.as_ref().and_then(|l| l.number), Some(2));
        assert_eq!(records[1].supersedes.as_ref().and_then(|l| l.number), Some(1));
        assert_eq!(records[1].status, DecisionStatus::Proposed);
        let session = crate::sessions::get_session(&store, first.session_id).unwrap().session;
        assert!(session.context.starts_with("Orders need transactions"));
        assert_eq!(session.tags, ["imported"]);
    }

    #[test]
    fn madr2_list_items() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, &fixture("madr2")).unwrap();
        let record = &records(&store, &report)[0];
        assert_eq!((record.number, record.status), (Some(1), DecisionStatus::Accepted));
        assert_eq!(record.decision_makers, ["Ana", "Bo"]);
        assert_eq!(record.decided_on, NaiveDate::from_ymd_opt(2020, 5, 1));
        assert_eq!(record.chosen_option, "MADR 2.1.2");
        assert_eq!(record.good, ["decisions are easy to find."]);
    }

    #[test]
    fn nygard_adr_tools_with_the_superceded_spelling() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, &fixture("nygard")).unwrap();
        let records = records(&store, &report);
        assert_eq!(records.iter().map(|r| r.number.unwrap()).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(records[0].title, "Record architecture decisions");
        assert_eq!(records[0].decided_on, NaiveDate::from_ymd_opt(2026, 1, 10));
        assert!(records[0].rationale.starts_with("We will use Architecture Decision Records"));
        assert!(records[0].rationale.contains("Consequences: See Michael Nygard's article"));
        assert_eq!(records[1].status, DecisionStatus::Superseded);
        assert_eq!(records[1].superseded_by.as_ref().and_then(|l| l.number), Some(3));
        assert_eq!(records[2].supersedes.as_ref().and_then(|l| l.number), Some(2));
        assert_eq!(records[1].bad, ["scaling parts alone is impossible."]);
    }

    #[test]
    fn log4brains_status_lines_and_default_status() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, &fixture("log4brains")).unwrap();
        assert_eq!(report.imported.len(), 2, "index.md is not a record");
        let records = records(&store, &report);
        assert_eq!(records[0].status, DecisionStatus::Superseded);
        assert_eq!(records[0].superseded_by.as_ref().and_then(|l| l.number), Some(2));
        assert_eq!(records[1].status, DecisionStatus::Accepted, "no status item means accepted");
        assert_eq!(records[0].decision_makers, ["Bo Chen"]);
    }

    #[test]
    fn broken_files_are_reported_by_name_and_the_rest_import() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, &fixture("broken")).unwrap();
        assert_eq!(report.imported.len(), 1);
        let reasons: Vec<(&str, &str)> = report.skipped.iter().map(|s| (s.file.as_str(), s.reason.as_str())).collect();
        assert_eq!(reasons.len(), 5, "{reasons:?}");
        let reason_of = |file: &str| reasons.iter().find(|(f, _)| *f == file).map(|(_, r)| *r).unwrap_or("");
        assert!(reason_of("0002-no-title.md").contains("no \"# \" title"));
        assert!(reason_of("0003-unclosed-front-matter.md").contains("never closed"));
        assert!(reason_of("0004-not-utf8.md").contains("UTF-8"));
        assert!(reason_of("0005-control-character.md").contains("control"));
        assert!(reasons.iter().any(|(_, r)| r.contains("number 1 is already used")));
    }

    #[test]
    fn numbers_already_taken_are_refused_and_new_numbers_follow_imported_ones() {
        let mut store = Store::open_in_memory().unwrap();
        import_folder(&mut store, &fixture("nygard")).unwrap();
        let again = import_folder(&mut store, &fixture("nygard")).unwrap();
        assert!(again.imported.is_empty());
        assert_eq!(again.skipped.len(), 3);
        let (id, detail) = crate::decisions::tests::decided_workshop(&mut store, "Next");
        let decision = crate::decisions::choose_option(&mut store, id, detail.options[0].id).unwrap();
        let accepted =
            crate::decisions::set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
        assert_eq!(accepted.number, Some(4));
    }

    #[test]
    fn files_outside_the_folder_and_huge_files_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "# Secret\n").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.md"), dir.path().join("0001-link.md")).unwrap();
        std::fs::write(dir.path().join("0002-huge.md"), format!("# Huge\n{}", "x".repeat(2 * 1024 * 1024))).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, dir.path()).unwrap();
        assert!(report.imported.is_empty());
        let reasons: Vec<&str> = report.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons, ["points outside the chosen folder", "larger than 1024 KiB"]);
    }

    #[test]
    fn an_exported_log_imports_back() {
        let mut store = Store::open_in_memory().unwrap();
        import_folder(&mut store, &fixture("nygard")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for format in [crate::exports::log::LogFormat::Madr, crate::exports::log::LogFormat::Nygard] {
            let target = dir.path().join(format!("{format:?}"));
            crate::exports::log::export_log(&store, &target, format).unwrap();
            let mut other = Store::open_in_memory().unwrap();
            let report = import_folder(&mut other, &target).unwrap();
            assert!(report.skipped.is_empty(), "{format:?}: {:?}", report.skipped);
            let back = records(&other, &report);
            let titles: Vec<&str> = back.iter().map(|r| r.title.as_str()).collect();
            assert_eq!(
                titles,
                ["Record architecture decisions", "Use a monolith", "Split into services"],
                "{format:?}"
            );
            assert_eq!(back[1].status, DecisionStatus::Superseded, "{format:?}");
            assert_eq!(back[1].superseded_by.as_ref().and_then(|l| l.number), Some(3), "{format:?}");
            assert_eq!(back[2].supersedes.as_ref().and_then(|l| l.number), Some(2), "{format:?}");
        }
    }

    #[test]
    fn a_newer_record_that_supersedes_makes_the_older_one_superseded() {
        // Only the newer file names the link (adr-tools' `new -s` edits both; a hand-written
        // log often does not).
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, &fixture("supersede-one-way")).unwrap();
        let records = records(&store, &report);
        assert_eq!(records[0].status, DecisionStatus::Superseded);
        assert_eq!(records[0].superseded_by.as_ref().and_then(|l| l.number), Some(2));
        assert_eq!(records[1].supersedes.as_ref().and_then(|l| l.number), Some(1));
        assert_eq!(records[1].status, DecisionStatus::Accepted);
        let older = crate::sessions::get_session(&store, records[0].session_id).unwrap().session;
        assert_eq!(older.status, SessionStatus::Superseded);
    }

    /// Both ends agree, whichever of the two session files comes first.
    #[test]
    fn session_files_link_in_either_order() {
        let mut source = Store::open_in_memory().unwrap();
        let report = import_folder(&mut source, &fixture("supersede-one-way")).unwrap();
        let files: Vec<String> = report
            .imported
            .iter()
            .map(|r| crate::exports::session_json::export_session(&source, r.session_id).unwrap())
            .collect();
        for order in [[0, 1], [1, 0]] {
            let mut store = Store::open_in_memory().unwrap();
            let ids: Vec<Uuid> = order
                .iter()
                .map(|&i| crate::exports::session_json::import_session(&mut store, &files[i]).unwrap())
                .collect();
            let (older, newer) = if order[0] == 0 { (ids[0], ids[1]) } else { (ids[1], ids[0]) };
            let older = get_decision(&store, older).unwrap().unwrap();
            let newer = get_decision(&store, newer).unwrap().unwrap();
            assert_eq!(older.superseded_by.as_ref().map(|l| l.decision_id), Some(newer.id), "{order:?}");
            assert_eq!(newer.supersedes.as_ref().map(|l| l.decision_id), Some(older.id), "{order:?}");
            assert_eq!(older.status, DecisionStatus::Superseded, "{order:?}");
        }
    }

    /// A session file whose record supersedes one that arrives later as Markdown.
    #[test]
    fn a_link_to_a_record_not_here_yet_is_made_when_it_arrives() {
        let mut source = Store::open_in_memory().unwrap();
        let report = import_folder(&mut source, &fixture("supersede-one-way")).unwrap();
        let newer_file = crate::exports::session_json::export_session(&source, report.imported[1].session_id).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let newer = crate::exports::session_json::import_session(&mut store, &newer_file).unwrap();
        assert_eq!(get_decision(&store, newer).unwrap().unwrap().supersedes, None, "nothing dangles meanwhile");
        // The older record alone, as a folder.
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            fixture("supersede-one-way").join("0001-use-a-monolith.md"),
            dir.path().join("0001-use-a-monolith.md"),
        )
        .unwrap();
        let older = import_folder(&mut store, dir.path()).unwrap().imported[0].session_id;
        let older = get_decision(&store, older).unwrap().unwrap();
        let newer = get_decision(&store, newer).unwrap().unwrap();
        assert_eq!(newer.supersedes.as_ref().map(|l| l.decision_id), Some(older.id));
        assert_eq!(older.superseded_by.as_ref().map(|l| l.decision_id), Some(newer.id));
        assert_eq!(older.status, DecisionStatus::Superseded);
    }

    #[test]
    fn a_nygard_export_keeps_who_was_consulted_and_informed() {
        let mut store = Store::open_in_memory().unwrap();
        import_folder(&mut store, &fixture("madr4")).unwrap();
        let dir = tempfile::tempdir().unwrap();
        crate::exports::log::export_log(&store, dir.path(), crate::exports::log::LogFormat::Nygard).unwrap();
        let mut other = Store::open_in_memory().unwrap();
        let report = import_folder(&mut other, dir.path()).unwrap();
        let first = &records(&other, &report)[0];
        assert_eq!(first.decision_makers, ["Ana Souza", "Bo Chen"]);
        assert_eq!(first.consulted, ["Carla Díaz"]);
        assert_eq!(first.informed, ["Ops team"]);
    }

    fn render(store: &Store, session_id: Uuid, format: crate::exports::RecordFormat) -> String {
        String::from_utf8(crate::exports::render_record(store, session_id, format).unwrap().1).unwrap()
    }

    /// Exports each imported record in `format` into a new folder, imports that into a new
    /// store, and returns the store and its report.
    fn cycle(store: &Store, report: &ImportReport, format: crate::exports::RecordFormat) -> (Store, ImportReport) {
        let dir = tempfile::tempdir().unwrap();
        for imported in &report.imported {
            let (name, bytes) = crate::exports::render_record(store, imported.session_id, format).unwrap();
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let mut next = Store::open_in_memory().unwrap();
        let report = import_folder(&mut next, dir.path()).unwrap();
        assert!(report.skipped.is_empty(), "{format:?}: {:?}", report.skipped);
        (next, report)
    }

    #[test]
    fn a_madr_records_considered_options_and_drivers_become_the_sessions() {
        let mut store = Store::open_in_memory().unwrap();
        let report = import_folder(&mut store, &fixture("round-trip")).unwrap();
        let record = &records(&store, &report)[0];
        let detail = crate::sessions::get_session(&store, record.session_id).unwrap();
        let names: Vec<&str> = detail.options.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["GraphQL gateway", "REST with BFFs", "gRPC-web"]);
        let graphql = &detail.options[0];
        assert_eq!(record.option_id, Some(graphql.id), "the chosen option is one of them");
        assert_eq!(graphql.pros, ["clients ask for what they need"]);
        assert_eq!(graphql.cons, ["query costs must be limited"]);
        assert_eq!(
            graphql.definition,
            "One schema in front of the services.\n\nNeutral, because the team has used it once"
        );
        assert_eq!(detail.options[1].cons, ["every client needs its own back end"]);
        let drivers: Vec<&str> = detail.drivers.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(drivers, ["Fewer round trips", "Schema ownership"]);
        assert_eq!(record.decision_makers, ["Ana Souza", "Bo \"B\" Chen"]);
        assert_eq!(record.consulted, ["Carla Díaz"]);
        assert_eq!(record.confirmation, "Checked in the API review after the spike.");
        // The team's trigger comes in; one the export computed from evidence does not.
        assert_eq!(record.triggers, ["If the spike's p95 latency passes 300 ms"]);
        assert!(
            record.rationale.ends_with("client.\n\nMore information: The spike lives in `spikes/graphql`."),
            "{}",
            record.rationale
        );
    }

    /// Escapes, links and sections stay as they were over export → import cycles in both
    /// formats: nothing gains backslashes, a link stays a link, "We will use …, because" is
    /// not read into the decision, and nothing the export derived is read back as text.
    #[test]
    fn records_stay_the_same_over_export_import_cycles() {
        use crate::exports::RecordFormat;
        for format in [RecordFormat::Madr, RecordFormat::Nygard] {
            let mut store = Store::open_in_memory().unwrap();
            let mut report = import_folder(&mut store, &fixture("round-trip")).unwrap();
            let mut exports = Vec::new();
            for _ in 0..3 {
                exports.push(report.imported.iter().map(|r| render(&store, r.session_id, format)).collect::<Vec<_>>());
                (store, report) = cycle(&store, &report, format);
            }
            assert_eq!(exports[0], exports[1], "{format:?}: the first cycle changed the files");
            assert_eq!(exports[1], exports[2], "{format:?}");
            let back = records(&store, &report);
            assert_eq!(back[0].title, "Adopt GraphQL [spike #42]", "{format:?}");
            assert_eq!(back[1].chosen_option, "a modular monolith", "{format:?}");
            assert_eq!(
                back[1].rationale,
                "one deployable is all we can run well.\n\nConsequences: Deploys stay coupled."
            );
            assert_eq!(back[1].good, ["one pipeline."], "{format:?}");
            assert_eq!(back[0].triggers, ["If the spike's p95 latency passes 300 ms"], "{format:?}");
            // What the system is: the vocabulary's label is a tick again, the rest the team's words.
            let monolith = crate::sessions::get_session(&store, back[1].session_id).unwrap().session;
            assert_eq!(monolith.use_cases, ["small_application"], "{format:?}");
            assert_eq!(monolith.use_case_notes, "Booking for three climbing gyms", "{format:?}");
            assert_eq!(monolith.reversibility, Some(crate::sessions::Reversibility::Easy), "{format:?}");
            assert_eq!(monolith.context, "A team of four ships one product.", "{format:?}");
            let session = crate::sessions::get_session(&store, back[0].session_id).unwrap().session;
            assert!(
                session.context.contains("See the RFC <https://example.com/rfc-7>\nand <https://graphql.org>."),
                "{format:?}: {}",
                session.context
            );
            let first = &exports[0][0];
            assert!(first.contains("See the RFC <https://example.com/rfc-7>"), "a live autolink: {first}");
            assert!(first.contains("Adopt GraphQL \\[spike \\#42\\]"), "{first}");
            assert!(!exports[0][1].contains("The options considered were"), "{format:?}: {}", exports[0][1]);
        }
    }
}
