//! Reading one Markdown ADR in any dialect (MADR 2–4 with or without YAML front matter,
//! Nygard / adr-tools, log4brains, and ArchDecide's own exports) into a [`ParsedRecord`]. The
//! body is parsed as CommonMark (pulldown-cmark), so escapes are undone, a link keeps its
//! target, and what ArchDecide itself derived on export (totals, robustness, the evidence in
//! brief) is recognised and not read back as the team's text: exporting what was imported
//! gives the same file again.

use chrono::NaiveDate;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use uuid::Uuid;

use crate::decisions::DecisionStatus;
use crate::text::{self, MAX_CONTEXT, MAX_ITEM, MAX_ITEMS, MAX_NAME};
use crate::{Error, Result};

/// A record read from Markdown, before it is stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedRecord {
    pub number: Option<u32>,
    pub title: String,
    pub status: Option<DecisionStatus>,
    /// A status word that is none of ArchDecide's (nor adr-tools' or log4brains' spellings).
    pub unknown_status: Option<String>,
    pub date: Option<NaiveDate>,
    pub deciders: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub context: String,
    /// What the system is (the record's "What we are building:" list).
    pub building: Vec<String>,
    pub reversibility: Option<crate::sessions::Reversibility>,
    pub chosen_option: String,
    /// The one-sentence summary (a Y-statement) that opens the decision.
    pub summary: String,
    pub rationale: String,
    pub good: Vec<String>,
    pub bad: Vec<String>,
    pub confirmation: String,
    pub review_by: Option<NaiveDate>,
    /// The team's own revisit triggers (those computed from the evidence are not read back).
    pub triggers: Vec<String>,
    /// The considered options, with their pros and cons (MADR) or names only (Nygard).
    pub options: Vec<ParsedOption>,
    pub drivers: Vec<ParsedDriver>,
    /// The ArchDecide session the record was exported from (its last line names it).
    pub session_id: Option<Uuid>,
    /// Numbers of the records this one supersedes / is superseded by.
    pub supersedes: Vec<u32>,
    pub superseded_by: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedOption {
    pub name: String,
    pub definition: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedDriver {
    pub title: String,
    pub description: String,
    pub must_have: bool,
}

/// Some text of the document with the link targets in it, each with the line it starts on.
#[derive(Debug, Clone, PartialEq, Default)]
struct Piece {
    text: String,
    links: Vec<(usize, String)>,
    /// The strong span the piece opens with (`**Title** …`), as text.
    lead_strong: Option<String>,
}

impl Piece {
    /// The lines of the text, each with the targets of the links on it.
    fn lines(&self) -> Vec<(&str, Vec<&str>)> {
        self.text
            .split('\n')
            .enumerate()
            .map(|(at, line)| {
                (line, self.links.iter().filter(|(l, _)| *l == at).map(|(_, target)| target.as_str()).collect())
            })
            .collect()
    }
}

/// One block of the document.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    /// The heading's level, its text, and its first source line.
    Heading(u8, Piece, String),
    Paragraph(Piece),
    List(Vec<Piece>),
    Code(String),
}

impl Block {
    /// The block as plain text: list items as `- item` lines.
    fn text(&self) -> String {
        match self {
            Block::Heading(_, piece, _) | Block::Paragraph(piece) => piece.text.clone(),
            Block::List(items) => items.iter().map(|i| format!("- {}", i.text)).collect::<Vec<_>>().join("\n"),
            Block::Code(code) => code.clone(),
        }
    }

    fn paragraph(&self) -> Option<&Piece> {
        match self {
            Block::Paragraph(piece) => Some(piece),
            _ => None,
        }
    }
}

#[derive(PartialEq)]
enum Container {
    Heading,
    Paragraph,
    Item,
}

/// The document's blocks, in order. Inline markup is reduced to its text: emphasis drops its
/// markers, code keeps its backticks, a web link becomes `text <url>` (which the exporter
/// writes back as a live autolink), any other link `text (target)`; HTML comments are dropped.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Vec<(Container, Piece)> = Vec::new();
    let mut lists: Vec<Vec<Piece>> = Vec::new();
    let mut links: Vec<(usize, String, LinkType)> = Vec::new();
    let mut strong_start: Option<usize> = None;
    let mut raw_heading = String::new();
    let mut html: Option<String> = None;
    let mut code: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                raw_heading = markdown[range].lines().next().unwrap_or_default().to_owned();
                open.push((Container::Heading, Piece::default()));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((Container::Heading, piece)) = open.pop() {
                    out.push(Block::Heading(level as u8, piece, std::mem::take(&mut raw_heading)));
                }
            }
            Event::Start(Tag::Paragraph) => match open.last_mut() {
                // A loose list item's paragraphs become lines of the item.
                Some((Container::Item, piece)) => {
                    if !piece.text.is_empty() {
                        piece.text.push('\n');
                    }
                }
                _ => open.push((Container::Paragraph, Piece::default())),
            },
            Event::End(TagEnd::Paragraph) => {
                if matches!(open.last(), Some((Container::Paragraph, _)))
                    && let Some((_, piece)) = open.pop()
                {
                    out.push(Block::Paragraph(piece));
                }
            }
            Event::Start(Tag::List(_)) => lists.push(Vec::new()),
            Event::End(TagEnd::List(_)) => {
                let items = lists.pop().unwrap_or_default();
                match open.last_mut() {
                    // A nested list: its items become lines of the item that holds it.
                    Some((Container::Item, piece)) => {
                        for item in items {
                            if !piece.text.is_empty() {
                                piece.text.push('\n');
                            }
                            piece.text.push_str(&item.text);
                        }
                    }
                    _ => out.push(Block::List(items)),
                }
            }
            Event::Start(Tag::Item) => open.push((Container::Item, Piece::default())),
            Event::End(TagEnd::Item) => {
                if let (Some((Container::Item, piece)), Some(list)) = (open.pop(), lists.last_mut()) {
                    list.push(piece);
                }
            }
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = code.take() {
                    out.push(Block::Code(code.trim_end().to_owned()));
                }
            }
            Event::Start(Tag::HtmlBlock) => html = Some(String::new()),
            Event::End(TagEnd::HtmlBlock) => {
                if let Some(html) = html.take().filter(|h| !h.trim_start().starts_with("<!--")) {
                    out.push(Block::Paragraph(Piece { text: html.trim_end().to_owned(), ..Piece::default() }));
                }
            }
            Event::Html(text) => {
                if let Some(html) = html.as_mut() {
                    html.push_str(&text);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                let at = open.last().map_or(0, |(_, piece)| piece.text.len());
                links.push((at, dest_url.into_string(), link_type));
            }
            Event::End(TagEnd::Link) => {
                if let (Some((at, target, kind)), Some((_, piece))) = (links.pop(), open.last_mut()) {
                    let at = at.min(piece.text.len());
                    let label = piece.text.split_off(at);
                    let line = piece.text.matches('\n').count();
                    let web = target.starts_with("https://") || target.starts_with("http://");
                    piece.text += &match kind {
                        LinkType::Email => label,
                        _ if web && (label == target || label.is_empty()) => format!("<{target}>"),
                        _ if web => format!("{label} <{target}>"),
                        _ if label.is_empty() => target.clone(),
                        _ if label == target => label,
                        _ => format!("{label} ({target})"),
                    };
                    piece.links.push((line, target));
                }
            }
            Event::Start(Tag::Strong) => {
                if let Some((_, piece)) = open.last()
                    && piece.text.trim().is_empty()
                    && piece.lead_strong.is_none()
                {
                    strong_start = Some(piece.text.len());
                }
            }
            Event::End(TagEnd::Strong) => {
                if let (Some(start), Some((_, piece))) = (strong_start.take(), open.last_mut()) {
                    piece.lead_strong = piece.text.get(start..).map(str::to_owned);
                }
            }
            Event::Text(text) => match (code.as_mut(), open.last_mut()) {
                (Some(code), _) => code.push_str(&text),
                (None, Some((_, piece))) => piece.text.push_str(&text),
                _ => {}
            },
            Event::Code(text) => {
                if let Some((_, piece)) = open.last_mut() {
                    piece.text.push('`');
                    piece.text.push_str(&text);
                    piece.text.push('`');
                }
            }
            Event::InlineHtml(text) if !text.starts_with("<!--") => {
                if let Some((_, piece)) = open.last_mut() {
                    piece.text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, piece)) = open.last_mut() {
                    piece.text.push('\n');
                }
            }
            _ => {}
        }
    }
    out
}

/// Reads one ADR in any of the dialects; the file name gives the number when the title does
/// not.
pub fn parse_record(file_name: &str, text: &str) -> Result<ParsedRecord> {
    let text = text.replace("\r\n", "\n");
    let mut record = ParsedRecord::default();
    let mut body = text.as_str();

    // MADR 3/4: YAML front matter.
    if let Some(rest) = body.strip_prefix("---\n") {
        let mut end = None;
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == "---" {
                end = Some((offset, offset + line.len()));
                break;
            }
            offset += line.len();
        }
        let (end, after) = end.ok_or_else(|| Error::invalid("file", "the front matter is never closed with ---"))?;
        for (key, values) in front_matter(&rest[..end]) {
            apply_front_matter(&mut record, &key, &values);
        }
        body = &rest[after..];
    }

    let blocks = blocks(body);
    // The title: the first level-1 heading before any level-2 one.
    let title_at = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(1 | 2, ..)))
        .filter(|&at| matches!(blocks[at], Block::Heading(1, ..)))
        .ok_or_else(|| Error::invalid("file", "there is no \"# \" title line"))?;
    let Block::Heading(_, heading, raw) = &blocks[title_at] else { unreachable!("found as a heading") };
    let mut title = heading.text.replace('\n', " ");
    // Nygard: "# 3. Title" (an escaped "3\." is part of the title).
    let raw = raw.trim_start_matches('#').trim_start();
    let digits: String = raw.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty()
        && raw[digits.len()..].starts_with(". ")
        && let Some(rest) = title.strip_prefix(&format!("{digits}. "))
    {
        record.number = digits.parse().ok();
        title = rest.to_owned();
    }
    if record.number.is_none() {
        record.number = super::record_number(file_name).filter(|n| *n > 0);
    }

    // Sections by level-2 heading; the blocks before the first are the preamble.
    let mut preamble: Vec<&Block> = Vec::new();
    let mut sections: Vec<(String, Vec<&Block>)> = Vec::new();
    for block in &blocks[title_at + 1..] {
        match block {
            Block::Heading(2, heading, _) => sections.push((heading.text.trim().to_lowercase(), Vec::new())),
            _ => match sections.last_mut() {
                Some((_, content)) => content.push(block),
                None => preamble.push(block),
            },
        }
    }
    // log4brains / MADR 2: "- Status: …" items before the first "##"; adr-tools: "Date: …".
    for block in preamble {
        let pieces = match block {
            Block::Paragraph(piece) => vec![piece],
            Block::List(items) => items.iter().collect(),
            _ => Vec::new(),
        };
        for piece in pieces {
            for (line, targets) in piece.lines() {
                if let Some((key, value)) = line.split_once(':') {
                    apply_preamble(&mut record, key, value, &targets);
                }
            }
        }
    }
    let section = |names: &[&str]| -> Option<&[&Block]> {
        sections.iter().find(|(heading, _)| names.iter().any(|n| heading.starts_with(n))).map(|(_, c)| c.as_slice())
    };
    if let Some(status) = section(&["status"]) {
        // adr-tools: the first line is the status; link lines follow.
        for piece in status.iter().filter_map(|b| b.paragraph()) {
            for (line, targets) in piece.lines() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                match link_relation(line) {
                    Some(Relation::SupersededBy) => {
                        record.status = Some(DecisionStatus::Superseded);
                        record.superseded_by.extend(targets.iter().filter_map(|t| linked_number(t)));
                    }
                    Some(Relation::Supersedes) => {
                        record.supersedes.extend(targets.iter().filter_map(|t| linked_number(t)))
                    }
                    None if record.status.is_none() => {
                        record.status = status_word(line);
                        if record.status.is_none() {
                            record.unknown_status = Some(line.to_owned());
                        }
                    }
                    None => {}
                }
            }
        }
    }
    if let Some(context) = section(&["context and problem statement", "context"]) {
        read_context(&mut record, context);
    }
    if let Some(drivers) = section(&["decision drivers"]) {
        for block in drivers {
            if let Block::List(items) = block {
                record.drivers.extend(items.iter().map(driver_item));
            }
        }
    }
    if let Some(options) = section(&["considered options"]) {
        for block in options {
            if let Block::List(items) = block {
                for item in items {
                    add_option(&mut record.options, &item.text.replace('\n', " "));
                }
            }
        }
    }
    if let Some(pros_and_cons) = section(&["pros and cons of the options"]) {
        read_pros_and_cons(&mut record.options, pros_and_cons);
    }
    if let Some(outcome) = section(&["decision outcome"]) {
        let outcome = take_summary(&mut record, outcome);
        read_outcome(&mut record, outcome);
    } else if let Some(decision) = section(&["decision"]) {
        let decision = take_summary(&mut record, decision);
        let text = join(decision.iter().map(|b| b.text()));
        let (chosen, rationale) = we_will_use(&text, &record.options)
            .or_else(|| title_because(&text, &title))
            .unwrap_or_else(|| (title.clone(), text.clone()));
        record.chosen_option = chosen;
        record.rationale = rationale;
        if let Some(consequences) = section(&["consequences"]) {
            read_nygard_consequences(&mut record, consequences);
        }
    }
    if let Some(more) = section(&["more information", "links"]) {
        read_more_information(&mut record, more);
    }
    record.supersedes.dedup();
    record.superseded_by.dedup();
    if record.date.is_none() {
        record.date = super::dated_name(file_name);
    }
    record.title = title;
    limit(record)
}

/// Every text through the same limits as typed input.
fn limit(mut record: ParsedRecord) -> Result<ParsedRecord> {
    record.title = text::required_line("title", "Title", &record.title, MAX_NAME)?;
    record.context = text::multi_line("context", "Context", &record.context, MAX_CONTEXT)?;
    record.building = text::line_list("use_case_notes", "What we are building", &record.building, MAX_ITEMS, MAX_ITEM)?;
    record.rationale = text::multi_line("rationale", "Decision", &record.rationale, MAX_CONTEXT)?;
    record.summary = text::multi_line("summary", "Summary", &record.summary, MAX_CONTEXT)?;
    record.confirmation = text::multi_line("confirmation", "Confirmation", &record.confirmation, MAX_CONTEXT)?;
    record.chosen_option = text::optional_line("chosen_option", "Chosen option", &record.chosen_option, MAX_NAME)?;
    if record.chosen_option.is_empty() {
        record.chosen_option = record.title.clone();
    }
    record.good = text::line_list("good", "Good consequences", &record.good, MAX_ITEMS, MAX_ITEM)?;
    record.bad = text::line_list("bad", "Bad consequences", &record.bad, MAX_ITEMS, MAX_ITEM)?;
    record.triggers = text::line_list("triggers", "Revisit triggers", &record.triggers, MAX_ITEMS, MAX_ITEM)?;
    for names in [&mut record.deciders, &mut record.consulted, &mut record.informed] {
        *names = text::line_list("names", "Names", names, MAX_ITEMS, MAX_NAME)?;
    }
    if record.options.len() > MAX_ITEMS || record.drivers.len() > MAX_ITEMS {
        return Err(Error::invalid("file", format!("a record can hold at most {MAX_ITEMS} options and drivers")));
    }
    for option in &mut record.options {
        option.name = text::required_line("options", "Option name", &option.name, MAX_NAME)?;
        option.definition = text::multi_line("options", "Option definition", &option.definition, MAX_CONTEXT)?;
        option.pros = text::line_list("options", "Pros", &option.pros, MAX_ITEMS, MAX_ITEM)?;
        option.cons = text::line_list("options", "Cons", &option.cons, MAX_ITEMS, MAX_ITEM)?;
    }
    for driver in &mut record.drivers {
        driver.title = text::required_line("drivers", "Driver title", &driver.title, MAX_NAME)?;
        driver.description = text::optional_line("drivers", "Driver description", &driver.description, MAX_ITEM)?;
    }
    Ok(record)
}

/// Paragraphs joined by a blank line, empty ones left out.
fn join(parts: impl Iterator<Item = String>) -> String {
    parts.filter(|p| !p.trim().is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// One line of an item: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split('\n').map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The context, without the lists the Nygard export adds to it (drivers and options).
fn read_context(record: &mut ParsedRecord, blocks: &[&Block]) {
    let mut parts = Vec::new();
    let mut at = 0;
    while at < blocks.len() {
        let lead = blocks[at].paragraph().map(|p| p.text.trim());
        match (lead, blocks.get(at + 1)) {
            (Some("The decision had to serve:"), Some(Block::List(items))) => {
                record.drivers.extend(items.iter().map(driver_item));
                at += 2;
                continue;
            }
            (Some("The options considered were:"), Some(Block::List(items))) => {
                for item in items {
                    add_option(&mut record.options, without_workshop_total(&one_line(&item.text)));
                }
                at += 2;
                continue;
            }
            (Some(crate::exports::BUILDING_LEAD), Some(Block::List(items))) => {
                record.building.extend(items.iter().map(|i| one_line(&i.text)));
                at += 2;
                continue;
            }
            (Some(line), _) if reversibility_line(line).is_some() => record.reversibility = reversibility_line(line),
            (Some("No context was recorded."), _) if blocks.len() == 1 => {}
            _ => parts.push(blocks[at].text()),
        }
        at += 1;
    }
    record.context = join(parts.into_iter());
}

/// "Easy to reverse (a two-way door)." as the exports write it.
fn reversibility_line(line: &str) -> Option<crate::sessions::Reversibility> {
    use crate::sessions::Reversibility::*;
    [Easy, Hard].into_iter().find(|r| line.strip_suffix('.') == Some(r.words()))
}

/// "Orders (72.0 of 100 in the workshop)" → "Orders".
fn without_workshop_total(name: &str) -> &str {
    let Some(open) = name.strip_suffix(" of 100 in the workshop)").and_then(|s| s.rfind(" (")) else { return name };
    let figure = &name[open + 2..name.len() - " of 100 in the workshop)".len()];
    if !figure.is_empty() && figure.chars().all(|c| c.is_ascii_digit() || c == '.') { &name[..open] } else { name }
}

fn add_option(options: &mut Vec<ParsedOption>, name: &str) -> usize {
    let name = name.trim();
    if let Some(at) = options.iter().position(|o| o.name.to_lowercase() == name.to_lowercase()) {
        return at;
    }
    options.push(ParsedOption { name: name.to_owned(), ..ParsedOption::default() });
    options.len() - 1
}

/// `**Title** (must-have), weight 40.0%: description` (MADR), `Title (must-have), weight
/// 40.0%` (Nygard), or a plain title.
fn driver_item(item: &Piece) -> ParsedDriver {
    let text = one_line(&item.text);
    let lead = item.lead_strong.as_deref().map(one_line).filter(|l| !l.is_empty() && text.starts_with(l.as_str()));
    let (title, rest) = match lead {
        Some(title) => {
            let rest = text[title.len()..].to_owned();
            (title, rest)
        }
        None => {
            // A plain item: its suffixes are taken from the end.
            let mut title = text.as_str();
            if let Some(at) = title.rfind(", weight ").filter(|&at| is_weight(&title[at + ", weight ".len()..])) {
                title = &title[..at];
            }
            let must = title.strip_suffix(" (must-have)");
            return ParsedDriver {
                title: must.unwrap_or(title).to_owned(),
                description: String::new(),
                must_have: must.is_some(),
            };
        }
    };
    let mut rest = rest.as_str();
    let must_have = match rest.strip_prefix(" (must-have)") {
        Some(after) => {
            rest = after;
            true
        }
        None => false,
    };
    if let Some(after) = rest.strip_prefix(", weight ") {
        let end = after.find('%').map_or(after.len(), |p| p + 1);
        rest = &after[end..];
    }
    let description = rest.strip_prefix(':').unwrap_or(rest).trim().to_owned();
    ParsedDriver { title, description, must_have }
}

/// "40.0%" and nothing more.
fn is_weight(text: &str) -> bool {
    text.strip_suffix('%').is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// `### Option` subsections: paragraphs are the definition, `Good, because` items the pros,
/// `Bad, because` items the cons; what the export derived from the workshop is dropped, other
/// items join the definition.
fn read_pros_and_cons(options: &mut Vec<ParsedOption>, blocks: &[&Block]) {
    let mut current: Option<usize> = None;
    let mut definition: Vec<String> = Vec::new();
    let flush = |options: &mut Vec<ParsedOption>, current: Option<usize>, definition: &mut Vec<String>| {
        if let Some(at) = current {
            let text = join(definition.drain(..));
            if !text.is_empty() {
                options[at].definition = text;
            }
        }
        definition.clear();
    };
    for block in blocks {
        match block {
            Block::Heading(_, heading, _) => {
                flush(options, current, &mut definition);
                current = Some(add_option(options, &one_line(&heading.text)));
            }
            Block::List(items) if current.is_some() => {
                let option = &mut options[current.unwrap_or_default()];
                for item in items {
                    let item = one_line(&item.text);
                    if let Some(pro) = item.strip_prefix("Good, because ") {
                        option.pros.push(pro.to_owned());
                    } else if item.starts_with("Bad, because it fails the must-have ")
                        || item.starts_with("Neutral, because the workshop gave it ")
                    {
                        // Derived from the scores on export.
                    } else if let Some(con) = item.strip_prefix("Bad, because ") {
                        option.cons.push(con.to_owned());
                    } else {
                        definition.push(item);
                    }
                }
            }
            _ if current.is_some() => definition.push(block.text()),
            _ => {}
        }
    }
    flush(options, current, &mut definition);
}

/// The decision's one-sentence summary, when it opens the section: a Y-statement ("In the
/// context of …"), or any paragraph ArchDecide wrote before its `Chosen option: …` / `We will
/// use …` line. Into `summary`; returns the blocks after it.
fn take_summary<'a, 'b>(record: &mut ParsedRecord, blocks: &'a [&'b Block]) -> &'a [&'b Block] {
    let Some((Block::Paragraph(piece), rest)) = blocks.split_first() else { return blocks };
    let before_outcome = rest.first().and_then(|b| b.paragraph()).is_some_and(|next| {
        let next = next.text.trim_start();
        next.starts_with("Chosen option:") || next.starts_with("We will use ")
    });
    if piece.text.starts_with("In the context of ") || before_outcome {
        record.summary = piece.text.clone();
        return rest;
    }
    blocks
}

/// MADR's Decision Outcome: `Chosen option: "X", because …` and the paragraphs after it are
/// the rationale; `### Consequences` (MADR 2: Positive / Negative Consequences) and
/// `### Confirmation` subsections.
fn read_outcome(record: &mut ParsedRecord, blocks: &[&Block]) {
    #[derive(PartialEq)]
    enum Part {
        Rationale,
        Consequences,
        Positive,
        Negative,
        Confirmation,
    }
    let mut part = Part::Rationale;
    let mut rationale: Vec<String> = Vec::new();
    let mut confirmation: Vec<String> = Vec::new();
    for block in blocks {
        if let Block::Heading(_, heading, _) = block {
            let heading = heading.text.trim().to_lowercase();
            part = match heading.as_str() {
                "confirmation" => Part::Confirmation,
                "positive consequences" => Part::Positive,
                "negative consequences" => Part::Negative,
                h if h.starts_with("consequences") => Part::Consequences,
                _ => Part::Rationale,
            };
            continue;
        }
        match (&part, block) {
            (Part::Confirmation, _) => confirmation.push(block.text()),
            (Part::Rationale, Block::Paragraph(piece)) if record.chosen_option.is_empty() && rationale.is_empty() => {
                match chosen_option(&piece.text) {
                    Some((chosen, because)) => {
                        record.chosen_option = chosen;
                        rationale.push(because);
                    }
                    None => rationale.push(piece.text.clone()),
                }
            }
            (_, Block::List(items)) if part != Part::Rationale => {
                for item in items {
                    let item = one_line(&item.text);
                    if let Some(good) = item.strip_prefix("Good, because ") {
                        record.good.push(good.to_owned());
                    } else if let Some(bad) = item.strip_prefix("Bad, because ") {
                        record.bad.push(bad.to_owned());
                    } else if part == Part::Positive {
                        record.good.push(item);
                    } else if part == Part::Negative {
                        record.bad.push(item);
                    } else {
                        rationale.push(item);
                    }
                }
            }
            _ => rationale.push(block.text()),
        }
    }
    record.rationale = join(rationale.into_iter());
    record.confirmation = join(confirmation.into_iter());
}

/// `Chosen option: "X", because Y` → (X, Y); `Chosen option: "X".` → (X, "").
fn chosen_option(text: &str) -> Option<(String, String)> {
    let after = text.trim_start().strip_prefix("Chosen option:")?.trim_start();
    if let Some(quoted) = after.strip_prefix('"') {
        if let Some(end) = quoted.find("\", because") {
            let because = quoted[end + "\", because".len()..].trim_start();
            return Some((quoted[..end].to_owned(), because.to_owned()));
        }
        if let Some(name) = quoted.trim_end().strip_suffix("\".") {
            return Some((name.to_owned(), String::new()));
        }
        let end = quoted.find('"')?;
        let rest = quoted[end + 1..].trim_start_matches([',', ' ']);
        return Some((quoted[..end].to_owned(), rest.strip_prefix("because").unwrap_or(rest).trim_start().to_owned()));
    }
    // Unquoted: up to the first comma.
    match after.split_once(',') {
        Some((name, rest)) => {
            let rest = rest.trim_start();
            Some((name.trim().to_owned(), rest.strip_prefix("because").unwrap_or(rest).trim_start().to_owned()))
        }
        None => Some((after.lines().next().unwrap_or_default().trim().to_owned(), String::new())),
    }
}

/// Nygard as ArchDecide writes it: `We will use X, because Y` → (X, Y); `We will use X.` →
/// (X, "") when X is one of the options considered. Anything else is the team's own sentence.
fn we_will_use(text: &str, options: &[ParsedOption]) -> Option<(String, String)> {
    let after = text.strip_prefix("We will use ")?;
    // The option's name is on the first line.
    let first_line = after.split('\n').next().unwrap_or_default();
    if let Some(end) = first_line.find(", because ") {
        return Some((after[..end].to_owned(), after[end + ", because ".len()..].to_owned()));
    }
    let name = after.strip_suffix('.')?;
    options.iter().any(|o| o.name == name).then(|| (name.to_owned(), String::new()))
}

/// "Use PostgreSQL, because …" (a quick record whose option is its title) → the title and
/// the reason.
fn title_because(text: &str, title: &str) -> Option<(String, String)> {
    let reason = text.strip_prefix(title)?.strip_prefix(", because ")?;
    reason.starts_with(char::is_lowercase).then(|| (title.to_owned(), reason.to_owned()))
}

/// Nygard's Consequences: `Good, because` / `Bad, because` items, `Confirmation:` and what
/// follows it, "None recorded."; any other text joins the rationale as "Consequences: …".
fn read_nygard_consequences(record: &mut ParsedRecord, blocks: &[&Block]) {
    let mut other = Vec::new();
    let mut confirmation: Option<Vec<String>> = None;
    for block in blocks {
        if let Some(parts) = confirmation.as_mut() {
            parts.push(block.text());
            continue;
        }
        match block {
            Block::List(items) => {
                for item in items {
                    let item = one_line(&item.text);
                    if let Some(good) = item.strip_prefix("Good, because ") {
                        record.good.push(good.to_owned());
                    } else if let Some(bad) = item.strip_prefix("Bad, because ") {
                        record.bad.push(bad.to_owned());
                    } else {
                        other.push(item);
                    }
                }
            }
            Block::Paragraph(piece) if piece.text.trim() == "None recorded." => {}
            Block::Paragraph(piece) if piece.text.starts_with("Confirmation: ") => {
                confirmation = Some(vec![piece.text["Confirmation: ".len()..].to_owned()]);
            }
            _ => other.push(block.text()),
        }
    }
    if let Some(parts) = confirmation {
        record.confirmation = join(parts.into_iter());
    }
    let other = join(other.into_iter());
    if !other.is_empty() {
        record.rationale = join([std::mem::take(&mut record.rationale), format!("Consequences: {other}")].into_iter());
    }
}

/// Links, the review date and the session's id. The evidence in brief that the export derives
/// from the workshop is not read back; any other text joins the rationale as "More
/// information: …", so nothing the team wrote is lost.
fn read_more_information(record: &mut ParsedRecord, blocks: &[&Block]) {
    let mut other = Vec::new();
    let mut after_reasons = false;
    let mut after_triggers = false;
    for block in blocks {
        let Some(piece) = block.paragraph() else {
            if std::mem::take(&mut after_triggers)
                && let Block::List(items) = block
            {
                // The team's own; the computed ones come from the evidence again.
                let own = items.iter().map(|i| i.text.trim()).filter(|t| !computed_trigger(t));
                record.triggers.extend(own.map(str::to_owned));
                continue;
            }
            // The list under "Reasons given with the scores:" is the scores' own.
            if !std::mem::take(&mut after_reasons) {
                other.push(block.text());
            }
            continue;
        };
        after_reasons = false;
        after_triggers = false;
        let mut kept = Vec::new();
        for (line, targets) in piece.lines() {
            let line = line.trim();
            match link_relation(line) {
                Some(Relation::Supersedes) => record.supersedes.extend(targets.iter().filter_map(|t| linked_number(t))),
                Some(Relation::SupersededBy) => {
                    record.superseded_by.extend(targets.iter().filter_map(|t| linked_number(t)));
                }
                None => {
                    if let Some(date) = line.strip_prefix("Review this decision by ").and_then(|d| d.strip_suffix('.'))
                    {
                        record.review_by = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
                    } else if line.starts_with("Record ") && line.contains(" of ArchDecide session `") {
                        record.session_id =
                            line.split('`').nth(1).and_then(|id| Uuid::parse_str(id).ok()).filter(|id| !id.is_nil());
                    } else if line == "Reasons given with the scores:" {
                        after_reasons = true;
                    } else if line == crate::exports::TRIGGERS_LEAD {
                        after_triggers = true;
                    } else if !derived_line(line) {
                        kept.push(line);
                    }
                }
            }
        }
        if !kept.is_empty() {
            other.push(kept.join("\n"));
        }
    }
    let other = join(other.into_iter());
    if !other.is_empty() {
        record.rationale =
            join([std::mem::take(&mut record.rationale), format!("More information: {other}")].into_iter());
    }
}

/// A trigger the export computed from the evidence (`revisits::triggers`).
fn computed_trigger(text: &str) -> bool {
    (text.contains(" would win if ") && text.contains(" points ") && text.ends_with('.'))
        || text.contains("% of the plausible weightings (SMAA-2)")
}

/// A line the export writes from the workshop's evidence.
fn derived_line(line: &str) -> bool {
    line.starts_with("Scored in an ArchDecide workshop by ")
        || line.starts_with("History digest (SHA-256 head of the session's event chain)")
        || (line.contains(" scores were given") && line.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

enum Relation {
    Supersedes,
    SupersededBy,
}

fn link_relation(line: &str) -> Option<Relation> {
    let lower = line.trim().to_lowercase();
    if lower.starts_with("superseded by") || lower.starts_with("superceded by") {
        Some(Relation::SupersededBy)
    } else if lower.starts_with("supersedes") || lower.starts_with("supercedes") {
        Some(Relation::Supersedes)
    } else {
        None
    }
}

/// A preamble line: `Status: …`, `Date: …`, `Deciders: a, b`, `Consulted: …`, `Informed: …`.
fn apply_preamble(record: &mut ParsedRecord, key: &str, value: &str, targets: &[&str]) {
    let value = value.trim();
    let list = || -> Vec<String> { value.split(',').map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect() };
    match key.trim().to_lowercase().as_str() {
        "status" => match link_relation(value) {
            Some(Relation::SupersededBy) => {
                record.status = Some(DecisionStatus::Superseded);
                record.superseded_by.extend(targets.iter().filter_map(|t| linked_number(t)));
            }
            // log4brains: an unknown status is a draft, which is a proposal here.
            _ => {
                record.status = Some(status_word(value).unwrap_or_else(|| {
                    record.unknown_status = Some(value.to_owned());
                    DecisionStatus::Proposed
                }))
            }
        },
        "date" => record.date = date(value),
        "decision-makers" | "deciders" => record.deciders = list(),
        "consulted" => record.consulted = list(),
        "informed" => record.informed = list(),
        _ => {}
    }
}

fn apply_front_matter(record: &mut ParsedRecord, key: &str, values: &[String]) {
    let first = values.first().map(String::as_str).unwrap_or_default();
    match key {
        "status" => match link_relation(first) {
            Some(Relation::SupersededBy) => {
                record.status = Some(DecisionStatus::Superseded);
                // "superseded by ADR-0003".
                let digits: String = first
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                record.superseded_by.extend(digits.parse::<u32>().ok().filter(|n| *n > 0));
            }
            _ => {
                record.status = Some(status_word(first).unwrap_or_else(|| {
                    record.unknown_status = Some(first.to_owned());
                    DecisionStatus::Proposed
                }))
            }
        },
        "date" => record.date = date(first),
        "decision-makers" | "deciders" => record.deciders = values.to_vec(),
        "consulted" => record.consulted = values.to_vec(),
        "informed" => record.informed = values.to_vec(),
        _ => {}
    }
}

fn date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10).unwrap_or(value), "%Y-%m-%d").ok()
}

fn status_word(text: &str) -> Option<DecisionStatus> {
    let word = text.split_whitespace().next().unwrap_or_default().to_lowercase();
    match word.as_str() {
        "superceded" => Some(DecisionStatus::Superseded),
        "draft" => Some(DecisionStatus::Proposed),
        other => DecisionStatus::parse(other),
    }
}

/// The record number a link points at: "0003-title.md" (or "…/0003-title.html") → 3.
fn linked_number(target: &str) -> Option<u32> {
    super::record_number(target.rsplit('/').next()?)
}

/// The keys of MADR's YAML front matter with their values: a scalar (plain, single- or
/// double-quoted) is one value, a flow list `[a, "b"]` or a block list (`- a` lines) many.
/// Nested maps and other YAML are skipped.
pub(crate) fn front_matter(yaml: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in yaml.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(item) = line.trim_start().strip_prefix("- ").or_else(|| (line.trim() == "-").then_some("")) {
            // An item of the block list under the last key.
            if let Some((_, values)) = out.last_mut()
                && let Some((value, _)) = scalar(item.trim())
            {
                values.push(value);
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        let values = if let Some(mut rest) = value.strip_prefix('[') {
            let mut items = Vec::new();
            loop {
                rest = rest.trim_start();
                if rest.is_empty() || rest.starts_with(']') {
                    break;
                }
                let Some((item, after)) = scalar_in_list(rest) else { break };
                if !item.is_empty() {
                    items.push(item);
                }
                rest = after.trim_start();
                rest = rest.strip_prefix(',').unwrap_or(rest);
            }
            items
        } else {
            scalar(value).map(|(v, _)| v).filter(|v| !v.is_empty()).into_iter().collect()
        };
        out.push((key.trim().to_lowercase(), values));
    }
    out
}

/// A scalar at the start of `text` and what follows it.
fn scalar(text: &str) -> Option<(String, &str)> {
    if let Some(rest) = text.strip_prefix('"') {
        let mut value = String::new();
        let mut chars = rest.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => return Some((value, &rest[at + 1..])),
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).map(|(_, h)| h).collect();
                        value.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => value.push(other),
                    None => {}
                },
                c => value.push(c),
            }
        }
        return Some((value, ""));
    }
    if let Some(rest) = text.strip_prefix('\'') {
        let mut value = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                    value.push('\'');
                    continue;
                }
                return Some((value, &rest[at + 1..]));
            }
            value.push(c);
        }
        return Some((value, ""));
    }
    // Plain: up to a comment.
    let end = text.find(" #").unwrap_or(text.len());
    Some((text[..end].trim().to_owned(), &text[text.len()..]))
}

/// A scalar inside a flow list: a plain one ends at `,` or `]`.
fn scalar_in_list(text: &str) -> Option<(String, &str)> {
    if text.starts_with(['"', '\'']) {
        return scalar(text);
    }
    let end = text.find([',', ']']).unwrap_or(text.len());
    Some((text[..end].trim().to_owned(), &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_reads_quoted_flow_and_block_lists() {
        let yaml = "status: \"superseded by ADR-0003\"\ndate: 2025-03-14 # a comment\ndecision-makers: [\"Ana \\\"A\\\" Souza\", 'O''Brien', Bo, \"Lee, Kim\"]\nconsulted:\n  - Carla\n  - \"Dee\"\ninformed: Ops team\n";
        let fields = front_matter(yaml);
        let get = |key: &str| fields.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default();
        assert_eq!(get("status"), ["superseded by ADR-0003"]);
        assert_eq!(get("date"), ["2025-03-14"]);
        assert_eq!(get("decision-makers"), ["Ana \"A\" Souza", "O'Brien", "Bo", "Lee, Kim"]);
        assert_eq!(get("consulted"), ["Carla", "Dee"]);
        assert_eq!(get("informed"), ["Ops team"]);
    }

    #[test]
    fn text_is_text_and_a_link_keeps_its_target() {
        let record = parse_record(
            "0001-x.md",
            "# Adopt GraphQL \\[spike \\#42\\] \\\"now\\\"\n\n## Context\n\nSee [the docs](https://example.com/d) and <https://x.example>, **not** `code`.\n<!-- a comment -->\n\nA [sibling](0002-y.md).\n",
        )
        .unwrap();
        assert_eq!(record.title, "Adopt GraphQL [spike #42] \"now\"");
        assert_eq!(
            record.context,
            "See the docs <https://example.com/d> and <https://x.example>, not `code`.\n\nA sibling (0002-y.md)."
        );
    }

    #[test]
    fn an_escaped_number_is_part_of_the_title() {
        let madr = parse_record("0004-x.md", "---\nstatus: accepted\n---\n\n# 2\\. Phase two\n").unwrap();
        assert_eq!((madr.number, madr.title.as_str()), (Some(4), "2. Phase two"));
        let nygard = parse_record("0004-x.md", "# 4. 2\\. Phase two\n").unwrap();
        assert_eq!((nygard.number, nygard.title.as_str()), (Some(4), "2. Phase two"));
    }

    #[test]
    fn drivers_read_in_both_forms() {
        let bold = Piece {
            text: "Latency: p99 (must-have), weight 40.0%: under 200 ms".into(),
            lead_strong: Some("Latency: p99".into()),
            ..Piece::default()
        };
        assert_eq!(
            driver_item(&bold),
            ParsedDriver { title: "Latency: p99".into(), description: "under 200 ms".into(), must_have: true }
        );
        let plain = Piece { text: "Cost (must-have), weight 12.5%".into(), ..Piece::default() };
        assert_eq!(
            driver_item(&plain),
            ParsedDriver { title: "Cost".into(), must_have: true, ..ParsedDriver::default() }
        );
        assert_eq!(without_workshop_total("Serverless (72.0 of 100 in the workshop)"), "Serverless");
        assert_eq!(without_workshop_total("Plan (b)"), "Plan (b)");
    }
}
