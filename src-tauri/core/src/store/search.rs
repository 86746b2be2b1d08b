//! SQL for `search_index` (FTS5): one document per session — its framing, people, drivers,
//! options with their pros and cons, score rationales (not while a blind round hides them) and
//! its decision record — and the full-text query with highlighting.

use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::Result;

/// The document (rowid, title, body) of the sessions a WHERE clause picks: the framing (with
/// the team's own words on what it builds), people, drivers, options, visible rationales and
/// the record (with its one sentence).
const DOCUMENT: &str = "
    SELECT (SELECT doc FROM search_docs WHERE session_id = s.id), s.title, concat_ws(char(10),
        s.context,
        s.facilitator,
        s.use_case_notes,
        (SELECT group_concat(value, ' ') FROM json_each(s.tags)),
        (SELECT group_concat(name || ' ' || role, char(10)) FROM stakeholders WHERE session_id = s.id),
        (SELECT group_concat(title || ' ' || description, char(10)) FROM drivers WHERE session_id = s.id),
        (SELECT group_concat(concat_ws(' ', o.name, o.definition,
                    (SELECT group_concat(value, ' ') FROM json_each(o.pros)),
                    (SELECT group_concat(value, ' ') FROM json_each(o.cons)),
                    (SELECT group_concat(value, ' ') FROM json_each(o.use_cases))), char(10))
         FROM options o WHERE o.session_id = s.id),
        (SELECT group_concat(rationale, char(10)) FROM scores
         WHERE session_id = s.id AND rationale != ''
           AND NOT EXISTS (SELECT 1 FROM rounds r WHERE r.session_id = s.id AND r.blind = 1 AND r.revealed_at IS NULL)),
        (SELECT concat_ws(char(10), d.title, d.chosen_option, d.rationale,
                    (SELECT group_concat(value, ' ') FROM json_each(d.good)),
                    (SELECT group_concat(value, ' ') FROM json_each(d.bad)),
                    d.confirmation, d.summary)
         FROM decisions d WHERE d.session_id = s.id))
    FROM sessions s";

/// The document query of schema version 6 (0006 rebuilt every document with it), kept as it
/// was: the columns later versions index did not exist yet.
pub(super) const DOCUMENT_V6: &str = "
    SELECT (SELECT doc FROM search_docs WHERE session_id = s.id), s.title, concat_ws(char(10),
        s.context,
        s.facilitator,
        (SELECT group_concat(value, ' ') FROM json_each(s.tags)),
        (SELECT group_concat(name || ' ' || role, char(10)) FROM stakeholders WHERE session_id = s.id),
        (SELECT group_concat(title || ' ' || description, char(10)) FROM drivers WHERE session_id = s.id),
        (SELECT group_concat(concat_ws(' ', o.name, o.definition,
                    (SELECT group_concat(value, ' ') FROM json_each(o.pros)),
                    (SELECT group_concat(value, ' ') FROM json_each(o.cons)),
                    (SELECT group_concat(value, ' ') FROM json_each(o.use_cases))), char(10))
         FROM options o WHERE o.session_id = s.id),
        (SELECT group_concat(rationale, char(10)) FROM scores
         WHERE session_id = s.id AND rationale != ''
           AND NOT EXISTS (SELECT 1 FROM rounds r WHERE r.session_id = s.id AND r.blind = 1 AND r.revealed_at IS NULL)),
        (SELECT concat_ws(char(10), d.title, d.chosen_option, d.rationale,
                    (SELECT group_concat(value, ' ') FROM json_each(d.good)),
                    (SELECT group_concat(value, ' ') FROM json_each(d.bad)),
                    d.confirmation)
         FROM decisions d WHERE d.session_id = s.id))
    FROM sessions s";

/// Rewrites the search document of one session.
pub(crate) fn reindex(conn: &Connection, session_id: Uuid) -> Result<()> {
    let id = session_id.to_string();
    conn.prepare_cached("INSERT OR IGNORE INTO search_docs (session_id) VALUES (?1)")?.execute([&id])?;
    conn.prepare_cached("DELETE FROM search_index WHERE rowid = (SELECT doc FROM search_docs WHERE session_id = ?1)")?
        .execute([&id])?;
    let sql = format!("INSERT INTO search_index (rowid, title, body) {DOCUMENT} WHERE s.id = ?1");
    conn.prepare_cached(&sql)?.execute([&id])?;
    Ok(())
}

/// Rebuilds every session's document.
pub(crate) fn reindex_all(conn: &Connection) -> rusqlite::Result<()> {
    reindex_all_with(conn, DOCUMENT)
}

/// Rebuilds every session's document with the query `document` (a migration's own version).
pub(super) fn reindex_all_with(conn: &Connection, document: &str) -> rusqlite::Result<()> {
    conn.execute("INSERT OR IGNORE INTO search_docs (session_id) SELECT id FROM sessions", [])?;
    conn.execute("DELETE FROM search_index", [])?;
    conn.execute(&format!("INSERT INTO search_index (rowid, title, body) {document}"), [])?;
    Ok(())
}

/// One full-text match: the session, its highlighted title and a highlighted snippet of the
/// body; highlighted runs sit between \u{1} and \u{2}.
pub(crate) struct TextMatch {
    pub session_id: Uuid,
    pub title: String,
    pub snippet: String,
    pub rank: f64,
}

/// Sessions whose document matches the FTS5 `query`, best first (bm25, the title counting
/// five times the body).
pub(crate) fn matches(conn: &Connection, query: &str, limit: u32) -> Result<Vec<TextMatch>> {
    let mut statement = conn.prepare_cached(
        "SELECT d.session_id, highlight(search_index, 0, char(1), char(2)),
                snippet(search_index, 1, char(1), char(2), '…', 16), bm25(search_index, 5.0, 1.0)
         FROM search_index JOIN search_docs d ON d.doc = search_index.rowid
         WHERE search_index MATCH ?1 ORDER BY bm25(search_index, 5.0, 1.0) LIMIT ?2",
    )?;
    let rows = statement.query_map(params![query, limit], |row| {
        Ok(TextMatch {
            session_id: super::uuid_column(row, 0)?,
            title: row.get(1)?,
            snippet: row.get(2)?,
            rank: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
