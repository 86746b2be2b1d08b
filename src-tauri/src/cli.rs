//! The command-line interface (clap): the same binary without a window. Every subcommand
//! prints to stdout and exits non-zero with a one-line error on stderr when it fails.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use archdecide_core::analysis::Analysis;
use archdecide_core::catalog::get_catalog;
use archdecide_core::exports::{self, RecordFormat, log};
use archdecide_core::scoring;
use archdecide_core::sessions::{self, SessionDetail};
use archdecide_core::{backups, history, imports, revisits, search};
use clap::{Parser, Subcommand};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Parser)]
#[command(
    name = "archdecide",
    version,
    about = "Architecture decision workshops and records. Without a subcommand, opens the window."
)]
pub struct Args {
    /// Folder holding the database (default: the platform's data folder for ArchDecide).
    #[arg(long, global = true, value_name = "DIR", env = "ARCHDECIDE_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the workshop sessions, most recently changed first.
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one session: framing, stakeholders, drivers, options.
    Show {
        /// The session's id (as printed by `list`).
        session_id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Analyse a session: weights, totals, ranking, must-have failures, each stakeholder's
    /// ranking, disagreement per cell, Kendall's W, coverage (refused during a blind round).
    Analyze {
        /// The session's id (as printed by `list`).
        session_id: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// SMAA-2 samples.
        #[arg(long, default_value_t = archdecide_core::smaa::DEFAULT_SAMPLES)]
        samples: u32,
        /// SMAA-2 random seed (the same seed gives the same result).
        #[arg(long, default_value_t = archdecide_core::smaa::DEFAULT_SEED)]
        seed: u64,
    },
    /// Export a session's decision record (or, as JSON, the whole session).
    Export {
        /// The session's id (as printed by `list`).
        session_id: String,
        #[arg(long, value_enum, default_value = "madr")]
        format: ExportFormat,
        /// The file to write (a folder gets the suggested file name).
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
    },
    /// Export every numbered record into a folder, one NNNN-title.md each, with an index.md.
    ExportLog {
        /// The folder to write into (created when missing).
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        #[arg(long, value_enum, default_value = "madr")]
        format: LogLayout,
    },
    /// Import a folder of Markdown ADRs (MADR 2–4, Nygard/adr-tools, log4brains) or one
    /// ArchDecide session JSON file.
    Import {
        /// The folder or the .json file.
        path: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Full-text search over everything the sessions hold.
    Search {
        /// Words to find (every word must match; prefixes count).
        query: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Move a session's decision record through its life, with the window's rules: accept,
    /// reject or deprecate it, or mark it superseded by another session's record.
    Record {
        #[command(subcommand)]
        action: RecordAction,
    },
    /// Write a record directly, without a workshop (like `adr new`): accepted records are
    /// numbered after the last one and published into the linked decision logs.
    New {
        /// What was decided ("Use PostgreSQL for storage").
        title: String,
        /// The chosen option (default: the title).
        #[arg(long, value_name = "NAME")]
        option: Option<String>,
        /// Context and problem statement.
        #[arg(long, value_name = "TEXT")]
        context: Option<String>,
        #[arg(long, value_enum, default_value = "accepted")]
        status: NewStatus,
        /// The number of the record this one supersedes (when accepted).
        #[arg(long, value_name = "N")]
        supersedes: Option<u32>,
        /// How easy the choice is to reverse: easy (a two-way door) or hard (a one-way door).
        #[arg(long, value_enum, value_name = "HOW")]
        reversible: Option<HowReversible>,
        /// Print the record as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Start a revisit of a session: a new linked session with everything copied in.
    Revisit {
        /// The session to revisit.
        session_id: String,
    },
    /// List the accepted decisions due for review, with their revisit triggers; exit code 1
    /// when one is due (for a team's CI).
    Review {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
        /// The day to check against (YYYY-MM-DD; default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<chrono::NaiveDate>,
    },
    /// Show a session's history; --verify checks the hash chain (exit code 1 when broken).
    History {
        session_id: String,
        #[arg(long)]
        json: bool,
        #[arg(long)]
        verify: bool,
    },
    /// Backups of the database (made automatically by the app): list, create, restore.
    Backup {
        #[command(subcommand)]
        action: BackupAction,
    },
    /// A room without the window: every stakeholder scores from their own phone or laptop.
    Room {
        #[command(subcommand)]
        action: RoomAction,
    },
    /// The team's decision log in its repository.
    Log {
        #[command(subcommand)]
        action: LogAction,
    },
    /// Show the built-in catalog of architectures and driver templates.
    Catalog {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupAction {
    /// List the backups, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Back up the database now.
    Create,
    /// Replace the database with a backup (the current file is moved aside, not deleted).
    Restore {
        /// The backup's id, as `backup list` prints it.
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogAction {
    /// Link a decision folder (a folder of ADRs, or a repository's root: its log, else a new
    /// docs/decisions). Accepting, rejecting, deprecating or superseding a record then
    /// publishes it there with its evidence.
    Link {
        dir: PathBuf,
        /// The format of a new log (an existing one keeps its own).
        #[arg(long, value_enum)]
        format: Option<LogLayout>,
        /// Another repository's log: read, never written.
        #[arg(long)]
        read_only: bool,
        /// Commit what publishing writes, through your git (hooks and signing as configured;
        /// never pushes).
        #[arg(long)]
        commit: bool,
    },
    /// Forget a linked folder (its files stay).
    Unlink { dir: PathBuf },
    /// The linked folders.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Publish a session's record into the linked logs again (or, with --all, every
    /// numbered record of this database).
    Publish {
        #[arg(required_unless_present = "all")]
        session_id: Option<String>,
        /// Every numbered record, also those decided before the log was linked.
        #[arg(long, conflicts_with = "session_id")]
        all: bool,
        /// Replace files edited by hand since ArchDecide wrote them.
        #[arg(long)]
        overwrite: bool,
    },
    /// Pick up what teammates put into the linked logs (their workshops, hand-written
    /// records, statuses they changed), then publish what the folders lack (finishing a
    /// publish a crash interrupted).
    Sync,
    /// Check a decision folder as CI would: numbers that clash or skip, links to nothing,
    /// unknown statuses, supersessions whose ends disagree, front matter that does not parse,
    /// records that no longer match their evidence. Prints `file:line: message` per problem
    /// and exits 1 when there is one.
    Check {
        /// The decision folder (or a folder holding docs/decisions, doc/adr, docs/adr).
        dir: PathBuf,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RecordAction {
    /// Accept the proposed record: it gets the next ADR number and its evidence is frozen.
    Accept {
        session_id: String,
        /// Accept although the team's AHP comparisons are too inconsistent (the record says so).
        #[arg(long)]
        despite_inconsistency: bool,
    },
    /// Reject the proposed record (numbered and frozen like an accepted one).
    Reject { session_id: String },
    /// Deprecate an accepted record.
    Deprecate { session_id: String },
    /// Mark the record of <SESSION_ID> as superseded by the accepted record of --by.
    Supersede {
        session_id: String,
        /// The session whose accepted record supersedes it.
        #[arg(long, value_name = "SESSION_ID")]
        by: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoomAction {
    /// Open the session's room and serve it until Ctrl+C: prints each stakeholder's personal
    /// link and its QR code.
    Open {
        session_id: String,
        /// The address to listen on (default: this machine's first network that is not
        /// loopback; never all interfaces).
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
        /// The port (default 8765, or the next free one).
        #[arg(long)]
        port: Option<u16>,
        /// Close the room after this many minutes without a request from a participant.
        #[arg(long, value_name = "MINUTES")]
        idle: Option<u64>,
    },
    /// Print the links (and QR codes) of the session's open room again.
    Links {
        session_id: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    /// PDF for reading and printing.
    Pdf,
    /// MADR 4 Markdown (front matter; the standard).
    Madr,
    /// Nygard / adr-tools Markdown (also read by log4brains).
    Nygard,
    /// The whole session as JSON (re-importable).
    Json,
}

/// The status a new record starts in.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum NewStatus {
    Proposed,
    Accepted,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum HowReversible {
    /// A two-way door: going back is cheap.
    Easy,
    /// A one-way door: going back is costly.
    Hard,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LogLayout {
    Madr,
    Nygard,
}

/// Why a subcommand failed: core's error (printed as its message), or a sentence of the CLI's
/// own. Both become one `archdecide: …` line on stderr and exit code 1.
#[derive(Debug)]
enum Failure {
    Core(archdecide_core::Error),
    Said(String),
}

impl From<archdecide_core::Error> for Failure {
    fn from(error: archdecide_core::Error) -> Self {
        Self::Core(error)
    }
}

impl From<archdecide_core::ErrorReport> for Failure {
    fn from(report: archdecide_core::ErrorReport) -> Self {
        Self::Said(report.message)
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Self::Said(message)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        Self::Said(error.to_string())
    }
}

impl From<serde_json::Error> for Failure {
    fn from(error: serde_json::Error) -> Self {
        Self::Said(error.to_string())
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Self::Said(message.to_owned())
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Core(error) => write!(f, "{error}"),
            Self::Said(message) => f.write_str(message),
        }
    }
}

pub fn run(command: Command, data_dir: &Path) -> ExitCode {
    let result = match command {
        Command::Room { action: RoomAction::Open { session_id, bind, port, idle } } => {
            serve_room(&session_id, bind.as_deref(), port, idle, data_dir).map(|()| String::new())
        }
        Command::Log { action: LogAction::Check { dir, json } } => return check_log(&dir, json),
        Command::Review { json, on } => return review(data_dir, json, on),
        command => execute(command, data_dir),
    };
    match result {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("archdecide: {}", failure.to_string().replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

/// `log check`: the problems on stdout, exit code 1 when there is one.
fn check_log(dir: &Path, json: bool) -> ExitCode {
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

/// `review`: the due records and their triggers on stdout, exit code 1 when one is due.
fn review(data_dir: &Path, json: bool, on: Option<chrono::NaiveDate>) -> ExitCode {
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

fn execute(command: Command, data_dir: &Path) -> Result<String, Failure> {
    match command {
        Command::Room { action: RoomAction::Links { session_id, json } } => {
            let id = parse_session_id(&session_id)?;
            let file = crate::rooms::links_file(data_dir, id);
            let text = std::fs::read_to_string(&file).map_err(|_| {
                format!("no room is open for session {id} (start one with `archdecide room open {id}`)")
            })?;
            if json {
                return Ok(text + "\n");
            }
            let status: serde_json::Value = serde_json::from_str(&text)?;
            Ok(links_text(&status))
        }
        Command::Room { action: RoomAction::Open { .. } } => Err("a room is served by `run`".into()),
        Command::Review { .. } => Err("a review is run by `run`".into()),
        Command::Log { action } => log(action, data_dir),
        Command::Catalog { json } => Ok(if json { to_json(get_catalog()) } else { catalog_text() }),
        Command::List { json } => {
            let store = crate::data_dir::open_store(data_dir)?;
            let list = sessions::list_sessions(&store)?;
            if json {
                return Ok(to_json(&list));
            }
            if list.is_empty() {
                return Ok("No sessions yet. Start ArchDecide without a subcommand to create one.\n".to_owned());
            }
            let mut out = format!("{:<36}  {:<10}  {:<16}  TITLE\n", "ID", "STATUS", "CHANGED (UTC)");
            for s in list {
                let changed = s.updated_at.format("%Y-%m-%d %H:%M");
                out += &format!("{:<36}  {:<10}  {:<16}  {}\n", s.id, s.status.as_str(), changed, s.title);
            }
            Ok(out)
        }
        Command::Show { session_id, json } => {
            let id = parse_session_id(&session_id)?;
            let store = crate::data_dir::open_store(data_dir)?;
            let detail = sessions::get_session(&store, id)?;
            Ok(if json { to_json(&detail) } else { session_text(&detail) })
        }
        Command::Export { session_id, format, output } => {
            let id = parse_session_id(&session_id)?;
            let store = crate::data_dir::open_store(data_dir)?;
            let format = match format {
                ExportFormat::Pdf => RecordFormat::Pdf,
                ExportFormat::Madr => RecordFormat::Madr,
                ExportFormat::Nygard => RecordFormat::Nygard,
                ExportFormat::Json => RecordFormat::Json,
            };
            let (name, bytes) = exports::render_record(&store, id, format)?;
            let path = if output.is_dir() { output.join(name) } else { output };
            log::write_file(&path, &bytes)?;
            Ok(format!("wrote {}\n", path.display()))
        }
        Command::ExportLog { dir, format } => {
            let store = crate::data_dir::open_store(data_dir)?;
            let format = match format {
                LogLayout::Madr => log::LogFormat::Madr,
                LogLayout::Nygard => log::LogFormat::Nygard,
            };
            let report = log::export_log(&store, &dir, format)?;
            Ok(format!("wrote {} files into {}\n", report.files.len(), report.dir))
        }
        Command::Import { path, json } => {
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
        Command::Backup { action } => {
            let dir = crate::data_dir::backups(data_dir);
            match action {
                BackupAction::List { json } => {
                    let list = backups::list_backups(&dir)?;
                    if json {
                        return Ok(to_json(&list));
                    }
                    if list.is_empty() {
                        return Ok(format!("No backups in {}\n", dir.display()));
                    }
                    Ok(list
                        .iter()
                        .map(|b| {
                            format!(
                                "{}  {}  {:>8.1} KiB\n",
                                b.id,
                                b.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                                b.bytes as f64 / 1024.0
                            )
                        })
                        .collect())
                }
                BackupAction::Create => {
                    let store = crate::data_dir::open_store(data_dir)?;
                    let backup = backups::create_backup(&store, &dir)?;
                    Ok(format!("{}  {}\n", backup.id, backup.path))
                }
                BackupAction::Restore { id } => {
                    let database = crate::data_dir::database(data_dir);
                    let moved = backups::restore_backup(&database, &dir, &id, chrono::Utc::now())?;
                    crate::data_dir::open_store(data_dir)?;
                    Ok(match moved {
                        Some(path) => format!("restored {id}; the previous database was moved to {}\n", path.display()),
                        None => format!("restored {id}\n"),
                    })
                }
            }
        }
        Command::Search { query, json } => {
            let store = crate::data_dir::open_store(data_dir)?;
            let hits = search::search_sessions(&store, &search::SearchQuery { text: query, ..Default::default() })?;
            if json {
                return Ok(to_json(&hits));
            }
            if hits.is_empty() {
                return Ok("No session matches.\n".to_owned());
            }
            let marked = |runs: &[search::TextRun]| -> String {
                runs.iter().map(|r| if r.hit { format!("[{}]", r.text) } else { r.text.clone() }).collect()
            };
            let mut out = String::new();
            for hit in hits {
                out += &format!("{}  {:<10}  {}\n", hit.session.id, hit.session.status.as_str(), marked(&hit.title));
                if !hit.snippet.is_empty() {
                    out += &format!("    {}\n", marked(&hit.snippet).replace('\n', " "));
                }
            }
            Ok(out)
        }
        Command::Record { action } => record(action, data_dir),
        Command::New { title, option, context, status, supersedes, reversible, json } => {
            let quick = archdecide_core::quick_records::QuickRecord {
                title,
                option,
                context,
                status: Some(match status {
                    NewStatus::Proposed => archdecide_core::decisions::DecisionStatus::Proposed,
                    NewStatus::Accepted => archdecide_core::decisions::DecisionStatus::Accepted,
                }),
                supersedes,
                reversibility: reversible.map(|how| match how {
                    HowReversible::Easy => archdecide_core::sessions::Reversibility::Easy,
                    HowReversible::Hard => archdecide_core::sessions::Reversibility::Hard,
                }),
            };
            new_record(quick, json, data_dir)
        }
        Command::Revisit { session_id } => {
            let id = parse_session_id(&session_id)?;
            let mut store = crate::data_dir::open_store(data_dir)?;
            let detail = revisits::revisit_session(&mut store, id)?;
            Ok(format!("{}  {}\n", detail.session.id, detail.session.title))
        }
        Command::History { session_id, json, verify } => {
            let id = parse_session_id(&session_id)?;
            let store = crate::data_dir::open_store(data_dir)?;
            let history = history::get_history(&store, id, json)?;
            if verify && !history.check.intact {
                let at = history.check.broken_at.map_or_else(String::new, |s| format!(" at event {s}"));
                return Err(format!("the history chain is broken{at}: an event was changed or removed").into());
            }
            if json {
                return Ok(to_json(&history));
            }
            let mut out = String::new();
            for event in &history.events {
                let undone = if event.undone { " (undone)" } else { "" };
                out +=
                    &format!("{:>6}  {}  {}{undone}\n", event.seq, event.at.format("%Y-%m-%d %H:%M:%S"), event.summary);
            }
            out += &format!(
                "{} events; chain {}; head {}\n",
                history.check.events,
                if history.check.intact { "intact" } else { "BROKEN" },
                if history.check.head.is_empty() { "–" } else { &history.check.head }
            );
            Ok(out)
        }
        Command::Analyze { session_id, json, samples, seed } => {
            let id = parse_session_id(&session_id)?;
            let store = crate::data_dir::open_store(data_dir)?;
            let analysis = scoring::analyze_session(&store, id)?;
            let smaa = scoring::run_smaa(&store, id, samples, seed)?;
            if json {
                #[derive(Serialize)]
                struct Report<'a> {
                    #[serde(flatten)]
                    analysis: &'a Analysis,
                    smaa: &'a archdecide_core::smaa::Smaa,
                }
                return Ok(to_json(&Report { analysis: &analysis, smaa: &smaa }));
            }
            let detail = sessions::get_session(&store, id)?;
            Ok(analysis_text(&detail, &analysis, &smaa))
        }
    }
}

/// `record …`: one step of a record's life; prints the record as it now stands.
fn record(action: RecordAction, data_dir: &Path) -> Result<String, Failure> {
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
fn new_record(
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

fn log(action: LogAction, data_dir: &Path) -> Result<String, Failure> {
    use archdecide_core::decision_log;
    let mut store = crate::data_dir::open_store(data_dir)?;
    let layout = |format: LogLayout| match format {
        LogLayout::Madr => log::LogFormat::Madr,
        LogLayout::Nygard => log::LogFormat::Nygard,
    };
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
            let linked = decision_log::link_log(&mut store, &dir, format.map(layout), read_only, commit)?;
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
fn publish_lines(
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

/// "ADR-0003  accepted  Use PostgreSQL (superseded by ADR-0004)".
fn record_line(decision: &archdecide_core::decisions::Decision) -> String {
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
fn adr(number: Option<u32>) -> String {
    number.map_or_else(|| "draft".to_owned(), |n| format!("ADR-{n:04}"))
}

/// `room open`: serves the room until Ctrl+C (or SIGTERM, or the idle time), printing the
/// links first.
fn serve_room(
    session_id: &str,
    bind: Option<&str>,
    port: Option<u16>,
    idle: Option<u64>,
    data_dir: &Path,
) -> Result<(), Failure> {
    use std::sync::{Arc, Mutex};
    let id = parse_session_id(session_id)?;
    let store = crate::data_dir::open_store(data_dir)?;
    let detail = sessions::get_session(&store, id)?;
    let ip = match bind {
        Some(text) => text.trim().parse().map_err(|_| format!("“{text}” is not an IP address"))?,
        None => crate::rooms::default_ip(),
    };
    let store = Arc::new(Mutex::new(store));
    let locker: archdecide_room::Locker = Arc::new(move |call| {
        let mut store = store.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        call(&mut store);
        Ok(())
    });
    let names: std::collections::HashMap<Uuid, String> =
        detail.stakeholders.iter().map(|s| (s.id, s.name.clone())).collect();
    let notices: archdecide_room::NoticeSink = Arc::new(move |notice| {
        if notice.kind == "joined" {
            let who = notice.stakeholder_id.and_then(|id| names.get(&id)).map_or("Someone", String::as_str);
            println!("{who} joined the room.");
        }
    });
    // Two workers serve HTTP; the store is reached by one blocking thread at a time anyway.
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).max_blocking_threads(4).enable_all().build()?;
    runtime.block_on(async move {
        let idle = idle.map(|minutes| std::time::Duration::from_secs(minutes * 60));
        let room = crate::rooms::open_on(ip, port, id, idle, locker, notices).await?;
        let status = room.status()?;
        crate::rooms::save_links(data_dir, &status);
        let value = serde_json::to_value(&status)?;
        println!("{}", links_text(&value));
        println!("Plain HTTP: anyone on this network can read what is sent. Ctrl+C closes the room.");
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break,
                _ = terminate.recv() => break,
                _ = tokio::time::sleep(std::time::Duration::from_millis(500)) => {
                    if !room.is_open() { break; }
                }
            }
        }
        crate::rooms::forget_links(data_dir, id);
        room.shutdown().await;
        println!("The room is closed.");
        Ok(())
    })
}

/// The room's links as text, each with its QR code.
fn links_text(status: &serde_json::Value) -> String {
    let mut out = format!("Room open at {}\n", status["address"].as_str().unwrap_or_default());
    for link in status["links"].as_array().into_iter().flatten() {
        let url = link["url"].as_str().unwrap_or_default();
        out += &format!("\n{}: {url}\n", link["name"].as_str().unwrap_or_default());
        out += &archdecide_room::links::qr_text(url);
    }
    out
}

fn parse_session_id(text: &str) -> Result<Uuid, String> {
    Uuid::parse_str(text.trim()).map_err(|_| format!("“{text}” is not a session id (see `archdecide list`)"))
}

fn analysis_text(detail: &SessionDetail, analysis: &Analysis, smaa: &archdecide_core::smaa::Smaa) -> String {
    let option_name = |id: Uuid| detail.options.iter().find(|o| o.id == id).map_or("?", |o| o.name.as_str());
    let driver_name = |id: Uuid| detail.drivers.iter().find(|d| d.id == id).map_or("?", |d| d.title.as_str());
    let person = |id: Uuid| detail.stakeholders.iter().find(|s| s.id == id).map_or("?", |s| s.name.as_str());
    let number = |value: Option<f64>| value.map_or("–".to_owned(), |v| format!("{v:.1}"));
    let mut out = format!("{}\n\nRanking (weighted total, 0–100)\n", detail.session.title);
    for id in &analysis.ranking {
        let result = analysis.options.iter().find(|o| o.option_id == *id);
        let rank = result.map_or(0, |r| r.rank);
        let total = number(result.and_then(|r| r.total));
        let fails: Vec<&str> =
            result.map(|r| r.must_have_failures.iter().map(|d| driver_name(*d)).collect()).unwrap_or_default();
        let flag = if fails.is_empty() { String::new() } else { format!("  fails must-have: {}", fails.join(", ")) };
        out += &format!("  {rank}. {:<28} {total:>6}{flag}\n", option_name(*id));
    }
    let tied: Vec<&str> = analysis
        .options
        .iter()
        .filter(|o| o.rank == 1 && Some(o.option_id) != analysis.winner)
        .map(|o| option_name(o.option_id))
        .collect();
    match (analysis.winner, analysis.margin) {
        (Some(winner), Some(_)) if !tied.is_empty() => {
            out += &format!("A tie for first place: {} and {}\n", option_name(winner), tied.join(" and "));
        }
        (Some(winner), Some(margin)) => {
            out += &format!("Winner: {}, {margin:.1} points ahead\n", option_name(winner));
        }
        (Some(winner), None) => out += &format!("Winner: {}\n", option_name(winner)),
        (None, _) => out += "No winner yet: no option has a score and passes every must-have\n",
    }
    out += "\nDriver weights\n";
    for w in &analysis.weights {
        let rated = if w.rated_by == 0 { " (not rated yet: counts as 3)".to_owned() } else { String::new() };
        out += &format!("  {:<28} {:>5.1}%{rated}\n", driver_name(w.driver_id), w.weight * 100.0);
    }
    out += "\nEach stakeholder's ranking\n";
    for ranking in &analysis.stakeholder_rankings {
        let order: Vec<&str> = ranking.ranking.iter().map(|id| option_name(*id)).collect();
        let order = if order.is_empty() { "(no scores yet)".to_owned() } else { order.join(" > ") };
        out += &format!("  {:<20} {order}\n", person(ranking.stakeholder_id));
    }
    out += &match &analysis.consensus {
        Some(c) => format!("\nConsensus: Kendall's W = {:.2} over {} stakeholders\n", c.kendall_w, c.raters),
        None => "\nConsensus: needs two stakeholders who scored every option\n".to_owned(),
    };
    if !analysis.discuss_first.is_empty() {
        out += "\nDiscuss first (most contested cells)\n";
        for cell in &analysis.discuss_first {
            let result = analysis.cells.iter().find(|c| c.driver_id == cell.driver_id && c.option_id == cell.option_id);
            let spread = result.map_or(String::new(), |c| {
                format!("sd {}, range {}", number(c.std_dev), c.range.map_or("–".into(), |r| r.to_string()))
            });
            out += &format!("  {} × {}: {spread}\n", driver_name(cell.driver_id), option_name(cell.option_id));
        }
    }
    let c = &analysis.coverage;
    out += &format!("\nCoverage: {} of {} scores given, {} missing\n", c.scored, c.expected, c.missing);
    if let Some(ahp) = &analysis.ahp {
        out += &format!(
            "\nAHP: group consistency ratio {:.3} ({}; RI table {:?})\n",
            ahp.group.consistency_ratio,
            if ahp.group.acceptable { "acceptable" } else { "not acceptable" },
            ahp.ri_table
        );
    }
    out += "\nSensitivity (smallest weight change that changes the winner)\n";
    for s in &analysis.sensitivity {
        match (s.threshold, s.rival) {
            (Some(t), Some(rival)) => {
                out += &format!("  {:<28} {t:+6.1} points → {}\n", driver_name(s.driver_id), option_name(rival))
            }
            _ => out += &format!("  {:<28}   none\n", driver_name(s.driver_id)),
        }
    }
    if analysis.fragile {
        out += "  The winner is fragile: less than 5 points of weight change it.\n";
    }
    out += &format!("\nWin probability (SMAA-2, {} samples, seed {})\n", smaa.samples, smaa.seed);
    for o in &smaa.options {
        out += &format!("  {:<28} {:5.1}%\n", option_name(o.option_id), o.win * 100.0);
    }
    out
}

fn to_json(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn catalog_text() -> String {
    let catalog = get_catalog();
    let mut out = String::from("Architectures\n");
    for a in &catalog.architectures {
        out += &format!("\n{} ({})\n  {}\n", a.name, a.key, a.definition);
        for (heading, items) in [("Pros", &a.pros), ("Cons", &a.cons), ("Use cases", &a.use_cases)] {
            out += &format!("  {heading}:\n");
            for item in items {
                out += &format!("    - {item}\n");
            }
        }
    }
    out += "\nDriver templates\n";
    for d in &catalog.drivers {
        out += &format!("  {:<14} {:<22} {:?}: {}\n", d.key, d.title, d.category, d.description);
    }
    out
}

fn session_text(detail: &SessionDetail) -> String {
    let s = &detail.session;
    let mut out = format!("{}\n{}\n", s.title, "=".repeat(s.title.chars().count()));
    out += &format!("id: {}\nstatus: {}\n", s.id, s.status.as_str());
    if !s.facilitator.is_empty() {
        out += &format!("facilitator: {}\n", s.facilitator);
    }
    if let Some(day) = s.held_on {
        out += &format!("held on: {day}\n");
    }
    if !s.tags.is_empty() {
        out += &format!("tags: {}\n", s.tags.join(", "));
    }
    out += &format!("changed: {}\n", s.updated_at.format("%Y-%m-%d %H:%M UTC"));
    if !s.context.is_empty() {
        out += &format!("\nContext and problem statement\n{}\n", s.context);
    }
    out += &format!("\nStakeholders ({})\n", detail.stakeholders.len());
    for p in &detail.stakeholders {
        let role = if p.role.is_empty() { String::new() } else { format!(", {}", p.role) };
        out += &format!("  - {}{role} — {} (influence {})\n", p.name, p.raci.as_str().replace('_', "-"), p.influence);
    }
    out += &format!("\nDrivers ({})\n", detail.drivers.len());
    for d in &detail.drivers {
        let must = if d.must_have { " [must-have]" } else { "" };
        out += &format!("  - {}{must} ({})\n", d.title, d.category.as_str());
    }
    out += &format!("\nOptions ({})\n", detail.options.len());
    for o in &detail.options {
        out += &format!("  - {} ({} pros, {} cons)\n", o.name, o.pros.len(), o.cons.len());
    }
    out
}
