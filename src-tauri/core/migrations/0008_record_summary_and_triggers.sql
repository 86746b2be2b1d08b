-- The team's own revisit triggers for a record, in words ("if traffic passes 5k requests/s"):
-- a JSON list like good and bad. The triggers computed from the frozen evidence (sensitivity,
-- SMAA-2) are not stored: the snapshot they come from never changes.
ALTER TABLE decisions ADD COLUMN triggers TEXT NOT NULL DEFAULT '[]';
-- The record in one sentence (a Y-statement: "In the context of …, facing …, we decided for …
-- and against …, to achieve …, accepting …"), drafted from the workshop, editable while
-- proposed. Records decided before this version have none.
ALTER TABLE decisions ADD COLUMN summary TEXT NOT NULL DEFAULT '';

-- The history records the new columns too, so undo and redo carry the triggers.
DROP TRIGGER history_decisions_insert;
DROP TRIGGER history_decisions_update;
DROP TRIGGER history_decisions_delete;

CREATE TRIGGER history_decisions_insert AFTER INSERT ON decisions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, new)
    VALUES (NEW.session_id, 'decisions', 'insert', json_object('id', NEW.id, 'session_id', NEW.session_id, 'number', NEW.number, 'option_id', NEW.option_id, 'chosen_option', NEW.chosen_option, 'title', NEW.title, 'status', NEW.status, 'rationale', NEW.rationale, 'good', NEW.good, 'bad', NEW.bad, 'confirmation', NEW.confirmation, 'decision_makers', NEW.decision_makers, 'consulted', NEW.consulted, 'informed', NEW.informed, 'decided_on', NEW.decided_on, 'review_by', NEW.review_by, 'supersedes', NEW.supersedes, 'superseded_by', NEW.superseded_by, 'snapshot', NEW.snapshot, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'triggers', NEW.triggers, 'summary', NEW.summary));
END;

CREATE TRIGGER history_decisions_update AFTER UPDATE ON decisions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old, new)
    VALUES (NEW.session_id, 'decisions', 'update', json_object('id', OLD.id, 'session_id', OLD.session_id, 'number', OLD.number, 'option_id', OLD.option_id, 'chosen_option', OLD.chosen_option, 'title', OLD.title, 'status', OLD.status, 'rationale', OLD.rationale, 'good', OLD.good, 'bad', OLD.bad, 'confirmation', OLD.confirmation, 'decision_makers', OLD.decision_makers, 'consulted', OLD.consulted, 'informed', OLD.informed, 'decided_on', OLD.decided_on, 'review_by', OLD.review_by, 'supersedes', OLD.supersedes, 'superseded_by', OLD.superseded_by, 'snapshot', OLD.snapshot, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'triggers', OLD.triggers, 'summary', OLD.summary), json_object('id', NEW.id, 'session_id', NEW.session_id, 'number', NEW.number, 'option_id', NEW.option_id, 'chosen_option', NEW.chosen_option, 'title', NEW.title, 'status', NEW.status, 'rationale', NEW.rationale, 'good', NEW.good, 'bad', NEW.bad, 'confirmation', NEW.confirmation, 'decision_makers', NEW.decision_makers, 'consulted', NEW.consulted, 'informed', NEW.informed, 'decided_on', NEW.decided_on, 'review_by', NEW.review_by, 'supersedes', NEW.supersedes, 'superseded_by', NEW.superseded_by, 'snapshot', NEW.snapshot, 'created_at', NEW.created_at, 'updated_at', NEW.updated_at, 'triggers', NEW.triggers, 'summary', NEW.summary));
END;

CREATE TRIGGER history_decisions_delete AFTER DELETE ON decisions BEGIN
    INSERT INTO pending_changes (session_id, tbl, op, old)
    VALUES (OLD.session_id, 'decisions', 'delete', json_object('id', OLD.id, 'session_id', OLD.session_id, 'number', OLD.number, 'option_id', OLD.option_id, 'chosen_option', OLD.chosen_option, 'title', OLD.title, 'status', OLD.status, 'rationale', OLD.rationale, 'good', OLD.good, 'bad', OLD.bad, 'confirmation', OLD.confirmation, 'decision_makers', OLD.decision_makers, 'consulted', OLD.consulted, 'informed', OLD.informed, 'decided_on', OLD.decided_on, 'review_by', OLD.review_by, 'supersedes', OLD.supersedes, 'superseded_by', OLD.superseded_by, 'snapshot', OLD.snapshot, 'created_at', OLD.created_at, 'updated_at', OLD.updated_at, 'triggers', OLD.triggers, 'summary', OLD.summary));
END;

