//! Nygard / adr-tools Markdown: `# N. Title`, `Date:`, `## Status`, `## Context`,
//! `## Decision`, `## Consequences`, with supersede links as adr-tools writes them. The
//! MADR-2-style list items before the first `##` heading (`- Status:`, `- Date:`,
//! `- Deciders:`, `- Consulted:`, `- Informed:`) are what log4brains reads, so one file serves both tools.

use std::fmt::Write as _;

use super::{Record, after_because, link_file, markdown_line, markdown_text, percent, plain_link_text, status_title};
use crate::decisions::DecisionStatus;

pub fn render(record: &Record) -> String {
    let d = &record.decision;
    let mut out = String::new();
    let number = d.number.map_or_else(String::new, |n| format!("{n}. "));
    let mut title = markdown_line(&d.title);
    if title.ends_with('\\') {
        // adr-tools puts the title line into a DOT string: `\"` would escape its closing
        // quote. A trailing space is invisible to Markdown.
        title.push(' ');
    }
    let _ = writeln!(out, "# {number}{title}\n");
    // log4brains: list items before the first `##` heading.
    let status = match (&d.status, &d.superseded_by) {
        (DecisionStatus::Superseded, Some(link)) => {
            let file = link_file(link);
            format!("superseded by [{}]({file})", file.trim_end_matches(".md"))
        }
        _ => record.status_word().to_owned(),
    };
    let _ = writeln!(out, "- Status: {status}");
    let _ = writeln!(out, "- Date: {}", record.date);
    for (label, names) in [("Deciders", &d.decision_makers), ("Consulted", &d.consulted), ("Informed", &d.informed)] {
        if !names.is_empty() {
            let names: Vec<String> = names.iter().map(|n| markdown_line(n)).collect();
            let _ = writeln!(out, "- {label}: {}", names.join(", "));
        }
    }
    // adr-tools: the `Date:` line and the `## Status` section.
    let _ = writeln!(out, "\nDate: {}\n", record.date);
    out += "## Status\n\n";
    let _ = writeln!(out, "{}\n", status_title(d.status));
    // As adr-tools writes them; link text that needs no escaping.
    for (relation, link) in [("Supersedes", &d.supersedes), ("Superseded by", &d.superseded_by)] {
        if let Some(link) = link {
            let (number, title, file) = (link_number(link), plain_link_text(&link.title), link_file(link));
            let _ = writeln!(out, "{relation} [{number}. {title}]({file})\n");
        }
    }

    out += "## Context\n\n";
    if !record.context.trim().is_empty() {
        let _ = writeln!(out, "{}\n", markdown_text(&record.context));
    }
    out += &super::framing_markdown(record);
    let drivers = record.drivers();
    if !drivers.is_empty() {
        out += "The decision had to serve:\n\n";
        for driver in &drivers {
            let must = if driver.must_have { " (must-have)" } else { "" };
            let weight = driver.weight.map_or_else(String::new, |w| format!(", weight {}", percent(w)));
            let _ = writeln!(out, "* {}{must}{weight}", markdown_line(&driver.title));
        }
        out += "\n";
    }
    // The options of a workshop; a record that never had any (an adr-tools file) gets no list.
    if record.evidence.is_some() {
        out += "The options considered were:\n\n";
        for option in &record.options() {
            let total = option.total.map_or_else(String::new, |t| format!(" ({t:.1} of 100 in the workshop)"));
            let _ = writeln!(out, "* {}{total}", markdown_line(&option.name));
        }
        out += "\n";
    }
    out += "## Decision\n\n";
    let summary = markdown_text(&d.summary);
    if !summary.is_empty() {
        let _ = writeln!(out, "{summary}\n");
    }
    let rationale = markdown_text(&d.rationale);
    if rationale.is_empty() {
        let _ = writeln!(out, "We will use {}.\n", markdown_line(&d.chosen_option));
    } else if d.chosen_option == d.title && rationale.starts_with(char::is_lowercase) {
        // A quick record whose option is its title: "Use PostgreSQL, because …".
        let _ = writeln!(out, "{}, because {rationale}\n", markdown_line(&d.title));
    } else if d.chosen_option == d.title {
        // A record whose option is its title (an adr-tools record): its decision is the
        // team's own sentence.
        let _ = writeln!(out, "{rationale}\n");
    } else {
        let _ = writeln!(out, "We will use {}, because {rationale}\n", markdown_line(&d.chosen_option));
    }
    out += "## Consequences\n\n";
    if d.good.is_empty() && d.bad.is_empty() {
        out += "None recorded.\n\n";
    }
    for item in &d.good {
        let _ = writeln!(out, "* Good, because {}", markdown_line(&after_because(item)));
    }
    for item in &d.bad {
        let _ = writeln!(out, "* Bad, because {}", markdown_line(&after_because(item)));
    }
    if !d.good.is_empty() || !d.bad.is_empty() {
        out += "\n";
    }
    if !d.confirmation.trim().is_empty() {
        let _ = writeln!(out, "Confirmation: {}\n", markdown_text(&d.confirmation));
    }
    let robustness = super::madr::robustness(record);
    if !robustness.is_empty() {
        out += "## Robustness\n\n";
        out += &robustness;
    }
    out += "## More Information\n\n";
    out += &super::madr::more_information(record);
    out
}

fn link_number(link: &crate::decisions::DecisionLink) -> String {
    link.number.map_or_else(|| "?".to_owned(), |n| n.to_string())
}
