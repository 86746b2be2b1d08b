//! The core's error type and the `{code, message, field}` report that crosses IPC and the CLI.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

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
    Refused { code: &'static str, message: String },

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

    pub(crate) fn refused(code: &'static str, message: impl Into<String>) -> Self {
        Self::Refused { code, message: message.into() }
    }

    pub(crate) fn not_found(what: &'static str, id: impl ToString) -> Self {
        Self::NotFound { what, id: id.to_string() }
    }

    /// The stable code the UI and scripts match on; never the message text.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid { .. } => "invalid_input",
            Self::Duplicate { .. } => "duplicate_name",
            Self::Refused { code, .. } => code,
            Self::NotFound { .. } => "not_found",
            Self::SchemaTooNew { .. } => "schema_too_new",
            Self::Damaged(_) => "database_damaged",
            Self::Database(_) | Self::Migration(_) => "database_error",
            Self::Io { .. } => "io_error",
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::Invalid { field, .. } | Self::Duplicate { field, .. } => Some(field),
            _ => None,
        }
    }

    pub fn report(&self) -> ErrorReport {
        ErrorReport { code: self.code().to_owned(), message: self.to_string(), field: self.field().map(str::to_owned) }
    }
}

/// What an error looks like to the UI (and to `--json` CLI output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorReport {
    /// Stable machine-readable code, e.g. `invalid_input`, `not_found`.
    pub code: String,
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
