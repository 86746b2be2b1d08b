// The one door to Rust: every api/<area>.ts calls `call`, which turns a failed command into
// an ApiError carrying the stable {code, message, field} report. The UI never reads message
// text to decide anything; it matches `code` and places `message` next to `field`.
import { invoke } from "@tauri-apps/api/core";
import type { ErrorReport } from "../bindings/ErrorReport";

export class ApiError extends Error {
  readonly code: string;
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

export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    if (isErrorReport(error)) throw new ApiError(error);
    throw new ApiError({ code: "ipc_error", message: String(error), field: null });
  }
}
