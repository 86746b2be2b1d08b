-- What the system is, from the Frame step's "What are you building?": the ticked entries of
-- the catalog's use-case vocabulary (a JSON list of keys) and the team's own words. Matching
-- them to architectures is done in core (use_cases.rs), never stored.
ALTER TABLE sessions ADD COLUMN use_cases TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sessions ADD COLUMN use_case_notes TEXT NOT NULL DEFAULT '';
-- How easy the choice is to reverse: 'easy' (a two-way door: a quick record will do) or
-- 'hard' (a one-way door: worth a workshop); NULL when nobody said (sessions before this version).
ALTER TABLE sessions ADD COLUMN reversibility TEXT CHECK (reversibility IN ('easy', 'hard'));

-- The history records the new columns too, so undo and redo carry them.
DROP TRIGGER history_sessions_insert;
DROP TRIGGER history_sessions_update;
DROP TRIGGER history_sessions_delete;

CREATE TRIGGER history_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new) VALUES (NEW.id, 'sessions', 'insert', json_object('id', NEW.id, 'title', NEW.title, 'context', NEW.context, 'facilitator', NEW.facilitator, 'held_on', NEW.held_on, 'tags', NEW.tags, 'status', NEW.status, 'archived_at', NEW.archived_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'review_by', NEW.review_by, 'revisit_of', NEW.revisit_of, 'weighting', NEW.weighting, 'use_cases', NEW.use_cases, 'use_case_notes', NEW.use_case_notes, 'reversibility', NEW.reversibility));
END;

CREATE TRIGGER history_sessions_update AFTER UPDATE ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.id, 'sessions', 'update', json_object('id', OLD.id, 'title', OLD.title, 'context', OLD.context, 'facilitator', OLD.facilitator, 'held_on', OLD.held_on, 'tags', OLD.tags, 'status', OLD.status, 'archived_at', OLD.archived_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'review_by', OLD.review_by, 'revisit_of', OLD.revisit_of, 'weighting', OLD.weighting, 'use_cases', OLD.use_cases, 'use_case_notes', OLD.use_case_notes, 'reversibility', OLD.reversibility), json_object('id', NEW.id, 'title', NEW.title, 'context', NEW.context, 'facilitator', NEW.facilitator, 'held_on', NEW.held_on, 'tags', NEW.tags, 'status', NEW.status, 'archived_at', NEW.archived_at, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'review_by', NEW.review_by, 'revisit_of', NEW.revisit_of, 'weighting', NEW.weighting, 'use_cases', NEW.use_cases, 'use_case_notes', NEW.use_case_notes, 'reversibility', NEW.reversibility));
END;

CREATE TRIGGER history_sessions_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old) VALUES (OLD.id, 'sessions', 'delete', json_object('id', OLD.id, 'title', OLD.title, 'context', OLD.context, 'facilitator', OLD.facilitator, 'held_on', OLD.held_on, 'tags', OLD.tags, 'status', OLD.status, 'archived_at', OLD.archived_at, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'review_by', OLD.review_by, 'revisit_of', OLD.revisit_of, 'weighting', OLD.weighting, 'use_cases', OLD.use_cases, 'use_case_notes', OLD.use_case_notes, 'reversibility', OLD.reversibility));
END;

-- The search documents now hold the record's one sentence and what the system is: the
-- migration's hook rebuilds every document with the new query.
