//! Build script: lets tauri-build embed the config, capabilities and the built UI, and
//! generates one `allow-<command>` permission per app command so the capability file can
//! grant exactly these and nothing else.

include!("src/commands/names.rs");

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMAND_NAMES);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)).expect("tauri-build failed");
}
