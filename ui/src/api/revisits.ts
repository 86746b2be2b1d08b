// Revisits: start one, compare it with the original, list due reviews, a record's triggers (Rust: commands/revisits.rs).
import { call } from "./ipc";
import type { DueReview } from "../bindings/DueReview";
import type { RevisitDiff } from "../bindings/RevisitDiff";
import type { RevisitTrigger } from "../bindings/RevisitTrigger";
import type { SessionDetail } from "../bindings/SessionDetail";

export const revisitSession = (sessionId: string) => call<SessionDetail>("revisit_session", { sessionId });

export const revisitDiff = (sessionId: string) => call<RevisitDiff>("revisit_diff", { sessionId });

export const dueReviews = () => call<DueReview[]>("due_reviews");

/** When to look at a session's record again: computed from its frozen evidence, then the team's own. */
export const recordTriggers = (sessionId: string) => call<RevisitTrigger[]>("record_triggers", { sessionId });

/** For a revisit: the original record's triggers, pointing at the revisit's own drivers. */
export const originalTriggers = (sessionId: string) => call<RevisitTrigger[]>("original_triggers", { sessionId });
