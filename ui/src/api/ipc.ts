// The one door to Rust: every api/<area>.ts calls `call`, which turns a failed command into
// an ApiError carrying the stable {code, message, field} report. The UI never reads message
// text to decide anything; it matches `code` and places `message` next to `field`.
import { invoke } from "@tauri-apps/api/core";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ErrorReport } from "../bindings/ErrorReport";

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(report: ErrorReport) {
    super(report.message);
    this.name = "ApiError";
    this.code = report.code;
    this.field = report.field;
  }
}

function isErrorReport(value: unknown): value is ErrorReport {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorReport).code === "string" &&
    typeof (value as ErrorReport).message === "string"
  );
}

let onDamaged: ((error: ApiError) => void) | null = null;

/** Who hears that the database was found damaged mid-session (by the check before a
 *  backup), whichever command noticed: the app state, which shows the recovery screen. */
export function whenDatabaseDamaged(handler: ((error: ApiError) => void) | null) {
  onDamaged = handler;
}

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    const failure = isErrorReport(error) ? new ApiError(error) : new ApiError({ code: "ipc_error", message: String(error), field: null });
    if (failure.code === "database_damaged") onDamaged?.(failure);
    throw failure;
  }
}
