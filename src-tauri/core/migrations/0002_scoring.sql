-- 0002: the workshop's evidence — each stakeholder's importance of each driver (1–5), each
-- stakeholder's score of each option against each driver (0–5, with a one-line rationale),
-- and blind rounds, in which scores stay sealed until the facilitator reveals them.

CREATE TABLE importances (
    session_id     TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    driver_id      TEXT NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    value          INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    PRIMARY KEY (stakeholder_id, driver_id)
) STRICT;

CREATE INDEX importances_by_session ON importances (session_id);

CREATE TABLE scores (
    session_id     TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    driver_id      TEXT NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    option_id      TEXT NOT NULL REFERENCES options (id) ON DELETE CASCADE,
    value          INTEGER NOT NULL CHECK (value BETWEEN 0 AND 5),
    rationale      TEXT NOT NULL DEFAULT '',
    -- 1 while the value is a catalog suggestion nobody has confirmed or changed yet.
    suggested      INTEGER NOT NULL DEFAULT 0 CHECK (suggested IN (0, 1)),
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (stakeholder_id, driver_id, option_id)
) STRICT;

CREATE INDEX scores_by_session ON scores (session_id);

CREATE TABLE rounds (
    id          TEXT PRIMARY KEY NOT NULL,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    blind       INTEGER NOT NULL CHECK (blind IN (0, 1)),
    started_at  TEXT NOT NULL,
    revealed_at TEXT
) STRICT;

CREATE INDEX rounds_by_session ON rounds (session_id, started_at);

-- A stakeholder who has finished entering scores in a blind round: their cells are hidden
-- from everyone until the round is revealed.
CREATE TABLE round_seals (
    round_id       TEXT NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    sealed_at      TEXT NOT NULL,
    PRIMARY KEY (round_id, stakeholder_id)
) STRICT;
