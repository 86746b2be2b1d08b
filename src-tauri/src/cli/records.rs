//! Records from the command line: `record …`, `new`, `revisit`, `review`, `export`,
//! `export-log`, `import`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use archdecide_core::exports::{self, log};
use archdecide_core::{imports, revisits};

use super::{ExportFormat, Failure, LogLayout, RecordAction, parse_session_id, publish_lines, to_json};

/// `review`: the due records and their triggers on stdout, exit code 1 when one is due.
pub(super) fn review(data_dir: &Path, json: bool, on: Option<chrono::NaiveDate>) -> ExitCode {
    let due = crate::data_dir::open_store(data_dir).map_err(Failure::from).and_then(|store| {
        let today = on.unwrap_or_else(|| store.now().date_naive());
        Ok(revisits::due_reviews(&store, today)?)
    });
    let due = match due {
        Ok(due) => due,
        Err(error) => {
            eprintln!("archdecide: {}", error.to_string().replace('\n', " "));
            return ExitCode::FAILURE;
        }
    };
    if json {
        print!("{}", to_json(&due));
    } else {
        for record in &due {
            let label = archdecide_core::decisions::number_label(record.number);
            println!("{label}  {}  review by {}", record.title, record.review_by);
            for trigger in &record.triggers {
                println!("  - {}", trigger.text);
            }
        }
        match due.len() {
            0 => println!("No decision is due for review."),
            1 => println!("1 decision is due for review."),
            n => println!("{n} decisions are due for review."),
        }
    }
    if due.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `export`: one record as PDF, MADR, Nygard or the lossless JSON.
pub(super) fn export(
    session_id: String,
    format: ExportFormat,
    output: PathBuf,
    data_dir: &Path,
) -> Result<String, Failure> {
    let id = parse_session_id(&session_id)?;
    let store = crate::data_dir::open_store(data_dir)?;
    let (name, bytes) = exports::render_record(&store, id, format.into())?;
    let path = if output.is_dir() { output.join(name) } else { output };
    log::write_file(&path, &bytes)?;
    Ok(format!("wrote {}\n", path.display()))
}

/// `export-log`: every numbered record into a folder, with an index.
pub(super) fn export_log(dir: PathBuf, format: LogLayout, data_dir: &Path) -> Result<String, Failure> {
    let store = crate::data_dir::open_store(data_dir)?;
    let format = format.into();
    let report = log::export_log(&store, &dir, format)?;
    Ok(format!("wrote {} files into {}\n", report.files.len(), report.dir))
}

/// `import`: a folder of ADRs or a session file.
pub(super) fn import(path: PathBuf, json: bool, data_dir: &Path) -> Result<String, Failure> {
    let mut store = crate::data_dir::open_store(data_dir)?;
    let report = imports::import_path(&mut store, &path)?;
    if json {
        return Ok(to_json(&report));
    }
    let mut out = format!("imported {} record(s)\n", report.imported.len());
    for record in &report.imported {
        out += &format!("  {}  {}  ({})\n", adr(record.number), record.title, record.file);
    }
    if !report.skipped.is_empty() {
        out += &format!("skipped {} file(s)\n", report.skipped.len());
        for skipped in &report.skipped {
            out += &format!("  {}: {}\n", skipped.file, skipped.reason);
        }
    }
    Ok(out)
}

/// `record …`: one step of a record's life; prints the record as it now stands.
pub(super) fn record(action: RecordAction, data_dir: &Path) -> Result<String, Failure> {
    use archdecide_core::decisions::{self, DecisionStatus};
    let mut store = crate::data_dir::open_store(data_dir)?;
    let record_of = |session_id: &str| -> Result<(uuid::Uuid, uuid::Uuid), Failure> {
        let id = parse_session_id(session_id)?;
        let decision = decisions::get_decision(&store, id)?
            .ok_or_else(|| format!("session {id} has no decision record yet (choose an option in Decide first)"))?;
        Ok((id, decision.id))
    };
    let (status, despite, session) = match &action {
        RecordAction::Accept { session_id, despite_inconsistency } => {
            (DecisionStatus::Accepted, *despite_inconsistency, session_id)
        }
        RecordAction::Reject { session_id } => (DecisionStatus::Rejected, false, session_id),
        RecordAction::Deprecate { session_id } => (DecisionStatus::Deprecated, false, session_id),
        RecordAction::Supersede { session_id, by } => {
            let (old, _) = record_of(session_id)?;
            let (newer, _) = record_of(by)?;
            let decision = decisions::supersede_record(&mut store, old, newer)?;
            return Ok(record_line(&decision) + &publish_lines(&store, newer, false, &record_line(&decision))?);
        }
    };
    let (id, decision_id) = record_of(session)?;
    let decision = decisions::set_decision_status(&mut store, decision_id, status, despite)?;
    Ok(record_line(&decision) + &publish_lines(&store, id, false, &record_line(&decision))?)
}

/// `new`: the record's line (or JSON), then what publishing it wrote.
pub(super) fn new_record(
    quick: archdecide_core::quick_records::QuickRecord,
    json: bool,
    data_dir: &Path,
) -> Result<String, Failure> {
    let mut store = crate::data_dir::open_store(data_dir)?;
    let decision = archdecide_core::quick_records::write_quick_record(&mut store, quick)?;
    let line = record_line(&decision);
    let published = match decision.status {
        archdecide_core::decisions::DecisionStatus::Proposed => String::new(),
        _ => publish_lines(&store, decision.session_id, false, &line)?,
    };
    if json {
        return Ok(to_json(&decision));
    }
    Ok(format!("{line}session {}\n{published}", decision.session_id))
}

/// "ADR-0003  accepted  Use PostgreSQL (superseded by ADR-0004)".
pub(super) fn record_line(decision: &archdecide_core::decisions::Decision) -> String {
    let mut line = format!("{}  {}  {}", adr(decision.number), decision.status.as_str(), decision.title);
    if let Some(link) = &decision.superseded_by {
        line += &format!(" (superseded by {})", adr(link.number));
    }
    if let Some(link) = &decision.supersedes {
        line += &format!(" (supersedes {})", adr(link.number));
    }
    line + "\n"
}

/// "ADR-0007", or "draft" before a number is given (a column of the CLI's output).
pub(super) fn adr(number: Option<u32>) -> String {
    number.map_or_else(|| "draft".to_owned(), |n| format!("ADR-{n:04}"))
}

/// `revisit`: a new session linked to the old one, everything copied in.
pub(super) fn revisit(session_id: String, data_dir: &Path) -> Result<String, Failure> {
    let id = parse_session_id(&session_id)?;
    let mut store = crate::data_dir::open_store(data_dir)?;
    let detail = revisits::revisit_session(&mut store, id)?;
    Ok(format!("{}  {}\n", detail.session.id, detail.session.title))
}
