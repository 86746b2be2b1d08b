//! Quick record commands: a record written directly, without a workshop, and the records it
//! can supersede.

use archdecide_core::ErrorReport;
use archdecide_core::decisions::{Decision, DecisionLink, DecisionStatus};
use archdecide_core::quick_records::{self, QuickRecord};
use tauri::State;

use crate::app::AppState;

/// Writes the record (`quick_records::write_quick_record`) and, when it was written accepted,
/// publishes it into the linked decision logs as a status change would.
#[tauri::command(async)]
pub fn write_quick_record(state: State<'_, AppState>, quick: QuickRecord) -> Result<Decision, ErrorReport> {
    state.with(|store| {
        let decision = quick_records::write_quick_record(store, quick)?;
        if decision.status != DecisionStatus::Proposed {
            super::decision_log::publish_after_change(store, decision.session_id);
        }
        Ok(decision)
    })
}

#[tauri::command(async)]
pub fn supersedable_records(state: State<'_, AppState>) -> Result<Vec<DecisionLink>, ErrorReport> {
    state.with(|store| quick_records::supersedable_records(store))
}
