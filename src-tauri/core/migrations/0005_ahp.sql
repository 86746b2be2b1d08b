-- 0005: AHP. A session chooses how driver weights are set: direct importance (1–5) or
-- pairwise comparison (AHP); each stakeholder's comparisons are stored once per pair of
-- drivers, `value` being how much more driver_a matters than driver_b on Saaty's scale.

ALTER TABLE sessions ADD COLUMN weighting TEXT NOT NULL DEFAULT 'direct' CHECK (weighting IN ('direct', 'ahp'));

CREATE TABLE comparisons (
    session_id     TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    stakeholder_id TEXT NOT NULL REFERENCES stakeholders (id) ON DELETE CASCADE,
    driver_a       TEXT NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    driver_b       TEXT NOT NULL REFERENCES drivers (id) ON DELETE CASCADE,
    value          REAL NOT NULL CHECK (value >= 0.111 AND value <= 9.0),
    PRIMARY KEY (stakeholder_id, driver_a, driver_b),
    CHECK (driver_a < driver_b)
) STRICT;

CREATE INDEX comparisons_by_session ON comparisons (session_id);

-- The history triggers of `sessions` now carry the new column.
DROP TRIGGER history_sessions_insert;
DROP TRIGGER history_sessions_update;
DROP TRIGGER history_sessions_delete;

CREATE TRIGGER history_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new) VALUES (NEW.id, 'sessions', 'insert', json_object('id', NEW.id, 'title', NEW.title, 'context', NEW.context, 'facilitator', NEW.facilitator, 'held_on', NEW.held_on, 'tags', NEW.tags, 'status', NEW.status, 'archived_at', NEW.archived_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'review_by', NEW.review_by, 'revisit_of', NEW.revisit_of, 'weighting', NEW.weighting));
END;

CREATE TRIGGER history_sessions_update AFTER UPDATE ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.id, 'sessions', 'update', json_object('id', OLD.id, 'title', OLD.title, 'context', OLD.context, 'facilitator', OLD.facilitator, 'held_on', OLD.held_on, 'tags', OLD.tags, 'status', OLD.status, 'archived_at', OLD.archived_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'review_by', OLD.review_by, 'revisit_of', OLD.revisit_of, 'weighting', OLD.weighting), json_object('id', NEW.id, 'title', NEW.title, 'context', NEW.context, 'facilitator', NEW.facilitator, 'held_on', NEW.held_on, 'tags', NEW.tags, 'status', NEW.status, 'archived_at', NEW.archived_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'review_by', NEW.review_by, 'revisit_of', NEW.revisit_of, 'weighting', NEW.weighting));
END;

CREATE TRIGGER history_sessions_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old) VALUES (OLD.id, 'sessions', 'delete', json_object('id', OLD.id, 'title', OLD.title, 'context', OLD.context, 'facilitator', OLD.facilitator, 'held_on', OLD.held_on, 'tags', OLD.tags, 'status', OLD.status, 'archived_at', OLD.archived_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'review_by', OLD.review_by, 'revisit_of', OLD.revisit_of, 'weighting', OLD.weighting));
END;

CREATE TRIGGER history_comparisons_insert AFTER INSERT ON comparisons BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new) VALUES (NEW.session_id, 'comparisons', 'insert', json_object('session_id', NEW.session_id, 'stakeholder_id', NEW.stakeholder_id, 'driver_a', NEW.driver_a, 'driver_b', NEW.driver_b, 'value', NEW.value));
END;

CREATE TRIGGER history_comparisons_update AFTER UPDATE ON comparisons BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'comparisons', 'update', json_object('session_id', OLD.session_id, 'stakeholder_id', OLD.stakeholder_id, 'driver_a', OLD.driver_a, 'driver_b', OLD.driver_b, 'value', OLD.value), json_object('session_id', NEW.session_id, 'stakeholder_id', NEW.stakeholder_id, 'driver_a', NEW.driver_a, 'driver_b', NEW.driver_b, 'value', NEW.value));
END;

CREATE TRIGGER history_comparisons_delete AFTER DELETE ON comparisons BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old) VALUES (OLD.session_id, 'comparisons', 'delete', json_object('session_id', OLD.session_id, 'stakeholder_id', OLD.stakeholder_id, 'driver_a', OLD.driver_a, 'driver_b', OLD.driver_b, 'value', OLD.value));
END;
