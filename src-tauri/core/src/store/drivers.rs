//! SQL for the `drivers` table.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::uuid_column;
use crate::Result;
use crate::drivers::{Driver, DriverCategory, DriverEdit};

pub(crate) fn list(conn: &Connection, session_id: Uuid) -> Result<Vec<Driver>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, session_id, template_key, title, description, category, must_have, position
         FROM drivers WHERE session_id = ?1 ORDER BY position, id",
    )?;
    let rows = statement.query_map([session_id.to_string()], |row| {
        let category: String = row.get(5)?;
        Ok(Driver {
            id: uuid_column(row, 0)?,
            session_id: uuid_column(row, 1)?,
            template_key: row.get(2)?,
            title: row.get(3)?,
            description: row.get(4)?,
            category: DriverCategory::parse(&category).unwrap_or(DriverCategory::Custom),
            must_have: row.get(6)?,
            position: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn insert(conn: &Connection, driver: &Driver) -> Result<()> {
    conn.execute(
        "INSERT INTO drivers (id, session_id, template_key, title, description, category, must_have, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            driver.id.to_string(),
            driver.session_id.to_string(),
            driver.template_key,
            driver.title,
            driver.description,
            driver.category.as_str(),
            driver.must_have,
            driver.position,
        ],
    )?;
    Ok(())
}

pub(crate) fn session_of(conn: &Connection, id: Uuid) -> Result<Option<Uuid>> {
    Ok(conn
        .prepare_cached("SELECT session_id FROM drivers WHERE id = ?1")?
        .query_row([id.to_string()], |row| uuid_column(row, 0))
        .optional()?)
}

/// Whether another driver of the session has this title (case-insensitive).
pub(crate) fn title_taken(conn: &Connection, session_id: Uuid, title: &str, except: Option<Uuid>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM drivers WHERE session_id = ?1 AND title = ?2 COLLATE NOCASE AND id IS NOT ?3",
            params![session_id.to_string(), title, except.map(|id| id.to_string())],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub(crate) fn apply_edit(conn: &Connection, id: Uuid, edit: &DriverEdit) -> Result<()> {
    let id = id.to_string();
    match edit {
        DriverEdit::Title(value) => conn.execute("UPDATE drivers SET title = ?2 WHERE id = ?1", params![id, value])?,
        DriverEdit::Description(value) => {
            conn.execute("UPDATE drivers SET description = ?2 WHERE id = ?1", params![id, value])?
        }
        DriverEdit::Category(value) => {
            conn.execute("UPDATE drivers SET category = ?2 WHERE id = ?1", params![id, value.as_str()])?
        }
        DriverEdit::MustHave(value) => {
            conn.execute("UPDATE drivers SET must_have = ?2 WHERE id = ?1", params![id, value])?
        }
    };
    Ok(())
}

pub(crate) fn delete(conn: &Connection, id: Uuid) -> Result<()> {
    conn.execute("DELETE FROM drivers WHERE id = ?1", [id.to_string()])?;
    Ok(())
}
