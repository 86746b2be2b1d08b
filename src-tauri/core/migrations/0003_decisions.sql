-- 0003: decision records (ADRs). One record per session; a number is given when the record
-- is first accepted (or rejected) and never reused, also after deletions; the evidence is
-- frozen into `snapshot` at that moment so later edits of the session never change it.

CREATE TABLE decisions (
    id              TEXT PRIMARY KEY NOT NULL,
    session_id      TEXT NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
    number          INTEGER UNIQUE CHECK (number > 0),
    option_id       TEXT REFERENCES options (id) ON DELETE SET NULL,
    chosen_option   TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'proposed'
                    CHECK (status IN ('proposed', 'accepted', 'rejected', 'deprecated', 'superseded')),
    rationale       TEXT NOT NULL DEFAULT '',
    good            TEXT NOT NULL DEFAULT '[]',
    bad             TEXT NOT NULL DEFAULT '[]',
    confirmation    TEXT NOT NULL DEFAULT '',
    decision_makers TEXT NOT NULL DEFAULT '[]',
    consulted       TEXT NOT NULL DEFAULT '[]',
    informed        TEXT NOT NULL DEFAULT '[]',
    decided_on      TEXT,
    review_by       TEXT,
    supersedes      TEXT REFERENCES decisions (id) ON DELETE SET NULL,
    superseded_by   TEXT REFERENCES decisions (id) ON DELETE SET NULL,
    snapshot        TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- The highest ADR number ever given: numbers are never reused, even after a deletion.
CREATE TABLE adr_numbers (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
) STRICT;

INSERT INTO adr_numbers (id, last) VALUES (1, 0);

-- Small preferences that outlive a session (the last export folder, …).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
