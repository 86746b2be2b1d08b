//! The participant's page and its assets, embedded at build time from ui/dist (build.rs).

include!(concat!(env!("OUT_DIR"), "/page_files.rs"));

/// The embedded file served at `path`, with its content type.
pub fn file(path: &str) -> Option<(&'static [u8], &'static str)> {
    FILES.iter().find(|(p, _, _)| *p == path).map(|(_, bytes, kind)| (*bytes, *kind))
}
