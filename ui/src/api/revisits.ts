// Revisits: start one, compare it with the original, list due reviews (Rust: commands/revisits.rs).
import { call } from "./ipc";
import type { DueReview } from "../bindings/DueReview";
import type { RevisitDiff } from "../bindings/RevisitDiff";
import type { SessionDetail } from "../bindings/SessionDetail";

export const revisitSession = (sessionId: string) => call<SessionDetail>("revisit_session", { sessionId });

export const revisitDiff = (sessionId: string) => call<RevisitDiff>("revisit_diff", { sessionId });

export const dueReviews = () => call<DueReview[]>("due_reviews");
