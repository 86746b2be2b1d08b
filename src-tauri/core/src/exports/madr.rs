//! MADR 4.0 Markdown: YAML front matter (status, date, decision-makers, consulted, informed)
//! and the template's sections, filled from the record and its evidence.

use std::fmt::Write as _;

use super::{Record, after_because, link_file, markdown_line, markdown_text, percent, plain_link_text};
use crate::decisions::DecisionStatus;

pub fn render(record: &Record) -> String {
    let d = &record.decision;
    let mut out = String::new();
    out += "---\n";
    let status = match (&d.status, &d.superseded_by) {
        (DecisionStatus::Superseded, Some(link)) => {
            format!("superseded by {}", link.number.map_or_else(|| link.title.clone(), |n| format!("ADR-{n:04}")))
        }
        _ => record.status_word().to_owned(),
    };
    let _ = writeln!(out, "status: {}", yaml_string(&status));
    let _ = writeln!(out, "date: {}", record.date);
    let _ = writeln!(out, "decision-makers: {}", yaml_list(&d.decision_makers));
    let _ = writeln!(out, "consulted: {}", yaml_list(&d.consulted));
    let _ = writeln!(out, "informed: {}", yaml_list(&d.informed));
    out += "---\n\n";
    let _ = writeln!(out, "# {}\n", markdown_line(&d.title));

    out += "## Context and Problem Statement\n\n";
    let framing = super::framing_markdown(record);
    if !record.context.trim().is_empty() {
        let _ = writeln!(out, "{}\n", markdown_text(&record.context));
    } else if framing.is_empty() {
        out += "No context was recorded.\n\n";
    }
    out += &framing;

    let drivers = record.drivers();
    if !drivers.is_empty() {
        out += "## Decision Drivers\n\n";
        for driver in &drivers {
            // The title in bold, so the importer tells it from the facts after it.
            let mut line = format!("* **{}**", markdown_line(&driver.title));
            if driver.must_have {
                line += " (must-have)";
            }
            if let Some(weight) = driver.weight {
                let _ = write!(line, ", weight {}", percent(weight));
            }
            if !driver.description.is_empty() {
                let _ = write!(line, ": {}", markdown_line(&driver.description));
            }
            out += &line;
            out += "\n";
        }
        out += "\n";
    }

    let options = record.options();
    out += "## Considered Options\n\n";
    for option in &options {
        let _ = writeln!(out, "* {}", markdown_line(&option.name));
    }
    out += "\n## Decision Outcome\n\n";
    let summary = markdown_text(&d.summary);
    if !summary.is_empty() {
        let _ = writeln!(out, "{summary}\n");
    }
    let rationale = markdown_text(&d.rationale);
    if rationale.is_empty() {
        let _ = writeln!(out, "Chosen option: \"{}\".\n", markdown_line(&d.chosen_option));
    } else {
        let _ = writeln!(out, "Chosen option: \"{}\", because {rationale}\n", markdown_line(&d.chosen_option));
    }
    if !d.good.is_empty() || !d.bad.is_empty() {
        out += "### Consequences\n\n";
        for item in &d.good {
            let _ = writeln!(out, "* Good, because {}", markdown_line(&after_because(item)));
        }
        for item in &d.bad {
            let _ = writeln!(out, "* Bad, because {}", markdown_line(&after_because(item)));
        }
        out += "\n";
    }
    if !d.confirmation.trim().is_empty() {
        let _ = writeln!(out, "### Confirmation\n\n{}\n", markdown_text(&d.confirmation));
    }

    out += "## Pros and Cons of the Options\n\n";
    for option in &options {
        let _ = writeln!(out, "### {}\n", markdown_line(&option.name));
        if !option.definition.is_empty() {
            let _ = writeln!(out, "{}\n", markdown_text(&option.definition));
        }
        for item in &option.pros {
            let _ = writeln!(out, "* Good, because {}", markdown_line(&after_because(item)));
        }
        if let Some(result) = option.result_text(options.len()) {
            let _ = writeln!(out, "* Neutral, because {result}");
        }
        for failure in &option.must_have_failures {
            let _ = writeln!(out, "* Bad, because it fails the must-have {}", markdown_line(failure));
        }
        for item in &option.cons {
            let _ = writeln!(out, "* Bad, because {}", markdown_line(&after_because(item)));
        }
        out += "\n";
    }

    let robustness = robustness(record);
    if !robustness.is_empty() {
        out += "## Robustness\n\n";
        out += &robustness;
    }
    out += "## More Information\n\n";
    out += &more_information(record);
    out
}

/// How firm the result is: the weighting method and its consistency, each option's
/// probability of winning (SMAA-2), and the smallest weight change that changes the winner;
/// shared by the Markdown layouts and the PDF. Empty without scores.
pub(crate) fn robustness(record: &Record) -> String {
    let Some(evidence) = &record.evidence else { return String::new() };
    let analysis = &evidence.analysis;
    if analysis.winner.is_none() {
        return String::new();
    }
    let option = |id: uuid::Uuid| {
        evidence.options.iter().find(|o| o.id == id).map_or("?".to_owned(), |o| markdown_line(&o.name))
    };
    let driver = |id: uuid::Uuid| {
        evidence.drivers.iter().find(|d| d.id == id).map_or("?".to_owned(), |d| markdown_line(&d.title))
    };
    let mut out = String::new();
    match &analysis.ahp {
        Some(ahp) => {
            let table = match ahp.ri_table {
                crate::ahp::RiTable::Saaty1980 => "Saaty 1980",
                crate::ahp::RiTable::Saaty2005 => "Saaty 2005",
            };
            let verdict = if ahp.group.acceptable { "acceptable" } else { "above 0.10, not acceptable" };
            if ahp.weights_from_importance {
                out += "Weights were to come from pairwise comparisons (AHP), but nobody had compared yet: they come from the stakeholders' importance ratings.\n\n";
            } else {
                let _ = writeln!(
                    out,
                    "Weights come from pairwise comparisons (AHP): the group's consistency ratio is {:.3} ({verdict}; random index table: {table}).\n",
                    ahp.group.consistency_ratio
                );
            }
            if evidence.accepted_despite_inconsistency {
                out += "The team accepted this decision although the comparisons were more inconsistent than the 0.10 limit.\n\n";
            }
        }
        None if analysis.weights.iter().all(|w| w.rated_by == 0) => {
            out += "Nobody rated the drivers' importance, so every driver weighs the same.\n\n";
        }
        None => out += "Weights come from the stakeholders' importance ratings (1–5).\n\n",
    }
    if let Some(smaa) = &evidence.smaa {
        let model = match smaa.weight_model {
            crate::smaa::WeightModel::AroundElicited => "weights sampled around the elicited ones",
            crate::smaa::WeightModel::Uniform => "weights sampled uniformly",
        };
        let _ = writeln!(
            out,
            "Probability of winning (SMAA-2, {} samples, seed {}, {model}, scores drawn from the stakeholders' own):\n",
            smaa.samples, smaa.seed
        );
        let mut ranked: Vec<&crate::smaa::RankAcceptability> = smaa.options.iter().collect();
        ranked.sort_by(|a, b| b.win.total_cmp(&a.win));
        for o in ranked {
            let _ = writeln!(out, "* {}: {:.1}%", option(o.option_id), o.win * 100.0);
        }
        out += "\n";
    }
    if analysis.sensitivity.is_empty() {
        // Records frozen before schema 5 carry no sensitivity; say so rather than claim a
        // robust winner.
        out += "How robust the winner was is not part of this record: it was frozen before ArchDecide measured it.\n\n";
        return out;
    }
    out += "Smallest change of a driver's weight that changes the winner (the other weights adjust in proportion):\n\n";
    for s in &analysis.sensitivity {
        match (s.threshold, s.rival) {
            (Some(t), Some(rival)) => {
                let _ = writeln!(out, "* {}: {t:+.1} points ({} would win)", driver(s.driver_id), option(rival));
            }
            _ => {
                let _ = writeln!(out, "* {}: no change of its weight changes the winner", driver(s.driver_id));
            }
        }
    }
    out += "\n";
    if analysis.fragile {
        out += "The winner is fragile: a weight change of less than 5 points changes it.\n\n";
    }
    out
}

/// Links, the workshop's evidence in brief, the review date and where the record came from;
/// shared with the Nygard layout.
pub(crate) fn more_information(record: &Record) -> String {
    let d = &record.decision;
    let mut out = String::new();
    if let Some(link) = &d.supersedes {
        let _ = writeln!(out, "Supersedes [{}]({}).\n", link_text(link), link_file(link));
    }
    if let Some(link) = &d.superseded_by {
        let _ = writeln!(out, "Superseded by [{}]({}).\n", link_text(link), link_file(link));
    }
    if let Some(evidence) = &record.evidence {
        // Those who gave at least one score, not everyone who was in the room.
        let names: Vec<String> = evidence
            .stakeholders
            .iter()
            .filter(|s| evidence.scores.iter().any(|score| score.stakeholder_id == s.id))
            .map(|s| markdown_line(&s.name))
            .collect();
        let people = if names.len() == 1 { "stakeholder" } else { "stakeholders" };
        if !names.is_empty() {
            let _ =
                writeln!(out, "Scored in an ArchDecide workshop by {} {people} ({}).", names.len(), names.join(", "));
        }
        let reasons = record.rationales();
        if !reasons.is_empty() {
            out += "\nReasons given with the scores:\n\n";
            for r in &reasons {
                let _ = writeln!(
                    out,
                    "* {}, {} × {} ({}): {}",
                    markdown_line(&r.stakeholder),
                    markdown_line(&r.driver),
                    markdown_line(&r.option),
                    r.value,
                    markdown_line(&r.text)
                );
            }
            out += "\n";
        }
        let coverage = &evidence.analysis.coverage;
        if coverage.expected > 0 {
            let _ = write!(out, "{} of {} scores were given", coverage.scored, coverage.expected);
            match &evidence.analysis.consensus {
                Some(c) => {
                    let _ = writeln!(out, "; the team's agreement (Kendall's W) was {:.2}.", c.kendall_w);
                }
                None => out += ".\n",
            }
        }
        if !out.is_empty() && !out.ends_with("\n\n") {
            out += "\n";
        }
    }
    // The digest vouches for a workshop's scores; a record without any has none to vouch for.
    let scored = record.evidence.as_ref().filter(|e| !e.scores.is_empty());
    if let Some(head) = scored.map(|e| e.history_head.as_str()).filter(|h| !h.is_empty()) {
        let _ = writeln!(out, "History digest (SHA-256 head of the session's event chain): `{head}`.\n");
    }
    if let Some(review) = d.review_by {
        let _ = writeln!(out, "Review this decision by {review}.\n");
    }
    let triggers = crate::revisits::triggers(d);
    if !triggers.is_empty() {
        let _ = writeln!(out, "{}\n", super::TRIGGERS_LEAD);
        for trigger in &triggers {
            let _ = writeln!(out, "* {}", markdown_line(&trigger.text));
        }
        out += "\n";
    }
    let _ = writeln!(out, "Record {} of ArchDecide session `{}`.", record.label(), d.session_id);
    out
}

/// "ADR-0002: Back to a monolith", with nothing in it that needs escaping.
fn link_text(link: &crate::decisions::DecisionLink) -> String {
    let number = link.number.map_or_else(String::new, |n| format!("ADR-{n:04}: "));
    format!("{number}{}", plain_link_text(&link.title))
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|i| yaml_string(i)).collect::<Vec<_>>().join(", "))
}
