//! The team's decision log in a folder of its repository: checking it as CI would
//! (`check`). ArchDecide writes records there as Markdown, each with the workshop's evidence
//! beside it in [`EVIDENCE_DIR`].

pub mod check;

/// The folder inside a decision log that holds each record's evidence, the lossless
/// session file named like the record (`.archdecide/0007-use-kafka.json`).
pub const EVIDENCE_DIR: &str = ".archdecide";
