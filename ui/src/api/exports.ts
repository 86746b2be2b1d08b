// Exports through the native save dialog (Rust: commands/exports.rs). Each resolves to the
// written path, or null when the user cancelled the dialog.
import { call } from "./ipc";
import type { LogExport } from "../bindings/LogExport";
import type { LogFormat } from "../bindings/LogFormat";
import type { RecordFormat } from "../bindings/RecordFormat";

export const exportRecord = (sessionId: string, format: RecordFormat) =>
  call<string | null>("export_record", { sessionId, format });

export const exportLog = (format: LogFormat) => call<LogExport | null>("export_log", { format });
