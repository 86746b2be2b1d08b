//! Workshop sessions: framing (title, context, facilitator, date, tags, what the system is,
//! how easy the choice is to reverse), the session list,
//! archiving and deleting, and loading a whole session for the editor.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::drivers::Driver;
use crate::history::ChangeNote;
use crate::options::ArchitectureOption;
use crate::stakeholders::Stakeholder;
use crate::text::{self, MAX_CONTEXT, MAX_NAME, MAX_TAG, MAX_TAGS};
use crate::{Error, Result, Store, store};

/// Where a session stands in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SessionStatus {
    Draft,
    Scoring,
    Decided,
    Superseded,
    Archived,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Scoring => "scoring",
            Self::Decided => "decided",
            Self::Superseded => "superseded",
            Self::Archived => "archived",
        }
    }
}

/// How a session's driver weights are set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Weighting {
    /// Each stakeholder rates each driver's importance 1–5.
    #[default]
    Direct,
    /// Each stakeholder compares the drivers pairwise (AHP).
    Ahp,
}

impl Weighting {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Direct => "direct",
            Self::Ahp => "ahp",
        }
    }
}

/// How easy a choice is to reverse, once made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Reversibility {
    /// A two-way door: if it turns out wrong, going back is cheap (a quick record will do).
    Easy,
    /// A one-way door: going back is costly (worth a workshop).
    Hard,
}

impl Reversibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Easy => "easy",
            Self::Hard => "hard",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "easy" => Some(Self::Easy),
            "hard" => Some(Self::Hard),
            _ => None,
        }
    }

    /// How a record says it: "Easy to reverse (a two-way door)".
    pub fn words(self) -> &'static str {
        match self {
            Self::Easy => "Easy to reverse (a two-way door)",
            Self::Hard => "Hard to reverse (a one-way door)",
        }
    }
}

/// A session's framing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Session {
    pub id: Uuid,
    pub title: String,
    /// Context and problem statement.
    pub context: String,
    pub facilitator: String,
    /// The day the workshop is held.
    pub held_on: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub status: SessionStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub review_by: Option<NaiveDate>,
    pub revisit_of: Option<Uuid>,
    /// How driver weights are set (files from before AHP have none: direct).
    #[serde(default)]
    pub weighting: Weighting,
    /// What the system is: ticked entries of the catalog's use-case vocabulary, by key.
    #[serde(default)]
    pub use_cases: Vec<String>,
    /// What the system is, in the team's own words.
    #[serde(default)]
    pub use_case_notes: String,
    /// How easy the choice is to reverse; None until someone says.
    #[serde(default)]
    pub reversibility: Option<Reversibility>,
}

/// One row of the session list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionSummary {
    pub id: Uuid,
    pub title: String,
    pub status: SessionStatus,
    pub facilitator: String,
    pub tags: Vec<String>,
    pub held_on: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
    /// The record's one sentence, when the session has a record (the list's tooltip).
    pub summary: String,
    /// A revisit of an earlier session (the list tells it from its original).
    pub revisit: bool,
}

/// A session with everything the editor shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SessionDetail {
    pub session: Session,
    pub stakeholders: Vec<Stakeholder>,
    pub drivers: Vec<Driver>,
    pub options: Vec<ArchitectureOption>,
}

/// What a new session starts with; only the title is required.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct NewSession {
    pub title: String,
    #[ts(optional)]
    pub context: Option<String>,
    #[ts(optional)]
    pub facilitator: Option<String>,
    #[ts(optional)]
    pub held_on: Option<NaiveDate>,
    #[ts(optional)]
    pub tags: Option<Vec<String>>,
    #[ts(optional)]
    pub reversibility: Option<Reversibility>,
}

/// One edit of a session's framing: the field and its new value.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum SessionEdit {
    Title(String),
    Context(String),
    Facilitator(String),
    HeldOn(Option<NaiveDate>),
    Tags(Vec<String>),
    Weighting(Weighting),
    UseCases(Vec<String>),
    UseCaseNotes(String),
    Reversibility(Option<Reversibility>),
}

pub fn list_sessions(store: &Store) -> Result<Vec<SessionSummary>> {
    store::sessions::list(store.read())
}

pub fn get_session(store: &Store, id: Uuid) -> Result<SessionDetail> {
    let conn = store.read();
    let session = store::sessions::get(conn, id)?.ok_or_else(|| Error::not_found("session", id))?;
    Ok(SessionDetail {
        session,
        stakeholders: store::stakeholders::list(conn, id)?,
        drivers: store::drivers::list(conn, id)?,
        options: store::options::list(conn, id)?,
    })
}

pub fn create_session(store: &mut Store, new: NewSession) -> Result<SessionDetail> {
    let now = store.now();
    let session = Session {
        id: Uuid::now_v7(),
        title: clean_title(&new.title)?,
        context: clean_context(new.context.as_deref().unwrap_or_default())?,
        facilitator: clean_facilitator(new.facilitator.as_deref().unwrap_or_default())?,
        held_on: new.held_on.or_else(|| Some(now.date_naive())),
        tags: clean_tags(new.tags.as_deref().unwrap_or_default())?,
        status: SessionStatus::Draft,
        created_at: now,
        updated_at: now,
        review_by: None,
        revisit_of: None,
        weighting: Weighting::Direct,
        use_cases: Vec::new(),
        use_case_notes: String::new(),
        reversibility: new.reversibility,
    };
    store.write(ChangeNote::new("create_session").final_step(), |tx| store::sessions::insert(tx, &session))?;
    get_session(store, session.id)
}

pub fn update_session(store: &mut Store, id: Uuid, edit: SessionEdit) -> Result<SessionDetail> {
    let edit = match edit {
        SessionEdit::Title(value) => SessionEdit::Title(clean_title(&value)?),
        SessionEdit::Context(value) => SessionEdit::Context(clean_context(&value)?),
        SessionEdit::Facilitator(value) => SessionEdit::Facilitator(clean_facilitator(&value)?),
        SessionEdit::HeldOn(value) => SessionEdit::HeldOn(value),
        SessionEdit::Tags(value) => SessionEdit::Tags(clean_tags(&value)?),
        SessionEdit::Weighting(value) => SessionEdit::Weighting(value),
        SessionEdit::UseCases(value) => SessionEdit::UseCases(clean_use_cases(&value)?),
        SessionEdit::UseCaseNotes(value) => SessionEdit::UseCaseNotes(clean_use_case_notes(&value)?),
        SessionEdit::Reversibility(value) => SessionEdit::Reversibility(value),
    };
    let now = store.now();
    store.write(ChangeNote::new("update_session"), |tx| {
        store::sessions::require_open(tx, id)?;
        if !store::sessions::apply_edit(tx, id, &edit, now)? {
            return Err(Error::not_found("session", id));
        }
        Ok(())
    })?;
    get_session(store, id)
}

/// Archives a session (hidden from the default list, kept intact) or brings it back.
pub fn archive_session(store: &mut Store, id: Uuid, archived: bool) -> Result<SessionDetail> {
    let now = store.now();
    store.write(ChangeNote::new("archive_session"), |tx| {
        if !store::sessions::set_archived(tx, id, archived.then_some(now), now)? {
            return Err(Error::not_found("session", id));
        }
        Ok(())
    })?;
    get_session(store, id)
}

/// Deletes a session and everything in it.
pub fn delete_session(store: &mut Store, id: Uuid) -> Result<()> {
    store.write(ChangeNote::new("delete_session").final_step(), |tx| {
        if !store::sessions::delete(tx, id)? {
            return Err(Error::not_found("session", id));
        }
        Ok(())
    })
}

/// Fails with `not_found` unless the session exists.
pub(crate) fn require_session(conn: &rusqlite::Connection, id: Uuid) -> Result<()> {
    if store::sessions::exists(conn, id)? { Ok(()) } else { Err(Error::not_found("session", id)) }
}

fn clean_title(value: &str) -> Result<String> {
    text::required_line("title", "Title", value, MAX_NAME)
}

fn clean_context(value: &str) -> Result<String> {
    text::multi_line("context", "Context and problem statement", value, MAX_CONTEXT)
}

fn clean_facilitator(value: &str) -> Result<String> {
    text::optional_line("facilitator", "Facilitator", value, MAX_NAME)
}

/// Keys of the catalog's use-case vocabulary, each once, in vocabulary order.
pub(crate) fn clean_use_cases(keys: &[String]) -> Result<Vec<String>> {
    let catalog = crate::catalog::get_catalog();
    if let Some(unknown) = keys.iter().find(|k| catalog.use_case(k).is_none()) {
        return Err(Error::invalid("use_cases", format!("\"{unknown}\" is not a use case of the catalog")));
    }
    Ok(catalog.all_use_cases().filter(|u| keys.contains(&u.key)).map(|u| u.key.clone()).collect())
}

pub(crate) fn clean_use_case_notes(value: &str) -> Result<String> {
    text::optional_line("use_case_notes", "What you are building", value, text::MAX_ITEM)
}

fn clean_tags(tags: &[String]) -> Result<Vec<String>> {
    let mut cleaned = text::line_list("tags", "Tags", tags, MAX_TAGS, MAX_TAG)?;
    let mut seen = std::collections::HashSet::new();
    cleaned.retain(|tag| seen.insert(tag.to_lowercase()));
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> Store {
        Store::open_in_memory().unwrap()
    }

    fn new(title: &str) -> NewSession {
        NewSession { title: title.to_owned(), ..NewSession::default() }
    }

    #[test]
    fn what_the_system_is_takes_catalog_use_cases_only_and_undoes() {
        let mut store = store();
        let id =
            create_session(&mut store, NewSession { title: "Shop".into(), ..Default::default() }).unwrap().session.id;
        let edit = SessionEdit::UseCases(vec!["etl".into(), "online_shop".into(), "etl".into()]);
        let session = update_session(&mut store, id, edit).unwrap().session;
        assert_eq!(session.use_cases, ["online_shop", "etl"], "vocabulary order, each once");
        let unknown = update_session(&mut store, id, SessionEdit::UseCases(vec!["blockchain".into()])).unwrap_err();
        assert!(matches!(&unknown, Error::Invalid { field: "use_cases", .. }), "{unknown:?}");
        assert!(update_session(&mut store, id, SessionEdit::UseCaseNotes("two\nlines".into())).is_err());
        let notes = update_session(&mut store, id, SessionEdit::UseCaseNotes(" payments in 3 currencies ".into()));
        assert_eq!(notes.unwrap().session.use_case_notes, "payments in 3 currencies");
        update_session(&mut store, id, SessionEdit::Reversibility(Some(Reversibility::Easy))).unwrap();
        crate::history::undo_change(&mut store, id).unwrap();
        crate::history::undo_change(&mut store, id).unwrap();
        let session = get_session(&store, id).unwrap().session;
        assert_eq!((session.use_case_notes.as_str(), session.reversibility), ("", None));
        assert_eq!(session.use_cases, ["online_shop", "etl"]);
    }

    #[test]
    fn create_then_get_returns_the_framing() {
        let mut store = store();
        let created = create_session(
            &mut store,
            NewSession {
                title: "  Checkout platform  ".into(),
                context: Some("Peak traffic\r\ndoubles every year".into()),
                facilitator: Some("Ana".into()),
                held_on: NaiveDate::from_ymd_opt(2026, 11, 25),
                tags: Some(vec!["payments".into(), "Payments".into(), " q4 ".into()]),
                reversibility: Some(Reversibility::Hard),
            },
        )
        .unwrap();
        let session = &created.session;
        assert_eq!(session.reversibility, Some(Reversibility::Hard));
        assert_eq!(session.title, "Checkout platform");
        assert_eq!(session.context, "Peak traffic\ndoubles every year");
        assert_eq!(session.tags, ["payments", "q4"]);
        assert_eq!(session.status, SessionStatus::Draft);
        assert_eq!(get_session(&store, session.id).unwrap(), created);
    }

    #[test]
    fn empty_title_is_refused_and_nothing_is_stored() {
        let mut store = store();
        let error = create_session(&mut store, new("   ")).unwrap_err();
        assert_eq!((error.code().as_str(), error.field()), ("invalid_input", Some("title")));
        assert!(list_sessions(&store).unwrap().is_empty());
    }

    #[test]
    fn over_long_texts_are_refused() {
        let mut store = store();
        assert!(create_session(&mut store, new(&"x".repeat(MAX_NAME + 1))).is_err());
        let id = create_session(&mut store, new("T")).unwrap().session.id;
        let error = update_session(&mut store, id, SessionEdit::Context("x".repeat(MAX_CONTEXT + 1))).unwrap_err();
        assert_eq!(error.field(), Some("context"));
        assert_eq!(get_session(&store, id).unwrap().session.context, "");
        let tags = (0..=MAX_TAGS).map(|i| format!("t{i}")).collect();
        assert_eq!(update_session(&mut store, id, SessionEdit::Tags(tags)).unwrap_err().field(), Some("tags"));
    }

    #[test]
    fn list_is_newest_change_first() {
        let mut store = store();
        let first = create_session(&mut store, new("First")).unwrap().session.id;
        let second = create_session(&mut store, new("Second")).unwrap().session.id;
        let titles = |store: &Store| list_sessions(store).unwrap().into_iter().map(|s| s.title).collect::<Vec<_>>();
        assert_eq!(titles(&store), ["Second", "First"]);
        update_session(&mut store, first, SessionEdit::Facilitator("Bo".into())).unwrap();
        assert_eq!(titles(&store), ["First", "Second"]);
        let _ = second;
    }

    #[test]
    fn every_edit_is_stored() {
        let mut store = store();
        let id = create_session(&mut store, new("T")).unwrap().session.id;
        update_session(&mut store, id, SessionEdit::Title("New".into())).unwrap();
        update_session(&mut store, id, SessionEdit::Context("Why".into())).unwrap();
        update_session(&mut store, id, SessionEdit::Facilitator("Ana".into())).unwrap();
        update_session(&mut store, id, SessionEdit::HeldOn(None)).unwrap();
        let detail = update_session(&mut store, id, SessionEdit::Tags(vec!["a".into()])).unwrap();
        let s = detail.session;
        assert_eq!((s.title.as_str(), s.context.as_str(), s.facilitator.as_str()), ("New", "Why", "Ana"));
        assert_eq!((s.held_on, s.tags), (None, vec!["a".to_owned()]));
    }

    #[test]
    fn archive_and_restore() {
        let mut store = store();
        let id = create_session(&mut store, new("T")).unwrap().session.id;
        assert_eq!(archive_session(&mut store, id, true).unwrap().session.status, SessionStatus::Archived);
        assert_eq!(list_sessions(&store).unwrap()[0].status, SessionStatus::Archived);
        assert_eq!(archive_session(&mut store, id, false).unwrap().session.status, SessionStatus::Draft);
    }

    #[test]
    fn delete_removes_the_session_and_its_contents() {
        let mut store = store();
        let id = create_session(&mut store, new("T")).unwrap().session.id;
        crate::stakeholders::add_stakeholder(&mut store, id, crate::stakeholders::NewStakeholder::named("Ana"))
            .unwrap();
        crate::options::add_catalog_option(&mut store, id, "serverless").unwrap();
        delete_session(&mut store, id).unwrap();
        assert_eq!(get_session(&store, id).unwrap_err().code(), "not_found");
        let orphans: i64 = store
            .read()
            .query_row("SELECT (SELECT count(*) FROM stakeholders) + (SELECT count(*) FROM options)", [], |r| r.get(0))
            .unwrap();
        assert_eq!(orphans, 0);
        assert_eq!(delete_session(&mut store, id).unwrap_err().code(), "not_found");
    }

    #[test]
    fn unknown_session_is_not_found_everywhere() {
        let mut store = store();
        let id = Uuid::now_v7();
        assert_eq!(get_session(&store, id).unwrap_err().code(), "not_found");
        assert_eq!(update_session(&mut store, id, SessionEdit::Title("x".into())).unwrap_err().code(), "not_found");
        assert_eq!(archive_session(&mut store, id, true).unwrap_err().code(), "not_found");
    }
}
