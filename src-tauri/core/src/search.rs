//! Finding sessions: full-text search over everything a session holds (SQLite FTS5, kept in
//! step by the store on every change) with the matches marked, filters for status, tag, date
//! range and "has an accepted decision", and sorting.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::sessions::{SessionStatus, SessionSummary};
use crate::{Result, Store, store};

/// The most matches one search returns.
pub const MAX_HITS: u32 = 500;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SearchSort {
    /// Best match first (most recently changed first without search text).
    #[default]
    Relevance,
    Newest,
    Oldest,
    Title,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, TS)]
#[ts(export)]
pub struct SearchQuery {
    #[serde(default)]
    pub text: String,
    /// Only these statuses (all when empty).
    #[serde(default)]
    pub statuses: Vec<SessionStatus>,
    #[ts(optional)]
    pub tag: Option<String>,
    /// Workshop date (or creation date) on or after.
    #[ts(optional)]
    pub from: Option<NaiveDate>,
    /// Workshop date (or creation date) on or before.
    #[ts(optional)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub accepted_only: bool,
    #[serde(default)]
    pub sort: SearchSort,
}

/// A piece of highlighted text: `hit` runs matched the search.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TextRun {
    pub text: String,
    pub hit: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub session: SessionSummary,
    /// The title with its matches marked.
    pub title: Vec<TextRun>,
    /// A piece of the session's text around the matches (empty without search text).
    pub snippet: Vec<TextRun>,
    pub has_accepted_decision: bool,
}

pub fn search_sessions(store: &Store, query: &SearchQuery) -> Result<Vec<SearchHit>> {
    let conn = store.read();
    let accepted = store::sessions::with_accepted_decision(conn)?;
    let fts = fts_query(&query.text);
    let (summaries, marks): (Vec<SessionSummary>, HashMap<uuid::Uuid, Marks>) = match &fts {
        Some(fts) => {
            let matches = store::search::matches(conn, fts, MAX_HITS)?;
            let ids: Vec<uuid::Uuid> = matches.iter().map(|m| m.session_id).collect();
            let marks = matches.into_iter().map(|m| (m.session_id, (m.title, m.snippet, m.rank))).collect();
            (store::sessions::list_by_ids(conn, &ids)?, marks)
        }
        None => (store::sessions::list(conn)?, HashMap::new()),
    };
    let tag = query.tag.as_deref().map(str::to_lowercase).filter(|t| !t.is_empty());
    let mut hits: Vec<(f64, SearchHit)> = summaries
        .into_iter()
        .filter(|s| query.statuses.is_empty() || query.statuses.contains(&s.status))
        .filter(|s| tag.as_ref().is_none_or(|t| s.tags.iter().any(|x| x.to_lowercase() == *t)))
        .filter(|s| {
            let day = s.held_on.unwrap_or_else(|| s.updated_at.date_naive());
            query.from.is_none_or(|from| day >= from) && query.to.is_none_or(|to| day <= to)
        })
        .filter(|s| !query.accepted_only || accepted.contains(&s.id))
        .map(|session| {
            let (title, snippet, rank) =
                marks.get(&session.id).cloned().unwrap_or_else(|| (session.title.clone(), String::new(), 0.0));
            let hit = SearchHit {
                has_accepted_decision: accepted.contains(&session.id),
                title: runs(&title),
                snippet: lead_to_match(runs(&snippet)),
                session,
            };
            (rank, hit)
        })
        .collect();
    match (query.sort, fts.is_some()) {
        (SearchSort::Relevance, true) => hits.sort_by(|a, b| a.0.total_cmp(&b.0)),
        (SearchSort::Relevance | SearchSort::Newest, _) => {
            hits.sort_by_key(|h| std::cmp::Reverse(h.1.session.updated_at))
        }
        (SearchSort::Oldest, _) => hits.sort_by_key(|h| h.1.session.updated_at),
        (SearchSort::Title, _) => hits.sort_by_key(|h| h.1.session.title.to_lowercase()),
    }
    Ok(hits.into_iter().map(|(_, hit)| hit).collect())
}

/// A match's marked title, marked snippet and rank.
type Marks = (String, String, f64);

/// The user's words as an FTS5 query: each word a quoted prefix term, all required. Quoting
/// every word means FTS5 syntax in the input (`AND`, `NEAR`, `"`, `*`, `:`) is just text.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(12)
        // A pasted megabyte is not a word anyone searches for.
        .map(|w| format!("\"{}\"*", w.chars().take(64).collect::<String>()))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Splits text marked with \u{1} … \u{2} (FTS5's highlight marks) into runs.
fn runs(marked: &str) -> Vec<TextRun> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_hit = false;
    for c in marked.chars() {
        if c == '\u{1}' || c == '\u{2}' {
            if !current.is_empty() {
                out.push(TextRun { text: std::mem::take(&mut current), hit: in_hit });
            }
            in_hit = c == '\u{1}';
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(TextRun { text: current, hit: in_hit });
    }
    out
}

/// How much text a snippet keeps before its first match: the sidebar shows one short line,
/// and a match past their end would be cut off unseen.
const LEAD: usize = 24;

/// A snippet that starts shortly before its first match ("…words before match …"), cut at a
/// word where it can be.
fn lead_to_match(mut snippet: Vec<TextRun>) -> Vec<TextRun> {
    let Some(first) = snippet.iter().position(|r| r.hit) else { return snippet };
    let before: usize = snippet[..first].iter().map(|r| r.text.chars().count()).sum();
    if before <= LEAD {
        return snippet;
    }
    let lead: String = snippet[..first].iter().map(|r| r.text.as_str()).collect();
    let tail: Vec<char> = lead.chars().skip(before - LEAD).collect();
    let tail: String = tail.iter().collect();
    // Start at a word: after the first space of the kept stretch, when there is one.
    let start = match tail.find(' ') {
        Some(space) if space + 1 < tail.len() => &tail[space + 1..],
        _ => tail.as_str(),
    };
    let lead = TextRun { text: format!("…{}", start.trim_start_matches('…')), hit: false };
    snippet.splice(..first, [lead]);
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::{NewSession, SessionEdit, create_session, update_session};

    fn session(store: &mut Store, title: &str, context: &str, tags: &[&str]) -> uuid::Uuid {
        let new = NewSession {
            title: title.into(),
            context: Some(context.into()),
            tags: Some(tags.iter().map(|t| t.to_string()).collect()),
            ..NewSession::default()
        };
        create_session(store, new).unwrap().session.id
    }

    /// A match deep in a long context is shown near the snippet's start, where the sidebar's
    /// two lines show it.
    #[test]
    fn a_snippet_starts_shortly_before_its_match() {
        let run = |text: &str, hit: bool| TextRun { text: text.into(), hit };
        let long = vec![
            run("…orders flow through a queue and six developers ship weekly to ", false),
            run("billing", true),
            run(" …", false),
        ];
        let trimmed = lead_to_match(long);
        assert_eq!(trimmed[0].text, "…ship weekly to ");
        assert!(trimmed[1].hit && trimmed[1].text == "billing");
        let short = vec![run("pay ", false), run("billing", true)];
        assert_eq!(lead_to_match(short.clone()), short);
        let mut store = Store::open_in_memory().unwrap();
        let context =
            format!("{} The billing service is the one to split first.", "Orders flow through Kafka. ".repeat(8));
        session(&mut store, "Checkout", &context, &[]);
        let hits = search_sessions(&store, &text("billing")).unwrap();
        let before: usize = hits[0].snippet.iter().take_while(|r| !r.hit).map(|r| r.text.chars().count()).sum();
        assert!(before <= LEAD + 1, "{:?}", hits[0].snippet);
    }

    fn titles(hits: &[SearchHit]) -> Vec<String> {
        hits.iter().map(|h| h.session.title.clone()).collect()
    }

    fn text(query: &str) -> SearchQuery {
        SearchQuery { text: query.into(), ..SearchQuery::default() }
    }

    #[test]
    fn title_matches_rank_above_body_matches_and_are_marked() {
        let mut store = Store::open_in_memory().unwrap();
        session(&mut store, "Billing service", "Invoices are sent monthly.", &[]);
        session(&mut store, "Checkout platform", "Payments go through the billing service.", &[]);
        session(&mut store, "Search", "Nothing about money.", &[]);
        let hits = search_sessions(&store, &text("billing")).unwrap();
        assert_eq!(titles(&hits), ["Billing service", "Checkout platform"]);
        assert_eq!(
            hits[0].title,
            [TextRun { text: "Billing".into(), hit: true }, TextRun { text: " service".into(), hit: false }]
        );
        let snippet: String = hits[1].snippet.iter().filter(|r| r.hit).map(|r| r.text.clone()).collect();
        assert_eq!(snippet, "billing");
    }

    #[test]
    fn everything_a_session_holds_is_searchable_and_kept_in_step() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store, "Checkout", "", &[]);
        assert!(search_sessions(&store, &text("kafka")).unwrap().is_empty());
        let option = crate::options::NewOption {
            name: "Event bus".into(),
            pros: Some(vec!["Kafka keeps every order event".into()]),
            ..Default::default()
        };
        crate::options::add_option(&mut store, id, option).unwrap();
        assert_eq!(titles(&search_sessions(&store, &text("kafka")).unwrap()), ["Checkout"]);
        update_session(&mut store, id, SessionEdit::Title("Orders".into())).unwrap();
        assert_eq!(titles(&search_sessions(&store, &text("kaf")).unwrap()), ["Orders"], "prefixes match");
        assert_eq!(titles(&search_sessions(&store, &text("zurich")).unwrap()).len(), 0);
        update_session(&mut store, id, SessionEdit::Context("Hosted in Zürich".into())).unwrap();
        assert_eq!(titles(&search_sessions(&store, &text("zurich")).unwrap()), ["Orders"], "diacritics fold");
    }

    #[test]
    fn a_deleted_session_leaves_no_search_document() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store, "Gone", "quokka", &[]);
        session(&mut store, "Stays", "wombat", &[]);
        crate::sessions::delete_session(&mut store, id).unwrap();
        assert!(search_sessions(&store, &text("quokka")).unwrap().is_empty());
        let documents: i64 = store.read().query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
        assert_eq!(documents, 1);
    }

    #[test]
    fn query_syntax_in_the_input_is_plain_text() {
        let mut store = Store::open_in_memory().unwrap();
        session(&mut store, "AND OR NOT", "near(\"x\") * : ^", &[]);
        for query in ["AND", "\"unbalanced", "near(", "*", "a:b", "-x", "OR OR"] {
            assert!(search_sessions(&store, &text(query)).is_ok(), "{query}");
        }
        assert_eq!(search_sessions(&store, &text("AND")).unwrap().len(), 1);
    }

    #[test]
    fn filters_combine() {
        let mut store = Store::open_in_memory().unwrap();
        let a = session(&mut store, "Payments A", "", &["payments"]);
        session(&mut store, "Payments B", "", &["search"]);
        update_session(&mut store, a, SessionEdit::HeldOn(NaiveDate::from_ymd_opt(2025, 1, 10))).unwrap();
        let by_tag = SearchQuery { tag: Some("PAYMENTS".into()), ..text("payments") };
        assert_eq!(titles(&search_sessions(&store, &by_tag).unwrap()), ["Payments A"]);
        let by_date = SearchQuery { to: NaiveDate::from_ymd_opt(2025, 12, 31), ..SearchQuery::default() };
        assert_eq!(titles(&search_sessions(&store, &by_date).unwrap()), ["Payments A"]);
        let drafts = SearchQuery { statuses: vec![SessionStatus::Decided], ..SearchQuery::default() };
        assert!(search_sessions(&store, &drafts).unwrap().is_empty());
        let accepted = SearchQuery { accepted_only: true, ..SearchQuery::default() };
        assert!(search_sessions(&store, &accepted).unwrap().is_empty());
        let sorted = SearchQuery { sort: SearchSort::Title, ..SearchQuery::default() };
        assert_eq!(titles(&search_sessions(&store, &sorted).unwrap()), ["Payments A", "Payments B"]);
    }

    #[test]
    fn accepted_records_are_found_and_filtered() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = crate::decisions::tests::decided_workshop(&mut store, "Checkout");
        session(&mut store, "Other", "", &[]);
        let decision = crate::decisions::choose_option(&mut store, id, detail.options[1].id).unwrap();
        crate::decisions::set_decision_status(
            &mut store,
            decision.id,
            crate::decisions::DecisionStatus::Accepted,
            false,
        )
        .unwrap();
        let accepted = SearchQuery { accepted_only: true, ..SearchQuery::default() };
        let hits = search_sessions(&store, &accepted).unwrap();
        assert_eq!(titles(&hits), ["Checkout"]);
        assert!(hits[0].has_accepted_decision);
        assert_eq!(
            titles(&search_sessions(&store, &text("highest weighted")).unwrap()),
            ["Checkout"],
            "the record's rationale is indexed"
        );
    }

    #[test]
    fn the_records_one_sentence_and_what_the_team_builds_are_searchable() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = crate::decisions::tests::decided_workshop(&mut store, "Checkout");
        let decision = crate::decisions::choose_option(&mut store, id, detail.options[1].id).unwrap();
        assert!(search_sessions(&store, &text("quetzal")).unwrap().is_empty());
        let summary = crate::decisions::DecisionEdit::Summary("In the context of quetzal payments …".into());
        crate::decisions::update_decision(&mut store, decision.id, summary).unwrap();
        assert_eq!(titles(&search_sessions(&store, &text("quetzal")).unwrap()), ["Checkout"]);
        update_session(&mut store, id, SessionEdit::UseCaseNotes("A marketplace for axolotl breeders".into())).unwrap();
        assert_eq!(titles(&search_sessions(&store, &text("axolotl")).unwrap()), ["Checkout"]);
    }

    #[test]
    fn sealed_rationales_are_not_searchable_during_a_blind_round() {
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = crate::decisions::tests::decided_workshop(&mut store, "Checkout");
        crate::scoring::start_blind_round(&mut store, id).unwrap();
        let cell = crate::scoring::ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: detail.options[0].id,
        };
        crate::scoring::set_score(&mut store, id, cell, crate::scoring::ScoreEdit::Rationale("zebracorn".into()))
            .unwrap();
        assert!(search_sessions(&store, &text("zebracorn")).unwrap().is_empty());
        crate::scoring::reveal_round(&mut store, id).unwrap();
        assert_eq!(search_sessions(&store, &text("zebracorn")).unwrap().len(), 1);
    }
}
