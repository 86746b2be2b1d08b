-- Supersede links an import could not make yet, because the other record was not here: kept
-- until a record with that id or that number arrives (in any later import, Markdown or
-- session file), then made both ways and forgotten. Import order no longer loses a link.
CREATE TABLE pending_links (
    decision_id  TEXT NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    relation     TEXT NOT NULL CHECK (relation IN ('supersedes', 'superseded_by')),
    other_id     TEXT,
    other_number INTEGER,
    CHECK (other_id IS NOT NULL OR other_number IS NOT NULL)
);
CREATE INDEX pending_links_by_decision ON pending_links (decision_id);
