-- 0004: history and search.
--
-- History: every user change is one event per session, hash-chained (each event's hash
-- covers the previous hash), holding the exact rows it inserted, updated or deleted, so any
-- change can be undone and redone. The rows are captured by the triggers below into
-- `pending_changes` while a transaction runs; the store turns them into events before it
-- commits and empties `pending_changes` again.
--
-- Search: `search_index` (FTS5) holds one document per session, rewritten by the store
-- whenever a transaction changes the session.

CREATE TABLE events (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id     TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    at             TEXT NOT NULL,
    kind           TEXT NOT NULL,
    summary        TEXT NOT NULL,
    stakeholder_id TEXT,
    changes        TEXT NOT NULL,
    undoable       INTEGER NOT NULL CHECK (undoable IN (0, 1)),
    undo_of        INTEGER,
    redo_of        INTEGER,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL
) STRICT;

CREATE INDEX events_by_session ON events (session_id, seq);

CREATE TABLE pending_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT,
    tbl        TEXT NOT NULL,
    op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    old        TEXT,
    new        TEXT
) STRICT;

CREATE VIRTUAL TABLE search_index USING fts5 (
    session_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER history_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.id, 'sessions', 'insert', json_object('id', NEW.id, 'title', NEW.title, 'context', NEW.context, 'facilitator', NEW.facilitator, 'held_on', NEW.held_on, 'tags', NEW.tags, 'status', NEW.status, 'archived_at', NEW.archived_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'review_by', NEW.review_by, 'revisit_of', NEW.revisit_of));
END;

CREATE TRIGGER history_sessions_update AFTER UPDATE ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.id, 'sessions', 'update', json_object('id', OLD.id, 'title', OLD.title, 'context', OLD.context, 'facilitator', OLD.facilitator, 'held_on', OLD.held_on, 'tags', OLD.tags, 'status', OLD.status, 'archived_at', OLD.archived_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'review_by', OLD.review_by, 'revisit_of', OLD.revisit_of), json_object('id', NEW.id, 'title', NEW.title, 'context', NEW.context, 'facilitator', NEW.facilitator, 'held_on', NEW.held_on, 'tags', NEW.tags, 'status', NEW.status, 'archived_at', NEW.archived_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'review_by', NEW.review_by, 'revisit_of', NEW.revisit_of));
END;

CREATE TRIGGER history_sessions_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.id, 'sessions', 'delete', json_object('id', OLD.id, 'title', OLD.title, 'context', OLD.context, 'facilitator', OLD.facilitator, 'held_on', OLD.held_on, 'tags', OLD.tags, 'status', OLD.status, 'archived_at', OLD.archived_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'review_by', OLD.review_by, 'revisit_of', OLD.revisit_of));
END;

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

CREATE TRIGGER history_drivers_insert AFTER INSERT ON drivers BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'drivers', 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'template_key', NEW.template_key, 'title', NEW.title, 'description', NEW.description, 'category', NEW.category, 'must_have', NEW.must_have, 'position', NEW.position));
END;

CREATE TRIGGER history_drivers_update AFTER UPDATE ON drivers BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'drivers', 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'template_key', OLD.template_key, 'title', OLD.title, 'description', OLD.description, 'category', OLD.category, 'must_have', OLD.must_have, 'position', OLD.position), json_object('id', NEW.id, 'session_id', NEW.session_id, 'template_key', NEW.template_key, 'title', NEW.title, 'description', NEW.description, 'category', NEW.category, 'must_have', NEW.must_have, 'position', NEW.position));
END;

CREATE TRIGGER history_drivers_delete AFTER DELETE ON drivers BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'drivers', 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'template_key', OLD.template_key, 'title', OLD.title, 'description', OLD.description, 'category', OLD.category, 'must_have', OLD.must_have, 'position', OLD.position));
END;

CREATE TRIGGER history_options_insert AFTER INSERT ON options BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'options', 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'catalog_key', NEW.catalog_key, 'name', NEW.name, 'definition', NEW.definition, 'pros', NEW.pros, 'cons', NEW.cons, 'use_cases', NEW.use_cases, 'position', NEW.position));
END;

CREATE TRIGGER history_options_update AFTER UPDATE ON options BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'options', 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'catalog_key', OLD.catalog_key, 'name', OLD.name, 'definition', OLD.definition, 'pros', OLD.pros, 'cons', OLD.cons, 'use_cases', OLD.use_cases, 'position', OLD.position), json_object('id', NEW.id, 'session_id', NEW.session_id, 'catalog_key', NEW.catalog_key, 'name', NEW.name, 'definition', NEW.definition, 'pros', NEW.pros, 'cons', NEW.cons, 'use_cases', NEW.use_cases, 'position', NEW.position));
END;

CREATE TRIGGER history_options_delete AFTER DELETE ON options BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'options', 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'catalog_key', OLD.catalog_key, 'name', OLD.name, 'definition', OLD.definition, 'pros', OLD.pros, 'cons', OLD.cons, 'use_cases', OLD.use_cases, 'position', OLD.position));
END;

CREATE TRIGGER history_importances_insert AFTER INSERT ON importances BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'importances', 'insert', json_object('session_id', NEW.session_id, 'stakeholder_id', NEW.stakeholder_id, 'driver_id', NEW.driver_id, 'value', NEW.value));
END;

CREATE TRIGGER history_importances_update AFTER UPDATE ON importances BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'importances', 'update', json_object('session_id', OLD.session_id, 'stakeholder_id', OLD.stakeholder_id, 'driver_id', OLD.driver_id, 'value', OLD.value), json_object('session_id', NEW.session_id, 'stakeholder_id', NEW.stakeholder_id, 'driver_id', NEW.driver_id, 'value', NEW.value));
END;

CREATE TRIGGER history_importances_delete AFTER DELETE ON importances BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'importances', 'delete', json_object('session_id', OLD.session_id, 'stakeholder_id', OLD.stakeholder_id, 'driver_id', OLD.driver_id, 'value', OLD.value));
END;

CREATE TRIGGER history_scores_insert AFTER INSERT ON scores BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'scores', 'insert', json_object('session_id', NEW.session_id, 'stakeholder_id', NEW.stakeholder_id, 'driver_id', NEW.driver_id, 'option_id', NEW.option_id, 'value', NEW.value, 'rationale', NEW.rationale, 'suggested', NEW.suggested, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER history_scores_update AFTER UPDATE ON scores BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'scores', 'update', json_object('session_id', OLD.session_id, 'stakeholder_id', OLD.stakeholder_id, 'driver_id', OLD.driver_id, 'option_id', OLD.option_id, 'value', OLD.value, 'rationale', OLD.rationale, 'suggested', OLD.suggested, 'updated_at', OLD.updated_at), json_object('session_id', NEW.session_id, 'stakeholder_id', NEW.stakeholder_id, 'driver_id', NEW.driver_id, 'option_id', NEW.option_id, 'value', NEW.value, 'rationale', NEW.rationale, 'suggested', NEW.suggested, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER history_scores_delete AFTER DELETE ON scores BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'scores', 'delete', json_object('session_id', OLD.session_id, 'stakeholder_id', OLD.stakeholder_id, 'driver_id', OLD.driver_id, 'option_id', OLD.option_id, 'value', OLD.value, 'rationale', OLD.rationale, 'suggested', OLD.suggested, 'updated_at', OLD.updated_at));
END;

CREATE TRIGGER history_rounds_insert AFTER INSERT ON rounds BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'rounds', 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'blind', NEW.blind, 'started_at', NEW.started_at, 'revealed_at', NEW.revealed_at));
END;

CREATE TRIGGER history_rounds_update AFTER UPDATE ON rounds BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'rounds', 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'blind', OLD.blind, 'started_at', OLD.started_at, 'revealed_at', OLD.revealed_at), json_object('id', NEW.id, 'session_id', NEW.session_id, 'blind', NEW.blind, 'started_at', NEW.started_at, 'revealed_at', NEW.revealed_at));
END;

CREATE TRIGGER history_rounds_delete AFTER DELETE ON rounds BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'rounds', 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'blind', OLD.blind, 'started_at', OLD.started_at, 'revealed_at', OLD.revealed_at));
END;

CREATE TRIGGER history_round_seals_insert AFTER INSERT ON round_seals BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES ((SELECT session_id FROM rounds WHERE id = NEW.round_id), 'round_seals', 'insert', json_object('round_id', NEW.round_id, 'stakeholder_id', NEW.stakeholder_id, 'sealed_at', NEW.sealed_at));
END;

CREATE TRIGGER history_round_seals_update AFTER UPDATE ON round_seals BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES ((SELECT session_id FROM rounds WHERE id = NEW.round_id), 'round_seals', 'update', json_object('round_id', OLD.round_id, 'stakeholder_id', OLD.stakeholder_id, 'sealed_at', OLD.sealed_at), json_object('round_id', NEW.round_id, 'stakeholder_id', NEW.stakeholder_id, 'sealed_at', NEW.sealed_at));
END;

CREATE TRIGGER history_round_seals_delete AFTER DELETE ON round_seals BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES ((SELECT session_id FROM rounds WHERE id = OLD.round_id), 'round_seals', 'delete', json_object('round_id', OLD.round_id, 'stakeholder_id', OLD.stakeholder_id, 'sealed_at', OLD.sealed_at));
END;

CREATE TRIGGER history_decisions_insert AFTER INSERT ON decisions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'decisions', 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'number', NEW.number, 'option_id', NEW.option_id, 'chosen_option', NEW.chosen_option, 'title', NEW.title, 'status', NEW.status, 'rationale', NEW.rationale, 'good', NEW.good, 'bad', NEW.bad, 'confirmation', NEW.confirmation, 'decision_makers', NEW.decision_makers, 'consulted', NEW.consulted, 'informed', NEW.informed, 'decided_on', NEW.decided_on, 'review_by', NEW.review_by, 'supersedes', NEW.supersedes, 'superseded_by', NEW.superseded_by, 'snapshot', NEW.snapshot, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER history_decisions_update AFTER UPDATE ON decisions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'decisions', 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'number', OLD.number, 'option_id', OLD.option_id, 'chosen_option', OLD.chosen_option, 'title', OLD.title, 'status', OLD.status, 'rationale', OLD.rationale, 'good', OLD.good, 'bad', OLD.bad, 'confirmation', OLD.confirmation, 'decision_makers', OLD.decision_makers, 'consulted', OLD.consulted, 'informed', OLD.informed, 'decided_on', OLD.decided_on, 'review_by', OLD.review_by, 'supersedes', OLD.supersedes, 'superseded_by', OLD.superseded_by, 'snapshot', OLD.snapshot, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at), json_object('id', NEW.id, 'session_id', NEW.session_id, 'number', NEW.number, 'option_id', NEW.option_id, 'chosen_option', NEW.chosen_option, 'title', NEW.title, 'status', NEW.status, 'rationale', NEW.rationale, 'good', NEW.good, 'bad', NEW.bad, 'confirmation', NEW.confirmation, 'decision_makers', NEW.decision_makers, 'consulted', NEW.consulted, 'informed', NEW.informed, 'decided_on', NEW.decided_on, 'review_by', NEW.review_by, 'supersedes', NEW.supersedes, 'superseded_by', NEW.superseded_by, 'snapshot', NEW.snapshot, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at));
END;

CREATE TRIGGER history_decisions_delete AFTER DELETE ON decisions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'decisions', 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'number', OLD.number, 'option_id', OLD.option_id, 'chosen_option', OLD.chosen_option, 'title', OLD.title, 'status', OLD.status, 'rationale', OLD.rationale, 'good', OLD.good, 'bad', OLD.bad, 'confirmation', OLD.confirmation, 'decision_makers', OLD.decision_makers, 'consulted', OLD.consulted, 'informed', OLD.informed, 'decided_on', OLD.decided_on, 'review_by', OLD.review_by, 'supersedes', OLD.supersedes, 'superseded_by', OLD.superseded_by, 'snapshot', OLD.snapshot, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at));
END;

-- Sessions that exist before this version get their search documents on first open.
