-- RACI's four parts: a stakeholder is responsible, accountable, consulted or informed.
-- Before, "decision_maker" stood for both responsible and accountable; it becomes
-- "accountable" (the one who answers for the decision). SQLite cannot change a CHECK in place,
-- so the table is rebuilt as its documentation describes: Store::open runs the migrations
-- with foreign keys off (the children's rows stay untouched when the old table is dropped)
-- and this migration's hook runs `PRAGMA foreign_key_check` before the commit.
-- History rows captured before this version keep saying decision_maker; replaying them
-- (undo, redo) reads it as accountable (store/history.rs).
CREATE TABLE stakeholders_v10 (
    id         TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    name       TEXT NOT NULL COLLATE NOCASE,
    role       TEXT NOT NULL DEFAULT '',
    raci       TEXT NOT NULL CHECK (raci IN ('responsible', 'accountable', 'consulted', 'informed')),
    influence  REAL NOT NULL DEFAULT 1.0 CHECK (influence > 0),
    position   INTEGER NOT NULL,
    UNIQUE (session_id, name)
) STRICT;

INSERT INTO stakeholders_v10 (id, session_id, name, role, raci, influence, position)
SELECT id, session_id, name, role, CASE raci WHEN 'decision_maker' THEN 'accountable' ELSE raci END, influence, position
FROM stakeholders;

DROP TABLE stakeholders;
ALTER TABLE stakeholders_v10 RENAME TO stakeholders;
CREATE INDEX stakeholders_by_session ON stakeholders (session_id, position);

-- The history triggers went with the old table (as written by 0004).
CREATE TRIGGER history_stakeholders_insert AFTER INSERT ON stakeholders BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'stakeholders', 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'name', NEW.name, 'role', NEW.role, 'raci', NEW.raci, 'influence', NEW.influence, 'position', NEW.position));
END;

CREATE TRIGGER history_stakeholders_update AFTER UPDATE ON stakeholders BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'stakeholders', 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'name', OLD.name, 'role', OLD.role, 'raci', OLD.raci, 'influence', OLD.influence, 'position', OLD.position), json_object('id', NEW.id, 'session_id', NEW.session_id, 'name', NEW.name, 'role', NEW.role, 'raci', NEW.raci, 'influence', NEW.influence, 'position', NEW.position));
END;

CREATE TRIGGER history_stakeholders_delete AFTER DELETE ON stakeholders BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'stakeholders', 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'name', OLD.name, 'role', OLD.role, 'raci', OLD.raci, 'influence', OLD.influence, 'position', OLD.position));
END;
