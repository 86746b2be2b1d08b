//! Candidate architectures of a session: copies of catalog architectures (monolithic,
//! service-oriented, microservices, serverless) or options the team wrote, each with its
//! definition, pros, cons and use cases, editable per session.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::catalog::get_catalog;
use crate::history::ChangeNote;
use crate::sessions::{SessionDetail, get_session, require_session};
use crate::text::{self, MAX_DESCRIPTION, MAX_ITEM, MAX_ITEMS, MAX_NAME};
use crate::{Error, Result, Store, store};

/// One candidate architecture in a session (named so it never reads as `Option<T>`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ArchitectureOption {
    pub id: Uuid,
    pub session_id: Uuid,
    /// The catalog architecture this option was copied from, if any.
    pub catalog_key: Option<String>,
    pub name: String,
    pub definition: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub use_cases: Vec<String>,
    pub position: u32,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export)]
pub struct NewOption {
    pub name: String,
    #[ts(optional)]
    pub definition: Option<String>,
    #[ts(optional)]
    pub pros: Option<Vec<String>>,
    #[ts(optional)]
    pub cons: Option<Vec<String>>,
    #[ts(optional)]
    pub use_cases: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum OptionEdit {
    Name(String),
    Definition(String),
    Pros(Vec<String>),
    Cons(Vec<String>),
    UseCases(Vec<String>),
}

/// Adds an option the team wrote.
pub fn add_option(store: &mut Store, session_id: Uuid, new: NewOption) -> Result<SessionDetail> {
    let option = ArchitectureOption {
        id: Uuid::now_v7(),
        session_id,
        catalog_key: None,
        name: clean_name(&new.name)?,
        definition: clean_definition(new.definition.as_deref().unwrap_or_default())?,
        pros: clean_list("pros", "Pros", new.pros.as_deref().unwrap_or_default())?,
        cons: clean_list("cons", "Cons", new.cons.as_deref().unwrap_or_default())?,
        use_cases: clean_list("use_cases", "Use cases", new.use_cases.as_deref().unwrap_or_default())?,
        position: 0,
    };
    insert(store, option)
}

/// Adds a copy of a catalog architecture; later catalog changes never touch the copy.
pub fn add_catalog_option(store: &mut Store, session_id: Uuid, catalog_key: &str) -> Result<SessionDetail> {
    let architecture = get_catalog()
        .architecture(catalog_key)
        .ok_or_else(|| Error::invalid("catalog", format!("There is no catalog architecture “{catalog_key}”")))?;
    insert(
        store,
        ArchitectureOption {
            id: Uuid::now_v7(),
            session_id,
            catalog_key: Some(architecture.key.clone()),
            name: architecture.name.clone(),
            definition: architecture.definition.clone(),
            pros: architecture.pros.clone(),
            cons: architecture.cons.clone(),
            use_cases: architecture.use_cases.clone(),
            position: 0,
        },
    )
}

fn insert(store: &mut Store, mut option: ArchitectureOption) -> Result<SessionDetail> {
    let now = store.now();
    let session_id = option.session_id;
    store.write(ChangeNote::new("add_option"), |tx| {
        require_session(tx, session_id)?;
        ensure_unique_name(tx, session_id, &option.name, None)?;
        option.position = store::next_position(tx, "options", session_id)?;
        store::options::insert(tx, &option)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(())
    })?;
    get_session(store, session_id)
}

pub fn update_option(store: &mut Store, id: Uuid, edit: OptionEdit) -> Result<SessionDetail> {
    let edit = match edit {
        OptionEdit::Name(value) => OptionEdit::Name(clean_name(&value)?),
        OptionEdit::Definition(value) => OptionEdit::Definition(clean_definition(&value)?),
        OptionEdit::Pros(items) => OptionEdit::Pros(clean_list("pros", "Pros", &items)?),
        OptionEdit::Cons(items) => OptionEdit::Cons(clean_list("cons", "Cons", &items)?),
        OptionEdit::UseCases(items) => OptionEdit::UseCases(clean_list("use_cases", "Use cases", &items)?),
    };
    let now = store.now();
    let session_id = store.write(ChangeNote::new("update_option"), |tx| {
        let session_id = session_of(tx, id)?;
        if let OptionEdit::Name(name) = &edit {
            ensure_unique_name(tx, session_id, name, Some(id))?;
        }
        store::options::apply_edit(tx, id, &edit)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

/// Moves an option to `index` in its session's order (clamped to the list).
pub fn move_option(store: &mut Store, id: Uuid, index: u32) -> Result<SessionDetail> {
    let now = store.now();
    let session_id = store.write(ChangeNote::new("move_option"), |tx| {
        let session_id = session_of(tx, id)?;
        store::move_to(tx, "options", session_id, id, index)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

pub fn remove_option(store: &mut Store, id: Uuid) -> Result<SessionDetail> {
    let now = store.now();
    let session_id = store.write(ChangeNote::new("remove_option"), |tx| {
        let session_id = session_of(tx, id)?;
        store::options::delete(tx, id)?;
        store::sessions::touch_open(tx, session_id, now)?;
        Ok(session_id)
    })?;
    get_session(store, session_id)
}

fn session_of(conn: &rusqlite::Connection, id: Uuid) -> Result<Uuid> {
    store::options::session_of(conn, id)?.ok_or_else(|| Error::not_found("option", id))
}

fn ensure_unique_name(conn: &rusqlite::Connection, session_id: Uuid, name: &str, except: Option<Uuid>) -> Result<()> {
    if store::options::name_taken(conn, session_id, name, except)? {
        return Err(Error::Duplicate {
            field: "name",
            message: format!("An option named “{name}” is already in this session"),
        });
    }
    Ok(())
}

fn clean_name(value: &str) -> Result<String> {
    text::required_line("name", "Name", value, MAX_NAME)
}

fn clean_definition(value: &str) -> Result<String> {
    text::multi_line("definition", "Definition", value, MAX_DESCRIPTION)
}

fn clean_list(field: &'static str, label: &str, items: &[String]) -> Result<Vec<String>> {
    text::line_list(field, label, items, MAX_ITEMS, MAX_ITEM)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sessions::{NewSession, create_session};

    fn session(store: &mut Store) -> Uuid {
        create_session(store, NewSession { title: "S".into(), ..NewSession::default() }).unwrap().session.id
    }

    #[test]
    fn catalog_option_is_a_copy_that_the_session_can_edit() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        let detail = add_catalog_option(&mut store, id, "microservices").unwrap();
        let option = &detail.options[0];
        let original = get_catalog().architecture("microservices").unwrap();
        assert_eq!((option.name.as_str(), option.catalog_key.as_deref()), ("Microservices", Some("microservices")));
        assert_eq!(
            (&option.pros, &option.cons, &option.use_cases),
            (&original.pros, &original.cons, &original.use_cases)
        );
        let mut pros = option.pros.clone();
        pros.push("Teams own their services end to end".into());
        let detail = update_option(&mut store, option.id, OptionEdit::Pros(pros.clone())).unwrap();
        assert_eq!(detail.options[0].pros, pros);
        assert_ne!(get_catalog().architecture("microservices").unwrap().pros, pros, "the catalog is never changed");
        assert_eq!(add_catalog_option(&mut store, id, "microservices").unwrap_err().code(), "duplicate_name");
        assert_eq!(add_catalog_option(&mut store, id, "mainframe").unwrap_err().field(), Some("catalog"));
    }

    #[test]
    fn custom_option_is_validated() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        let detail = add_option(
            &mut store,
            id,
            NewOption {
                name: "Modular monolith".into(),
                definition: Some("One deployable, strict module boundaries".into()),
                pros: Some(vec!["Simple ops".into(), "  ".into()]),
                cons: None,
                use_cases: None,
            },
        )
        .unwrap();
        assert_eq!(detail.options[0].pros, ["Simple ops"]);
        assert_eq!(add_option(&mut store, id, NewOption::default()).unwrap_err().field(), Some("name"));
        let too_many =
            NewOption { name: "X".into(), cons: Some(vec!["c".into(); MAX_ITEMS + 1]), ..NewOption::default() };
        assert_eq!(add_option(&mut store, id, too_many).unwrap_err().field(), Some("cons"));
        let bad_item = OptionEdit::UseCases(vec!["line\nbreak".into()]);
        let option = detail.options[0].id;
        assert_eq!(update_option(&mut store, option, bad_item).unwrap_err().field(), Some("use_cases"));
        assert_eq!(get_session(&store, id).unwrap().options.len(), 1);
    }

    #[test]
    fn edit_move_and_remove() {
        let mut store = Store::open_in_memory().unwrap();
        let id = session(&mut store);
        add_catalog_option(&mut store, id, "monolithic").unwrap();
        let serverless = add_catalog_option(&mut store, id, "serverless").unwrap().options[1].id;
        let names = |detail: &SessionDetail| detail.options.iter().map(|o| o.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&move_option(&mut store, serverless, 0).unwrap()), ["Serverless", "Monolithic"]);
        update_option(&mut store, serverless, OptionEdit::Name("FaaS".into())).unwrap();
        update_option(&mut store, serverless, OptionEdit::Definition("Functions".into())).unwrap();
        let detail = update_option(&mut store, serverless, OptionEdit::Cons(vec![])).unwrap();
        assert_eq!((detail.options[0].name.as_str(), detail.options[0].cons.len()), ("FaaS", 0));
        assert_eq!(names(&remove_option(&mut store, serverless).unwrap()), ["Monolithic"]);
        assert_eq!(
            update_option(&mut store, serverless, OptionEdit::Name("x".into())).unwrap_err().code(),
            "not_found"
        );
        assert_eq!(add_catalog_option(&mut store, Uuid::now_v7(), "serverless").unwrap_err().code(), "not_found");
    }
}
