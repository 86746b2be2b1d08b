//! `log …`: the linked decision logs (link, list, unlink, publish, sync, check).

use std::path::Path;
use std::process::ExitCode;

use archdecide_core::exports::log;
use uuid::Uuid;

use super::{Failure, LogAction, adr, parse_session_id, record_line, to_json};

/// `log check`: the problems on stdout, exit code 1 when there is one.
pub(super) fn check_log(dir: &Path, json: bool) -> ExitCode {
    let check = match archdecide_core::decision_log::check::check_log(dir) {
        Ok(check) => check,
        Err(error) => {
            eprintln!("archdecide: {error}");
            return ExitCode::FAILURE;
        }
    };
    if json {
        print!("{}", to_json(&check));
    } else {
        for problem in &check.problems {
            println!("{problem}");
        }
        let found = match check.problems.len() {
            0 => "no problems".to_owned(),
            1 => "1 problem".to_owned(),
            n => format!("{n} problems"),
        };
        let records = if check.records == 1 { "record" } else { "records" };
        println!("{} {records} checked in {}: {found}", check.records, check.dir);
    }
    if check.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// `log link | list | unlink | publish | sync`: one action on the linked decision logs.
pub(super) fn log(action: LogAction, data_dir: &Path) -> Result<String, Failure> {
    use archdecide_core::decision_log;
    let mut store = crate::data_dir::open_store(data_dir)?;
    let describe = |l: &decision_log::LinkedLog| {
        let format = match l.format {
            log::LogFormat::Madr => "madr",
            log::LogFormat::Nygard => "nygard",
        };
        let mut flags = vec![format];
        if l.read_only {
            flags.push("read-only");
        }
        if l.commit {
            flags.push("commits");
        }
        if l.work_tree.is_none() {
            flags.push("not in git");
        }
        format!("{}  ({})\n", l.dir, flags.join(", "))
    };
    match action {
        LogAction::Link { dir, format, read_only, commit } => {
            let linked = decision_log::link_log(&mut store, &dir, format.map(Into::into), read_only, commit)?;
            // The records already there come in now, so new numbers follow theirs.
            let picked: usize = decision_log::sync(&mut store)?
                .iter()
                .filter(|r| r.picked_up.dir == linked.dir)
                .map(|r| r.picked_up.picked_up.len())
                .sum();
            let mut out = format!("linked {}", describe(&linked));
            if picked > 0 {
                out += &format!("picked up {picked} record(s) already there\n");
            }
            Ok(out)
        }
        LogAction::Unlink { dir } => {
            decision_log::unlink_log(&mut store, &dir)?;
            Ok(format!("unlinked {}\n", dir.display()))
        }
        LogAction::List { json } => {
            let logs = decision_log::linked_logs(&store)?;
            if json {
                return Ok(to_json(&logs));
            }
            if logs.is_empty() {
                return Ok("No decision log is linked (`archdecide log link DIR`).\n".to_owned());
            }
            Ok(logs.iter().map(describe).collect())
        }
        LogAction::Publish { session_id: None, overwrite, .. } => {
            let reports = decision_log::publish_all(&store, overwrite)?;
            let mut out = String::new();
            for report in &reports {
                out += &format!("{}: {} file(s) written", report.dir, report.written.len());
                if let Some(commit) = &report.commit {
                    out += &format!(" (committed {commit})");
                }
                if !report.conflicts.is_empty() {
                    let files: Vec<&str> = report.conflicts.iter().map(|c| c.file.as_str()).collect();
                    out += &format!(
                        ", {} changed by hand and left as they are (--overwrite replaces them)",
                        files.join(", ")
                    );
                }
                out += "\n";
            }
            Ok(if out.is_empty() { "No decision log is linked.\n".to_owned() } else { out })
        }
        LogAction::Publish { session_id: Some(session_id), overwrite, .. } => {
            let id = parse_session_id(&session_id)?;
            let decision = archdecide_core::decisions::get_decision(&store, id)?
                .filter(|d| d.number.is_some())
                .ok_or_else(|| format!("session {id} has no numbered record: accept or reject it first"))?;
            let out = publish_lines(&store, id, overwrite, &record_line(&decision))?;
            Ok(if out.is_empty() { "every linked log is up to date\n".to_owned() } else { out })
        }
        LogAction::Sync => {
            let reports = decision_log::sync(&mut store)?;
            let mut out = String::new();
            for report in &reports {
                let picked = &report.picked_up;
                out += &format!("{}: {} record(s) picked up", picked.dir, picked.picked_up.len());
                if let Some(published) = &report.published {
                    out += &format!(", {} file(s) written", published.written.len());
                    if !published.conflicts.is_empty() {
                        let files: Vec<&str> = published.conflicts.iter().map(|c| c.file.as_str()).collect();
                        out += &format!(", {} changed by hand and left as they are", files.join(", "));
                    }
                }
                out += "\n";
                for record in &picked.picked_up {
                    out += &format!("  {}  {}  ({})\n", adr(record.number), record.title, record.file);
                }
                for moved in &picked.renumbered {
                    out += &format!("  renumbered {moved} (the number was published first by a teammate)\n");
                }
                for update in &picked.updated {
                    out += &format!("  {update} by a teammate\n");
                }
                for skipped in &picked.skipped {
                    out += &format!("  skipped {}: {}\n", skipped.file, skipped.reason);
                }
            }
            Ok(if out.is_empty() { "No decision log is linked.\n".to_owned() } else { out })
        }
        LogAction::Check { .. } => Err("a log is checked by `run`".into()),
    }
}

/// Publishes the session's record into the linked logs: one line per log written to; a file
/// edited by hand since ArchDecide wrote it fails the command, naming the file (`done` says
/// what did happen).
pub(super) fn publish_lines(
    store: &archdecide_core::Store,
    session_id: Uuid,
    overwrite: bool,
    done: &str,
) -> Result<String, Failure> {
    let reports = archdecide_core::decision_log::publish_record(store, session_id, overwrite)?;
    let mut out = String::new();
    let mut conflicts = Vec::new();
    for report in &reports {
        if !report.written.is_empty() {
            out += &format!("published {} file(s) into {}", report.written.len(), report.dir);
            if let Some(commit) = &report.commit {
                out += &format!(" (committed {commit})");
            }
            out += "\n";
        }
        if let Some(reason) = &report.commit_error {
            out += &format!("not committed in {}: {reason}\n", report.dir);
        }
        conflicts.extend(report.conflicts.iter().map(|c| format!("{}/{}", report.dir, c.file)));
    }
    if conflicts.is_empty() {
        return Ok(out);
    }
    Err(format!(
        "{}; but {} changed by hand since ArchDecide wrote it and was left as it is (`archdecide log publish {session_id} --overwrite` replaces it)",
        done.trim_end(),
        conflicts.join(", ")
    )
    .into())
}
