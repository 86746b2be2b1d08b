//! Import of existing decision records: a folder of Markdown ADRs (MADR 2–4 with or without
//! YAML front matter, Nygard / adr-tools, log4brains) becomes record-only sessions that keep
//! each record's number, title, date, status and supersede links; or one ArchDecide session
//! JSON file. Every file is read as hostile: size and text limits, no path outside the chosen
//! folder; a malformed file is reported by name with the reason, the others are imported, all
//! of them in one transaction.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::decisions::{Decision, DecisionStatus};
use crate::history::ChangeNote;
use crate::sessions::{Session, SessionStatus};
use crate::store::decisions::Relation;
use crate::text::{self, MAX_CONTEXT, MAX_ITEM, MAX_ITEMS, MAX_NAME};
use crate::{Error, Result, Store, store};

/// The largest ADR file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

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

/// A record read from Markdown, before it is stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedRecord {
    pub number: Option<u32>,
    pub title: String,
    pub status: Option<DecisionStatus>,
    pub date: Option<NaiveDate>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub context: String,
    pub chosen_option: String,
    pub rationale: String,
    pub good: Vec<String>,
    pub bad: Vec<String>,
    pub confirmation: String,
    /// Numbers of the records this one supersedes / is superseded by.
    pub supersedes: Vec<u32>,
    pub superseded_by: Vec<u32>,
}

/// Imports a folder of ADRs, or a session JSON file.
pub fn import_path(store: &mut Store, path: &Path) -> Result<ImportReport> {
    if path.is_dir() {
        return import_folder(store, path);
    }
    let name = file_label(path);
    let bytes = read_limited(path).map_err(|reason| Error::invalid("file", format!("{name}: {reason}")))?;
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
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&root)
        .map_err(|source| Error::Io { context: format!("cannot list {}", root.display()), source })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| is_adr_file_name(&file_label(path)))
        .collect();
    entries.sort();

    let mut parsed: Vec<(String, ParsedRecord)> = Vec::new();
    let mut skipped = Vec::new();
    for path in entries {
        let name = file_label(&path);
        // A link inside the folder that points elsewhere is not followed.
        match path.canonicalize() {
            Ok(real) if real.starts_with(&root) && real.is_file() => {}
            _ => {
                skipped.push(SkippedFile { file: name, reason: "points outside the chosen folder".into() });
                continue;
            }
        }
        let outcome = read_limited(&path)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_owned()))
            .and_then(|text| parse_record(&name, &text).map_err(|e| e.to_string()));
        match outcome {
            Ok(record) => parsed.push((name, record)),
            Err(reason) => skipped.push(SkippedFile { file: name, reason }),
        }
    }

    let now = store.now();
    let mut imported = Vec::new();
    store.write(ChangeNote::new("import").final_step(), |tx| {
        let mut numbers: HashSet<u32> = HashSet::new();
        let mut links: Vec<(Uuid, Vec<u32>, Vec<u32>)> = Vec::new();
        for (file, record) in &parsed {
            let taken = match record.number {
                Some(number) => numbers.contains(&number) || store::decisions::number_taken(tx, number)?,
                None => false,
            };
            if taken {
                let number = record.number.unwrap_or_default();
                skipped.push(SkippedFile { file: file.clone(), reason: format!("number {number} is already used") });
                continue;
            }
            let session_id = Uuid::now_v7();
            let decision_id = Uuid::now_v7();
            let status = record.status.unwrap_or(DecisionStatus::Accepted);
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
            };
            store::sessions::insert(tx, &session)?;
            let decision = Decision {
                id: decision_id,
                session_id,
                number: record.number,
                option_id: None,
                chosen_option: record.chosen_option.clone(),
                title: record.title.clone(),
                status,
                rationale: record.rationale.clone(),
                good: record.good.clone(),
                bad: record.bad.clone(),
                confirmation: record.confirmation.clone(),
                decision_makers: record.deciders.clone(),
                consulted: record.consulted.clone(),
                informed: record.informed.clone(),
                decided_on: record.date,
                review_by: None,
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
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(ImportReport { imported, skipped })
}

/// The folder holding the records: the one given, or a conventional subfolder of it.
fn adr_folder(folder: &Path) -> PathBuf {
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

/// `NNNN-anything.md`, as adr-tools and MADR name records.
pub fn is_adr_file_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.len() > 8 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-' && name.ends_with(".md")
}

fn file_label(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn read_limited(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > MAX_FILE_BYTES {
        return Err(format!("larger than {} KiB", MAX_FILE_BYTES / 1024));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

/// Reads one ADR in any of the dialects; the file name gives the number when the title does
/// not.
pub fn parse_record(file_name: &str, text: &str) -> Result<ParsedRecord> {
    let text = text.replace("\r\n", "\n");
    let mut record = ParsedRecord::default();
    let mut body = text.as_str();

    // MADR 3/4: YAML front matter.
    if let Some(rest) = body.strip_prefix("---\n") {
        let end =
            rest.find("\n---").ok_or_else(|| Error::invalid("file", "the front matter is never closed with ---"))?;
        for line in rest[..end].lines() {
            if let Some((key, value)) = line.split_once(':') {
                apply_field(&mut record, key, value);
            }
        }
        body = rest[end + 4..].trim_start_matches(['-', '\n']);
    }

    let mut lines = body.lines().peekable();
    // The title: the first "# " heading.
    let mut title = None;
    for line in lines.by_ref() {
        if let Some(heading) = line.strip_prefix("# ") {
            title = Some(heading.trim().to_owned());
            break;
        }
        if line.starts_with("## ") {
            break;
        }
    }
    let title = title.ok_or_else(|| Error::invalid("file", "there is no \"# \" title line"))?;
    // Nygard: "# 3. Title".
    let digits: String = title.chars().take_while(char::is_ascii_digit).collect();
    let title = match title[digits.len()..].strip_prefix(". ") {
        Some(rest) if !digits.is_empty() => {
            record.number = digits.parse().ok();
            rest.trim().to_owned()
        }
        _ => title,
    };
    if record.number.is_none() {
        record.number = file_name.get(..4).and_then(|n| n.parse().ok()).filter(|n| *n > 0);
    }

    // Sections by "## " heading; the text before the first is the preamble.
    let mut preamble = String::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in lines {
        if let Some(heading) = line.strip_prefix("## ") {
            sections.push((heading.trim().to_ascii_lowercase(), String::new()));
        } else if let Some((_, content)) = sections.last_mut() {
            content.push_str(line);
            content.push('\n');
        } else {
            preamble.push_str(line);
            preamble.push('\n');
        }
    }
    // log4brains / MADR 2: "- Status: …" items before the first "##"; adr-tools: "Date: …".
    for line in preamble.lines() {
        let item = line.trim_start_matches(['-', '*', ' ']);
        if let Some((key, value)) = item.split_once(':') {
            apply_field(&mut record, key, value);
        }
    }
    let section = |names: &[&str]| -> Option<String> {
        sections
            .iter()
            .find(|(heading, _)| names.iter().any(|n| heading.starts_with(n)))
            .map(|(_, c)| c.trim().to_owned())
    };
    if let Some(status) = section(&["status"]) {
        // adr-tools: the first line is the status; link lines follow.
        for line in status.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("superseded by") || lower.starts_with("superceded by") {
                record.status = Some(DecisionStatus::Superseded);
                record.superseded_by.extend(linked_number(line));
            } else if lower.starts_with("supersedes") || lower.starts_with("supercedes") {
                record.supersedes.extend(linked_number(line));
            } else if record.status.is_none() {
                record.status = status_word(line);
            }
        }
    }
    record.context = section(&["context and problem statement", "context"]).unwrap_or_default();
    if let Some(outcome) = section(&["decision outcome"]) {
        let (chosen, rest) = chosen_option(&outcome);
        record.chosen_option = chosen;
        let parts = consequences(&rest);
        record.rationale = parts.other;
        record.good = parts.good;
        record.bad = parts.bad;
        record.confirmation = parts.confirmation;
    } else if let Some(decision) = section(&["decision"]) {
        record.rationale = decision;
        record.chosen_option = title.clone();
        if let Some(consequences_text) = section(&["consequences"]) {
            let parts = consequences(&consequences_text);
            record.good = parts.good;
            record.bad = parts.bad;
            record.confirmation = parts.confirmation;
            if !parts.other.is_empty() {
                record.rationale = format!("{}\n\nConsequences: {}", record.rationale, parts.other);
            }
        }
    }
    for link in section(&["more information", "links"]).unwrap_or_default().lines() {
        let lower = link.trim().to_ascii_lowercase();
        if lower.starts_with("supersedes") {
            record.supersedes.extend(linked_number(link));
        } else if lower.starts_with("superseded by") || lower.starts_with("superceded by") {
            record.superseded_by.extend(linked_number(link));
        }
    }
    record.supersedes.dedup();
    record.superseded_by.dedup();

    // Every text through the same limits as typed input.
    record.title = text::required_line("title", "Title", &title, MAX_NAME)?;
    record.context = text::multi_line("context", "Context", &record.context, MAX_CONTEXT)?;
    record.rationale = text::multi_line("rationale", "Decision", &record.rationale, MAX_CONTEXT)?;
    record.confirmation = text::multi_line("confirmation", "Confirmation", &record.confirmation, MAX_CONTEXT)?;
    record.chosen_option = text::optional_line("chosen_option", "Chosen option", &record.chosen_option, MAX_NAME)?;
    if record.chosen_option.is_empty() {
        record.chosen_option = record.title.clone();
    }
    record.good = text::line_list("good", "Good consequences", &record.good, MAX_ITEMS, MAX_ITEM)?;
    record.bad = text::line_list("bad", "Bad consequences", &record.bad, MAX_ITEMS, MAX_ITEM)?;
    for names in [&mut record.deciders, &mut record.consulted, &mut record.informed] {
        *names = text::line_list("names", "Names", names, MAX_ITEMS, MAX_NAME)?;
    }
    Ok(record)
}

fn apply_field(record: &mut ParsedRecord, key: &str, value: &str) {
    let value = value.trim();
    match key.trim().to_ascii_lowercase().as_str() {
        "status" => {
            let lower = value.trim_matches('"').to_ascii_lowercase();
            if lower.starts_with("superseded by") || lower.starts_with("superceded by") {
                record.status = Some(DecisionStatus::Superseded);
                record.superseded_by.extend(linked_number(value));
            } else {
                // log4brains: an unknown status is a draft, which is a proposal here.
                record.status = Some(status_word(value).unwrap_or(DecisionStatus::Proposed));
            }
        }
        "date" => {
            record.date = NaiveDate::parse_from_str(value.trim_matches('"').get(..10).unwrap_or(value), "%Y-%m-%d").ok()
        }
        "decision-makers" | "deciders" => record.deciders = names(value),
        "consulted" => record.consulted = names(value),
        "informed" => record.informed = names(value),
        _ => {}
    }
}

fn status_word(text: &str) -> Option<DecisionStatus> {
    let word = text.trim().trim_matches('"').split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
    match word.as_str() {
        "superceded" => Some(DecisionStatus::Superseded),
        "draft" => Some(DecisionStatus::Proposed),
        other => DecisionStatus::parse(other),
    }
}

/// "[a, b]", "a, b", "\"a\", \"b\"" → names.
fn names(value: &str) -> Vec<String> {
    value
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(',')
        .map(|n| n.trim().trim_matches('"').trim_matches('\'').trim().to_owned())
        .filter(|n| !n.is_empty() && !n.starts_with('{'))
        .collect()
}

/// The record number a Markdown link points at: "[3. Title](0003-title.md)" → 3.
fn linked_number(line: &str) -> Option<u32> {
    let target = line.split("](").nth(1)?;
    let file = target.split(')').next()?.rsplit('/').next()?;
    file.get(..4).filter(|n| n.chars().all(|c| c.is_ascii_digit()))?.parse().ok()
}

/// "Chosen option: \"X\", because Y" → (X, "because Y…" rest).
fn chosen_option(outcome: &str) -> (String, String) {
    let Some(start) = outcome.find("Chosen option:") else { return (String::new(), outcome.to_owned()) };
    let after = outcome[start + "Chosen option:".len()..].trim_start();
    let (name, rest) = if let Some(quoted) = after.strip_prefix('"') {
        match quoted.find('"') {
            Some(end) => (quoted[..end].to_owned(), quoted[end + 1..].to_owned()),
            None => (String::new(), after.to_owned()),
        }
    } else {
        match after.split_once(',') {
            Some((name, rest)) => (name.trim().to_owned(), rest.to_owned()),
            None => (after.lines().next().unwrap_or_default().trim().to_owned(), String::new()),
        }
    };
    let rest = rest.trim_start_matches([',', ' ']);
    let rest = rest.strip_prefix("because").unwrap_or(rest).trim_start();
    (name, rest.to_owned())
}

/// A Decision Outcome or Consequences section taken apart.
struct Consequences {
    other: String,
    good: Vec<String>,
    bad: Vec<String>,
    confirmation: String,
}

/// Splits text into "Good, because" and "Bad, because" items, the `### Confirmation`
/// subsection, and the rest; other `###` headings are dropped.
fn consequences(text: &str) -> Consequences {
    let (mut other, mut good, mut bad, mut confirmation) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut in_confirmation = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("###") {
            in_confirmation = heading.trim().eq_ignore_ascii_case("confirmation");
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if in_confirmation {
            confirmation.push(trimmed.to_owned());
            continue;
        }
        let item = trimmed.trim_start_matches(['*', '-', ' ']);
        if let Some(rest) = item.strip_prefix("Good, because") {
            good.push(rest.trim().to_owned());
        } else if let Some(rest) = item.strip_prefix("Bad, because") {
            bad.push(rest.trim().to_owned());
        } else {
            other.push(trimmed.to_owned());
        }
    }
    Consequences { other: other.join("\n").trim().to_owned(), good, bad, confirmation: confirmation.join("\n") }
}

#[cfg(test)]
mod tests {
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
}
