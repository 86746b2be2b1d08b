// The participant page's one door to the room server (Rust: src-tauri/room/src/http.rs):
// the sheet, one change at a time, and the room's event stream. Failures come back as the
// room's {code, message, field}; a network that is away is "offline", never an error.
import type { ChangeAnswer } from "../bindings/ChangeAnswer";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ErrorReport } from "../bindings/ErrorReport";
import type { ParticipantChange } from "../bindings/ParticipantChange";
import type { ParticipantSheet } from "../bindings/ParticipantSheet";
import type { Queued, SendResult } from "../lib/change-queue";

/** The token in a personal link's path (`/s/<token>`). */
export function tokenFromPath(path: string): string | null {
  const match = /^\/s\/([0-9a-f]{32,64})\/?$/.exec(path);
  return match ? match[1] : null;
}

export class RoomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "RoomError";
  }
}

async function report(response: Response): Promise<ErrorReport> {
  try {
    return (await response.json()) as ErrorReport;
  } catch {
    const code: ErrorCode = response.status >= 500 ? "internal" : "invalid_request";
    return { code, message: response.statusText || `The room answered ${response.status}`, field: null };
  }
}

export async function getSheet(token: string): Promise<ParticipantSheet> {
  const response = await fetch(`/api/${token}/sheet`, { cache: "no-store" });
  if (!response.ok) {
    const error = await report(response);
    throw new RoomError(error.code, error.message, response.status);
  }
  return (await response.json()) as ParticipantSheet;
}

/** Sends one queued change. A lost connection, a server error or "too many requests" is
 *  "offline" (the queue retries the same change); any other refusal is final for it. */
export async function sendChange(token: string, item: Queued<ParticipantChange>): Promise<SendResult<ChangeAnswer>> {
  let response: Response;
  try {
    response = await fetch(`/api/${token}/changes`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: item.clientId, change: item.change }),
    });
  } catch {
    return { kind: "offline" };
  }
  if (response.ok) return { kind: "applied", answer: (await response.json()) as ChangeAnswer };
  if (response.status >= 500 || response.status === 429) return { kind: "offline" };
  return { kind: "refused", error: await report(response) };
}

export interface RoomListener {
  changed(): void;
  revoked(): void;
  closed(): void;
  connection(online: boolean): void;
}

/** Listens to the room's server-sent events; returns a function that stops listening. */
export function watchRoom(token: string, listener: RoomListener): () => void {
  const source = new EventSource(`/api/${token}/events`);
  source.addEventListener("hello", () => {
    listener.connection(true);
    listener.changed();
  });
  source.addEventListener("changed", () => listener.changed());
  source.addEventListener("revoked", () => {
    source.close();
    listener.revoked();
  });
  source.addEventListener("closed", () => {
    source.close();
    listener.closed();
  });
  source.onerror = () => listener.connection(false);
  return () => source.close();
}
