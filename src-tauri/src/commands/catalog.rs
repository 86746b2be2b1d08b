//! Catalog command: the built-in architectures and driver templates.

use archdecide_core::catalog::{self, Catalog};

#[tauri::command(async)]
pub fn get_catalog() -> Catalog {
    catalog::get_catalog().clone()
}
