//! The whole decision log into a folder: one `NNNN-title-with-dashes.md` per numbered record
//! (MADR 4 or Nygard/adr-tools), supersede links written both ways, and an `index.md`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Record, madr, markdown_line, nygard};
use crate::decisions::Decision;
use crate::sessions::get_session;
use crate::{Error, Result, Store, store};

/// The Markdown layouts a log can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LogFormat {
    Madr,
    Nygard,
}

/// What an export of the log wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LogExport {
    pub dir: String,
    pub files: Vec<String>,
}

/// The folder a log goes to by default, inside the folder the user picks (MADR's default).
pub const DEFAULT_LOG_DIR: &str = "docs/decisions";

pub fn export_log(store: &Store, dir: &Path, format: LogFormat) -> Result<LogExport> {
    std::fs::create_dir_all(dir).map_err(|source| io(format!("cannot create {}", dir.display()), source))?;
    let decisions = store::decisions::numbered(store.read())?;
    let mut files = Vec::with_capacity(decisions.len() + 1);
    let mut index = String::from("# Architecture decision log\n\n");
    if decisions.is_empty() {
        index += "No decision has been recorded yet.\n";
    } else {
        index += "| No. | Decision | Status | Date |\n| --- | --- | --- | --- |\n";
    }
    for decision in decisions {
        let record = record_from(store, decision)?;
        let name = record.file_name();
        let text = match format {
            LogFormat::Madr => madr::render(&record),
            LogFormat::Nygard => nygard::render(&record),
        };
        write_file(&dir.join(&name), text.as_bytes())?;
        let _ = writeln!(
            index,
            "| [{}]({name}) | {} | {} | {} |",
            record.label(),
            markdown_line(&record.decision.title).replace('|', "\\|"),
            record.status_word(),
            record.date
        );
        files.push(name);
    }
    write_file(&dir.join("index.md"), index.as_bytes())?;
    files.push("index.md".to_owned());
    Ok(LogExport { dir: dir.display().to_string(), files })
}

/// A numbered record ready to render: its frozen evidence, or (imported) its session's text.
pub fn record_from(store: &Store, decision: Decision) -> Result<Record> {
    let session = get_session(store, decision.session_id)?.session;
    let evidence = decision.snapshot.clone();
    let date = decision.decided_on.unwrap_or_else(|| decision.created_at.date_naive());
    Ok(Record::framed(decision, evidence, session, date))
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a crash never leaves a
/// half-written file behind.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let temporary: PathBuf = path.with_extension("archdecide-partial");
    // Either step's error names the file the user asked for, not the temporary one.
    let failed = |source| io(format!("cannot write {}", path.display()), source);
    std::fs::write(&temporary, bytes).map_err(&failed)?;
    std::fs::rename(&temporary, path).map_err(failed)
}

fn io(context: String, source: std::io::Error) -> Error {
    Error::Io { context, source }
}
