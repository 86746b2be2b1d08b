-- 0001: workshop sessions with their stakeholders, decision drivers and candidate options.
-- Ids are uuid v7 as text; times are UTC RFC 3339 text; lists are JSON arrays of strings.

CREATE TABLE sessions (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,
    context     TEXT NOT NULL DEFAULT '',
    facilitator TEXT NOT NULL DEFAULT '',
    held_on     TEXT,
    tags        TEXT NOT NULL DEFAULT '[]',
    status      TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft', 'scoring', 'decided', 'superseded')),
    archived_at TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    review_by   TEXT,
    revisit_of  TEXT REFERENCES sessions (id) ON DELETE SET NULL
) STRICT;

CREATE INDEX sessions_by_update ON sessions (updated_at DESC);

CREATE TABLE stakeholders (
    id         TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    name       TEXT NOT NULL COLLATE NOCASE,
    role       TEXT NOT NULL DEFAULT '',
    raci       TEXT NOT NULL CHECK (raci IN ('decision_maker', 'consulted', 'informed')),
    influence  REAL NOT NULL DEFAULT 1.0 CHECK (influence > 0),
    position   INTEGER NOT NULL,
    UNIQUE (session_id, name)
) STRICT;

CREATE INDEX stakeholders_by_session ON stakeholders (session_id, position);

CREATE TABLE drivers (
    id           TEXT PRIMARY KEY NOT NULL,
    session_id   TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    template_key TEXT,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    category     TEXT NOT NULL CHECK (category IN ('principle', 'challenge', 'custom')),
    must_have    INTEGER NOT NULL DEFAULT 0 CHECK (must_have IN (0, 1)),
    position     INTEGER NOT NULL
) STRICT;

CREATE INDEX drivers_by_session ON drivers (session_id, position);

CREATE TABLE options (
    id          TEXT PRIMARY KEY NOT NULL,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    catalog_key TEXT,
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL DEFAULT '',
    pros        TEXT NOT NULL DEFAULT '[]',
    cons        TEXT NOT NULL DEFAULT '[]',
    use_cases   TEXT NOT NULL DEFAULT '[]',
    position    INTEGER NOT NULL
) STRICT;

CREATE INDEX options_by_session ON options (session_id, position);
