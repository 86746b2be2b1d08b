//! Stakeholders of a session: name, role, RACI part and influence factor.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::history::ChangeNote;
use crate::sessions::{SessionDetail, get_session, require_session};
use crate::text::{self, MAX_NAME};
use crate::{Error, Result, Store, store};

/// The part a stakeholder plays in the decision (RACI). The records' lists follow MADR:
/// accountable and responsible people are its decision-makers, then consulted, informed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Raci {
    /// Does the work the decision leads to (a decision-maker in MADR).
    Responsible,
    /// Answers for the decision and has the last word (a decision-maker in MADR). Files and
    /// databases from before the four parts say `decision_maker` (read by `parse`).
    Accountable,
    /// Asked for their view before deciding.
    Consulted,
    /// Told once it is decided.
    Informed,
}

impl Raci {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Responsible => "responsible",
            Self::Accountable => "accountable",
            Self::Consulted => "consulted",
            Self::Informed => "informed",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "responsible" => Some(Self::Responsible),
            "accountable" | "decision_maker" => Some(Self::Accountable),
            "consulted" => Some(Self::Consulted),
            "informed" => Some(Self::Informed),
            _ => None,
        }
    }

    /// Whether MADR lists the part among the record's decision-makers.
    pub fn decides(self) -> bool {
        matches!(self, Self::Responsible | Self::Accountable)
    }
}

/// Read through `parse`, so session files and frozen records from before the four parts
/// (`decision_maker`) still load.
impl<'de> Deserialize<'de> for Raci {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).ok_or_else(|| {
            serde::de::Error::unknown_variant(&text, &["responsible", "accountable", "consulted", "informed"])
        })
    }
}

/// The smallest and largest influence factor (weight of a stakeholder's voice; default 1).
pub const MIN_INFLUENCE: f64 = 0.1;
pub const MAX_INFLUENCE: f64 = 10.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Stakeholder {
    pub id: Uuid,
    pub session_id: Uuid,
    pub name: String,
    pub role: String,
    pub raci: Raci,
    pub influence: f64,
    pub position: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct NewStakeholder {
    pub name: String,
    #[ts(optional)]
    pub role: Option<String>,
    #[ts(optional)]
    pub raci: Option<Raci>,
    #[ts(optional)]
    pub influence: Option<f64>,
}

impl NewStakeholder {
    /// A consulted stakeholder with influence 1 and no role.
    pub fn named(name: &str) -> Self {
        Self { name: name.to_owned(), role: None, raci: None, influence: None }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum StakeholderEdit {
    Name(String),
    Role(String),
    Raci(Raci),
    Influence(f64),
}

pub fn add_stakeholder(store: &mut Store, session_id: Uuid, new: NewStakeholder) -> Result<SessionDetail> {
    let name = clean_name(&new.name)?;
    let role = clean_role(new.role.as_deref().unwrap_or_default())?;
    let influence = clean_influence(new.influence.unwrap_or(1.0))?;
    let now = store.now();
    store.write(ChangeNote::new("add_stakeholder"), |tx| {
        require_session(tx, session_id)?;
        ensure_unique_name(tx, session_id, &name, None)?;
        let stakeholder = Stakeholder {
            id: Uuid::now_v7(),
            session_id,
            name,
            role,
            raci: new.raci.unwrap_or(Raci::Consulted),
            influence,
            position: store::next_position(tx, "stakeholders", session_id)?,
        };
        store::stakeholders::insert(tx, &stakeholder)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })?;
    get_session(store, session_id)
}

pub fn update_stakeholder(store: &mut Store, id: Uuid, edit: StakeholderEdit) -> Result<SessionDetail> {
    let edit = match edit {
        StakeholderEdit::Name(value) => StakeholderEdit::Name(clean_name(&value)?),
        StakeholderEdit::Role(value) => StakeholderEdit::Role(clean_role(&value)?),
        StakeholderEdit::Raci(value) => StakeholderEdit::Raci(value),
        StakeholderEdit::Influence(value) => StakeholderEdit::Influence(clean_influence(value)?),
    };
    let now = store.now();
    let session_id = store.write(ChangeNote::new("update_stakeholder").by(id), |tx| {
        let session_id = store::stakeholders::session_of(tx, id)?.ok_or_else(|| Error::not_found("stakeholder", id))?;
        if let StakeholderEdit::Name(name) = &edit {
            ensure_unique_name(tx, session_id, name, Some(id))?;
        }
        store::stakeholders::apply_edit(tx, id, &edit)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

pub fn remove_stakeholder(store: &mut Store, id: Uuid) -> Result<SessionDetail> {
    let now = store.now();
    let session_id = store.write(ChangeNote::new("remove_stakeholder").by(id), |tx| {
        let session_id = store::stakeholders::session_of(tx, id)?.ok_or_else(|| Error::not_found("stakeholder", id))?;
        store::stakeholders::delete(tx, id)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

fn ensure_unique_name(conn: &rusqlite::Connection, session_id: Uuid, name: &str, except: Option<Uuid>) -> Result<()> {
    if store::stakeholders::name_taken(conn, session_id, name, except)? {
        return Err(Error::Duplicate {
            field: "name",
            message: format!("A stakeholder named “{name}” is already in this session"),
        });
    }
    Ok(())
}

fn clean_name(value: &str) -> Result<String> {
    text::required_line("name", "Name", value, MAX_NAME)
}

fn clean_role(value: &str) -> Result<String> {
    text::optional_line("role", "Role", value, MAX_NAME)
}

fn clean_influence(value: f64) -> Result<f64> {
    if !(MIN_INFLUENCE..=MAX_INFLUENCE).contains(&value) {
        return Err(Error::invalid(
            "influence",
            format!("Influence must be a number from {MIN_INFLUENCE} to {MAX_INFLUENCE}"),
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::{NewSession, create_session};

    fn session(store: &mut Store) -> Uuid {
        create_session(store, NewSession { title: "S".into(), ..NewSession::default() }).unwrap().session.id
    }

    #[test]
    fn add_with_defaults_and_explicit_values() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        add_stakeholder(&mut store, id, NewStakeholder::named("Ana")).unwrap();
        let detail = add_stakeholder(
            &mut store,
            id,
            NewStakeholder {
                name: "Bo".into(),
                role: Some("CTO".into()),
                raci: Some(Raci::Accountable),
                influence: Some(2.5),
            },
        )
        .unwrap();
        let people: Vec<_> = detail.stakeholders.iter().map(|s| (s.name.as_str(), s.raci, s.influence)).collect();
        assert_eq!(people, [("Ana", Raci::Consulted, 1.0), ("Bo", Raci::Accountable, 2.5)]);
        assert_eq!(detail.stakeholders[1].role, "CTO");
    }

    #[test]
    fn duplicate_name_in_one_session_is_refused_case_insensitively() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        add_stakeholder(&mut store, id, NewStakeholder::named("Ana")).unwrap();
        let error = add_stakeholder(&mut store, id, NewStakeholder::named(" ana ")).unwrap_err();
        assert_eq!((error.code().as_str(), error.field()), ("duplicate_name", Some("name")));
        assert_eq!(get_session(&store, id).unwrap().stakeholders.len(), 1);
        // Another session may have its own Ana.
        let other = session(&mut store);
        assert!(add_stakeholder(&mut store, other, NewStakeholder::named("Ana")).is_ok());
    }

    #[test]
    fn rename_to_a_taken_name_is_refused_but_keeping_ones_own_name_is_fine() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        add_stakeholder(&mut store, id, NewStakeholder::named("Ana")).unwrap();
        let bo = add_stakeholder(&mut store, id, NewStakeholder::named("Bo")).unwrap().stakeholders[1].id;
        assert_eq!(
            update_stakeholder(&mut store, bo, StakeholderEdit::Name("ANA".into())).unwrap_err().code(),
            "duplicate_name"
        );
        let detail = update_stakeholder(&mut store, bo, StakeholderEdit::Name("BO".into())).unwrap();
        assert_eq!(detail.stakeholders[1].name, "BO");
    }

    #[test]
    fn edits_are_validated_and_stored() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        let ana = add_stakeholder(&mut store, id, NewStakeholder::named("Ana")).unwrap().stakeholders[0].id;
        update_stakeholder(&mut store, ana, StakeholderEdit::Role("Architect".into())).unwrap();
        update_stakeholder(&mut store, ana, StakeholderEdit::Raci(Raci::Informed)).unwrap();
        let detail = update_stakeholder(&mut store, ana, StakeholderEdit::Influence(3.0)).unwrap();
        let ana_now = &detail.stakeholders[0];
        assert_eq!((ana_now.role.as_str(), ana_now.raci, ana_now.influence), ("Architect", Raci::Informed, 3.0));
        for bad in [0.0, -1.0, 10.5, f64::NAN, f64::INFINITY] {
            let error = update_stakeholder(&mut store, ana, StakeholderEdit::Influence(bad)).unwrap_err();
            assert_eq!(error.field(), Some("influence"), "{bad}");
        }
        assert_eq!(
            update_stakeholder(&mut store, ana, StakeholderEdit::Name("".into())).unwrap_err().field(),
            Some("name")
        );
        assert_eq!(get_session(&store, id).unwrap().stakeholders[0].name, "Ana");
    }

    #[test]
    fn remove_and_unknown_ids() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        let ana = add_stakeholder(&mut store, id, NewStakeholder::named("Ana")).unwrap().stakeholders[0].id;
        assert!(remove_stakeholder(&mut store, ana).unwrap().stakeholders.is_empty());
        assert_eq!(remove_stakeholder(&mut store, ana).unwrap_err().code(), "not_found");
        assert_eq!(
            update_stakeholder(&mut store, ana, StakeholderEdit::Role("x".into())).unwrap_err().code(),
            "not_found"
        );
        assert_eq!(
            add_stakeholder(&mut store, Uuid::now_v7(), NewStakeholder::named("X")).unwrap_err().code(),
            "not_found"
        );
    }
}
