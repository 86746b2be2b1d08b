//! The commands that read sessions: `list`, `show`, `search`, `history`, `analyze`,
//! `catalog`, and their text.

use std::path::Path;

use archdecide_core::analysis::Analysis;
use archdecide_core::catalog::get_catalog;
use archdecide_core::sessions::{self, SessionDetail};
use archdecide_core::{history, scoring, search};
use serde::Serialize;
use uuid::Uuid;

use super::{Failure, parse_session_id, to_json};

/// `list`: the sessions, most recently changed first.
pub(super) fn list(json: bool, data_dir: &Path) -> Result<String, Failure> {
    let store = crate::data_dir::open_store(data_dir)?;
    let list = sessions::list_sessions(&store)?;
    if json {
        return Ok(to_json(&list));
    }
    if list.is_empty() {
        return Ok("No sessions yet. Start ArchDecide without a subcommand to create one.\n".to_owned());
    }
    let mut out = format!("{:<36}  {:<10}  {:<16}  TITLE\n", "ID", "STATUS", "CHANGED (UTC)");
    for s in list {
        let changed = s.updated_at.format("%Y-%m-%d %H:%M");
        out += &format!("{:<36}  {:<10}  {:<16}  {}\n", s.id, s.status.as_str(), changed, s.title);
    }
    Ok(out)
}

/// `show`: one session's framing, stakeholders, drivers and options.
pub(super) fn show(session_id: String, json: bool, data_dir: &Path) -> Result<String, Failure> {
    let id = parse_session_id(&session_id)?;
    let store = crate::data_dir::open_store(data_dir)?;
    let detail = sessions::get_session(&store, id)?;
    Ok(if json { to_json(&detail) } else { session_text(&detail) })
}

/// `search`: full-text search with the matches marked `[like this]`.
pub(super) fn search(query: String, json: bool, data_dir: &Path) -> Result<String, Failure> {
    let store = crate::data_dir::open_store(data_dir)?;
    let hits = search::search_sessions(&store, &search::SearchQuery { text: query, ..Default::default() })?;
    if json {
        return Ok(to_json(&hits));
    }
    if hits.is_empty() {
        return Ok("No session matches.\n".to_owned());
    }
    let marked = |runs: &[search::TextRun]| -> String {
        runs.iter().map(|r| if r.hit { format!("[{}]", r.text) } else { r.text.clone() }).collect()
    };
    let mut out = String::new();
    for hit in hits {
        out += &format!("{}  {:<10}  {}\n", hit.session.id, hit.session.status.as_str(), marked(&hit.title));
        if !hit.snippet.is_empty() {
            out += &format!("    {}\n", marked(&hit.snippet).replace('\n', " "));
        }
    }
    Ok(out)
}

/// `history`: every change; `--verify` fails on a broken chain.
pub(super) fn history(session_id: String, json: bool, verify: bool, data_dir: &Path) -> Result<String, Failure> {
    let id = parse_session_id(&session_id)?;
    let store = crate::data_dir::open_store(data_dir)?;
    let history = history::get_history(&store, id, json)?;
    if verify && !history.check.intact {
        let at = history.check.broken_at.map_or_else(String::new, |s| format!(" at event {s}"));
        return Err(format!("the history chain is broken{at}: an event was changed or removed").into());
    }
    if json {
        return Ok(to_json(&history));
    }
    let mut out = String::new();
    for event in &history.events {
        let undone = if event.undone { " (undone)" } else { "" };
        out += &format!("{:>6}  {}  {}{undone}\n", event.seq, event.at.format("%Y-%m-%d %H:%M:%S"), event.summary);
    }
    out += &format!(
        "{} events; chain {}; head {}\n",
        history.check.events,
        if history.check.intact { "intact" } else { "BROKEN" },
        if history.check.head.is_empty() { "–" } else { &history.check.head }
    );
    Ok(out)
}

/// `analyze`: the decision science of one session, with SMAA-2.
pub(super) fn analyze(
    session_id: String,
    json: bool,
    samples: u32,
    seed: u64,
    data_dir: &Path,
) -> Result<String, Failure> {
    let id = parse_session_id(&session_id)?;
    let store = crate::data_dir::open_store(data_dir)?;
    let analysis = scoring::analyze_session(&store, id)?;
    let smaa = scoring::run_smaa(&store, id, samples, seed)?;
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            #[serde(flatten)]
            analysis: &'a Analysis,
            smaa: &'a archdecide_core::smaa::Smaa,
        }
        return Ok(to_json(&Report { analysis: &analysis, smaa: &smaa }));
    }
    let detail = sessions::get_session(&store, id)?;
    Ok(analysis_text(&detail, &analysis, &smaa))
}

pub(super) fn analysis_text(detail: &SessionDetail, analysis: &Analysis, smaa: &archdecide_core::smaa::Smaa) -> String {
    let option_name = |id: Uuid| detail.options.iter().find(|o| o.id == id).map_or("?", |o| o.name.as_str());
    let driver_name = |id: Uuid| detail.drivers.iter().find(|d| d.id == id).map_or("?", |d| d.title.as_str());
    let person = |id: Uuid| detail.stakeholders.iter().find(|s| s.id == id).map_or("?", |s| s.name.as_str());
    let number = |value: Option<f64>| value.map_or("–".to_owned(), |v| format!("{v:.1}"));
    let mut out = format!("{}\n\nRanking (weighted total, 0–100)\n", detail.session.title);
    for id in &analysis.ranking {
        let result = analysis.options.iter().find(|o| o.option_id == *id);
        let rank = result.map_or(0, |r| r.rank);
        let total = number(result.and_then(|r| r.total));
        let fails: Vec<&str> =
            result.map(|r| r.must_have_failures.iter().map(|d| driver_name(*d)).collect()).unwrap_or_default();
        let flag = if fails.is_empty() { String::new() } else { format!("  fails must-have: {}", fails.join(", ")) };
        out += &format!("  {rank}. {:<28} {total:>6}{flag}\n", option_name(*id));
    }
    let tied: Vec<&str> = analysis
        .options
        .iter()
        .filter(|o| o.rank == 1 && Some(o.option_id) != analysis.winner)
        .map(|o| option_name(o.option_id))
        .collect();
    match (analysis.winner, analysis.margin) {
        (Some(winner), Some(_)) if !tied.is_empty() => {
            out += &format!("A tie for first place: {} and {}\n", option_name(winner), tied.join(" and "));
        }
        (Some(winner), Some(margin)) => {
            out += &format!("Winner: {}, {margin:.1} points ahead\n", option_name(winner));
        }
        (Some(winner), None) => out += &format!("Winner: {}\n", option_name(winner)),
        (None, _) => out += "No winner yet: no option has a score and passes every must-have\n",
    }
    out += "\nDriver weights\n";
    for w in &analysis.weights {
        let rated = if w.rated_by == 0 { " (not rated yet: counts as 3)".to_owned() } else { String::new() };
        out += &format!("  {:<28} {:>5.1}%{rated}\n", driver_name(w.driver_id), w.weight * 100.0);
    }
    out += "\nEach stakeholder's ranking\n";
    for ranking in &analysis.stakeholder_rankings {
        let order: Vec<&str> = ranking.ranking.iter().map(|id| option_name(*id)).collect();
        let order = if order.is_empty() { "(no scores yet)".to_owned() } else { order.join(" > ") };
        out += &format!("  {:<20} {order}\n", person(ranking.stakeholder_id));
    }
    out += &match &analysis.consensus {
        Some(c) => format!("\nConsensus: Kendall's W = {:.2} over {} stakeholders\n", c.kendall_w, c.raters),
        None => "\nConsensus: needs two stakeholders who scored every option\n".to_owned(),
    };
    if !analysis.discuss_first.is_empty() {
        out += "\nDiscuss first (most contested cells)\n";
        for cell in &analysis.discuss_first {
            let result = analysis.cells.iter().find(|c| c.driver_id == cell.driver_id && c.option_id == cell.option_id);
            let spread = result.map_or(String::new(), |c| {
                format!("sd {}, range {}", number(c.std_dev), c.range.map_or("–".into(), |r| r.to_string()))
            });
            out += &format!("  {} × {}: {spread}\n", driver_name(cell.driver_id), option_name(cell.option_id));
        }
    }
    let c = &analysis.coverage;
    out += &format!("\nCoverage: {} of {} scores given, {} missing\n", c.scored, c.expected, c.missing);
    if let Some(ahp) = &analysis.ahp {
        out += &format!(
            "\nAHP: group consistency ratio {:.3} ({}; RI table {:?})\n",
            ahp.group.consistency_ratio,
            if ahp.group.acceptable { "acceptable" } else { "not acceptable" },
            ahp.ri_table
        );
    }
    out += "\nSensitivity (smallest weight change that changes the winner)\n";
    for s in &analysis.sensitivity {
        match (s.threshold, s.rival) {
            (Some(t), Some(rival)) => {
                out += &format!("  {:<28} {t:+6.1} points → {}\n", driver_name(s.driver_id), option_name(rival))
            }
            _ => out += &format!("  {:<28}   none\n", driver_name(s.driver_id)),
        }
    }
    if analysis.fragile {
        out += "  The winner is fragile: less than 5 points of weight change it.\n";
    }
    out += &format!("\nWin probability (SMAA-2, {} samples, seed {})\n", smaa.samples, smaa.seed);
    for o in &smaa.options {
        out += &format!("  {:<28} {:5.1}%\n", option_name(o.option_id), o.win * 100.0);
    }
    out
}

pub(super) fn catalog_text() -> String {
    let catalog = get_catalog();
    let mut out = String::from("Architectures\n");
    for a in &catalog.architectures {
        out += &format!("\n{} ({})\n  {}\n", a.name, a.key, a.definition);
        for (heading, items) in [("Pros", &a.pros), ("Cons", &a.cons), ("Use cases", &a.use_cases)] {
            out += &format!("  {heading}:\n");
            for item in items {
                out += &format!("    - {item}\n");
            }
        }
    }
    out += "\nDriver templates\n";
    for d in &catalog.drivers {
        out += &format!("  {:<14} {:<22} {:?}: {}\n", d.key, d.title, d.category, d.description);
    }
    out
}

pub(super) fn session_text(detail: &SessionDetail) -> String {
    let s = &detail.session;
    let mut out = format!("{}\n{}\n", s.title, "=".repeat(s.title.chars().count()));
    out += &format!("id: {}\nstatus: {}\n", s.id, s.status.as_str());
    if !s.facilitator.is_empty() {
        out += &format!("facilitator: {}\n", s.facilitator);
    }
    if let Some(day) = s.held_on {
        out += &format!("held on: {day}\n");
    }
    if !s.tags.is_empty() {
        out += &format!("tags: {}\n", s.tags.join(", "));
    }
    out += &format!("changed: {}\n", s.updated_at.format("%Y-%m-%d %H:%M UTC"));
    if !s.context.is_empty() {
        out += &format!("\nContext and problem statement\n{}\n", s.context);
    }
    out += &format!("\nStakeholders ({})\n", detail.stakeholders.len());
    for p in &detail.stakeholders {
        let role = if p.role.is_empty() { String::new() } else { format!(", {}", p.role) };
        out += &format!("  - {}{role} — {} (influence {})\n", p.name, p.raci.as_str().replace('_', "-"), p.influence);
    }
    out += &format!("\nDrivers ({})\n", detail.drivers.len());
    for d in &detail.drivers {
        let must = if d.must_have { " [must-have]" } else { "" };
        out += &format!("  - {}{must} ({})\n", d.title, d.category.as_str());
    }
    out += &format!("\nOptions ({})\n", detail.options.len());
    for o in &detail.options {
        out += &format!("  - {} ({} pros, {} cons)\n", o.name, o.pros.len(), o.cons.len());
    }
    out
}
