//! The lossless session file: one versioned JSON document with the framing, stakeholders,
//! drivers, options, importance ratings, scores and the decision record. Importing it
//! recreates the session with the same ids in one transaction, after validating every text
//! and every reference.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::decisions::Decision;
use crate::drivers::Driver;
use crate::options::ArchitectureOption;
use crate::scoring::{Importance, Score, ScoreCell};
use crate::sessions::Session;
use crate::stakeholders::Stakeholder;
use crate::store::decisions::Relation;
use crate::text::{self, MAX_CONTEXT, MAX_DESCRIPTION, MAX_ITEM, MAX_ITEMS, MAX_NAME, MAX_TAG, MAX_TAGS};
use crate::{Error, Result, Store, scoring, store};

/// The value of `format` in every session file.
pub const FORMAT: &str = "archdecide-session";
/// The schema version this build writes and the highest it reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionFile {
    pub format: String,
    pub version: u32,
    pub session: Session,
    pub stakeholders: Vec<Stakeholder>,
    pub drivers: Vec<Driver>,
    pub options: Vec<ArchitectureOption>,
    pub importances: Vec<Importance>,
    pub scores: Vec<Score>,
    /// Pairwise comparisons (AHP); absent in files from before AHP.
    #[serde(default)]
    pub comparisons: Vec<crate::ahp::Comparison>,
    pub decision: Option<Decision>,
}

/// The session as a JSON document (refused during a blind round).
pub fn export_session(store: &Store, session_id: Uuid) -> Result<String> {
    let scoring::SessionEvidence { detail, importances, scores, comparisons } =
        scoring::evidence_of(store, session_id)?;
    let decision = crate::decisions::get_decision(store, session_id)?;
    let file = SessionFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        session: detail.session,
        stakeholders: detail.stakeholders,
        drivers: detail.drivers,
        options: detail.options,
        importances,
        scores,
        comparisons,
        decision,
    };
    Ok(serde_json::to_string_pretty(&file).unwrap_or_default() + "\n")
}

/// Recreates a session from its JSON document; returns its id.
pub fn import_session(store: &mut Store, json: &str) -> Result<Uuid> {
    let header: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Error::invalid("file", format!("Not a JSON document: {e}")))?;
    if header.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(Error::invalid("file", "Not an ArchDecide session file (no \"format\": \"archdecide-session\")"));
    }
    let version = header.get("version").and_then(serde_json::Value::as_u64).unwrap_or(0);
    if version > u64::from(VERSION) {
        return Err(Error::refused(
            crate::ErrorCode::FileTooNew,
            format!("This session file is version {version}; this ArchDecide reads up to version {VERSION}"),
        ));
    }
    let file: SessionFile = serde_json::from_value(header)
        .map_err(|e| Error::invalid("file", format!("The session file is not valid: {e}")))?;
    let file = validated(file)?;
    let session_id = file.session.id;
    let now = store.now();
    store.write(crate::history::ChangeNote::new("import_session").final_step(), |tx| {
        if store::sessions::exists(tx, session_id)? {
            return Err(Error::refused(
                crate::ErrorCode::AlreadyExists,
                format!("Session “{}” is already here", file.session.title),
            ));
        }
        store::sessions::insert(tx, &file.session)?;
        for s in &file.stakeholders {
            store::stakeholders::insert(tx, s)?;
        }
        for d in &file.drivers {
            store::drivers::insert(tx, d)?;
        }
        for o in &file.options {
            store::options::insert(tx, o)?;
        }
        for i in &file.importances {
            store::scoring::set_importance(tx, session_id, i.stakeholder_id, i.driver_id, Some(i.value))?;
        }
        for s in &file.scores {
            let cell = ScoreCell { stakeholder_id: s.stakeholder_id, driver_id: s.driver_id, option_id: s.option_id };
            store::scoring::set_value(tx, session_id, &cell, s.value, s.suggested, file.session.updated_at)?;
            if !s.rationale.is_empty() {
                store::scoring::set_rationale(tx, &cell, &s.rationale, file.session.updated_at)?;
            }
        }
        for c in &file.comparisons {
            store::scoring::set_comparison(tx, session_id, c.stakeholder_id, c.driver_a, c.driver_b, Some(c.value))?;
        }
        if let Some(decision) = &file.decision {
            if let Some(number) = decision.number {
                if store::decisions::number_taken(tx, number)? {
                    return Err(Error::refused(
                        crate::ErrorCode::NumberTaken,
                        format!("ADR number {number} is already used here; the file's record keeps its number"),
                    ));
                }
                store::decisions::reserve_number(tx, number)?;
            }
            // Links are made both ways once the other record is here (now or in a later
            // import); until then they are remembered, never dangling and never lost.
            let mut decision = decision.clone();
            let supersedes = decision.supersedes.take();
            let superseded_by = decision.superseded_by.take();
            store::decisions::save(tx, &decision)?;
            for (relation, link) in [(Relation::Supersedes, supersedes), (Relation::SupersededBy, superseded_by)] {
                if let Some(link) = link {
                    store::decisions::remember_link(tx, decision.id, relation, Some(link.decision_id), link.number)?;
                }
            }
        }
        store::decisions::link_pending(tx, now)?;
        Ok(())
    })?;
    Ok(session_id)
}

/// Every text through the same limits as typed input; every reference inside the session.
fn validated(mut file: SessionFile) -> Result<SessionFile> {
    let s = &mut file.session;
    s.title = text::required_line("title", "Session title", &s.title, MAX_NAME)?;
    s.context = text::multi_line("context", "Context", &s.context, MAX_CONTEXT)?;
    s.facilitator = text::optional_line("facilitator", "Facilitator", &s.facilitator, MAX_NAME)?;
    s.tags = text::line_list("tags", "Tags", &s.tags, MAX_TAGS, MAX_TAG)?;
    s.use_cases = crate::sessions::clean_use_cases(&s.use_cases)?;
    s.use_case_notes = crate::sessions::clean_use_case_notes(&s.use_case_notes)?;
    let session_id = s.id;
    let belongs = |id: Uuid, what: &str| {
        if id == session_id {
            Ok(())
        } else {
            Err(Error::invalid("file", format!("A {what} belongs to another session")))
        }
    };
    for p in &mut file.stakeholders {
        belongs(p.session_id, "stakeholder")?;
        p.name = text::required_line("name", "Stakeholder name", &p.name, MAX_NAME)?;
        p.role = text::optional_line("role", "Role", &p.role, MAX_NAME)?;
        if !(crate::stakeholders::MIN_INFLUENCE..=crate::stakeholders::MAX_INFLUENCE).contains(&p.influence) {
            return Err(Error::invalid("file", format!("Influence of {} is out of range", p.name)));
        }
    }
    for d in &mut file.drivers {
        belongs(d.session_id, "driver")?;
        d.title = text::required_line("title", "Driver title", &d.title, MAX_NAME)?;
        d.description = text::multi_line("description", "Driver description", &d.description, MAX_DESCRIPTION)?;
    }
    for o in &mut file.options {
        belongs(o.session_id, "option")?;
        o.name = text::required_line("name", "Option name", &o.name, MAX_NAME)?;
        o.definition = text::multi_line("definition", "Definition", &o.definition, MAX_DESCRIPTION)?;
        for list in [&mut o.pros, &mut o.cons, &mut o.use_cases] {
            *list = text::line_list("items", "Option items", list, MAX_ITEMS, MAX_ITEM)?;
        }
    }
    let people: Vec<Uuid> = file.stakeholders.iter().map(|p| p.id).collect();
    let drivers: Vec<Uuid> = file.drivers.iter().map(|d| d.id).collect();
    let options: Vec<Uuid> = file.options.iter().map(|o| o.id).collect();
    for i in &file.importances {
        if !people.contains(&i.stakeholder_id) || !drivers.contains(&i.driver_id) || !(1..=5).contains(&i.value) {
            return Err(Error::invalid(
                "file",
                "An importance rating refers to someone or something not in the session",
            ));
        }
    }
    for score in &mut file.scores {
        let known = people.contains(&score.stakeholder_id)
            && drivers.contains(&score.driver_id)
            && options.contains(&score.option_id);
        if !known || score.value > 5 {
            return Err(Error::invalid("file", "A score refers to someone or something not in the session"));
        }
        score.rationale = text::optional_line("rationale", "Rationale", &score.rationale, scoring::MAX_RATIONALE)?;
    }
    for c in &file.comparisons {
        let known =
            people.contains(&c.stakeholder_id) && drivers.contains(&c.driver_a) && drivers.contains(&c.driver_b);
        if !known || c.driver_a.to_string() >= c.driver_b.to_string() || !crate::ahp::is_saaty_value(c.value) {
            return Err(Error::invalid(
                "file",
                "A pairwise comparison refers to someone or something not in the session",
            ));
        }
    }
    if let Some(d) = &mut file.decision {
        belongs(d.session_id, "decision")?;
        d.title = text::required_line("title", "Record title", &d.title, MAX_NAME)?;
        d.rationale = text::multi_line("rationale", "Rationale", &d.rationale, MAX_CONTEXT)?;
        d.summary = text::multi_line("summary", "Summary", &d.summary, MAX_CONTEXT)?;
        d.confirmation = text::multi_line("confirmation", "Confirmation", &d.confirmation, MAX_CONTEXT)?;
        d.chosen_option = text::optional_line("chosen_option", "Chosen option", &d.chosen_option, MAX_NAME)?;
        for list in [&mut d.good, &mut d.bad] {
            *list = text::line_list("items", "Consequences", list, MAX_ITEMS, MAX_ITEM)?;
        }
        for list in [&mut d.decision_makers, &mut d.consulted, &mut d.informed] {
            *list = text::line_list("names", "Names", list, MAX_ITEMS, MAX_NAME)?;
        }
        d.triggers = text::line_list("triggers", "Revisit triggers", &d.triggers, MAX_ITEMS, MAX_ITEM)?;
        if d.option_id.is_some_and(|id| !options.contains(&id)) {
            d.option_id = None;
        }
    }
    Ok(file)
}
