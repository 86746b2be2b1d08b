// Decision records: read, choose the agreed option (prefill), edit, change status
// (Rust: commands/decisions.rs).
import { call } from "./ipc";
import type { Decision } from "../bindings/Decision";
import type { DecisionEdit } from "../bindings/DecisionEdit";
import type { DecisionStatus } from "../bindings/DecisionStatus";

export const getDecision = (sessionId: string) => call<Decision | null>("get_decision", { sessionId });

export const chooseOption = (sessionId: string, optionId: string) =>
  call<Decision>("choose_option", { sessionId, optionId });

export const updateDecision = (id: string, edit: DecisionEdit) => call<Decision>("update_decision", { id, edit });

/** `despiteInconsistency`: accept although the team's AHP consistency ratio is over 0.10. */
export const setDecisionStatus = (id: string, status: DecisionStatus, despiteInconsistency = false) =>
  call<Decision>("set_decision_status", { id, status, despiteInconsistency });
