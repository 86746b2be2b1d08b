// The team's decision log in its repository (Rust: commands/decision_log.rs): linked folders,
// sync (pick up teammates' records, then publish), and publishing one record again.
import { call } from "./ipc";
import type { LinkedLog } from "../bindings/LinkedLog";
import type { LogFormat } from "../bindings/LogFormat";
import type { PublishReport } from "../bindings/PublishReport";
import type { SyncReport } from "../bindings/SyncReport";

export const linkedLogs = () => call<LinkedLog[]>("linked_logs");

/** Asks for a folder, links it and syncs; null when the user cancels. */
export const linkLog = (format: LogFormat | null, readOnly: boolean, commit: boolean) =>
  call<SyncReport[] | null>("link_log", { format, readOnly, commit });

export const unlinkLog = (dir: string) => call<null>("unlink_log", { dir });

export const syncLogs = () => call<SyncReport[]>("sync_logs");

/** Publishes a record into every writable linked log; `overwrite` replaces hand-edited files. */
export const publishRecord = (sessionId: string, overwrite = false) =>
  call<PublishReport[]>("publish_record", { sessionId, overwrite });

/** Every numbered record into every writable linked log; `overwrite` replaces hand-edited files. */
export const publishAll = (overwrite = false) => call<PublishReport[]>("publish_all", { overwrite });

/** The files of a session's record in the linked logs. */
export const recordLocations = (sessionId: string) => call<string[]>("record_locations", { sessionId });

/** For the session list: the folders of the linked logs that hold each session's record. */
export const recordLogs = () => call<Partial<Record<string, string[]>>>("record_logs");
