//! The PDF record: the record's sections laid out by `layout` (pure) and drawn by `render`
//! (the only printpdf code): a header box, every MADR section, the bar chart and results
//! summary, the weighted decision matrix, the pros and cons, and an appendix with each
//! stakeholder's scores.

pub mod layout;
pub mod render;

use layout::{CONTENT_WIDTH, Column, Document, INK, MUTED, Measure, Writer};

use super::{Record, after_because, percent, status_title};

/// The record as PDF bytes.
pub fn render_record(record: &Record) -> Vec<u8> {
    let document = lay_out(record, render::fonts());
    render::to_pdf(&document, &metadata(record))
}

fn metadata(record: &Record) -> render::Metadata {
    let d = &record.decision;
    let mut keywords = vec!["architecture decision record".to_owned(), d.status.as_str().to_owned()];
    keywords.extend(record.options().into_iter().map(|o| o.name));
    render::Metadata {
        title: format!("{}: {}", record.label(), d.title),
        author: d.decision_makers.join(", "),
        subject: format!("Architecture decision record: {}", d.chosen_option),
        keywords,
        date: record.date,
    }
}

/// The record laid out on pages (public so tests can read the text without a PDF).
pub fn lay_out(record: &Record, measure: &dyn Measure) -> Document {
    let d = &record.decision;
    let mut w = Writer::new(measure);
    let none = || "—".to_owned();
    let join = |names: &[String]| if names.is_empty() { none() } else { names.join(", ") };
    let mut facts = vec![
        ("Record", record.label()),
        ("Status", status_title(d.status).to_owned()),
        ("Date", record.date.to_string()),
        ("Chosen option", d.chosen_option.clone()),
        ("Decision-makers", join(&d.decision_makers)),
        ("Consulted", join(&d.consulted)),
        ("Informed", join(&d.informed)),
    ];
    if let Some(review) = d.review_by {
        facts.push(("Review by", review.to_string()));
    }
    if let Some(link) = &d.supersedes {
        facts.push(("Supersedes", link_label(link)));
    }
    if let Some(link) = &d.superseded_by {
        facts.push(("Superseded by", link_label(link)));
    }
    facts.push(("Session", d.session_id.to_string()));
    w.fact_box(&d.title, &facts);
    // The record in one sentence opens it.
    if !d.summary.trim().is_empty() {
        w.paragraph(d.summary.trim(), 11.0, true, INK, 0.0);
    }

    w.heading("Context and Problem Statement", 1);
    let said = !record.building.is_empty() || record.reversibility.is_some();
    if !record.context.trim().is_empty() {
        w.paragraph(&record.context, 10.0, false, INK, 0.0);
    } else if !said {
        w.paragraph("No context was recorded.", 10.0, false, INK, 0.0);
    }
    if !record.building.is_empty() {
        w.paragraph(super::BUILDING_LEAD, 10.0, false, INK, 0.0);
        for line in &record.building {
            w.bullet("", line, 10.0);
        }
    }
    if let Some(reversibility) = record.reversibility {
        w.paragraph(&format!("{}.", reversibility.words()), 10.0, false, INK, 0.0);
    }

    let drivers = record.drivers();
    if !drivers.is_empty() {
        w.heading("Decision Drivers", 1);
        for driver in &drivers {
            let mut label = driver.title.clone();
            if driver.must_have {
                label += " (must-have)";
            }
            if let Some(weight) = driver.weight {
                label += &format!(", weight {}", percent(weight));
            }
            let text =
                if driver.description.is_empty() { String::new() } else { format!("— {}", driver.description) };
            w.bullet(&label, &text, 10.0);
        }
    }

    let options = record.options();
    w.heading("Considered Options", 1);
    for option in &options {
        let total = option.total.map_or_else(String::new, |t| format!("— {t:.1} of 100 in the workshop"));
        let chosen = if option.chosen { " (chosen)" } else { "" };
        w.bullet(&format!("{}{chosen}", option.name), &total, 10.0);
    }

    w.heading("Decision Outcome", 1);
    w.paragraph(
        &format!("Chosen option: \"{}\", because {}", d.chosen_option, d.rationale.trim()),
        10.0,
        false,
        INK,
        0.0,
    );
    if !d.good.is_empty() || !d.bad.is_empty() {
        w.heading("Consequences", 2);
        for item in &d.good {
            w.bullet("Good, because", &after_because(item), 10.0);
        }
        for item in &d.bad {
            w.bullet("Bad, because", &after_because(item), 10.0);
        }
    }
    if !d.confirmation.trim().is_empty() {
        w.heading("Confirmation", 2);
        w.paragraph(&d.confirmation, 10.0, false, INK, 0.0);
    }

    if let Some(evidence) = &record.evidence {
        let analysis = &evidence.analysis;
        if analysis.options.iter().any(|o| o.total.is_some()) {
            w.heading("Results", 1);
            let name = |id: uuid::Uuid| evidence.options.iter().find(|o| o.id == id).map_or("?", |o| o.name.as_str());
            let bars: Vec<(String, Option<f64>, bool, Option<String>)> = analysis
                .ranking
                .iter()
                .map(|id| {
                    let result = analysis.options.iter().find(|o| o.option_id == *id);
                    let fails: Vec<String> = result
                        .map(|r| {
                            r.must_have_failures
                                .iter()
                                .filter_map(|d| evidence.drivers.iter().find(|x| x.id == *d))
                                .map(|x| x.title.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    let flag = (!fails.is_empty()).then(|| format!("fails must-have: {}", fails.join(", ")));
                    (name(*id).to_owned(), result.and_then(|r| r.total), Some(*id) == analysis.winner, flag)
                })
                .collect();
            w.bar_chart(&bars);
            let mut summary = match (analysis.winner, analysis.margin) {
                (Some(winner), Some(margin)) if margin >= 0.05 => {
                    format!("{} leads, {margin:.1} points ahead of the runner-up.", name(winner))
                }
                (Some(winner), Some(_)) => format!("{} ties with the runner-up.", name(winner)),
                (Some(winner), None) => format!("{} leads.", name(winner)),
                (None, _) => "No option passed every must-have with scores.".to_owned(),
            };
            match &analysis.consensus {
                Some(c) => {
                    summary += &format!(" Consensus (Kendall's W): {:.2} over {} stakeholders.", c.kendall_w, c.raters)
                }
                None => summary += " Consensus: not enough complete rankings.",
            }
            let c = &analysis.coverage;
            summary += &format!(
                " {} of {} scores given ({} missing, left out rather than counted as 0).",
                c.scored, c.expected, c.missing
            );
            w.paragraph(&summary, 10.0, false, INK, 0.0);

            w.heading("Weighted Decision Matrix", 1);
            w.paragraph("Mean score of each option against each driver (0 fails … 5 excellent), weighted by the drivers' weights into a total out of 100.", 8.5, false, MUTED, 0.0);
            let (columns, driver_width) =
                matrix_columns(&evidence.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>(), "Weight");
            let _ = driver_width;
            let mut rows: Vec<Vec<String>> = evidence
                .drivers
                .iter()
                .map(|driver| {
                    let mut row = vec![
                        if driver.must_have { format!("{} (must-have)", driver.title) } else { driver.title.clone() },
                        analysis
                            .weights
                            .iter()
                            .find(|w| w.driver_id == driver.id)
                            .map_or_else(String::new, |w| percent(w.weight)),
                    ];
                    for option in &evidence.options {
                        let mean = analysis
                            .cells
                            .iter()
                            .find(|c| c.driver_id == driver.id && c.option_id == option.id)
                            .and_then(|c| c.mean);
                        row.push(mean.map_or_else(|| "–".to_owned(), |m| format!("{m:.1}")));
                    }
                    row
                })
                .collect();
            let mut total_row = vec!["Weighted total (0–100)".to_owned(), "100%".to_owned()];
            for option in &evidence.options {
                let total = analysis.options.iter().find(|o| o.option_id == option.id).and_then(|o| o.total);
                total_row.push(total.map_or_else(|| "–".to_owned(), |t| format!("{t:.1}")));
            }
            rows.push(total_row);
            let last = rows.len() - 1;
            w.table(&columns, &rows, 8.5, Some(last));
        }
    }

    w.heading("Pros and Cons of the Options", 1);
    for option in &options {
        w.heading(&option.name, 2);
        if !option.definition.is_empty() {
            w.paragraph(&option.definition, 9.5, false, INK, 0.0);
        }
        for item in &option.pros {
            w.bullet("Good, because", &after_because(item), 9.5);
        }
        if let Some(result) = option.result_text(options.len()) {
            w.bullet("Neutral, because", &result, 9.5);
        }
        for failure in &option.must_have_failures {
            w.bullet("Bad, because", &format!("it fails the must-have {failure}"), 9.5);
        }
        for item in &option.cons {
            w.bullet("Bad, because", &after_because(item), 9.5);
        }
    }

    let robustness = super::madr::robustness(record);
    if !robustness.is_empty() {
        w.heading("Robustness", 1);
        for paragraph in robustness.split("\n\n").filter(|p| !p.trim().is_empty()) {
            for line in paragraph.lines() {
                match line.strip_prefix("* ") {
                    Some(item) => w.bullet("", &plain(item), 9.5),
                    None => w.paragraph(&plain(line), 9.5, false, INK, 0.0),
                }
            }
        }
    }

    w.heading("More Information", 1);
    let info = super::madr::more_information(record);
    for paragraph in info.split("\n\n").filter(|p| !p.trim().is_empty()) {
        // A list (the reasons given with the scores, the revisit triggers) as bullets.
        if paragraph.lines().all(|line| line.starts_with("* ")) {
            for line in paragraph.lines() {
                w.bullet("", &plain(&line[2..]), 9.5);
            }
        } else {
            w.paragraph(&plain(paragraph), 9.5, false, INK, 0.0);
        }
    }

    if let Some(evidence) = record.evidence.as_ref().filter(|e| !e.scores.is_empty()) {
        w.new_page();
        w.heading("Appendix: Each Stakeholder's Scores", 1);
        let names: Vec<String> = evidence.options.iter().map(|o| o.name.clone()).collect();
        let (columns, _) = matrix_columns(&names, "Importance");
        let reasons = record.rationales();
        for person in &evidence.stakeholders {
            let part = person.raci.as_str();
            let role = if person.role.is_empty() { String::new() } else { format!(", {}", person.role) };
            w.heading(&format!("{} ({part}{role}, influence {})", person.name, person.influence), 2);
            let rows: Vec<Vec<String>> = evidence
                .drivers
                .iter()
                .map(|driver| {
                    let importance = evidence
                        .importances
                        .iter()
                        .find(|i| i.stakeholder_id == person.id && i.driver_id == driver.id)
                        .map_or_else(|| "–".to_owned(), |i| i.value.to_string());
                    let mut row = vec![driver.title.clone(), importance];
                    for option in &evidence.options {
                        let score = evidence.scores.iter().find(|s| {
                            s.stakeholder_id == person.id && s.driver_id == driver.id && s.option_id == option.id
                        });
                        row.push(score.map_or_else(|| "–".to_owned(), |s| s.value.to_string()));
                    }
                    row
                })
                .collect();
            w.table(&columns, &rows, 8.5, None);
            for r in reasons.iter().filter(|r| r.stakeholder_id == person.id) {
                w.bullet("", &format!("{} × {} ({}): {}", r.driver, r.option, r.value, r.text), 8.5);
            }
        }
    }

    w.finish(&format!("{} · {} · ArchDecide", record.label(), d.title))
}

/// Columns of a drivers × options table: the driver, one number column, one per option.
fn matrix_columns(options: &[String], number_title: &str) -> (Vec<Column>, f32) {
    let driver_width = if options.len() > 5 { 120.0 } else { 160.0 };
    let number_width = 64.0;
    let option_width = (CONTENT_WIDTH - driver_width - number_width) / options.len().max(1) as f32;
    let mut columns = vec![
        Column { title: "Driver".to_owned(), width: driver_width, right: false },
        Column { title: number_title.to_owned(), width: number_width, right: true },
    ];
    columns.extend(options.iter().map(|name| Column { title: name.clone(), width: option_width, right: true }));
    (columns, driver_width)
}

fn link_label(link: &crate::decisions::DecisionLink) -> String {
    let number = link.number.map_or_else(String::new, |n| format!("ADR-{n:04}: "));
    format!("{number}{}", link.title)
}

/// The Markdown of "More Information" as plain text for the PDF.
fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '`' => {}
            _ => out.push(c),
        }
    }
    // "[text](file.md)" → "text (file.md)"
    out.replace("](", " (").replace('[', "").replace('\n', " ")
}
