//! The core's error type, the stable error codes (one enum, a union in TypeScript) and the
//! `{code, message, field}` report that crosses IPC, the room's HTTP and the CLI.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Declares `ErrorCode` once: each variant with the text that crosses IPC and HTTP.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $text:literal,)*) => {
        /// Every stable error code. The UI and scripts match these, never message text; a
        /// misspelt or unlisted code does not compile in Rust or in TypeScript.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[ts(export)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* #[serde(rename = $text)] $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $text,)*
                }
            }
        }
    };
}

error_codes! {
    /// Input that breaks a rule (`field` says which).
    InvalidInput = "invalid_input",
    /// A name that must be unique within its session is taken.
    DuplicateName = "duplicate_name",
    NotFound = "not_found",
    SchemaTooNew = "schema_too_new",
    DatabaseDamaged = "database_damaged",
    DatabaseError = "database_error",
    DatabaseBusy = "database_busy",
    IoError = "io_error",
    /// A backup is being restored; the store is closed for that moment.
    Restoring = "restoring",
    BlindRoundActive = "blind_round_active",
    ScoresSealed = "scores_sealed",
    NoBlindRound = "no_blind_round",
    RecordFrozen = "record_frozen",
    StatusChange = "status_change",
    NoRecord = "no_record",
    AlreadyExists = "already_exists",
    NumberTaken = "number_taken",
    FileTooNew = "file_too_new",
    SessionDecided = "session_decided",
    NothingToUndo = "nothing_to_undo",
    NothingToRedo = "nothing_to_redo",
    NotARevisit = "not_a_revisit",
    /// Accepting a record whose AHP comparisons are too inconsistent, without saying so.
    InconsistentWeights = "inconsistent_weights",
    /// An SMAA-2 run given up because a newer run (after a newer edit) replaced it.
    Stopped = "stopped",
    /// The room cannot listen on the address (taken, not this machine's).
    RoomUnavailable = "room_unavailable",
    RoomNotOpen = "room_not_open",
    /// The room is closed: its links answer 410.
    RoomClosed = "room_closed",
    /// A personal link that was replaced by a new one (410).
    LinkRevoked = "link_revoked",
    UnknownLink = "unknown_link",
    /// A request whose Host is not the room's own address (DNS rebinding).
    BadHost = "bad_host",
    /// A change posted from another site's page.
    BadOrigin = "bad_origin",
    /// A request the room cannot read (not JSON, unknown fields, wrong types).
    InvalidRequest = "invalid_request",
    TooLarge = "too_large",
    TooManyRequests = "too_many_requests",
    /// Something in the room failed that is not the request's fault.
    Internal = "internal",
    /// The window could not reach Rust at all (made by the UI's `api/ipc.ts`).
    IpcError = "ipc_error",
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Tests and scripts compare codes with their text: `assert_eq!(error.code(), "not_found")`.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// User input that breaks a rule; `field` names the input so the UI can show the message
    /// next to it.
    #[error("{message}")]
    Invalid { field: &'static str, message: String },

    /// A name that must be unique within its session is already used.
    #[error("{message}")]
    Duplicate { field: &'static str, message: String },

    /// The action does not fit the session's state (a blind round is running, scores are
    /// sealed, …); `code` says which.
    #[error("{message}")]
    Refused { code: ErrorCode, message: String },

    /// A long computation given up because a newer one replaced it.
    #[error("a newer run replaced this one")]
    Stopped,

    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: String },

    #[error(
        "this database was written by a newer ArchDecide (schema version {found}; this version knows up to {known}); \
         it was left untouched — update ArchDecide to open it"
    )]
    SchemaTooNew { found: i64, known: i64 },

    #[error("the database file is damaged or is not an ArchDecide database: {0}")]
    Damaged(String),

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, message: message.into() }
    }

    pub(crate) fn refused(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Refused { code, message: message.into() }
    }

    pub(crate) fn not_found(what: &'static str, id: impl ToString) -> Self {
        Self::NotFound { what, id: id.to_string() }
    }

    /// The stable code the UI and scripts match on; never the message text.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid { .. } => ErrorCode::InvalidInput,
            Self::Duplicate { .. } => ErrorCode::DuplicateName,
            Self::Refused { code, .. } => *code,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Stopped => ErrorCode::Stopped,
            Self::SchemaTooNew { .. } => ErrorCode::SchemaTooNew,
            Self::Damaged(_) => ErrorCode::DatabaseDamaged,
            Self::Database(_) | Self::Migration(_) => ErrorCode::DatabaseError,
            Self::Io { .. } => ErrorCode::IoError,
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Invalid { field, .. } | Self::Duplicate { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn report(&self) -> ErrorReport {
        ErrorReport { code: self.code(), message: self.to_string(), field: self.field().map(str::to_owned) }
    }
}

/// What an error looks like to the UI (and to `--json` CLI output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorReport {
    /// Stable machine-readable code, e.g. `invalid_input`, `not_found`.
    pub code: ErrorCode,
    /// One line for a person to read.
    pub message: String,
    /// The input the message belongs to, when there is one.
    pub field: Option<String>,
}

impl From<Error> for ErrorReport {
    fn from(error: Error) -> Self {
        error.report()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_crosses_as_its_text_and_is_on_the_map() {
        let map = include_str!("../../../ARCHITECTURE.md");
        for code in ErrorCode::ALL {
            assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{code}\""));
            assert_eq!(serde_json::from_str::<ErrorCode>(&format!("\"{code}\"")).unwrap(), *code);
            assert!(map.contains(&format!("`{code}`")), "ARCHITECTURE.md's list of error codes lacks `{code}`");
        }
    }
}
