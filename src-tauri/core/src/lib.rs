//! ArchDecide's core: domain types, the SQLite store, validation and (later) analysis and
//! exports. Knows nothing of tauri, windows or where files live.

pub mod ahp;
pub mod analysis;
pub mod backups;
pub mod catalog;
pub mod decisions;
pub mod drivers;
pub mod error;
pub mod exports;
pub mod history;
pub mod imports;
pub mod options;
pub mod revisits;
pub mod scoring;
pub mod search;
pub mod sessions;
pub mod smaa;
pub mod stakeholders;
pub mod store;
pub mod text;

pub use error::{Error, ErrorReport, Result};
pub use store::Store;
