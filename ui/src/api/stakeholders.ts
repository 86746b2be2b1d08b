// Stakeholders: add, edit, remove (Rust: commands/stakeholders.rs).
import { call } from "./ipc";
import type { NewStakeholder } from "../bindings/NewStakeholder";
import type { SessionDetail } from "../bindings/SessionDetail";
import type { StakeholderEdit } from "../bindings/StakeholderEdit";

export const addStakeholder = (sessionId: string, newStakeholder: NewStakeholder) =>
  call<SessionDetail>("add_stakeholder", { sessionId, new: newStakeholder });

export const updateStakeholder = (id: string, edit: StakeholderEdit) =>
  call<SessionDetail>("update_stakeholder", { id, edit });

export const removeStakeholder = (id: string) => call<SessionDetail>("remove_stakeholder", { id });
