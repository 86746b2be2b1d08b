//! The IPC commands, one file per area named as in core and in `ui/src/api`. Each command
//! locks the state, calls core, and maps the error to `{code, message, field}`.

mod backups;
mod catalog;
mod decision_log;
mod decisions;
mod drivers;
mod exports;
mod history;
mod imports;
mod options;
mod revisits;
mod room;
mod scoring;
mod search;
mod sessions;
mod stakeholders;

/// The invoke handler with every command of `names.rs` (a test checks the two agree).
pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        sessions::get_session,
        sessions::create_session,
        sessions::update_session,
        sessions::archive_session,
        sessions::delete_session,
        stakeholders::add_stakeholder,
        stakeholders::update_stakeholder,
        stakeholders::remove_stakeholder,
        drivers::add_driver,
        drivers::add_template_driver,
        drivers::update_driver,
        drivers::move_driver,
        drivers::remove_driver,
        options::add_option,
        options::add_catalog_option,
        options::update_option,
        options::move_option,
        options::remove_option,
        catalog::get_catalog,
        scoring::get_scoring,
        scoring::set_importance,
        scoring::set_score,
        scoring::suggest_scores,
        scoring::confirm_suggestions,
        scoring::set_comparison,
        scoring::run_smaa,
        scoring::start_blind_round,
        scoring::seal_scores,
        scoring::reveal_round,
        decisions::get_decision,
        decisions::choose_option,
        decisions::update_decision,
        decisions::set_decision_status,
        decision_log::linked_logs,
        decision_log::link_log,
        decision_log::unlink_log,
        decision_log::sync_logs,
        decision_log::publish_record,
        decision_log::publish_all,
        decision_log::record_locations,
        exports::export_record,
        exports::export_log,
        imports::import_folder,
        imports::import_session_file,
        search::search_sessions,
        history::get_history,
        history::verify_history,
        history::undo_change,
        history::redo_change,
        revisits::revisit_session,
        revisits::revisit_diff,
        revisits::due_reviews,
        backups::list_backups,
        backups::create_backup,
        backups::restore_backup,
        backups::start_empty,
        room::list_room_addresses,
        room::open_room,
        room::get_room,
        room::reissue_room_link,
        room::close_room,
    ]
}

#[cfg(test)]
mod tests {
    include!("names.rs");

    /// The handler, the permission list and the capability file must name the same commands.
    #[test]
    fn capability_grants_exactly_the_app_commands() {
        let capability: serde_json::Value =
            serde_json::from_str(include_str!("../../capabilities/default.json")).unwrap();
        let granted: Vec<String> =
            capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect();
        let expected: Vec<String> =
            COMMAND_NAMES.iter().map(|name| format!("allow-{}", name.replace('_', "-"))).collect();
        assert_eq!(granted, expected, "capabilities/default.json must grant exactly the app's own commands");
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
    }

    #[test]
    fn handler_registers_every_named_command() {
        let source = include_str!("mod.rs");
        let registered = source
            .lines()
            .filter_map(|line| line.trim().strip_suffix(','))
            .filter_map(|path| path.split_once("::").map(|(_, name)| name.to_owned()))
            .collect::<Vec<_>>();
        assert_eq!(registered, COMMAND_NAMES);
    }

    #[test]
    fn csp_allows_no_remote_content_and_no_inline_script() {
        let conf: serde_json::Value = serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        let csp = conf["app"]["security"]["csp"].as_object().unwrap();
        for (directive, value) in csp {
            let value = value.as_str().unwrap();
            assert!(!value.contains("unsafe-inline"), "{directive}: {value}");
            assert!(!value.contains("unsafe-eval"), "{directive}: {value}");
            assert!(!value.contains("https:") && !value.contains('*'), "{directive} allows remote content: {value}");
        }
        assert_eq!(csp["script-src"], "'self'");
        assert_eq!(csp["default-src"], "'self'");
    }
}
