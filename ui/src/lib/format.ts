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

export const raciLabel: Record<Raci, string> = {
  decision_maker: "Decision-maker",
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
