//! Quick records: a record written directly, without a workshop (as `adr new` does) — a session
//! holding only its title, context, the chosen option and how easy the choice is to reverse,
//! with the same lifecycle, numbering, exports and decision log as any other record.

use serde::Deserialize;
use ts_rs::TS;

use crate::decisions::{self, Decision, DecisionEdit, DecisionLink, DecisionStatus, number_label};
use crate::history::ChangeNote;
use crate::options::NewOption;
use crate::sessions::{NewSession, Reversibility};
use crate::text::{self, MAX_NAME};
use crate::{Error, Result, Store, store};

/// What a quick record is written from; only the title is required.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct QuickRecord {
    pub title: String,
    /// The chosen option (default: the title itself, as in "Use PostgreSQL").
    #[ts(optional)]
    pub option: Option<String>,
    #[ts(optional)]
    pub context: Option<String>,
    /// `proposed` or `accepted` (the default, as `adr new` writes).
    #[ts(optional)]
    pub status: Option<DecisionStatus>,
    /// The number of the accepted (or deprecated) record this one supersedes once accepted.
    #[ts(optional)]
    pub supersedes: Option<u32>,
    #[ts(optional)]
    pub reversibility: Option<Reversibility>,
}

/// The tag every quick record's session carries, so the list tells it from a workshop.
pub const QUICK_TAG: &str = "quick";

/// Why a quick record was chosen, in the record's "because …".
const QUICK_RATIONALE: &str = "the team agreed on it without a workshop (a quick record).";

/// Writes a quick record: accepted (numbered after the last record, superseding the named one
/// both ways) or proposed (numbered when accepted, like any proposal). Everything is checked
/// before anything is written, and the steps are stored as one: a refusal leaves nothing.
pub fn write_quick_record(store: &mut Store, quick: QuickRecord) -> Result<Decision> {
    let title = text::required_line("title", "Title", &quick.title, MAX_NAME)
        .map_err(|_| Error::invalid("title", "A record needs a title: say what was decided"))?;
    let option = match quick.option.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        Some(name) => text::required_line("option", "Chosen option", name, MAX_NAME)?,
        None => title.clone(),
    };
    let status = quick.status.unwrap_or(DecisionStatus::Accepted);
    if !matches!(status, DecisionStatus::Proposed | DecisionStatus::Accepted) {
        return Err(Error::invalid("status", "A new record is proposed or accepted"));
    }
    let superseded = match quick.supersedes {
        Some(number) => {
            let id = store::decisions::id_of_number(store.read(), number)?.ok_or_else(|| {
                Error::invalid("supersedes", format!("There is no {} to supersede", number_label(Some(number))))
            })?;
            let older = store::decisions::by_id(store.read(), id)?.ok_or_else(|| Error::not_found("decision", id))?;
            if !matches!(older.status, DecisionStatus::Accepted | DecisionStatus::Deprecated) {
                return Err(Error::invalid(
                    "supersedes",
                    format!(
                        "{} is {}: only an accepted or deprecated record can be superseded",
                        number_label(Some(number)),
                        older.status.as_str()
                    ),
                ));
            }
            Some(older)
        }
        None => None,
    };
    store.all_or_nothing(|store| {
        let new = NewSession {
            title: title.clone(),
            context: quick.context.clone(),
            tags: Some(vec![QUICK_TAG.to_owned()]),
            reversibility: quick.reversibility,
            ..NewSession::default()
        };
        let session_id = crate::sessions::create_session(store, new)?.session.id;
        let named = NewOption { name: option.clone(), ..NewOption::default() };
        let detail = crate::options::add_option(store, session_id, named)?;
        let option_id = detail.options.last().map(|o| o.id).ok_or_else(|| Error::not_found("option", session_id))?;
        let draft = decisions::choose_option(store, session_id, option_id)?;
        decisions::update_decision(store, draft.id, DecisionEdit::Title(title.clone()))?;
        decisions::update_decision(store, draft.id, DecisionEdit::Rationale(QUICK_RATIONALE.to_owned()))?;
        if quick.option.as_deref().is_none_or(|o| o.trim().is_empty()) {
            // The title is the decision ("Use PostgreSQL"): a Y-statement would only repeat it.
            decisions::update_decision(store, draft.id, DecisionEdit::Summary(String::new()))?;
        }
        if let Some(older) = &superseded {
            let now = store.now();
            store.write(ChangeNote::of("write_quick_record", session_id), |tx| {
                store::decisions::point_supersedes(tx, draft.id, older.id, now)
            })?;
        }
        match status {
            DecisionStatus::Accepted => decisions::set_decision_status(store, draft.id, status, false),
            _ => decisions::get_decision(store, session_id)?.ok_or_else(|| Error::not_found("decision", draft.id)),
        }
    })
}

/// The records a quick record can supersede: the numbered ones in force, by number.
pub fn supersedable_records(store: &Store) -> Result<Vec<DecisionLink>> {
    store::decisions::in_force(store.read())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quick(title: &str) -> QuickRecord {
        QuickRecord { title: title.into(), ..QuickRecord::default() }
    }

    #[test]
    fn a_quick_record_is_numbered_after_the_last_record() {
        let mut store = Store::open_in_memory().unwrap();
        let (workshop, detail) = decisions::tests::decided_workshop(&mut store, "Checkout");
        let draft = decisions::choose_option(&mut store, workshop, detail.options[1].id).unwrap();
        decisions::set_decision_status(&mut store, draft.id, DecisionStatus::Accepted, false).unwrap();
        let record = write_quick_record(
            &mut store,
            QuickRecord {
                option: Some(" PostgreSQL ".into()),
                reversibility: Some(Reversibility::Easy),
                ..quick("Storage engine")
            },
        )
        .unwrap();
        assert_eq!((record.number, record.status), (Some(2), DecisionStatus::Accepted));
        assert_eq!((record.title.as_str(), record.chosen_option.as_str()), ("Storage engine", "PostgreSQL"));
        assert_eq!(record.summary, "In the context of Storage engine, we decided for PostgreSQL.");
        assert!(record.snapshot.is_some(), "frozen like any accepted record");
        let session = crate::sessions::get_session(&store, record.session_id).unwrap().session;
        assert_eq!(session.tags, [QUICK_TAG]);
        assert_eq!(session.reversibility, Some(Reversibility::Easy));
        let bare = write_quick_record(&mut store, quick("Use Rust for the CLI")).unwrap();
        assert_eq!((bare.number, bare.chosen_option.as_str()), (Some(3), "Use Rust for the CLI"));
    }

    #[test]
    fn supersedes_both_ways_now_or_when_accepted() {
        let mut store = Store::open_in_memory().unwrap();
        let first = write_quick_record(&mut store, quick("Use MySQL")).unwrap();
        let second =
            write_quick_record(&mut store, QuickRecord { supersedes: Some(1), ..quick("Use PostgreSQL") }).unwrap();
        assert_eq!(second.supersedes.as_ref().and_then(|l| l.number), Some(1));
        let first = decisions::get_decision(&store, first.session_id).unwrap().unwrap();
        assert_eq!(first.status, DecisionStatus::Superseded);
        assert_eq!(first.superseded_by.as_ref().and_then(|l| l.number), Some(2));
        let in_force: Vec<_> = supersedable_records(&store).unwrap().into_iter().map(|l| l.number).collect();
        assert_eq!(in_force, [Some(2)], "a superseded record cannot be superseded again");

        // Proposed: it names the record it will supersede; the older one stays until accepted.
        let proposal =
            QuickRecord { supersedes: Some(2), status: Some(DecisionStatus::Proposed), ..quick("Use SQLite") };
        let third = write_quick_record(&mut store, proposal).unwrap();
        assert_eq!((third.number, third.status), (None, DecisionStatus::Proposed));
        assert_eq!(third.supersedes.as_ref().map(|l| l.decision_id), Some(second.id));
        assert_eq!(
            decisions::get_decision(&store, second.session_id).unwrap().unwrap().status,
            DecisionStatus::Accepted
        );
        let third = decisions::set_decision_status(&mut store, third.id, DecisionStatus::Accepted, false).unwrap();
        assert_eq!(third.number, Some(3));
        let second = decisions::get_decision(&store, second.session_id).unwrap().unwrap();
        assert_eq!(second.status, DecisionStatus::Superseded);
        assert_eq!(second.superseded_by.as_ref().and_then(|l| l.number), Some(3));
    }

    /// A quick record's Markdown reads back into the same record: export → import → export
    /// gives the same file, in both formats.
    #[test]
    fn a_quick_record_survives_export_import_export() {
        use crate::exports::{RecordFormat, render_record};
        let mut store = Store::open_in_memory().unwrap();
        let quick = QuickRecord {
            context: Some("We need one database.".into()),
            reversibility: Some(Reversibility::Hard),
            ..quick("Use PostgreSQL [for now]")
        };
        let record = write_quick_record(&mut store, quick).unwrap();
        assert_eq!(record.summary, "", "the title is the decision");
        for format in [RecordFormat::Madr, RecordFormat::Nygard] {
            let (name, first) = render_record(&store, record.session_id, format).unwrap();
            let text = String::from_utf8(first.clone()).unwrap();
            let expected = match format {
                RecordFormat::Nygard => {
                    "Use PostgreSQL \\[for now\\], because the team agreed on it without a workshop"
                }
                _ => {
                    "Chosen option: \"Use PostgreSQL \\[for now\\]\", because the team agreed on it without a workshop"
                }
            };
            assert!(text.contains(expected), "{format:?}: {text}");
            assert!(text.contains("Hard to reverse (a one-way door)."), "{text}");
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(&name), &first).unwrap();
            let mut other = Store::open_in_memory().unwrap();
            let report = crate::imports::import_folder(&mut other, dir.path()).unwrap();
            assert!(report.skipped.is_empty(), "{:?}", report.skipped);
            let back = decisions::get_decision(&other, record.session_id).unwrap().unwrap();
            assert_eq!(
                (back.chosen_option.as_str(), back.rationale.as_str()),
                (record.chosen_option.as_str(), QUICK_RATIONALE)
            );
            let (_, second) = render_record(&other, record.session_id, format).unwrap();
            assert_eq!(String::from_utf8(second).unwrap(), text, "{format:?}");
        }
    }

    #[test]
    fn refusals_are_clear_and_store_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        write_quick_record(&mut store, quick("Use MySQL")).unwrap();
        let before = crate::sessions::list_sessions(&store).unwrap().len();
        let refusals = [
            (quick("   "), "title", "A record needs a title"),
            (QuickRecord { supersedes: Some(9), ..quick("Use Redis") }, "supersedes", "There is no ADR-0009"),
            (
                QuickRecord { status: Some(DecisionStatus::Deprecated), ..quick("Use Redis") },
                "status",
                "proposed or accepted",
            ),
            (QuickRecord { option: Some("two\nlines".into()), ..quick("Use Redis") }, "option", "one line"),
            (QuickRecord { context: Some("\u{7}".into()), ..quick("Use Redis") }, "context", "control characters"),
        ];
        for (input, field, words) in refusals {
            match write_quick_record(&mut store, input) {
                Err(Error::Invalid { field: got, message }) => {
                    assert_eq!(got, field, "{message}");
                    assert!(message.contains(words), "{message}");
                }
                other => panic!("{field}: {other:?}"),
            }
        }
        assert_eq!(crate::sessions::list_sessions(&store).unwrap().len(), before, "nothing stored half-way");
    }
}
