//! The team's decision log in a folder of its repository: the folders linked to this
//! database, publishing records into them (`publish`), and checking one as CI would
//! (`check`). Each record's Markdown has the workshop's evidence beside it in
//! [`EVIDENCE_DIR`]; git, when the folder is in a working tree, is the user's own (`git`).

pub mod check;
pub mod git;
pub mod pick_up;
pub mod publish;
mod renumber;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use pick_up::PickUp;
pub use publish::{PublishConflict, PublishReport};

use crate::exports::log::LogFormat;
use crate::history::ChangeNote;
use crate::{Error, Result, Store, store};

/// The folder inside a decision log that holds each record's evidence, the lossless
/// session file named like the record (`.archdecide/0007-use-kafka.json`), and the hashes of
/// what ArchDecide wrote.
pub const EVIDENCE_DIR: &str = ".archdecide";

/// Where a linked log's records go when the folder given is a repository's root.
pub const DEFAULT_DIR: &str = crate::exports::log::DEFAULT_LOG_DIR;

const SETTING: &str = "decision_logs";

/// A decision folder linked to this database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LinkedLog {
    /// The folder, absolute.
    pub dir: String,
    pub format: LogFormat,
    /// Another repository's log: read, never written.
    pub read_only: bool,
    /// Publishing commits the files it wrote (through the user's git).
    pub commit: bool,
    /// The root of the git working tree the folder is in, if any.
    pub work_tree: Option<String>,
    pub linked_at: DateTime<Utc>,
}

/// The linked logs, in the order they were linked.
pub fn linked_logs(store: &Store) -> Result<Vec<LinkedLog>> {
    let Some(json) = store::settings::setting(store.read(), SETTING)? else { return Ok(Vec::new()) };
    Ok(serde_json::from_str(&json).unwrap_or_default())
}

fn save(store: &mut Store, logs: &[LinkedLog]) -> Result<()> {
    let json = serde_json::to_string(logs).unwrap_or_default();
    store.write(ChangeNote::new("link_log").final_step(), |tx| store::settings::set_setting(tx, SETTING, &json))
}

/// Links the decision folder `dir` (or, for a repository's root, the log inside it: adr-tools'
/// `.adr-dir`, an existing `doc/adr`, `docs/adr` or `docs/decisions`, else a new
/// `docs/decisions`). An existing log keeps its format (front matter means MADR; adr-tools'
/// and log4brains' layouts mean Nygard); `format` is for a new one. Linking a folder again
/// updates its settings.
pub fn link_log(
    store: &mut Store,
    dir: &Path,
    format: Option<LogFormat>,
    read_only: bool,
    commit: bool,
) -> Result<LinkedLog> {
    let (folder, convention) = decision_folder(dir);
    if !folder.is_dir() {
        if read_only {
            return Err(Error::invalid("dir", format!("{} does not exist", folder.display())));
        }
        std::fs::create_dir_all(&folder)
            .map_err(|source| Error::Io { context: format!("cannot create {}", folder.display()), source })?;
    }
    let folder = folder
        .canonicalize()
        .map_err(|source| Error::Io { context: format!("cannot open {}", folder.display()), source })?;
    let format = existing_format(&folder).or(convention).or(format).unwrap_or(LogFormat::Madr);
    let log = LinkedLog {
        dir: folder.display().to_string(),
        format,
        read_only,
        commit,
        work_tree: git::work_tree(&folder),
        linked_at: store.now(),
    };
    let mut logs = linked_logs(store)?;
    match logs.iter_mut().find(|l| l.dir == log.dir) {
        Some(existing) => {
            *existing = LinkedLog { linked_at: existing.linked_at, ..log.clone() };
        }
        None => logs.push(log.clone()),
    }
    save(store, &logs)?;
    Ok(logs.into_iter().find(|l| l.dir == log.dir).unwrap_or(log))
}

/// Forgets a linked folder (its files stay).
pub fn unlink_log(store: &mut Store, dir: &Path) -> Result<()> {
    let wanted = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf()).display().to_string();
    let mut logs = linked_logs(store)?;
    let before = logs.len();
    logs.retain(|l| l.dir != wanted);
    if logs.len() == before {
        return Err(Error::invalid("dir", format!("{wanted} is not a linked decision log")));
    }
    save(store, &logs)
}

/// The decision folder for `dir`, and the format its convention implies.
fn decision_folder(dir: &Path) -> (PathBuf, Option<LogFormat>) {
    if let Ok(relative) = std::fs::read_to_string(dir.join(".adr-dir")) {
        return (dir.join(relative.trim()), Some(LogFormat::Nygard));
    }
    let is_root = dir.join(".git").exists() || dir.join(".log4brains.yml").exists();
    if !is_root {
        return (dir.to_path_buf(), None);
    }
    for (sub, format) in [("doc/adr", Some(LogFormat::Nygard)), ("docs/adr", None), (DEFAULT_DIR, None)] {
        if dir.join(sub).is_dir() {
            return (dir.join(sub), format);
        }
    }
    let log4brains = dir.join(".log4brains.yml").exists().then_some(LogFormat::Nygard);
    (dir.join(DEFAULT_DIR), log4brains)
}

/// The format of the records already in `folder`: front matter is MADR, a `# N. Title` line
/// Nygard.
fn existing_format(folder: &Path) -> Option<LogFormat> {
    let files = crate::imports::read_adr_files(folder).ok()?;
    let text = files.into_iter().find_map(|(_, text)| text.ok())?;
    Some(if text.starts_with("---") { LogFormat::Madr } else { LogFormat::Nygard })
}

/// Publishes the record of `session_id` into every writable linked log: after a status
/// change (accept, reject, deprecate, supersede). A log already holding what would be written
/// is left untouched.
pub fn publish_record(store: &Store, session_id: Uuid, overwrite: bool) -> Result<Vec<PublishReport>> {
    linked_logs(store)?
        .iter()
        .filter(|log| !log.read_only)
        .map(|log| publish::publish(store, log, &[session_id], overwrite, &[], &mut publish::Disk))
        .collect()
}

/// Where the record of `session_id` lives: its file in each linked log that holds it
/// (absolute paths).
pub fn record_locations(store: &Store, session_id: Uuid) -> Result<Vec<String>> {
    let Some(decision) = store::decisions::by_session(store.read(), session_id)? else { return Ok(Vec::new()) };
    if decision.number.is_none() {
        return Ok(Vec::new());
    }
    let file = crate::exports::file_name(decision.number, &decision.title, "md");
    Ok(linked_logs(store)?
        .iter()
        .map(|log| Path::new(&log.dir).join(&file))
        .filter(|path| path.is_file())
        .map(|path| path.display().to_string())
        .collect())
}

/// For the session list: every session whose numbered record is in a linked log, with the
/// logs (their folders) that hold it. Each folder is listed once, so this costs one directory
/// read per log however many records there are.
pub fn record_logs(store: &Store) -> Result<std::collections::HashMap<Uuid, Vec<String>>> {
    let logs = linked_logs(store)?;
    let mut out: std::collections::HashMap<Uuid, Vec<String>> = std::collections::HashMap::new();
    if logs.is_empty() {
        return Ok(out);
    }
    let files: Vec<std::collections::HashSet<String>> = logs
        .iter()
        .map(|log| {
            std::fs::read_dir(&log.dir)
                .map(|entries| {
                    entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
                })
                .unwrap_or_default()
        })
        .collect();
    for decision in store::decisions::numbered(store.read())? {
        let file = crate::exports::file_name(decision.number, &decision.title, "md");
        let holding: Vec<String> = logs
            .iter()
            .zip(&files)
            .filter(|(_, names)| names.contains(&file))
            .map(|(log, _)| log.dir.clone())
            .collect();
        if !holding.is_empty() {
            out.insert(decision.session_id, holding);
        }
    }
    Ok(out)
}

/// Publishes every numbered record of this database into every writable linked log (records
/// decided before the log was linked are not published otherwise).
pub fn publish_all(store: &Store, overwrite: bool) -> Result<Vec<PublishReport>> {
    let ids: Vec<Uuid> = store::decisions::numbered(store.read())?.into_iter().map(|d| d.session_id).collect();
    linked_logs(store)?
        .iter()
        .filter(|log| !log.read_only)
        .map(|log| publish::publish(store, log, &ids, overwrite, &[], &mut publish::Disk))
        .collect()
}

/// Brings every writable linked log up to date with the database: each numbered record
/// decided or changed since the log was linked, and each record already in the folder. After a
/// crash halfway through publishing, this finishes the job.
pub fn reconcile(store: &Store) -> Result<Vec<PublishReport>> {
    linked_logs(store)?
        .iter()
        .filter(|log| !log.read_only)
        .map(|log| {
            let ids = sessions_for(store, log)?;
            publish::publish(store, log, &ids, false, &[], &mut publish::Disk)
        })
        .collect()
}

/// What a sync did in one log: what it picked up, then what it published.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SyncReport {
    pub picked_up: PickUp,
    /// None for a read-only log.
    pub published: Option<PublishReport>,
}

/// Every linked log against the database, on start and on demand: first what teammates put
/// there (their workshops, hand-written records, statuses they changed), then what this
/// database has that the folder lacks (`reconcile`).
pub fn sync(store: &mut Store) -> Result<Vec<SyncReport>> {
    let logs = linked_logs(store)?;
    let mut reports = Vec::with_capacity(logs.len());
    for log in &logs {
        // Clashing numbers first: a teammate's record can only come in once ours moved aside.
        let renumbered = renumber::renumber_clashes(store, log)?;
        // One commit for everything picked up (each record still all-or-nothing).
        let mut picked_up = store.batch(|store| pick_up::pick_up(store, log))??;
        picked_up.renumbered = renumbered;
        let published = if log.read_only {
            None
        } else {
            // What just came in is the teammates' as they wrote it: not rendered again now.
            let fresh: std::collections::HashSet<Uuid> = picked_up.picked_up.iter().map(|r| r.session_id).collect();
            let ids: Vec<Uuid> = sessions_for(store, log)?.into_iter().filter(|id| !fresh.contains(id)).collect();
            Some(publish::publish(store, log, &ids, false, &[], &mut publish::Disk)?)
        };
        reports.push(SyncReport { picked_up, published });
    }
    Ok(reports)
}

/// The sessions whose records belong in `log`: those already published there, and those
/// decided or changed since it was linked and not there yet.
fn sessions_for(store: &Store, log: &LinkedLog) -> Result<Vec<Uuid>> {
    let evidence = Path::new(&log.dir).join(EVIDENCE_DIR);
    let in_folder: std::collections::HashSet<String> = std::fs::read_dir(&evidence)
        .map(|entries| entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    Ok(store::decisions::numbered(store.read())?
        .into_iter()
        .filter(|d| {
            // Published by ArchDecide (here or by a teammate): its evidence is beside it. A
            // record file without evidence is someone's own (hand-written, picked up): left
            // to them.
            let evidence = crate::exports::file_name(d.number, &d.title, "json");
            let markdown = crate::exports::file_name(d.number, &d.title, "md");
            in_folder.contains(&evidence)
                || (d.updated_at >= log.linked_at && !Path::new(&log.dir).join(markdown).exists())
        })
        .map(|d| d.session_id)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decision_log::publish::evidence_file;
    use crate::decisions::{DecisionStatus, choose_option, set_decision_status};

    /// A store with one accepted record, numbered 1; returns its session.
    fn accepted(store: &mut Store, title: &str) -> Uuid {
        let (id, detail) = crate::decisions::tests::decided_workshop(store, title);
        let decision = choose_option(store, id, detail.options[0].id).unwrap();
        set_decision_status(store, decision.id, DecisionStatus::Accepted, false).unwrap();
        id
    }

    fn git(dir: &Path, args: &[&str]) -> String {
        let out = std::process::Command::new("git").arg("-C").arg(dir).args(args).output().expect("git is installed");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn repository() -> tempfile::TempDir {
        let repo = tempfile::tempdir().unwrap();
        git(repo.path(), &["init", "--quiet", "--initial-branch=main"]);
        git(repo.path(), &["config", "user.name", "Ana Souza"]);
        git(repo.path(), &["config", "user.email", "ana@example.com"]);
        git(repo.path(), &["config", "commit.gpgsign", "false"]);
        repo
    }

    fn read(dir: &Path, file: &str) -> String {
        std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    #[test]
    fn a_repository_gets_docs_decisions_and_an_adr_tools_log_keeps_its_layout() {
        let mut store = Store::open_in_memory().unwrap();
        let repo = repository();
        let log = link_log(&mut store, repo.path(), None, false, false).unwrap();
        assert!(log.dir.ends_with("docs/decisions") && Path::new(&log.dir).is_dir(), "{}", log.dir);
        assert_eq!(log.format, LogFormat::Madr);
        assert_eq!(log.work_tree.as_deref().map(Path::new), Some(repo.path().canonicalize().unwrap().as_path()));

        let tools = tempfile::tempdir().unwrap();
        std::fs::write(tools.path().join(".adr-dir"), "architecture/decisions\n").unwrap();
        let log = link_log(&mut store, tools.path(), Some(LogFormat::Madr), false, true).unwrap();
        assert!(log.dir.ends_with("architecture/decisions"));
        assert_eq!(log.format, LogFormat::Nygard, "adr-tools reads Nygard");
        assert_eq!(log.work_tree, None, "a plain folder works too");
        assert_eq!(linked_logs(&store).unwrap().len(), 2);
        // Linking again changes the settings, not the list.
        link_log(&mut store, tools.path(), None, true, false).unwrap();
        let logs = linked_logs(&store).unwrap();
        assert_eq!((logs.len(), logs[1].read_only), (2, true));
        unlink_log(&mut store, Path::new(&logs[1].dir)).unwrap();
        assert_eq!(linked_logs(&store).unwrap().len(), 1);
    }

    #[test]
    fn publishing_writes_the_record_its_evidence_and_the_index() {
        let mut store = Store::open_in_memory().unwrap();
        let folder = tempfile::tempdir().unwrap();
        link_log(&mut store, folder.path(), None, false, false).unwrap();
        let id = accepted(&mut store, "Checkout");
        assert_eq!(record_locations(&store, id).unwrap(), Vec::<String>::new(), "not published yet");
        assert!(record_logs(&store).unwrap().is_empty());
        let report = publish_record(&store, id, false).unwrap().remove(0);
        let md = crate::exports::render_record(&store, id, crate::exports::RecordFormat::Madr).unwrap();
        let here = Path::new(&linked_logs(&store).unwrap()[0].dir).join(&md.0).display().to_string();
        assert_eq!(record_locations(&store, id).unwrap(), [here]);
        let dir = linked_logs(&store).unwrap()[0].dir.clone();
        assert_eq!(record_logs(&store).unwrap(), [(id, vec![dir])].into_iter().collect());
        assert_eq!(report.written, [evidence_file(&md.0), md.0.clone(), "index.md".to_owned()]);
        assert_eq!(read(folder.path(), &md.0).as_bytes(), md.1.as_slice());
        assert!(read(folder.path(), "index.md").contains(&format!("| [ADR-0001]({}) |", md.0)));
        // The evidence is the lossless session: a teammate reopens the workshop from it.
        let mut teammate = Store::open_in_memory().unwrap();
        let json = read(folder.path(), &evidence_file(&md.0));
        assert_eq!(crate::exports::session_json::import_session(&mut teammate, &json).unwrap(), id);
        // Publishing again writes nothing; the folder passes the check.
        assert!(publish_record(&store, id, false).unwrap()[0].written.is_empty());
        assert_eq!(check::check_log(folder.path()).unwrap().problems, []);
    }

    #[test]
    fn a_hand_edited_file_is_not_overwritten_silently() {
        let mut store = Store::open_in_memory().unwrap();
        let folder = tempfile::tempdir().unwrap();
        link_log(&mut store, folder.path(), None, false, false).unwrap();
        let id = accepted(&mut store, "Checkout");
        let file = publish_record(&store, id, false).unwrap()[0].written[1].clone();
        let edited = read(folder.path(), &file) + "\nA note the architect added by hand.\n";
        std::fs::write(folder.path().join(&file), &edited).unwrap();
        let decision = crate::decisions::get_decision(&store, id).unwrap().unwrap();
        set_decision_status(&mut store, decision.id, DecisionStatus::Deprecated, false).unwrap();
        let report = publish_record(&store, id, false).unwrap().remove(0);
        assert_eq!(report.conflicts.len(), 1);
        let conflict = &report.conflicts[0];
        assert_eq!((conflict.file.as_str(), conflict.on_disk.as_str()), (file.as_str(), edited.as_str()));
        assert!(conflict.ours.contains("status: \"deprecated\""));
        assert_eq!(read(folder.path(), &file), edited, "left as it was");
        // The user chose ours.
        let report = publish_record(&store, id, true).unwrap().remove(0);
        assert!(report.conflicts.is_empty() && report.written.contains(&file));
        assert!(read(folder.path(), &file).contains("status: \"deprecated\""));
    }

    /// A writer that fails after `left` files, like a crash halfway through publishing.
    struct Crashing {
        left: usize,
    }

    impl publish::FileWriter for Crashing {
        fn write(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
            if self.left == 0 {
                return Err(Error::Io { context: "crash".into(), source: std::io::Error::other("crash") });
            }
            self.left -= 1;
            publish::Disk.write(path, bytes)
        }
    }

    /// Whatever point publishing stops at, the next reconcile brings the folder to what a clean
    /// publish writes: no conflict with ArchDecide's own half-written work, nothing lost.
    #[test]
    fn a_crash_halfway_through_publishing_is_finished_by_the_next_reconcile() {
        let mut store = Store::open_in_memory().unwrap();
        let clean = tempfile::tempdir().unwrap();
        let first = accepted(&mut store, "Monolith");
        let second = accepted(&mut store, "Services");
        crate::decisions::supersede_record(&mut store, first, second).unwrap();
        let log = link_log(&mut store, clean.path(), None, false, false).unwrap();
        publish::publish(&store, &log, &[second], false, &[], &mut publish::Disk).unwrap();
        let expected = snapshot(clean.path());
        assert!(expected.len() >= 8, "{:?}", expected.keys());
        unlink_log(&mut store, clean.path()).unwrap();
        for writes in 0..expected.len() {
            let folder = tempfile::tempdir().unwrap();
            let log = link_log(&mut store, folder.path(), None, false, false).unwrap();
            assert!(publish::publish(&store, &log, &[second], false, &[], &mut Crashing { left: writes }).is_err());
            let reports = reconcile(&store).unwrap();
            assert!(reports.iter().all(|r| r.conflicts.is_empty()), "after {writes} writes: {reports:?}");
            assert_eq!(snapshot(folder.path()), expected, "after {writes} writes");
            unlink_log(&mut store, folder.path()).unwrap();
        }
    }

    /// Every file under `dir` and its text, the hashes' history aside.
    fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, String> {
        let mut out = std::collections::BTreeMap::new();
        for sub in ["", EVIDENCE_DIR] {
            for entry in std::fs::read_dir(dir.join(sub)).unwrap().filter_map(|e| e.ok()) {
                let name = entry.file_name().to_string_lossy().into_owned();
                if entry.path().is_file() {
                    let text = std::fs::read_to_string(entry.path()).unwrap();
                    let text =
                        if name.ends_with(".sha256") { text.lines().next().unwrap_or("").to_owned() } else { text };
                    out.insert(format!("{sub}/{name}"), text);
                }
            }
        }
        out
    }

    #[test]
    fn publishing_commits_exactly_its_files_with_a_message_naming_the_record() {
        let mut store = Store::open_in_memory().unwrap();
        let repo = repository();
        std::fs::write(repo.path().join("unrelated.txt"), "staged by the user\n").unwrap();
        git(repo.path(), &["add", "unrelated.txt"]);
        link_log(&mut store, repo.path(), None, false, true).unwrap();
        let id = accepted(&mut store, "Checkout");
        let report = publish_record(&store, id, false).unwrap().remove(0);
        let commit = report.commit.clone().unwrap_or_else(|| panic!("{report:?}"));
        assert!(commit.ends_with(" ADR-0001: Checkout: Monolithic (accepted)"), "{commit}");
        let message = git(repo.path(), &["log", "-1", "--format=%s%n%an"]);
        assert_eq!(message, "ADR-0001: Checkout: Monolithic (accepted)\nAna Souza\n");
        let committed = git(repo.path(), &["show", "--name-only", "--format=", "HEAD"]);
        assert!(committed.contains("docs/decisions/index.md") && !committed.contains("unrelated.txt"), "{committed}");
        let status = git(repo.path(), &["status", "--porcelain"]);
        assert_eq!(status, "A  unrelated.txt\n", "the user's staged file stays staged");
    }

    /// Hand-written records in a linked log come in once, and are never rewritten in
    /// ArchDecide's layout behind their authors' backs.
    #[test]
    fn hand_written_records_are_picked_up_once_and_left_as_written() {
        let folder = tempfile::tempdir().unwrap();
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/adr/nygard");
        for entry in std::fs::read_dir(&fixtures).unwrap().filter_map(|e| e.ok()) {
            std::fs::copy(entry.path(), folder.path().join(entry.file_name())).unwrap();
        }
        let before = std::fs::read_to_string(folder.path().join("0002-use-a-monolith.md")).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        link_log(&mut store, folder.path(), None, false, false).unwrap();
        let first = sync(&mut store).unwrap().remove(0);
        assert_eq!(first.picked_up.picked_up.len(), 3, "{:?}", first.picked_up.skipped);
        let published = first.published.unwrap();
        assert!(published.conflicts.is_empty(), "{published:?}");
        assert_eq!(published.written, ["index.md"], "only the index is ArchDecide's");
        let again = sync(&mut store).unwrap().remove(0);
        assert!(again.picked_up.picked_up.is_empty() && again.picked_up.skipped.is_empty(), "{again:?}");
        assert!(again.published.unwrap().written.is_empty());
        assert_eq!(std::fs::read_to_string(folder.path().join("0002-use-a-monolith.md")).unwrap(), before);
        let superseded = crate::sessions::list_sessions(&store).unwrap();
        assert_eq!(superseded.iter().filter(|s| s.status == crate::sessions::SessionStatus::Superseded).count(), 1);
    }

    /// log4brains' own layout (`.log4brains.yml`, date-named records without numbers, its
    /// homepage `index.md` and `template.md`): linked, picked up once, published into, and
    /// still sound for `log check`.
    #[test]
    fn log4brains_own_layout_is_linked_picked_up_and_published_into() {
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/log4brains-sample");
        let repo = tempfile::tempdir().unwrap();
        let copy = |from: &Path, to: &Path| {
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(from, to).unwrap();
        };
        for file in [".log4brains.yml", "docs/adr/index.md", "docs/adr/template.md"] {
            copy(&sample.join(file), &repo.path().join(file));
        }
        for entry in std::fs::read_dir(sample.join("docs/adr")).unwrap().filter_map(|e| e.ok()) {
            copy(&entry.path(), &repo.path().join("docs/adr").join(entry.file_name()));
        }
        std::fs::create_dir(repo.path().join(".git")).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let log = link_log(&mut store, repo.path(), None, false, false).unwrap();
        assert!(log.dir.ends_with("docs/adr"), "{}", log.dir);
        assert_eq!(log.format, LogFormat::Nygard, "log4brains reads the Nygard layout's list items");
        let homepage = read(Path::new(&log.dir), "index.md");
        let first = sync(&mut store).unwrap().remove(0);
        let picked: Vec<(Option<u32>, &str)> =
            first.picked_up.picked_up.iter().map(|r| (r.number, r.title.as_str())).collect();
        assert_eq!(
            picked,
            [(None, "Use Log4brains to manage the ADRs"), (None, "Use Markdown Architectural Decision Records")]
        );
        let published = first.published.unwrap();
        assert!(published.conflicts.is_empty() && published.written.is_empty(), "{published:?}");
        assert_eq!(read(Path::new(&log.dir), "index.md"), homepage, "log4brains' homepage is its own");
        assert!(sync(&mut store).unwrap()[0].picked_up.picked_up.is_empty(), "picked up once");
        let records = crate::sessions::list_sessions(&store).unwrap();
        let draft = records.iter().find(|s| s.title.starts_with("Use Markdown")).unwrap();
        assert_eq!(draft.status, crate::sessions::SessionStatus::Scoring, "a log4brains draft is a proposal");

        let id = accepted(&mut store, "Checkout");
        let report = publish_record(&store, id, false).unwrap().remove(0);
        assert!(report.written.iter().any(|f| f == "0001-checkout-monolithic.md"), "{report:?}");
        assert!(report.conflicts.is_empty(), "{report:?}");
        let text = read(Path::new(&log.dir), "0001-checkout-monolithic.md");
        assert!(text.contains("\n- Status: accepted\n- Date: "), "log4brains' list items: {text}");
        assert_eq!(check::check_log(Path::new(&log.dir)).unwrap().problems, []);

        // A quick record, superseding the workshop's: the same layout, still sound.
        let quick = crate::quick_records::QuickRecord {
            title: "Use a modular monolith".into(),
            supersedes: Some(1),
            reversibility: Some(crate::sessions::Reversibility::Easy),
            ..Default::default()
        };
        let quick = crate::quick_records::write_quick_record(&mut store, quick).unwrap();
        let report = publish_record(&store, quick.session_id, false).unwrap().remove(0);
        assert!(report.written.iter().any(|f| f == "0002-use-a-modular-monolith.md"), "{report:?}");
        let text = read(Path::new(&log.dir), "0002-use-a-modular-monolith.md");
        assert!(text.contains("\n- Status: accepted\n- Date: "), "{text}");
        assert!(text.contains("Easy to reverse (a two-way door)."), "{text}");
        assert!(read(Path::new(&log.dir), "0001-checkout-monolithic.md").contains("Superseded by"));
        assert_eq!(check::check_log(Path::new(&log.dir)).unwrap().problems, []);
    }
}
