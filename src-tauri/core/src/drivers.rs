//! Decision drivers of a session: the requirements the decision must serve, from the catalog's
//! templates (the seed's principles and challenges) or written by the team.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::catalog::get_catalog;
use crate::history::ChangeNote;
use crate::sessions::{SessionDetail, get_session, require_session};
use crate::text::{self, MAX_DESCRIPTION, MAX_NAME};
use crate::{Error, Result, Store, store};

/// Where a driver comes from in the seed's vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DriverCategory {
    /// A design principle the system should follow (modularity, scalability, …).
    Principle,
    /// A challenge the design must overcome (complexity, security, …).
    Challenge,
    /// Written by the team.
    Custom,
}

impl DriverCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Principle => "principle",
            Self::Challenge => "challenge",
            Self::Custom => "custom",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Self> {
        match text {
            "principle" => Some(Self::Principle),
            "challenge" => Some(Self::Challenge),
            "custom" => Some(Self::Custom),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Driver {
    pub id: Uuid,
    pub session_id: Uuid,
    /// The catalog template this driver was copied from, if any.
    pub template_key: Option<String>,
    pub title: String,
    pub description: String,
    pub category: DriverCategory,
    /// An option that scores 1 or less here on average fails the decision.
    pub must_have: bool,
    pub position: u32,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct NewDriver {
    pub title: String,
    #[ts(optional)]
    pub description: Option<String>,
    #[ts(optional)]
    pub category: Option<DriverCategory>,
    #[ts(optional)]
    pub must_have: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum DriverEdit {
    Title(String),
    Description(String),
    Category(DriverCategory),
    MustHave(bool),
}

/// Adds a driver the team wrote.
pub fn add_driver(store: &mut Store, session_id: Uuid, new: NewDriver) -> Result<SessionDetail> {
    let title = clean_title(&new.title)?;
    let description = clean_description(new.description.as_deref().unwrap_or_default())?;
    insert(store, session_id, None, title, description, new.category.unwrap_or(DriverCategory::Custom), new.must_have)
}

/// Adds a copy of a catalog driver template.
pub fn add_template_driver(store: &mut Store, session_id: Uuid, template_key: &str) -> Result<SessionDetail> {
    let template = get_catalog()
        .driver(template_key)
        .ok_or_else(|| Error::invalid("template", format!("There is no driver template “{template_key}”")))?;
    insert(
        store,
        session_id,
        Some(template.key.clone()),
        template.title.clone(),
        template.description.clone(),
        template.category,
        None,
    )
}

fn insert(
    store: &mut Store,
    session_id: Uuid,
    template_key: Option<String>,
    title: String,
    description: String,
    category: DriverCategory,
    must_have: Option<bool>,
) -> Result<SessionDetail> {
    let now = store.now();
    store.write(ChangeNote::new("add_driver"), |tx| {
        require_session(tx, session_id)?;
        ensure_unique_title(tx, session_id, &title, None)?;
        let driver = Driver {
            id: Uuid::now_v7(),
            session_id,
            template_key,
            title,
            description,
            category,
            must_have: must_have.unwrap_or(false),
            position: store::next_position(tx, "drivers", session_id)?,
        };
        store::drivers::insert(tx, &driver)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })?;
    get_session(store, session_id)
}

pub fn update_driver(store: &mut Store, id: Uuid, edit: DriverEdit) -> Result<SessionDetail> {
    let edit = match edit {
        DriverEdit::Title(value) => DriverEdit::Title(clean_title(&value)?),
        DriverEdit::Description(value) => DriverEdit::Description(clean_description(&value)?),
        other => other,
    };
    let now = store.now();
    let session_id = store.write(ChangeNote::new("update_driver"), |tx| {
        let session_id = session_of(tx, id)?;
        if let DriverEdit::Title(title) = &edit {
            ensure_unique_title(tx, session_id, title, Some(id))?;
        }
        store::drivers::apply_edit(tx, id, &edit)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

/// Moves a driver to `index` in its session's order (clamped to the list).
pub fn move_driver(store: &mut Store, id: Uuid, index: u32) -> Result<SessionDetail> {
    let now = store.now();
    let session_id = store.write(ChangeNote::new("move_driver"), |tx| {
        let session_id = session_of(tx, id)?;
        store::move_to(tx, "drivers", session_id, id, index)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

pub fn remove_driver(store: &mut Store, id: Uuid) -> Result<SessionDetail> {
    let now = store.now();
    let session_id = store.write(ChangeNote::new("remove_driver"), |tx| {
        let session_id = session_of(tx, id)?;
        store::drivers::delete(tx, id)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

fn session_of(conn: &rusqlite::Connection, id: Uuid) -> Result<Uuid> {
    store::drivers::session_of(conn, id)?.ok_or_else(|| Error::not_found("driver", id))
}

fn ensure_unique_title(conn: &rusqlite::Connection, session_id: Uuid, title: &str, except: Option<Uuid>) -> Result<()> {
    if store::drivers::title_taken(conn, session_id, title, except)? {
        return Err(Error::Duplicate {
            field: "title",
            message: format!("A driver titled “{title}” is already in this session"),
        });
    }
    Ok(())
}

fn clean_title(value: &str) -> Result<String> {
    text::required_line("title", "Title", value, MAX_NAME)
}

fn clean_description(value: &str) -> Result<String> {
    text::multi_line("description", "Description", value, MAX_DESCRIPTION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::{NewSession, create_session};

    fn session(store: &mut Store) -> Uuid {
        create_session(store, NewSession { title: "S".into(), ..NewSession::default() }).unwrap().session.id
    }

    fn custom(title: &str) -> NewDriver {
        NewDriver { title: title.into(), description: None, category: None, must_have: None }
    }

    #[test]
    fn template_driver_copies_the_catalog_text() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        let detail = add_template_driver(&mut store, id, "scalability").unwrap();
        let driver = &detail.drivers[0];
        assert_eq!(driver.template_key.as_deref(), Some("scalability"));
        assert_eq!(driver.title, "Scalability");
        assert_eq!(driver.category, DriverCategory::Principle);
        assert!(driver.description.contains("growth"));
        assert_eq!(add_template_driver(&mut store, id, "nope").unwrap_err().field(), Some("template"));
        assert_eq!(add_template_driver(&mut store, id, "scalability").unwrap_err().code(), "duplicate_name");
    }

    #[test]
    fn custom_driver_with_must_have() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        let detail = add_driver(
            &mut store,
            id,
            NewDriver {
                title: "GDPR data residency".into(),
                description: Some("Personal data stays in the EU".into()),
                category: None,
                must_have: Some(true),
            },
        )
        .unwrap();
        let driver = &detail.drivers[0];
        assert_eq!(
            (driver.category, driver.must_have, driver.template_key.clone()),
            (DriverCategory::Custom, true, None)
        );
        assert_eq!(add_driver(&mut store, id, custom(" ")).unwrap_err().field(), Some("title"));
        let long = NewDriver { description: Some("x".repeat(MAX_DESCRIPTION + 1)), ..custom("Other") };
        assert_eq!(add_driver(&mut store, id, long).unwrap_err().field(), Some("description"));
        assert_eq!(get_session(&store, id).unwrap().drivers.len(), 1);
    }

    #[test]
    fn edit_move_and_remove() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        add_driver(&mut store, id, custom("A")).unwrap();
        add_driver(&mut store, id, custom("B")).unwrap();
        let c = add_driver(&mut store, id, custom("C")).unwrap().drivers[2].id;
        let titles = |detail: &SessionDetail| detail.drivers.iter().map(|d| d.title.clone()).collect::<Vec<_>>();
        assert_eq!(titles(&move_driver(&mut store, c, 0).unwrap()), ["C", "A", "B"]);
        assert_eq!(titles(&move_driver(&mut store, c, 99).unwrap()), ["A", "B", "C"]);
        update_driver(&mut store, c, DriverEdit::MustHave(true)).unwrap();
        update_driver(&mut store, c, DriverEdit::Category(DriverCategory::Challenge)).unwrap();
        let detail = update_driver(&mut store, c, DriverEdit::Description("why".into())).unwrap();
        let driver = &detail.drivers[2];
        assert_eq!(
            (driver.must_have, driver.category, driver.description.as_str()),
            (true, DriverCategory::Challenge, "why")
        );
        assert_eq!(update_driver(&mut store, c, DriverEdit::Title("a".into())).unwrap_err().code(), "duplicate_name");
        assert_eq!(titles(&remove_driver(&mut store, c).unwrap()), ["A", "B"]);
        assert_eq!(remove_driver(&mut store, c).unwrap_err().code(), "not_found");
        assert_eq!(move_driver(&mut store, c, 0).unwrap_err().code(), "not_found");
    }
}
