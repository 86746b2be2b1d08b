//! Exports of decision records and sessions: the record view every format renders from,
//! MADR 4 and Nygard/adr-tools Markdown, the PDF, the whole decision log into a folder, and
//! the lossless session JSON.

pub mod log;
pub mod madr;
pub mod nygard;
pub mod pdf;

pub mod session_json;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::decisions::{self, Decision, DecisionLink, DecisionStatus, Snapshot};
use crate::scoring;
use crate::sessions::{Reversibility, Session, get_session};
use crate::{Error, Result, Store};

/// The formats one record can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RecordFormat {
    /// PDF for reading and printing.
    Pdf,
    /// MADR 4.0 Markdown with YAML front matter (the standard).
    Madr,
    /// Nygard / adr-tools Markdown that log4brains also reads.
    Nygard,
    /// The whole session as versioned JSON (lossless; re-importable).
    Json,
}

impl RecordFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Madr | Self::Nygard => "md",
            Self::Json => "json",
        }
    }
}

/// A reason a stakeholder gave with a score.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRationale {
    pub stakeholder_id: Uuid,
    pub stakeholder: String,
    pub driver: String,
    pub option: String,
    pub value: u8,
    pub text: String,
}

/// Everything a record export shows: the record, the context it answers, and the evidence
/// (frozen for an accepted record; the live workshop for a proposed one; none for a record
/// imported from Markdown).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub decision: Decision,
    pub context: String,
    /// What the system is: the ticked use cases in words, then the team's own words.
    pub building: Vec<String>,
    pub reversibility: Option<Reversibility>,
    pub evidence: Option<Snapshot>,
    /// The session's title (the record's title can differ).
    pub session_title: String,
    /// The day shown as the record's date: decided, or today for a proposal.
    pub date: NaiveDate,
}

/// The record of a session, ready to render; refused during a blind round or when the session
/// has no record yet.
pub fn record_of(store: &Store, session_id: Uuid) -> Result<Record> {
    let decision = decisions::get_decision(store, session_id)?.ok_or_else(|| {
        Error::refused(
            crate::ErrorCode::NoRecord,
            "This session has no decision record yet: choose an option in the Decide step",
        )
    })?;
    let detail = get_session(store, session_id)?;
    let evidence = match &decision.snapshot {
        Some(snapshot) => Some(snapshot.clone()),
        None => {
            let evidence = scoring::evidence_of(store, session_id)?;
            let head = crate::history::chain_head(store, session_id).unwrap_or_default();
            (!evidence.detail.options.is_empty()).then(|| Snapshot::of(evidence, store.now(), head))
        }
    };
    let date = decision.decided_on.unwrap_or_else(|| store.now().date_naive());
    Ok(Record::framed(decision, evidence, detail.session, date))
}

impl Record {
    /// The record with the framing it answers: the frozen one when the record has a snapshot,
    /// else the session's own (a proposal, or a record imported from Markdown).
    pub(crate) fn framed(decision: Decision, evidence: Option<Snapshot>, session: Session, date: NaiveDate) -> Self {
        let (context, building, reversibility) = match decision.snapshot.as_ref() {
            Some(frozen) => (frozen.context.clone(), frozen.building.clone(), frozen.reversibility),
            None => (
                session.context,
                crate::use_cases::building(crate::catalog::get_catalog(), &session.use_cases, &session.use_case_notes),
                session.reversibility,
            ),
        };
        Record { decision, context, building, reversibility, evidence, session_title: session.title, date }
    }

    /// "ADR-0007" or "Draft".
    pub fn label(&self) -> String {
        self.decision.number.map_or_else(|| "Draft".to_owned(), |n| format!("ADR-{n:04}"))
    }

    pub fn file_name(&self) -> String {
        file_name(self.decision.number, &self.decision.title, "md")
    }

    /// Every score that came with a reason, by stakeholder, driver and option (session order):
    /// the PDF lists them under each person's sheet, the Markdown layouts in More Information.
    pub fn rationales(&self) -> Vec<RecordRationale> {
        let Some(evidence) = &self.evidence else { return Vec::new() };
        let mut out: Vec<((usize, usize, usize), RecordRationale)> = evidence
            .scores
            .iter()
            .filter(|s| !s.rationale.is_empty())
            .filter_map(|s| {
                let p = evidence.stakeholders.iter().position(|x| x.id == s.stakeholder_id)?;
                let d = evidence.drivers.iter().position(|x| x.id == s.driver_id)?;
                let o = evidence.options.iter().position(|x| x.id == s.option_id)?;
                let rationale = RecordRationale {
                    stakeholder_id: s.stakeholder_id,
                    stakeholder: evidence.stakeholders[p].name.clone(),
                    driver: evidence.drivers[d].title.clone(),
                    option: evidence.options[o].name.clone(),
                    value: s.value,
                    text: s.rationale.clone(),
                };
                Some(((p, d, o), rationale))
            })
            .collect();
        out.sort_by_key(|(order, _)| *order);
        out.into_iter().map(|(_, rationale)| rationale).collect()
    }

    /// The weight of each driver and its facts, in session order. A weight is shown only when
    /// it shaped a result (scores were given) or someone rated or compared the drivers: the
    /// equal share of a record nobody scored is not a figure.
    pub fn drivers(&self) -> Vec<RecordDriver> {
        let Some(evidence) = &self.evidence else { return Vec::new() };
        let weights_given =
            !evidence.scores.is_empty() || !evidence.importances.is_empty() || !evidence.comparisons.is_empty();
        evidence
            .drivers
            .iter()
            .map(|driver| RecordDriver {
                title: driver.title.clone(),
                description: driver.description.clone(),
                must_have: driver.must_have,
                weight: weights_given
                    .then(|| evidence.analysis.weights.iter().find(|w| w.driver_id == driver.id).map(|w| w.weight))
                    .flatten(),
            })
            .collect()
    }

    /// The considered options with their totals, in session order.
    pub fn options(&self) -> Vec<RecordOption> {
        let Some(evidence) = &self.evidence else {
            return vec![RecordOption {
                name: self.decision.chosen_option.clone(),
                definition: String::new(),
                pros: self.decision.good.clone(),
                cons: self.decision.bad.clone(),
                total: None,
                rank: None,
                tied: false,
                must_have_failures: Vec::new(),
                chosen: true,
            }];
        };
        evidence
            .options
            .iter()
            .map(|option| {
                let result = evidence.analysis.options.iter().find(|r| r.option_id == option.id);
                RecordOption {
                    name: option.name.clone(),
                    definition: option.definition.clone(),
                    pros: option.pros.clone(),
                    cons: option.cons.clone(),
                    total: result.and_then(|r| r.total),
                    rank: result.map(|r| r.rank),
                    tied: result.is_some_and(|r| {
                        evidence.analysis.options.iter().any(|o| o.option_id != r.option_id && o.rank == r.rank)
                    }),
                    must_have_failures: result
                        .map(|r| {
                            r.must_have_failures
                                .iter()
                                .filter_map(|id| evidence.drivers.iter().find(|d| d.id == *id))
                                .map(|d| d.title.clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                    chosen: Some(option.id) == self.decision.option_id,
                }
            })
            .collect()
    }

    pub fn status_word(&self) -> &'static str {
        self.decision.status.as_str()
    }
}

pub struct RecordDriver {
    pub title: String,
    pub description: String,
    pub must_have: bool,
    pub weight: Option<f64>,
}

pub struct RecordOption {
    pub name: String,
    pub definition: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub total: Option<f64>,
    pub rank: Option<u32>,
    /// Another option has exactly the same total (and so the same rank).
    pub tied: bool,
    pub must_have_failures: Vec<String>,
    pub chosen: bool,
}

impl RecordOption {
    /// "the workshop gave it 72.0 of 100 (rank 1 of 4)", with ", tied" for a shared rank.
    pub fn result_text(&self, of: usize) -> Option<String> {
        let (total, rank) = (self.total?, self.rank?);
        let tied = if self.tied { ", tied" } else { "" };
        Some(format!("the workshop gave it {total:.1} of 100 (rank {rank} of {of}{tied})"))
    }
}

/// A record rendered in `format`: its suggested file name and its bytes (JSON exports the
/// whole session).
pub fn render_record(store: &Store, session_id: Uuid, format: RecordFormat) -> Result<(String, Vec<u8>)> {
    let markdown = |render: fn(&Record) -> String| -> Result<(String, Vec<u8>)> {
        let record = record_of(store, session_id)?;
        Ok((record.file_name(), render(&record).into_bytes()))
    };
    match format {
        RecordFormat::Madr => markdown(madr::render),
        RecordFormat::Nygard => markdown(nygard::render),
        RecordFormat::Pdf => {
            let record = record_of(store, session_id)?;
            let name = file_name(record.decision.number, &record.decision.title, "pdf");
            Ok((name, pdf::render_record(&record)))
        }
        RecordFormat::Json => {
            let json = session_json::export_session(store, session_id)?;
            let title = crate::sessions::get_session(store, session_id)?.session.title;
            let number = decisions::get_decision(store, session_id)?.and_then(|d| d.number);
            Ok((file_name(number, &title, "json"), json.into_bytes()))
        }
    }
}

const LAST_EXPORT_DIR: &str = "last_export_dir";

/// The folder the last export went to, to start the next save dialog there.
pub fn last_export_dir(store: &Store) -> Result<Option<std::path::PathBuf>> {
    Ok(crate::store::settings::setting(store.read(), LAST_EXPORT_DIR)?.map(Into::into))
}

pub fn remember_export_dir(store: &mut Store, dir: &std::path::Path) -> Result<()> {
    store.write(crate::history::ChangeNote::new("remember_export_dir").final_step(), |tx| {
        crate::store::settings::set_setting(tx, LAST_EXPORT_DIR, &dir.display().to_string())
    })
}

/// `NNNN-title-with-dashes.ext` (MADR's and adr-tools' naming); `draft-…` before a number.
/// The slug is ASCII (transliterated: "Straße" → "strasse"), so every tool and web server
/// finds the file a link names without percent-encoding it; the title stays in the file.
/// The line before a record's revisit triggers in the Markdown layouts (the importer knows it).
pub const TRIGGERS_LEAD: &str = "Look at this decision again if:";

/// The paragraph that leads the list of what the system is, in a record's context.
pub const BUILDING_LEAD: &str = "What we are building:";

/// What the record's context adds after the team's text, in Markdown: what the system is
/// and how easy the choice is to reverse (empty when the session says neither).
pub fn framing_markdown(record: &Record) -> String {
    let mut out = String::new();
    if !record.building.is_empty() {
        out += BUILDING_LEAD;
        out += "\n\n";
        for line in &record.building {
            out += &format!("* {}\n", markdown_line(line));
        }
        out += "\n";
    }
    if let Some(reversibility) = record.reversibility {
        out += &format!("{}.\n\n", reversibility.words());
    }
    out
}

pub fn file_name(number: Option<u32>, title: &str, extension: &str) -> String {
    let mut slug = String::new();
    for c in deunicode::deunicode(title).chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "decision" } else { slug };
    match number {
        Some(n) => format!("{n:04}-{slug}.{extension}"),
        None => format!("draft-{slug}.{extension}"),
    }
}

/// The file a linked record has in an exported log.
pub fn link_file(link: &DecisionLink) -> String {
    file_name(link.number, &link.title, "md")
}

/// User text made literal for Markdown: every character Markdown would interpret is
/// backslash-escaped, so `<script>`, `[x](javascript:…)`, `**` and `# ` show as typed, and a
/// `"` becomes `\"`, which Markdown and Graphviz's DOT (adr-tools' graph) both read as a
/// quote. A web address in angle brackets (`<https://…>`) stays a live link. Lines are
/// trimmed and runs of blank lines become one, as Markdown reads them anyway: what the
/// importer reads back is exactly the text written.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut blank = false;
    for line in text.split('\n') {
        // Leading spaces would make an indented code block: drop them.
        let trimmed = line.trim();
        if trimmed.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        // A line that would start a list or a setext rule (`#` and `>` are escaped below).
        if trimmed.starts_with(['-', '+', '=']) {
            out.push('\\');
        }
        let mut at = 0;
        while let Some(c) = trimmed[at..].chars().next() {
            if let Some(link) = web_autolink(&trimmed[at..]) {
                out.push_str(link);
                at += link.len();
                continue;
            }
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '"' => {
                    out.push('\\');
                    out.push(c);
                }
                // Only an entity (`&amp;`, `&#60;`) would be interpreted.
                '&' if looks_like_entity(&trimmed[at + 1..]) => out.push_str("\\&"),
                _ => out.push(c),
            }
            at += c.len_utf8();
        }
    }
    escape_ordered_list_markers(&out)
}

/// `<https://…>` at the start of `text`, as CommonMark reads an autolink: no space, `<` or
/// control character before the closing `>`.
fn web_autolink(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("<https://").or_else(|| text.strip_prefix("<http://"))?;
    let end = rest.find(|c: char| c == '>' || c == '<' || c.is_whitespace() || c.is_control())?;
    (rest[end..].starts_with('>') && end > 0).then(|| &text[..text.len() - rest.len() + end + 1])
}

/// A title as link text that needs no escaping in any tool: the characters Markdown would
/// interpret are left out (the target record keeps the real title).
pub fn plain_link_text(title: &str) -> String {
    let kept: String = title
        .chars()
        .map(|c| {
            if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '"' | '&') {
                ' '
            } else {
                c
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn looks_like_entity(after_ampersand: &str) -> bool {
    let name: String = after_ampersand.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
    !name.is_empty() && after_ampersand[name.len()..].starts_with(';')
}

/// "1. text" at a line start would become a numbered list: escape the dot.
fn escape_ordered_list_markers(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            let after = &line[digits..];
            let marker =
                after.starts_with(['.', ')']) && after[1..].chars().next().is_none_or(|c| c == ' ' || c == '\t');
            if digits > 0 && marker { format!("{}\\{}", &line[..digits], &line[digits..]) } else { line.to_owned() }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line of user text inside a list item or heading: line breaks become spaces.
pub fn markdown_line(text: &str) -> String {
    markdown_text(&text.replace('\n', " "))
}

/// The records' "because …" text is the text module's (the Y-statement drafts with it too).
pub use crate::text::after_because;

/// A percentage with one decimal.
pub fn percent(weight: f64) -> String {
    format!("{:.1}%", weight * 100.0)
}

pub fn status_title(status: DecisionStatus) -> &'static str {
    match status {
        DecisionStatus::Proposed => "Proposed",
        DecisionStatus::Accepted => "Accepted",
        DecisionStatus::Rejected => "Rejected",
        DecisionStatus::Deprecated => "Deprecated",
        DecisionStatus::Superseded => "Superseded",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_follow_madr() {
        assert_eq!(
            file_name(Some(7), "Use Microservices for the Checkout!", "md"),
            "0007-use-microservices-for-the-checkout.md"
        );
        assert_eq!(file_name(Some(12), "Événements — façade", "md"), "0012-evenements-facade.md");
        assert_eq!(file_name(Some(6), "Ship Straße … ω phase", "md"), "0006-ship-strasse-o-phase.md");
        assert_eq!(file_name(Some(3), "Москва 日本", "md"), "0003-moskva-ri-ben.md");
        assert_eq!(file_name(None, "///", "pdf"), "draft-decision.pdf");
        assert_eq!(file_name(Some(1), "../../etc/passwd", "md"), "0001-etc-passwd.md");
    }

    #[test]
    fn markdown_text_shows_hostile_input_as_typed() {
        assert_eq!(markdown_text("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
        assert_eq!(markdown_text("[click](javascript:alert(1))"), "\\[click\\](javascript:alert(1))");
        assert_eq!(markdown_text("<img src=x onerror=alert(1)>"), "\\<img src=x onerror=alert(1)\\>");
        assert_eq!(
            markdown_text("# not a heading\n- not a list\n1. not numbered"),
            "\\# not a heading\n\\- not a list\n1\\. not numbered"
        );
        assert_eq!(
            markdown_text("**bold** _it_ `code` a|b R&D &lt;"),
            "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` a\\|b R&D \\&lt;"
        );
        assert_eq!(markdown_text("Plain text — stays."), "Plain text — stays.");
    }

    #[test]
    fn after_because_lowers_words_but_not_acronyms() {
        assert_eq!(after_because("Simplicity — one deploy"), "simplicity — one deploy");
        assert_eq!(after_because("REST everywhere"), "REST everywhere");
    }
}

#[cfg(test)]
mod record_tests;
