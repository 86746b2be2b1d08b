//! The command-line interface (clap): the same binary without a window. Every subcommand
//! prints to stdout and exits non-zero with a one-line error on stderr when it fails. This
//! module holds the arguments, the error type and the dispatch; each subcommand is one
//! function in the module of its area (`read`, `records`, `decision_log`, `rooms`, `backup`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use archdecide_core::catalog::get_catalog;
use clap::{Parser, Subcommand};
use serde::Serialize;
use uuid::Uuid;

mod backup;
mod decision_log;
mod read;
mod records;
mod rooms;

use backup::backup;
use decision_log::{check_log, log, publish_lines};
use read::{analyze, catalog_text, history, list, search, show};
use records::{adr, export, export_log, import, new_record, record, record_line, review, revisit};
use rooms::{room_links, serve_room};

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

impl From<NewStatus> for archdecide_core::decisions::DecisionStatus {
    fn from(status: NewStatus) -> Self {
        match status {
            NewStatus::Proposed => Self::Proposed,
            NewStatus::Accepted => Self::Accepted,
        }
    }
}

impl From<HowReversible> for archdecide_core::sessions::Reversibility {
    fn from(how: HowReversible) -> Self {
        match how {
            HowReversible::Easy => Self::Easy,
            HowReversible::Hard => Self::Hard,
        }
    }
}

impl From<ExportFormat> for archdecide_core::exports::RecordFormat {
    fn from(format: ExportFormat) -> Self {
        match format {
            ExportFormat::Pdf => Self::Pdf,
            ExportFormat::Madr => Self::Madr,
            ExportFormat::Nygard => Self::Nygard,
            ExportFormat::Json => Self::Json,
        }
    }
}

impl From<LogLayout> for archdecide_core::exports::log::LogFormat {
    fn from(layout: LogLayout) -> Self {
        match layout {
            LogLayout::Madr => Self::Madr,
            LogLayout::Nygard => Self::Nygard,
        }
    }
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

fn execute(command: Command, data_dir: &Path) -> Result<String, Failure> {
    match command {
        Command::Room { action: RoomAction::Links { session_id, json } } => room_links(session_id, json, data_dir),
        Command::Room { action: RoomAction::Open { .. } } => Err("a room is served by `run`".into()),
        Command::Review { .. } => Err("a review is run by `run`".into()),
        Command::Log { action } => log(action, data_dir),
        Command::Catalog { json } => Ok(if json { to_json(get_catalog()) } else { catalog_text() }),
        Command::List { json } => list(json, data_dir),
        Command::Show { session_id, json } => show(session_id, json, data_dir),
        Command::Export { session_id, format, output } => export(session_id, format, output, data_dir),
        Command::ExportLog { dir, format } => export_log(dir, format, data_dir),
        Command::Import { path, json } => import(path, json, data_dir),
        Command::Backup { action } => backup(action, data_dir),
        Command::Search { query, json } => search(query, json, data_dir),
        Command::Record { action } => record(action, data_dir),
        Command::New { title, option, context, status, supersedes, reversible, json } => {
            let quick = archdecide_core::quick_records::QuickRecord {
                title,
                option,
                context,
                status: Some(status.into()),
                supersedes,
                reversibility: reversible.map(Into::into),
            };
            new_record(quick, json, data_dir)
        }
        Command::Revisit { session_id } => revisit(session_id, data_dir),
        Command::History { session_id, json, verify } => history(session_id, json, verify, data_dir),
        Command::Analyze { session_id, json, samples, seed } => analyze(session_id, json, samples, seed, data_dir),
    }
}

fn parse_session_id(text: &str) -> Result<Uuid, String> {
    Uuid::parse_str(text.trim()).map_err(|_| format!("“{text}” is not a session id (see `archdecide list`)"))
}

fn to_json(value: &impl Serialize) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
