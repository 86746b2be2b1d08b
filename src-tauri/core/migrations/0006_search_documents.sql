-- 0006: search documents keyed by a stable integer per session, so rewriting one session's
-- document is a lookup instead of a scan of the whole index (FTS5 cannot index its
-- UNINDEXED session_id column). `search_docs.doc` is an INTEGER PRIMARY KEY, which VACUUM
-- keeps stable, and is the document's rowid in `search_index`; deleting a session deletes
-- its row here and, through the trigger, its document.

DROP TABLE search_index;

CREATE TABLE search_docs (
    doc        INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE
) STRICT;

CREATE VIRTUAL TABLE search_index USING fts5 (
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_docs_delete AFTER DELETE ON search_docs BEGIN
    DELETE FROM search_index WHERE rowid = OLD.doc;
END;
