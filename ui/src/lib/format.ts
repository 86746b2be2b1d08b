// Small display formatting shared by the views.
import type { Raci } from "../bindings/Raci";
import type { SessionStatus } from "../bindings/SessionStatus";
import type { DriverCategory } from "../bindings/DriverCategory";

export const statusLabel: Record<SessionStatus, string> = {
  draft: "Draft",
  scoring: "Scoring",
  decided: "Decided",
  superseded: "Superseded",
  archived: "Archived",
};

/** RACI's four parts, in the order a team usually names them. The record's decision-makers
 *  (MADR) are the accountable and responsible people. */
export const raciLabel: Record<Raci, string> = {
  accountable: "Accountable — decides",
  responsible: "Responsible — does the work",
  consulted: "Consulted",
  informed: "Informed",
};

export const categoryLabel: Record<DriverCategory, string> = {
  principle: "Principle",
  challenge: "Challenge",
  custom: "Custom",
};

/** "just now", "5 min ago", "3 h ago", "yesterday", else the date. */
export function changedAgo(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 172800) return "yesterday";
  return then.toISOString().slice(0, 10);
}

/** A list field shown as one item per line. */
export const linesOf = (items: string[]) => items.join("\n");
export const itemsOf = (text: string) => text.split("\n");

/** "Simplicity — one deploy" reads "simplicity — one deploy" after "because"; an acronym
 *  ("REST …") keeps its capital (the Markdown and PDF exports do the same). */
export function afterBecause(text: string): string {
  const [first, second] = [...text];
  if (first && second && first !== first.toLowerCase() && second !== second.toUpperCase()) {
    return first.toLowerCase() + text.slice(first.length);
  }
  return text;
}

/** "12 KB", "3.4 MB". */
export function sizeLabel(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A time as the user's clock shows it: "2026-11-25 14:03", or "2026-11-25 14:03:07". */
export function localTime(iso: string, seconds = false): string {
  const t = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  const minute = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
  return seconds ? `${minute}:${pad(t.getSeconds())}` : minute;
}

/** A linked decision log's short name for the session list: its repository's folder (or its
 *  own folder outside git). */
export function logName(dir: string, workTree: string | null): string {
  const base = (path: string) => path.replace(/[\\/]+$/, "").split(/[\\/]/).pop() || path;
  return base(workTree ?? dir);
}

/** "ADR-0007", or "Draft" for a record not numbered yet (as core's `number_label`). */
export const adrLabel = (number: number | null) => (number === null ? "Draft" : `ADR-${String(number).padStart(4, "0")}`);
