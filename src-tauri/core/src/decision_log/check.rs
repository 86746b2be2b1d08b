//! `log check`: a decision folder linted as CI would, every file read as hostile — numbers
//! that clash or skip, links to nothing, unknown statuses, supersessions whose two ends
//! disagree, front matter that does not parse, and records that no longer match the evidence
//! digest they carry. Each problem names its file and line.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Serialize;
use ts_rs::TS;

use crate::decisions::DecisionStatus;
use crate::imports::{self, ParsedRecord};
use crate::{Error, Result};

/// What a check found.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LogCheck {
    /// The folder checked.
    pub dir: String,
    /// Records read (files that parsed).
    pub records: u32,
    pub problems: Vec<LogProblem>,
}

/// One problem: `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[ts(export)]
pub struct LogProblem {
    pub file: String,
    /// 1-based.
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for LogProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A record file read for the check: its parse, its text and where its links are.
struct Checked {
    file: String,
    text: String,
    record: ParsedRecord,
}

impl Checked {
    /// The first line holding `needle`, else 1.
    fn line_of(&self, needle: &str) -> u32 {
        self.text.lines().position(|l| l.contains(needle)).map_or(1, |at| at as u32 + 1)
    }
}

/// Checks the decision folder `dir` (or the conventional folder inside it).
pub fn check_log(dir: &Path) -> Result<LogCheck> {
    let folder = imports::adr_folder(dir);
    let root = folder
        .canonicalize()
        .map_err(|source| Error::Io { context: format!("cannot open {}", folder.display()), source })?;
    let mut problems = Vec::new();
    let mut checked: Vec<Checked> = Vec::new();
    for (file, outcome) in imports::read_adr_files(&root)? {
        let text = match outcome {
            Ok(text) => text,
            Err(reason) => {
                problems.push(problem(&file, 1, reason));
                continue;
            }
        };
        problems.extend(front_matter_problems(&file, &text));
        match imports::parse_record(&file, &text) {
            Ok(record) => checked.push(Checked { file, text, record }),
            Err(error) => problems.push(problem(&file, 1, error.to_string())),
        }
    }
    let by_number: BTreeMap<u32, Vec<&Checked>> = checked.iter().fold(BTreeMap::new(), |mut map, c| {
        if let Some(n) = c.record.number {
            map.entry(n).or_default().push(c);
        }
        map
    });
    for c in &checked {
        problems.extend(record_problems(c, &root, &by_number));
    }
    // Numbers that clash or skip.
    let mut previous = 0;
    for (&number, records) in &by_number {
        for other in &records[1..] {
            let message = format!("number {number} is also used by {}", records[0].file);
            problems.push(problem(&other.file, 1, message));
        }
        if number > previous + 1 {
            let missing = if number == previous + 2 {
                format!("{} is missing", previous + 1)
            } else {
                format!("{}–{} are missing", previous + 1, number - 1)
            };
            problems.push(problem(&records[0].file, 1, format!("number {number} follows {previous}: {missing}")));
        }
        previous = number;
    }
    problems.sort();
    problems.dedup();
    Ok(LogCheck { dir: root.display().to_string(), records: checked.len() as u32, problems })
}

fn problem(file: &str, line: u32, message: impl Into<String>) -> LogProblem {
    LogProblem { file: file.to_owned(), line, message: message.into() }
}

/// Lines of the YAML front matter that are not `key: value`, a list item or a comment, and
/// flow lists left open.
fn front_matter_problems(file: &str, text: &str) -> Vec<LogProblem> {
    let mut out = Vec::new();
    let text = text.replace("\r\n", "\n");
    let Some(rest) = text.strip_prefix("---\n") else { return out };
    // Front matter never closed is the parser's to report, once.
    if !rest.lines().any(|l| l.trim() == "---") {
        return out;
    }
    for (at, line) in rest.lines().enumerate() {
        let number = at as u32 + 2;
        let trimmed = line.trim();
        if trimmed == "---" {
            break;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("- ") || trimmed == "-" {
            continue;
        }
        match line.split_once(':') {
            Some((key, value)) if !key.trim().is_empty() && !key.starts_with([' ', '\t']) => {
                let value = value.trim();
                if value.starts_with('[') && !value.ends_with(']') {
                    out.push(problem(file, number, format!("the list of `{}` is never closed with ]", key.trim())));
                } else if value.starts_with('"') && (value.len() < 2 || !value.ends_with('"')) {
                    out.push(problem(file, number, format!("the value of `{}` is never closed with \"", key.trim())));
                }
            }
            // An indented continuation of a value.
            _ if line.starts_with([' ', '\t']) => {}
            _ => out.push(problem(file, number, format!("front matter line `{trimmed}` is not `key: value`"))),
        }
    }
    out
}

/// A record's own problems: its status, its links, its title's number, its supersessions and
/// its evidence digest.
fn record_problems(c: &Checked, root: &Path, by_number: &BTreeMap<u32, Vec<&Checked>>) -> Vec<LogProblem> {
    let mut out = Vec::new();
    let record = &c.record;
    if let Some(word) = &record.unknown_status {
        let message = format!("status \"{word}\" is not one of proposed, accepted, rejected, deprecated, superseded");
        out.push(problem(&c.file, c.line_of(word), message));
    }
    // The number in the title ("# 3. …") against the file name.
    let file_number = imports::record_number(&c.file);
    if let (Some(file_number), Some(number)) = (file_number, record.number)
        && file_number != number
    {
        let message = format!("the title says record {number}, the file name {file_number}");
        out.push(problem(&c.file, c.line_of(&format!("# {number}.")), message));
    }
    for (line, target) in link_targets(&c.text) {
        let path = target.split('#').next().unwrap_or_default();
        let local = !path.is_empty() && !path.contains("://") && !path.starts_with("mailto:") && !path.starts_with('/');
        if local && path.ends_with(".md") && !root.join(path).is_file() {
            out.push(problem(&c.file, line, format!("the link to {path} points at nothing")));
        }
    }
    let Some(number) = record.number else { return out };
    let find = |n: u32| by_number.get(&n).and_then(|records| records.first());
    for &older in &record.supersedes {
        match find(older) {
            None => out.push(problem(
                &c.file,
                c.line_of(&format!("{older:04}")),
                format!("it supersedes record {older}, which is not in the log"),
            )),
            Some(other) if !other.record.superseded_by.contains(&number) => out.push(problem(
                &c.file,
                c.line_of(&format!("{older:04}")),
                format!("it supersedes record {older}, but {} does not say it is superseded by {number}", other.file),
            )),
            Some(other) if other.record.status != Some(DecisionStatus::Superseded) => out.push(problem(
                &other.file,
                other.line_of("tatus"),
                format!("record {number} supersedes it, but its status is not superseded"),
            )),
            Some(_) => {}
        }
    }
    for &newer in &record.superseded_by {
        match find(newer) {
            None => out.push(problem(
                &c.file,
                c.line_of(&format!("{newer:04}")),
                format!("it is superseded by record {newer}, which is not in the log"),
            )),
            Some(other) if !other.record.supersedes.contains(&number) => out.push(problem(
                &c.file,
                c.line_of(&format!("{newer:04}")),
                format!("it is superseded by record {newer}, but {} does not say it supersedes {number}", other.file),
            )),
            Some(_) => {}
        }
    }
    if record.status == Some(DecisionStatus::Superseded) && record.superseded_by.is_empty() {
        out.push(problem(&c.file, c.line_of("uperse"), "its status is superseded, but no record supersedes it"));
    }
    out.extend(digest_problem(c, root));
    out
}

/// Every link's target with the line it is on.
fn link_targets(text: &str) -> Vec<(u32, String)> {
    let text = text.replace("\r\n", "\n");
    let line_at = |offset: usize| text[..offset.min(text.len())].matches('\n').count() as u32 + 1;
    Parser::new_ext(&text, Options::empty())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((line_at(range.start), dest_url.into_string())),
            _ => None,
        })
        .collect()
}

/// The digest a record carries against the evidence file beside it
/// (`.archdecide/NNNN-slug.json`), when both exist.
fn digest_problem(c: &Checked, root: &Path) -> Option<LogProblem> {
    const LEAD: &str = "History digest (SHA-256 head of the session's event chain): `";
    let at = c.text.find(LEAD)?;
    let digest = c.text[at + LEAD.len()..].split('`').next()?;
    let evidence_name = format!("{}.json", c.file.trim_end_matches(".md"));
    let evidence = root.join(super::EVIDENCE_DIR).join(&evidence_name);
    let line = c.line_of(LEAD);
    let shown = format!("{}/{evidence_name}", super::EVIDENCE_DIR);
    let bytes = std::fs::read(&evidence).ok()?;
    let head = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|v| v.pointer("/decision/snapshot/history_head").and_then(|h| h.as_str()).map(str::to_owned));
    match head {
        None => Some(problem(&c.file, line, format!("{shown} is not a session file with a frozen record"))),
        Some(head) if head != digest => {
            Some(problem(&c.file, line, format!("the history digest does not match the evidence in {shown}")))
        }
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
    }

    /// The problems of a fixture folder as `file:line: message` lines.
    fn problems(name: &str) -> Vec<String> {
        check_log(&fixture(&format!("log-check/{name}"))).unwrap().problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_sound_log_has_no_problems() {
        for dialect in ["adr/nygard", "adr/round-trip"] {
            let check = check_log(&fixture(dialect)).unwrap();
            assert_eq!(check.problems, [], "{dialect}");
            assert!(check.records >= 2, "{dialect}");
        }
        // What ArchDecide exports is sound in both formats.
        let mut store = crate::Store::open_in_memory().unwrap();
        crate::imports::import_folder(&mut store, &fixture("adr/nygard")).unwrap();
        for format in [crate::exports::log::LogFormat::Madr, crate::exports::log::LogFormat::Nygard] {
            let dir = tempfile::tempdir().unwrap();
            crate::exports::log::export_log(&store, dir.path(), format).unwrap();
            assert_eq!(check_log(dir.path()).unwrap().problems, [], "{format:?}");
        }
        // MADR 4's sample keeps "accepted" in its front matter while a newer record supersedes it.
        let madr = check_log(&fixture("adr/madr4")).unwrap().problems;
        let shown: Vec<String> = madr.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            ["0001-use-postgresql-for-orders.md:2: record 2 supersedes it, but its status is not superseded"]
        );
    }

    #[test]
    fn each_kind_of_problem_names_its_file_and_line() {
        assert_eq!(problems("clash"), ["0001-first.md:1: number 1 is also used by 0001-also-first.md"]);
        assert_eq!(problems("skip"), ["0004-fourth.md:1: number 4 follows 1: 2–3 are missing"]);
        assert_eq!(problems("dangling-link"), ["0001-first.md:17: the link to 0009-missing.md points at nothing"]);
        assert_eq!(
            problems("unknown-status"),
            ["0001-first.md:7: status \"Approved\" is not one of proposed, accepted, rejected, deprecated, superseded"]
        );
        assert_eq!(
            problems("supersession"),
            ["0002-services.md:9: it supersedes record 1, but 0001-monolith.md does not say it is superseded by 2",]
        );
        assert_eq!(
            problems("front-matter"),
            [
                "0001-first.md:3: front matter line `this line is not yaml` is not `key: value`",
                "0001-first.md:4: the list of `decision-makers` is never closed with ]",
            ]
        );
        assert_eq!(
            problems("digest"),
            ["0001-first.md:14: the history digest does not match the evidence in .archdecide/0001-first.json"]
        );
    }
}
