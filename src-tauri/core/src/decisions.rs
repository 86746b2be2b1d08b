//! Decision records (ADRs): the agreed option of a session, prefilled from the workshop's
//! evidence and editable while proposed. Accepting (or rejecting) gives the next ADR number
//! (sequential, never reused) and freezes a snapshot of the evidence, so later edits of the
//! session never change the record. Superseding links two records both ways.

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::ahp::Comparison;
use crate::analysis::Analysis;
use crate::drivers::Driver;
use crate::history::ChangeNote;
use crate::options::ArchitectureOption;
use crate::scoring::{self, Importance, Score};
use crate::sessions::SessionDetail;
use crate::stakeholders::{Raci, Stakeholder};
use crate::text::{self, MAX_CONTEXT, MAX_ITEM, MAX_ITEMS, MAX_NAME};
use crate::{Error, Result, Store, store};

/// Where a record stands (MADR's statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DecisionStatus {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl DecisionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
            Self::Deprecated => "deprecated",
            Self::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "proposed" => Some(Self::Proposed),
            "accepted" => Some(Self::Accepted),
            "rejected" => Some(Self::Rejected),
            "deprecated" => Some(Self::Deprecated),
            "superseded" => Some(Self::Superseded),
            _ => None,
        }
    }
}

/// Another record this one is linked to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DecisionLink {
    pub decision_id: Uuid,
    pub session_id: Uuid,
    pub number: Option<u32>,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Decision {
    pub id: Uuid,
    pub session_id: Uuid,
    /// The ADR number, given when the record is first accepted or rejected.
    pub number: Option<u32>,
    pub option_id: Option<Uuid>,
    /// The chosen option's name, kept even if the option is later removed.
    pub chosen_option: String,
    pub title: String,
    pub status: DecisionStatus,
    /// The record in one sentence, a Y-statement (`y_statement` drafts it).
    #[serde(default)]
    pub summary: String,
    /// Why this option ("because …").
    pub rationale: String,
    /// Consequences: "Good, because …" items.
    pub good: Vec<String>,
    /// Consequences: "Bad, because …" items.
    pub bad: Vec<String>,
    /// How the team will confirm the decision is implemented as agreed.
    pub confirmation: String,
    pub decision_makers: Vec<String>,
    pub consulted: Vec<String>,
    pub informed: Vec<String>,
    pub decided_on: Option<NaiveDate>,
    pub review_by: Option<NaiveDate>,
    /// The team's own revisit triggers, in words ("if traffic passes 5k requests/s"); those
    /// computed from the evidence come from `revisits::triggers`.
    #[serde(default)]
    pub triggers: Vec<String>,
    pub supersedes: Option<DecisionLink>,
    pub superseded_by: Option<DecisionLink>,
    /// The evidence as it was when the record was accepted or rejected.
    pub snapshot: Option<Snapshot>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The evidence behind a record, frozen when it is accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Snapshot {
    pub frozen_at: DateTime<Utc>,
    pub context: String,
    pub stakeholders: Vec<Stakeholder>,
    pub drivers: Vec<Driver>,
    pub options: Vec<ArchitectureOption>,
    pub importances: Vec<Importance>,
    pub scores: Vec<Score>,
    pub analysis: Analysis,
    /// The head of the session's history chain when the evidence was frozen.
    #[serde(default)]
    pub history_head: String,
    /// Pairwise comparisons (AHP sessions).
    #[serde(default)]
    pub comparisons: Vec<Comparison>,
    /// Win probabilities (SMAA-2) with the default samples and seed.
    #[serde(default)]
    pub smaa: Option<crate::smaa::Smaa>,
    /// The team accepted the record although its AHP consistency ratio was 0.10 or more.
    #[serde(default)]
    pub accepted_despite_inconsistency: bool,
    /// What the system is (`use_cases::building`: the ticked use cases, the team's words).
    #[serde(default)]
    pub building: Vec<String>,
    #[serde(default)]
    pub reversibility: Option<crate::sessions::Reversibility>,
}

impl Snapshot {
    /// Freezes `evidence`: its analysis and one SMAA-2 run with the default samples and seed.
    pub fn of(evidence: scoring::SessionEvidence, frozen_at: DateTime<Utc>, history_head: String) -> Self {
        let analysis = evidence.analyze();
        let smaa = evidence.smaa(crate::smaa::DEFAULT_SAMPLES, crate::smaa::DEFAULT_SEED);
        let scoring::SessionEvidence { detail, importances, scores, comparisons } = evidence;
        let session = &detail.session;
        let building =
            crate::use_cases::building(crate::catalog::get_catalog(), &session.use_cases, &session.use_case_notes);
        Snapshot {
            frozen_at,
            building,
            reversibility: session.reversibility,
            context: detail.session.context,
            stakeholders: detail.stakeholders,
            drivers: detail.drivers,
            options: detail.options,
            importances,
            scores,
            analysis,
            history_head,
            comparisons,
            smaa: Some(smaa),
            accepted_despite_inconsistency: false,
        }
    }
}

/// One edit of a proposed record.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum DecisionEdit {
    Title(String),
    Summary(String),
    Rationale(String),
    Good(Vec<String>),
    Bad(Vec<String>),
    Confirmation(String),
    DecisionMakers(Vec<String>),
    Consulted(Vec<String>),
    Informed(Vec<String>),
    /// The only edits an accepted record still takes: when to look at it again.
    ReviewBy(Option<NaiveDate>),
    Triggers(Vec<String>),
}

/// How long after the decision a review is due by default.
pub const DEFAULT_REVIEW_MONTHS: u32 = 12;

/// The session's record, if it has one.
pub fn get_decision(store: &Store, session_id: Uuid) -> Result<Option<Decision>> {
    crate::sessions::require_session(store.read(), session_id)?;
    store::decisions::by_session(store.read(), session_id)
}

/// Picks the option the team agreed on. Creates the record prefilled from the workshop, or —
/// while it is still proposed — refills it for the new option.
pub fn choose_option(store: &mut Store, session_id: Uuid, option_id: Uuid) -> Result<Decision> {
    let evidence = scoring::evidence_of(store, session_id)?;
    let detail = &evidence.detail;
    let option =
        detail.options.iter().find(|o| o.id == option_id).ok_or_else(|| Error::not_found("option", option_id))?;
    let analysis = evidence.analyze();
    let today = store.now().date_naive();
    let existing = store::decisions::by_session(store.read(), session_id)?;
    if let Some(existing) = &existing {
        ensure_proposed(existing)?;
    }
    let now = store.now();
    let names_where = |part: fn(Raci) -> bool| -> Vec<String> {
        detail.stakeholders.iter().filter(|s| part(s.raci)).map(|s| s.name.clone()).collect()
    };
    let decision = Decision {
        id: existing.as_ref().map_or_else(Uuid::now_v7, |d| d.id),
        session_id,
        number: None,
        option_id: Some(option.id),
        chosen_option: option.name.clone(),
        title: format!("{}: {}", detail.session.title, option.name),
        status: DecisionStatus::Proposed,
        summary: y_statement(detail, &analysis, option.id),
        rationale: prefilled_rationale(detail, &analysis, option.id),
        good: option.pros.clone(),
        bad: option.cons.clone(),
        confirmation: existing.as_ref().map(|d| d.confirmation.clone()).unwrap_or_default(),
        decision_makers: names_where(Raci::decides),
        consulted: names_where(|part| part == Raci::Consulted),
        informed: names_where(|part| part == Raci::Informed),
        decided_on: None,
        review_by: existing
            .as_ref()
            .and_then(|d| d.review_by)
            .or_else(|| today.checked_add_months(Months::new(DEFAULT_REVIEW_MONTHS))),
        triggers: existing.as_ref().map(|d| d.triggers.clone()).unwrap_or_default(),
        supersedes: existing.as_ref().and_then(|d| d.supersedes.clone()),
        superseded_by: None,
        snapshot: None,
        created_at: existing.as_ref().map_or(now, |d| d.created_at),
        updated_at: now,
    };
    store.write(ChangeNote::new("choose_option"), |tx| {
        store::sessions::require_open(tx, session_id)?;
        store::decisions::save(tx, &decision)?;
        store::sessions::touch(tx, session_id, now)?;
        Ok(())
    })?;
    get_decision(store, session_id)?.ok_or_else(|| Error::not_found("decision", decision.id))
}

/// Edits a proposed record (an accepted one takes only a new review date).
pub fn update_decision(store: &mut Store, id: Uuid, edit: DecisionEdit) -> Result<Decision> {
    let decision = store::decisions::by_id(store.read(), id)?.ok_or_else(|| Error::not_found("decision", id))?;
    if !matches!(edit, DecisionEdit::ReviewBy(_) | DecisionEdit::Triggers(_)) {
        ensure_proposed(&decision)?;
    }
    let list =
        |field: &'static str, label: &str, items: &[String]| text::line_list(field, label, items, MAX_ITEMS, MAX_ITEM);
    let edit = match edit {
        DecisionEdit::Title(v) => DecisionEdit::Title(text::required_line("title", "Title", &v, MAX_NAME)?),
        DecisionEdit::Summary(v) => DecisionEdit::Summary(text::multi_line("summary", "Summary", &v, MAX_CONTEXT)?),
        DecisionEdit::Rationale(v) => {
            DecisionEdit::Rationale(text::multi_line("rationale", "Rationale", &v, MAX_CONTEXT)?)
        }
        DecisionEdit::Confirmation(v) => {
            DecisionEdit::Confirmation(text::multi_line("confirmation", "Confirmation", &v, MAX_CONTEXT)?)
        }
        DecisionEdit::Good(v) => DecisionEdit::Good(list("good", "Good consequences", &v)?),
        DecisionEdit::Bad(v) => DecisionEdit::Bad(list("bad", "Bad consequences", &v)?),
        DecisionEdit::DecisionMakers(v) => {
            DecisionEdit::DecisionMakers(names("decision_makers", "Decision-makers", &v)?)
        }
        DecisionEdit::Consulted(v) => DecisionEdit::Consulted(names("consulted", "Consulted", &v)?),
        DecisionEdit::Informed(v) => DecisionEdit::Informed(names("informed", "Informed", &v)?),
        DecisionEdit::ReviewBy(v) => DecisionEdit::ReviewBy(v),
        DecisionEdit::Triggers(v) => DecisionEdit::Triggers(list("triggers", "Revisit triggers", &v)?),
    };
    let now = store.now();
    store.write(ChangeNote::new("update_decision"), |tx| {
        store::decisions::apply_edit(tx, id, &edit, now)?;
        store::sessions::touch(tx, decision.session_id, now)?;
        Ok(())
    })?;
    get_decision(store, decision.session_id)?.ok_or_else(|| Error::not_found("decision", id))
}

/// Marks the record of session `old` as superseded by the record of session `newer` (for
/// records not linked by a revisit, such as imported ones): links both ways, the older record
/// and its session become superseded. The newer record must be accepted (numbered and frozen:
/// accept it first), the older accepted or deprecated, and neither may already be linked.
pub fn supersede_record(store: &mut Store, old: Uuid, newer: Uuid) -> Result<Decision> {
    use DecisionStatus::*;
    if old == newer {
        return Err(Error::invalid("session_id", "A record cannot supersede itself"));
    }
    let record = |store: &Store, session: Uuid| -> Result<Decision> {
        get_decision(store, session)?.ok_or_else(|| {
            Error::refused(crate::ErrorCode::NoRecord, format!("Session {session} has no decision record yet"))
        })
    };
    let (older, newest) = (record(store, old)?, record(store, newer)?);
    let refuse = |d: &Decision, why: String| {
        Err(Error::refused(crate::ErrorCode::StatusChange, format!("{} {why}", number_label(d.number))))
    };
    if newest.status != Accepted {
        return refuse(
            &newest,
            format!("is {}: only an accepted record supersedes another (accept it first)", newest.status.as_str()),
        );
    }
    if !matches!(older.status, Accepted | Deprecated) {
        return refuse(
            &older,
            format!("is {}: only an accepted or deprecated record can be superseded", older.status.as_str()),
        );
    }
    if let Some(link) = &newest.supersedes {
        return refuse(&newest, format!("already supersedes {}", number_label(link.number)));
    }
    let now = store.now();
    store.write(ChangeNote::of("supersede_record", newer).final_step(), |tx| {
        store::decisions::supersede(tx, older.id, old, newest.id, now)
    })?;
    record(store, old)
}

/// Moves a record through its life: proposed → accepted or rejected (numbered, evidence
/// frozen), accepted → deprecated. Superseding happens through a revisit (or
/// `supersede_record`).
///
/// Accepting a record whose AHP weights are too inconsistent (the team's consistency ratio is
/// 0.10 or more) is refused with `inconsistent_weights` unless `despite_inconsistency` says the
/// team chose to accept anyway; the frozen evidence then records that choice.
pub fn set_decision_status(
    store: &mut Store,
    id: Uuid,
    status: DecisionStatus,
    despite_inconsistency: bool,
) -> Result<Decision> {
    let decision = store::decisions::by_id(store.read(), id)?.ok_or_else(|| Error::not_found("decision", id))?;
    use DecisionStatus::*;
    let allowed = matches!(
        (decision.status, status),
        (Proposed, Accepted) | (Proposed, Rejected) | (Accepted, Deprecated) | (Deprecated, Accepted)
    );
    if !allowed {
        return Err(Error::refused(
            crate::ErrorCode::StatusChange,
            format!("A {} record cannot become {}", decision.status.as_str(), status.as_str()),
        ));
    }
    let now = store.now();
    let snapshot = if decision.status == Proposed {
        if decision.title.trim().is_empty() || decision.chosen_option.is_empty() {
            return Err(Error::invalid("title", "A record needs a title and a chosen option"));
        }
        let evidence = scoring::evidence_of(store, decision.session_id)?;
        let history_head = crate::history::chain_head(store, decision.session_id)?;
        let mut snapshot = Snapshot::of(evidence, now, history_head);
        if let Some(ahp) = snapshot.analysis.ahp.as_ref().filter(|a| !a.group.acceptable && !a.weights_from_importance)
            && status == Accepted
        {
            if !despite_inconsistency {
                return Err(Error::refused(
                    crate::ErrorCode::InconsistentWeights,
                    format!(
                        "The team's pairwise comparisons are too inconsistent to weigh a decision: consistency ratio {:.2}, \
                         and 0.10 is the limit. Revise the comparisons, or accept anyway (the record will say so)",
                        ahp.group.consistency_ratio
                    ),
                ));
            }
            snapshot.accepted_despite_inconsistency = true;
        }
        Some(snapshot)
    } else {
        None
    };
    // Accepting a revisit's record supersedes the record it revisits; accepting a record that
    // names the one it supersedes (a quick record's `--supersedes`) supersedes that one.
    let superseded = if status == Accepted {
        let revisited = crate::sessions::get_session(store, decision.session_id)?.session.revisit_of;
        let named = decision.supersedes.as_ref().map(|link| link.session_id);
        match revisited.or(named) {
            Some(old) => store::decisions::by_session(store.read(), old)?
                .filter(|d| matches!(d.status, Accepted | Deprecated))
                .map(|d| (d.id, old)),
            None => None,
        }
    } else {
        None
    };
    store.write(ChangeNote::of("set_decision_status", decision.session_id).final_step(), |tx| {
        if let Some(snapshot) = &snapshot {
            let number = store::decisions::next_number(tx)?;
            store::decisions::freeze(tx, id, number, snapshot, now.date_naive(), now)?;
        }
        if let Some((old_decision, old_session)) = superseded {
            store::decisions::supersede(tx, old_decision, old_session, id, now)?;
        }
        store::decisions::set_status(tx, id, status, now)?;
        let session_status = match status {
            Accepted | Rejected | Deprecated => "decided",
            Superseded => "superseded",
            Proposed => "scoring",
        };
        store::sessions::set_status(tx, decision.session_id, session_status, now)?;
        Ok(())
    })?;
    get_decision(store, decision.session_id)?.ok_or_else(|| Error::not_found("decision", id))
}

/// "because …" from the results: the chosen option's total and rank, the margin, consensus,
/// and the drivers that contributed most.
/// The record in one sentence, a Y-statement drafted from the workshop: "In the context of
/// <session>, facing <the two heaviest drivers>, we decided for <chosen> and against <the
/// others>, to achieve <its first pro>, accepting <its first con>." A clause with nothing to
/// say (no drivers, one option, no pros or cons) is left out. A pro or con is cut at its
/// explanation (" — …"): the sentence names, the record explains.
pub fn y_statement(detail: &SessionDetail, analysis: &Analysis, option_id: Uuid) -> String {
    let Some(chosen) = detail.options.iter().find(|o| o.id == option_id) else { return String::new() };
    let mut text = format!("In the context of {}", detail.session.title.trim());
    let mut weights: Vec<(f64, usize, &str)> = detail
        .drivers
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let weight = analysis.weights.iter().find(|w| w.driver_id == d.id).map_or(0.0, |w| w.weight);
            (weight, i, d.title.as_str())
        })
        .collect();
    // Heaviest first; equal weights keep the session's order.
    weights.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let facing: Vec<&str> = weights.iter().take(2).map(|w| w.2).collect();
    if !facing.is_empty() {
        text += &format!(", facing {}", facing.join(" and "));
    }
    text += &format!(", we decided for {}", chosen.name);
    let others: Vec<&str> = detail.options.iter().filter(|o| o.id != option_id).map(|o| o.name.as_str()).collect();
    if let Some((last, rest)) = others.split_last() {
        let against = if rest.is_empty() { (*last).to_owned() } else { format!("{} and {last}", rest.join(", ")) };
        text += &format!(" and against {against}");
    }
    let short = |item: &String| -> String {
        let item = item.trim();
        let item = item.strip_prefix("because ").unwrap_or(item);
        text::after_because(item.split(" — ").next().unwrap_or(item).trim().trim_end_matches('.'))
    };
    if let Some(pro) = chosen.pros.first().map(short).filter(|p| !p.is_empty()) {
        text += &format!(", to achieve {pro}");
    }
    if let Some(con) = chosen.cons.first().map(short).filter(|c| !c.is_empty()) {
        text += &format!(", accepting {con}");
    }
    text + "."
}

pub fn prefilled_rationale(detail: &SessionDetail, analysis: &Analysis, option_id: Uuid) -> String {
    let name = |id: Uuid| detail.options.iter().find(|o| o.id == id).map_or("?", |o| o.name.as_str());
    let Some(result) = analysis.options.iter().find(|o| o.option_id == option_id) else {
        return String::new();
    };
    let Some(total) = result.total else {
        return "the team agreed on it (no scores were recorded in the workshop).".to_owned();
    };
    let mut text = if analysis.winner == Some(option_id) {
        match (analysis.margin, analysis.ranking.get(1)) {
            (Some(margin), Some(second)) if margin >= 0.05 => format!(
                "it has the highest weighted total of the {} options considered ({total:.1} of 100, {margin:.1} points ahead of {})",
                detail.options.len(),
                name(*second)
            ),
            (Some(_), Some(second)) => {
                format!("it ties for the highest weighted total with {} ({total:.1} of 100)", name(*second))
            }
            _ => format!("it has the highest weighted total ({total:.1} of 100)"),
        }
    } else {
        let leader = analysis.ranking.first().map_or("?", |id| name(*id));
        let leader_total = analysis
            .options
            .iter()
            .find(|o| Some(o.option_id) == analysis.ranking.first().copied())
            .and_then(|o| o.total);
        format!(
            "the team chose it after discussion although it ranks {} of {} ({total:.1} of 100; {leader} leads with {})",
            result.rank,
            detail.options.len(),
            leader_total.map_or("–".to_owned(), |t| format!("{t:.1}"))
        )
    };
    if result.must_have_failures.is_empty() && detail.drivers.iter().any(|d| d.must_have) {
        text += ", meets every must-have";
    }
    // The drivers that contributed most: weight × mean score.
    let mut contributions: Vec<(f64, &str, f64)> = detail
        .drivers
        .iter()
        .filter_map(|driver| {
            let weight = analysis.weights.iter().find(|w| w.driver_id == driver.id)?.weight;
            let mean = analysis.cells.iter().find(|c| c.driver_id == driver.id && c.option_id == option_id)?.mean?;
            Some((weight * mean, driver.title.as_str(), mean))
        })
        .collect();
    contributions.sort_by(|a, b| b.0.total_cmp(&a.0));
    let strongest: Vec<String> =
        contributions.iter().take(2).map(|(_, title, mean)| format!("{title} ({mean:.1} of 5)")).collect();
    if !strongest.is_empty() {
        text += &format!(", and scores best on {}", strongest.join(" and "));
    }
    if let Some(consensus) = &analysis.consensus {
        text += &format!("; the team's agreement (Kendall's W) is {:.2}", consensus.kendall_w);
    }
    text + "."
}

fn ensure_proposed(decision: &Decision) -> Result<()> {
    if decision.status != DecisionStatus::Proposed {
        return Err(Error::refused(
            crate::ErrorCode::RecordFrozen,
            format!(
                "Record {} is {} and can no longer be edited",
                number_label(decision.number),
                decision.status.as_str()
            ),
        ));
    }
    Ok(())
}

/// "ADR-0007", or "the draft record" before a number is given.
pub fn number_label(number: Option<u32>) -> String {
    number.map_or_else(|| "the draft record".to_owned(), |n| format!("ADR-{n:04}"))
}

fn names(field: &'static str, label: &str, items: &[String]) -> Result<Vec<String>> {
    text::line_list(field, label, items, MAX_ITEMS, MAX_NAME)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::drivers::add_template_driver;
    use crate::options::add_catalog_option;
    use crate::scoring::{ScoreCell, ScoreEdit, set_score};
    use crate::sessions::{NewSession, create_session, delete_session, get_session};
    use crate::stakeholders::{NewStakeholder, add_stakeholder};

    fn fixed_now() -> DateTime<Utc> {
        "2026-11-25T10:00:00Z".parse().unwrap()
    }

    /// A scored session: Ana (decision-maker) and Bo (consulted), Scalability (must-have) and
    /// Security, Monolithic and Microservices; Microservices wins.
    pub(crate) fn decided_workshop(store: &mut Store, title: &str) -> (Uuid, SessionDetail) {
        store.set_clock(fixed_now);
        let new = NewSession {
            title: title.into(),
            context: Some("Traffic doubles every year.".into()),
            ..Default::default()
        };
        let id = create_session(store, new).unwrap().session.id;
        let ana =
            NewStakeholder { raci: Some(Raci::Accountable), role: Some("CTO".into()), ..NewStakeholder::named("Ana") };
        add_stakeholder(store, id, ana).unwrap();
        add_stakeholder(store, id, NewStakeholder::named("Bo")).unwrap();
        add_template_driver(store, id, "scalability").unwrap();
        add_template_driver(store, id, "security").unwrap();
        add_catalog_option(store, id, "monolithic").unwrap();
        let detail = add_catalog_option(store, id, "microservices").unwrap();
        let scalability = detail.drivers[0].id;
        crate::drivers::update_driver(store, scalability, crate::drivers::DriverEdit::MustHave(true)).unwrap();
        let values = [[2, 5], [4, 3]]; // [driver][option], the same for both stakeholders
        for person in &detail.stakeholders {
            for (d, driver) in detail.drivers.iter().enumerate() {
                for (o, option) in detail.options.iter().enumerate() {
                    let cell = ScoreCell { stakeholder_id: person.id, driver_id: driver.id, option_id: option.id };
                    set_score(store, id, cell, ScoreEdit::Value(Some(values[d][o]))).unwrap();
                }
            }
        }
        (id, get_session(store, id).unwrap())
    }

    #[test]
    fn the_record_opens_with_a_y_statement_drafted_from_the_workshop() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = decided_workshop(&mut store, "Checkout platform");
        add_catalog_option(&mut store, id, "serverless").unwrap();
        let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
        assert_eq!(
            decision.summary,
            "In the context of Checkout platform, facing Scalability and Security, we decided for Microservices \
             and against Monolithic and Serverless, to achieve independent development, accepting distributed \
             system complexity."
        );
        // Editable while proposed, and in both Markdown layouts' decision.
        let edited = "In the context of checkout, we decided for services.";
        update_decision(&mut store, decision.id, DecisionEdit::Summary(edited.into())).unwrap();
        for format in [crate::exports::RecordFormat::Madr, crate::exports::RecordFormat::Nygard] {
            let (_, bytes) = crate::exports::render_record(&store, id, format).unwrap();
            let text = String::from_utf8(bytes).unwrap();
            let heading =
                if format == crate::exports::RecordFormat::Madr { "## Decision Outcome" } else { "## Decision" };
            assert!(text.contains(&format!("{heading}\n\n{edited}\n\n")), "{format:?}: {text}");
        }
        let accepted = set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
        let refused = update_decision(&mut store, accepted.id, DecisionEdit::Summary("later".into()));
        assert!(refused.is_err(), "an accepted record's summary is frozen with it");
    }

    #[test]
    fn a_y_statement_leaves_out_the_clauses_a_workshop_cannot_fill() {
        let mut store = Store::open_in_memory().unwrap();
        let id =
            create_session(&mut store, NewSession { title: "Blog".into(), ..Default::default() }).unwrap().session.id;
        let detail = crate::options::add_option(
            &mut store,
            id,
            crate::options::NewOption { name: "Static site".into(), ..Default::default() },
        )
        .unwrap();
        // One option, no drivers, no pros or cons.
        let decision = choose_option(&mut store, id, detail.options[0].id).unwrap();
        assert_eq!(decision.summary, "In the context of Blog, we decided for Static site.");
        // One driver, a catalog option with pros and cons, still no rival.
        add_template_driver(&mut store, id, "resources").unwrap();
        let detail = add_catalog_option(&mut store, id, "serverless").unwrap();
        let detail = crate::options::remove_option(&mut store, detail.options[0].id).unwrap();
        let decision = choose_option(&mut store, id, detail.options[0].id).unwrap();
        let start = format!(
            "In the context of Blog, facing {}, we decided for Serverless, to achieve ",
            detail.drivers[0].title
        );
        assert!(decision.summary.starts_with(&start), "{}", decision.summary);
        assert!(
            decision.summary.contains(", accepting ") && !decision.summary.contains("against"),
            "{}",
            decision.summary
        );
    }

    /// RACI's four parts map onto MADR's lists: accountable and responsible people are the
    /// decision-makers (in the Frame step's order), then consulted, then informed.
    #[test]
    fn the_four_raci_parts_fill_the_records_lists() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = decided_workshop(&mut store, "Checkout platform");
        for (name, raci) in [("Cy", Raci::Responsible), ("Di", Raci::Informed)] {
            add_stakeholder(&mut store, id, NewStakeholder { raci: Some(raci), ..NewStakeholder::named(name) })
                .unwrap();
        }
        let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
        let lists = (decision.decision_makers.clone(), decision.consulted.clone(), decision.informed.clone());
        assert_eq!(lists, (vec!["Ana".into(), "Cy".into()], vec!["Bo".into()], vec!["Di".into()]));
        let (_, madr) = crate::exports::render_record(&store, id, crate::exports::RecordFormat::Madr).unwrap();
        let madr = String::from_utf8(madr).unwrap();
        assert!(
            madr.contains("decision-makers: [\"Ana\", \"Cy\"]\nconsulted: [\"Bo\"]\ninformed: [\"Di\"]\n"),
            "{madr}"
        );
    }

    #[test]
    fn choosing_an_option_prefills_the_record_from_the_workshop() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = decided_workshop(&mut store, "Checkout platform");
        let micro = &detail.options[1];
        let decision = choose_option(&mut store, id, micro.id).unwrap();
        assert_eq!(decision.title, "Checkout platform: Microservices");
        assert_eq!((decision.status, decision.number), (DecisionStatus::Proposed, None));
        assert_eq!(decision.good, micro.pros);
        assert_eq!(decision.bad, micro.cons);
        assert_eq!(
            (decision.decision_makers.clone(), decision.consulted.clone()),
            (vec!["Ana".to_owned()], vec!["Bo".to_owned()])
        );
        assert!(decision.rationale.starts_with("it has the highest weighted total of the 2 options considered (80.0 of 100, 20.0 points ahead of Monolithic)"), "{}", decision.rationale);
        assert!(decision.rationale.contains("meets every must-have"), "{}", decision.rationale);
        assert!(decision.rationale.contains("Scalability (5.0 of 5)"), "{}", decision.rationale);
        assert_eq!(decision.review_by, NaiveDate::from_ymd_opt(2027, 11, 25));
        // Choosing the runner-up says so honestly.
        let other = choose_option(&mut store, id, detail.options[0].id).unwrap();
        assert!(
            other.rationale.starts_with("the team chose it after discussion although it ranks 2 of 2"),
            "{}",
            other.rationale
        );
        assert_eq!(other.id, decision.id, "one record per session");
    }

    #[test]
    fn accepting_inconsistent_ahp_weights_is_a_conscious_choice_the_record_states() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, _) = decided_workshop(&mut store, "Checkout platform");
        let detail = add_template_driver(&mut store, id, "modularity").unwrap();
        crate::sessions::update_session(
            &mut store,
            id,
            crate::sessions::SessionEdit::Weighting(crate::sessions::Weighting::Ahp),
        )
        .unwrap();
        // A circle: Scalability ≫ Security ≫ Modularity ≫ Scalability.
        let (ana, d) = (detail.stakeholders[0].id, &detail.drivers);
        for (a, b) in [(0, 1), (1, 2), (2, 0)] {
            scoring::set_comparison(&mut store, id, ana, d[a].id, d[b].id, Some(9.0)).unwrap();
        }
        let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
        let refused = set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap_err();
        assert_eq!(refused.code(), "inconsistent_weights");
        assert!(refused.to_string().contains("0.10"), "{refused}");
        let unchanged = get_decision(&store, id).unwrap().unwrap();
        assert_eq!((unchanged.status, unchanged.number), (DecisionStatus::Proposed, None), "nothing stored");
        // Rejecting needs no such choice; accepting anyway is recorded.
        let accepted = set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, true).unwrap();
        assert!(accepted.snapshot.as_ref().unwrap().accepted_despite_inconsistency);
        let record = crate::exports::record_of(&store, id).unwrap();
        let md = crate::exports::madr::render(&record);
        assert!(md.contains("The team accepted this decision although"), "{md}");
    }

    #[test]
    fn accepting_numbers_the_record_and_freezes_the_evidence() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = decided_workshop(&mut store, "Checkout platform");
        let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
        let accepted = set_decision_status(&mut store, decision.id, DecisionStatus::Accepted, false).unwrap();
        assert_eq!((accepted.number, accepted.status), (Some(1), DecisionStatus::Accepted));
        assert_eq!(accepted.decided_on, NaiveDate::from_ymd_opt(2026, 11, 25));
        let snapshot = accepted.snapshot.clone().unwrap();
        assert_eq!(snapshot.analysis.winner, Some(detail.options[1].id));
        assert_eq!(get_session(&store, id).unwrap().session.status, crate::sessions::SessionStatus::Decided);

        // The decided session is read-only, so nothing can change under the record.
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: detail.options[1].id,
        };
        assert_eq!(set_score(&mut store, id, cell, ScoreEdit::Value(Some(0))).unwrap_err().code(), "session_decided");
        let rename = crate::options::OptionEdit::Name("Services".into());
        assert_eq!(
            crate::options::update_option(&mut store, detail.options[1].id, rename).unwrap_err().code(),
            "session_decided"
        );
        let again = get_decision(&store, id).unwrap().unwrap();
        assert_eq!(again.snapshot.unwrap(), snapshot);
        assert_eq!(again.chosen_option, "Microservices");

        let error = update_decision(&mut store, decision.id, DecisionEdit::Title("New".into())).unwrap_err();
        assert_eq!(error.code(), "record_frozen");
        let review = NaiveDate::from_ymd_opt(2027, 6, 1);
        assert_eq!(update_decision(&mut store, decision.id, DecisionEdit::ReviewBy(review)).unwrap().review_by, review);
        assert_eq!(choose_option(&mut store, id, detail.options[0].id).unwrap_err().code(), "record_frozen");
        let error = set_decision_status(&mut store, decision.id, DecisionStatus::Proposed, false).unwrap_err();
        assert_eq!(error.code(), "status_change");
        let deprecated = set_decision_status(&mut store, decision.id, DecisionStatus::Deprecated, false).unwrap();
        assert_eq!((deprecated.status, deprecated.number), (DecisionStatus::Deprecated, Some(1)));
    }

    #[test]
    fn numbers_are_sequential_and_never_reused_after_a_deletion() {
        let mut store = Store::open_in_memory().unwrap();
        let accept = |store: &mut Store, title: &str| {
            let (id, detail) = decided_workshop(store, title);
            let decision = choose_option(store, id, detail.options[1].id).unwrap();
            (id, set_decision_status(store, decision.id, DecisionStatus::Accepted, false).unwrap().number)
        };
        let (_, first) = accept(&mut store, "One");
        let (second_session, second) = accept(&mut store, "Two");
        delete_session(&mut store, second_session).unwrap();
        let (_, third) = accept(&mut store, "Three");
        assert_eq!((first, second, third), (Some(1), Some(2), Some(3)));
        // A rejected proposal is a record too.
        let (id, detail) = decided_workshop(&mut store, "Four");
        let decision = choose_option(&mut store, id, detail.options[0].id).unwrap();
        assert_eq!(
            set_decision_status(&mut store, decision.id, DecisionStatus::Rejected, false).unwrap().number,
            Some(4)
        );
    }

    #[test]
    fn edits_of_a_proposed_record_are_validated() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = decided_workshop(&mut store, "Checkout platform");
        let decision = choose_option(&mut store, id, detail.options[1].id).unwrap();
        let edited =
            update_decision(&mut store, decision.id, DecisionEdit::Good(vec![" Teams ship alone ".into(), "".into()]))
                .unwrap();
        assert_eq!(edited.good, ["Teams ship alone"]);
        let error = update_decision(&mut store, decision.id, DecisionEdit::Title("  ".into())).unwrap_err();
        assert_eq!(error.field(), Some("title"));
        let error =
            update_decision(&mut store, decision.id, DecisionEdit::Informed(vec!["a\u{7}".into()])).unwrap_err();
        assert_eq!(error.field(), Some("informed"));
        assert_eq!(get_decision(&store, id).unwrap().unwrap().title, "Checkout platform: Microservices");
    }

    #[test]
    fn no_record_is_prefilled_during_a_blind_round() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = decided_workshop(&mut store, "Checkout platform");
        crate::scoring::start_blind_round(&mut store, id).unwrap();
        assert_eq!(choose_option(&mut store, id, detail.options[1].id).unwrap_err().code(), "blind_round_active");
    }

    fn accepted(store: &mut Store, title: &str) -> Uuid {
        let (id, detail) = decided_workshop(store, title);
        let decision = choose_option(store, id, detail.options[0].id).unwrap();
        set_decision_status(store, decision.id, DecisionStatus::Accepted, false).unwrap();
        id
    }

    #[test]
    fn a_record_supersedes_another_both_ways() {
        let mut store = Store::open_in_memory().unwrap();
        let (old, newer) = (accepted(&mut store, "Old"), accepted(&mut store, "New"));
        let superseded = supersede_record(&mut store, old, newer).unwrap();
        assert_eq!(superseded.status, DecisionStatus::Superseded);
        assert_eq!(superseded.superseded_by.as_ref().and_then(|l| l.number), Some(2));
        let newest = get_decision(&store, newer).unwrap().unwrap();
        assert_eq!(newest.supersedes.as_ref().and_then(|l| l.number), Some(1));
        assert_eq!(get_session(&store, old).unwrap().session.status, crate::sessions::SessionStatus::Superseded);
        // Not twice, not by itself, not by a proposal.
        let again = supersede_record(&mut store, old, newer).unwrap_err();
        assert!(again.to_string().contains("only an accepted or deprecated record"), "{again}");
        assert!(supersede_record(&mut store, newer, newer).is_err());
        let (draft, detail) = decided_workshop(&mut store, "Draft");
        choose_option(&mut store, draft, detail.options[0].id).unwrap();
        let third = accepted(&mut store, "Third");
        let proposal = supersede_record(&mut store, third, draft).unwrap_err();
        assert_eq!(proposal.report().code, crate::ErrorCode::StatusChange);
        assert!(proposal.to_string().contains("accept it first"), "{proposal}");
        assert_eq!(get_decision(&store, third).unwrap().unwrap().status, DecisionStatus::Accepted, "nothing changed");
    }
}
