//! ArchDecide's core: domain types and their validation, the SQLite store, the pure analysis
//! (`analysis/`: weights, totals, sensitivity, consensus, AHP, SMAA-2), history, search,
//! revisits, imports and exports (Markdown, PDF, JSON). Knows nothing of tauri, HTTP, windows
//! or where files live.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod backups;
pub mod catalog;
pub mod decision_log;
pub mod decisions;
pub mod drivers;
pub mod error;
pub mod exports;
pub mod history;
pub mod imports;
pub mod options;
pub mod quick_records;
pub mod revisits;
pub mod scoring;
pub mod search;
pub mod sessions;
pub mod stakeholders;
pub mod store;
pub mod text;
pub mod use_cases;

pub use analysis::{ahp, smaa};
pub use error::{Error, ErrorCode, ErrorReport, Result};
pub use store::Store;
