// Use-case guidance: what the session says it builds, matched to the catalog's architectures
// and the session's options (Rust: commands/use_cases.rs).
import { call } from "./ipc";
import type { Guidance } from "../bindings/Guidance";

export const useCaseGuidance = (sessionId: string) => call<Guidance>("use_case_guidance", { sessionId });
