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
    /// Leave archived sessions out, unless `statuses` asks for them or it is `keep`.
    #[serde(default)]
    pub hide_archived: bool,
    /// A session listed even when archived ones are left out (the one open in the window).
    #[ts(optional)]
    pub keep: Option<uuid::Uuid>,
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

/// One stretch of the session list: the sidebar asks for the rows around the ones in view,
/// never for the whole list (10,000 sessions would be megabytes through IPC).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SearchPage {
    /// How many sessions match in all.
    pub total: u32,
    /// The place of `hits[0]` in the whole list.
    pub first: u32,
    pub hits: Vec<SearchHit>,
}

/// Every session that matches, in order (the command line's search).
pub fn search_sessions(store: &Store, query: &SearchQuery) -> Result<Vec<SearchHit>> {
    Ok(search_page(store, query, 0, u32::MAX)?.hits)
}

/// The matches from place `first` on, at most `count` of them, and how many match in all.
pub fn search_page(store: &Store, query: &SearchQuery, first: u32, count: u32) -> Result<SearchPage> {
    let conn = store.read();
    let tag = query.tag.as_deref().map(str::to_lowercase).filter(|t| !t.is_empty());
    let hide_archived = query.hide_archived && !query.statuses.contains(&SessionStatus::Archived);
    let keep = query.keep.map(|id| id.to_string());
    let listed = |status: SessionStatus, id: &str| {
        (query.statuses.is_empty() || query.statuses.contains(&status))
            && (!hide_archived || status != SessionStatus::Archived || keep.as_deref() == Some(id))
    };
    let in_range = |day: &str| {
        let iso = |date: NaiveDate| date.format("%Y-%m-%d").to_string();
        query.from.is_none_or(|from| day >= iso(from).as_str()) && query.to.is_none_or(|to| day <= iso(to).as_str())
    };
    let tagged = |tags: &[String]| tag.as_ref().is_none_or(|t| tags.iter().any(|x| x.to_lowercase() == *t));
    let Some(fts) = fts_query(&query.text) else {
        // Without search text: SQL filters, counts and orders; the page's rows are read
        // alone. A tag or the title order needs Rust's case folding: then every listed
        // session's title and tags are read, and the page is cut here.
        let listing = store::sessions::Listing {
            statuses: &query.statuses,
            hide_archived: hide_archived.then_some(query.keep),
            from: query.from,
            to: query.to,
            accepted_only: query.accepted_only,
            oldest_first: query.sort == SearchSort::Oldest,
        };
        let (total, page) = if tag.is_none() && query.sort != SearchSort::Title {
            let page = listing.page(conn, first, count)?;
            (listing.count(conn)?, page.iter().map(|s| (s.rowid, s.accepted)).collect::<Vec<_>>())
        } else {
            let mut all = listing.all(conn)?;
            all.retain(|s| tagged(&store::from_json_list(&s.tags).unwrap_or_default()));
            if query.sort == SearchSort::Title {
                all.sort_by_cached_key(|s| s.title.to_lowercase());
            }
            (all.len() as u32, page_of(&all, first, count).iter().map(|s| (s.rowid, s.accepted)).collect())
        };
        let mut rows: HashMap<i64, SessionSummary> =
            store::sessions::list_by_rowids(conn, &page.iter().map(|(rowid, _)| *rowid).collect::<Vec<_>>())?
                .into_iter()
                .collect();
        let hits = page
            .iter()
            .filter_map(|(rowid, accepted)| {
                let session = rows.remove(rowid)?;
                Some(SearchHit {
                    title: runs(&session.title),
                    snippet: Vec::new(),
                    has_accepted_decision: *accepted,
                    session,
                })
            })
            .collect();
        return Ok(SearchPage { total, first, hits });
    };
    let accepted = store::sessions::with_accepted_decision(conn)?;
    let matches = store::search::matches(conn, &fts, MAX_HITS)?;
    let ids: Vec<uuid::Uuid> = matches.iter().map(|m| m.session_id).collect();
    let marks: HashMap<uuid::Uuid, Marks> =
        matches.into_iter().map(|m| (m.session_id, (m.title, m.snippet, m.rank))).collect();
    let mut hits: Vec<(f64, SearchHit)> = store::sessions::list_by_ids(conn, &ids)?
        .into_iter()
        .filter(|s| listed(s.status, &s.id.to_string()) && tagged(&s.tags))
        .filter(|s| in_range(&s.held_on.unwrap_or_else(|| s.updated_at.date_naive()).format("%Y-%m-%d").to_string()))
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
    match query.sort {
        SearchSort::Relevance => hits.sort_by(|a, b| a.0.total_cmp(&b.0)),
        SearchSort::Newest => hits.sort_by_key(|h| std::cmp::Reverse(h.1.session.updated_at)),
        SearchSort::Oldest => hits.sort_by_key(|h| h.1.session.updated_at),
        SearchSort::Title => hits.sort_by_cached_key(|h| h.1.session.title.to_lowercase()),
    }
    let total = hits.len() as u32;
    let hits = page_of(&hits, first, count).iter().map(|(_, hit)| hit.clone()).collect();
    Ok(SearchPage { total, first, hits })
}

/// `count` items from place `first` on (fewer at the end, none past it).
fn page_of<T>(items: &[T], first: u32, count: u32) -> &[T] {
    let start = (first as usize).min(items.len());
    &items[start..start.saturating_add(count as usize).min(items.len())]
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

    /// The list comes in pages: each page is its stretch of the whole list, with the total,
    /// for every sort, with and without search text; archived sessions can be left out but
    /// the open one stays; tags match whatever their case, beyond ASCII too.
    #[test]
    fn the_list_comes_in_pages() {
        let mut store = Store::open_in_memory().unwrap();
        let mut ids = Vec::new();
        for (i, title) in ["delta", "Alpha", "charlie", "Écho", "bravo", "Foxtrot", "golf"].iter().enumerate() {
            let tag = if i % 2 == 0 { "Équipe" } else { "other" };
            ids.push(session(&mut store, title, "service split", &[tag]));
        }
        crate::sessions::archive_session(&mut store, ids[1], true).unwrap();
        crate::sessions::archive_session(&mut store, ids[2], true).unwrap();
        for sort in [SearchSort::Relevance, SearchSort::Newest, SearchSort::Oldest, SearchSort::Title] {
            for words in ["", "service"] {
                let query = SearchQuery { sort, ..text(words) };
                let whole = search_page(&store, &query, 0, u32::MAX).unwrap();
                assert_eq!((whole.total, whole.hits.len()), (7, 7));
                let mut paged = Vec::new();
                for first in (0..9).step_by(3) {
                    let page = search_page(&store, &query, first, 3).unwrap();
                    assert_eq!((page.total, page.first), (7, first));
                    paged.extend(page.hits);
                }
                assert_eq!(paged, whole.hits, "{sort:?} {words:?}");
            }
        }
        let by_title = SearchQuery { sort: SearchSort::Title, ..SearchQuery::default() };
        let all = titles(&search_sessions(&store, &by_title).unwrap());
        assert_eq!(all, ["Alpha", "bravo", "charlie", "delta", "Foxtrot", "golf", "Écho"]);
        let newest = titles(&search_sessions(&store, &SearchQuery::default()).unwrap());
        assert_eq!(newest[..2], ["charlie", "Alpha"], "archiving is a change");
        let oldest = titles(
            &search_sessions(&store, &SearchQuery { sort: SearchSort::Oldest, ..SearchQuery::default() }).unwrap(),
        );
        assert_eq!(oldest[..2], ["delta", "Écho"]);

        let hiding = SearchQuery { hide_archived: true, keep: Some(ids[2]), ..SearchQuery::default() };
        let page = search_page(&store, &hiding, 0, 3).unwrap();
        assert_eq!(page.total, 6, "Alpha is archived and left out; charlie is archived but open");
        assert_eq!(titles(&page.hits), ["charlie", "golf", "Foxtrot"]);
        let asked = SearchQuery { statuses: vec![SessionStatus::Archived], ..hiding.clone() };
        assert_eq!(titles(&search_sessions(&store, &asked).unwrap()), ["charlie", "Alpha"]);
        let found = SearchQuery { hide_archived: true, ..text("service") };
        assert_eq!(search_page(&store, &found, 0, 1).unwrap().total, 5);

        for words in ["", "service"] {
            let tagged = SearchQuery { tag: Some("éQUIPE".into()), hide_archived: true, ..text(words) };
            assert_eq!(titles(&search_sessions(&store, &tagged).unwrap()), ["golf", "bravo", "delta"], "{words:?}");
        }
        let past = search_page(&store, &SearchQuery::default(), 20, 5).unwrap();
        assert_eq!((past.total, past.first, past.hits.len()), (7, 20, 0));
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

    /// A value edit does not rewrite the search document: the rationale stays findable
    /// through it, and goes when the cell is cleared.
    #[test]
    fn a_rationale_stays_searchable_through_value_edits_and_goes_with_its_cell() {
        use crate::scoring::{ScoreCell, ScoreEdit, write_score};
        let mut store = Store::open_in_memory().unwrap();
        let (id, detail) = crate::decisions::tests::decided_workshop(&mut store, "Checkout");
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: detail.options[0].id,
        };
        write_score(&mut store, id, cell, ScoreEdit::Value(Some(4))).unwrap();
        write_score(&mut store, id, cell, ScoreEdit::Rationale("quokka".into())).unwrap();
        let found = |store: &Store| search_sessions(store, &text("quokka")).unwrap().len();
        assert_eq!(found(&store), 1);
        write_score(&mut store, id, cell, ScoreEdit::Value(Some(2))).unwrap();
        write_score(&mut store, id, cell, ScoreEdit::Confirm).unwrap();
        assert_eq!(found(&store), 1, "a value edit keeps the rationale");
        write_score(&mut store, id, cell, ScoreEdit::Value(None)).unwrap();
        assert_eq!(found(&store), 0, "a cleared cell takes its rationale along");
        // The same inside a batch (the room's group commit).
        write_score(&mut store, id, cell, ScoreEdit::Value(Some(4))).unwrap();
        store
            .batch(|store| {
                write_score(store, id, cell, ScoreEdit::Rationale("wombat".into())).unwrap();
                write_score(store, id, cell, ScoreEdit::Value(Some(1))).unwrap();
            })
            .unwrap();
        assert_eq!(search_sessions(&store, &text("wombat")).unwrap().len(), 1);
        store.batch(|store| write_score(store, id, cell, ScoreEdit::Value(None)).unwrap()).unwrap();
        assert!(search_sessions(&store, &text("wombat")).unwrap().is_empty());
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
