// Sessions: open, create, edit framing, archive, delete (Rust: commands/sessions.rs).
import { call } from "./ipc";
import type { NewSession } from "../bindings/NewSession";
import type { SessionDetail } from "../bindings/SessionDetail";
import type { SessionEdit } from "../bindings/SessionEdit";

export const getSession = (id: string) => call<SessionDetail>("get_session", { id });

export const createSession = (newSession: NewSession) =>
  call<SessionDetail>("create_session", { new: newSession });

export const updateSession = (id: string, edit: SessionEdit) =>
  call<SessionDetail>("update_session", { id, edit });

export const archiveSession = (id: string, archived: boolean) =>
  call<SessionDetail>("archive_session", { id, archived });

export const deleteSession = (id: string) => call<null>("delete_session", { id });
