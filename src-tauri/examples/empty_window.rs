//! The floor of the launch and memory figures: an empty Tauri window built with the app's
//! own tauri version and profile, measured by `tests/figures.rs` the same way as the app.

fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!("examples/empty_window/tauri.conf.json"))
        .expect("the empty window could not start");
}
