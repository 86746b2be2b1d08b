// Scoring: importance, scores, suggestions, blind rounds (Rust: commands/scoring.rs). Every
// call returns the Scoring view: the sheet shown and, outside a blind round, the analysis;
// a score cell's edit returns only the cell, so keys never wait for the analysis.
import { call } from "./ipc";
import type { Score } from "../bindings/Score";
import type { ScoreCell } from "../bindings/ScoreCell";
import type { ScoreEdit } from "../bindings/ScoreEdit";
import type { Scoring } from "../bindings/Scoring";
import type { Smaa } from "../bindings/Smaa";

export const getScoring = (sessionId: string, stakeholderId: string | null) =>
  call<Scoring>("get_scoring", { sessionId, stakeholderId });

export const setImportance = (sessionId: string, stakeholderId: string, driverId: string, value: number | null) =>
  call<Scoring>("set_importance", { sessionId, stakeholderId, driverId, value });

/** Writes one cell; answers with the cell as stored (null once cleared). */
export const writeScore = (sessionId: string, cell: ScoreCell, edit: ScoreEdit) =>
  call<Score | null>("write_score", { sessionId, cell, edit });

export const suggestScores = (sessionId: string, stakeholderId: string) =>
  call<Scoring>("suggest_scores", { sessionId, stakeholderId });

export const confirmSuggestions = (sessionId: string, stakeholderId: string) =>
  call<Scoring>("confirm_suggestions", { sessionId, stakeholderId });

export const setComparison = (
  sessionId: string,
  stakeholderId: string,
  driverA: string,
  driverB: string,
  value: number | null,
) => call<Scoring>("set_comparison", { sessionId, stakeholderId, driverA, driverB, value });

/** SMAA-2 win probabilities; the seed travels as text (a u64 does not fit a JS number). */
export const runSmaa = (sessionId: string, samples: number, seed: string) =>
  call<Smaa>("run_smaa", { sessionId, samples, seed });

export const startBlindRound = (sessionId: string) => call<Scoring>("start_blind_round", { sessionId });

export const sealScores = (sessionId: string, stakeholderId: string) =>
  call<Scoring>("seal_scores", { sessionId, stakeholderId });

export const revealRound = (sessionId: string) => call<Scoring>("reveal_round", { sessionId });
