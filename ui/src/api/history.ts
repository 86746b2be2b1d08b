// The session's history: timeline with chain check, undo, redo (Rust: commands/history.rs).
import { call } from "./ipc";
import type { ChainCheck } from "../bindings/ChainCheck";
import type { History } from "../bindings/History";
import type { SessionDetail } from "../bindings/SessionDetail";

export const getHistory = (sessionId: string) => call<History>("get_history", { sessionId });

/** Checks the session's hash chain (what opening a session does). */
export const verifyHistory = (sessionId: string) => call<ChainCheck>("verify_history", { sessionId });

export const undoChange = (sessionId: string) => call<SessionDetail>("undo_change", { sessionId });

export const redoChange = (sessionId: string) => call<SessionDetail>("redo_change", { sessionId });
