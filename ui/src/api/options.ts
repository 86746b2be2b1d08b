// Candidate architectures: add (custom or catalog), edit, reorder, remove (Rust: commands/options.rs).
import { call } from "./ipc";
import type { NewOption } from "../bindings/NewOption";
import type { OptionEdit } from "../bindings/OptionEdit";
import type { SessionDetail } from "../bindings/SessionDetail";

export const addOption = (sessionId: string, newOption: NewOption) =>
  call<SessionDetail>("add_option", { sessionId, new: newOption });

export const addCatalogOption = (sessionId: string, catalogKey: string) =>
  call<SessionDetail>("add_catalog_option", { sessionId, catalogKey });

export const updateOption = (id: string, edit: OptionEdit) =>
  call<SessionDetail>("update_option", { id, edit });

export const moveOption = (id: string, index: number) => call<SessionDetail>("move_option", { id, index });

export const removeOption = (id: string) => call<SessionDetail>("remove_option", { id });
