// The app's IPC commands, one per line. build.rs turns each into an `allow-<name>`
// permission, `capabilities/default.json` grants them, and `commands::handler` registers them;
// a test checks that the three lists agree.
pub const COMMAND_NAMES: &[&str] = &[
    "list_sessions",
    "get_session",
    "create_session",
    "update_session",
    "archive_session",
    "delete_session",
    "add_stakeholder",
    "update_stakeholder",
    "remove_stakeholder",
    "add_driver",
    "add_template_driver",
    "update_driver",
    "move_driver",
    "remove_driver",
    "add_option",
    "add_catalog_option",
    "update_option",
    "move_option",
    "remove_option",
    "get_catalog",
];
