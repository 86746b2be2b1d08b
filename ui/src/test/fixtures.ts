// Test data shaped exactly like the Rust types (the bindings make a mismatch a type error).
import type { SessionDetail } from "../bindings/SessionDetail";
import type { SessionSummary } from "../bindings/SessionSummary";
import type { SearchHit } from "../bindings/SearchHit";
import type { SearchPage } from "../bindings/SearchPage";
import type { Catalog } from "../bindings/Catalog";

export const SESSION_ID = "019ab000-0000-7000-8000-000000000001";

export function summary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: SESSION_ID,
    title: "Checkout platform",
    status: "draft",
    facilitator: "Ana",
    tags: ["payments"],
    held_on: "2026-11-25",
    updated_at: new Date().toISOString(),
    summary: "",
    revisit: false,
    ...overrides,
  };
}

/** A sidebar row without search marks. */
export function hit(overrides: Partial<SessionSummary> = {}, marks: Partial<SearchHit> = {}): SearchHit {
  const session = summary(overrides);
  return { session, title: [{ text: session.title, hit: false }], snippet: [], has_accepted_decision: false, ...marks };
}

/** A whole list as one page. */
export function pageOf(hits: SearchHit[]): SearchPage {
  return { total: hits.length, first: 0, hits };
}

export function detail(overrides: Partial<SessionDetail> = {}): SessionDetail {
  return {
    session: {
      id: SESSION_ID,
      title: "Checkout platform",
      context: "Traffic doubles every year.",
      facilitator: "Ana",
      held_on: "2026-11-25",
      tags: ["payments"],
      status: "draft",
      created_at: "2026-11-25T10:00:00Z",
      updated_at: "2026-11-25T10:00:00Z",
      review_by: null,
      revisit_of: null,
      weighting: "direct",
      use_cases: [],
      use_case_notes: "",
      reversibility: null,
    },
    stakeholders: [],
    drivers: [],
    options: [],
    ...overrides,
  };
}

export const catalog: Catalog = {
  architectures: [
    {
      key: "microservices",
      name: "Microservices",
      summary: "Small independent services.",
      definition: "Small services.",
      pros: ["Fault isolation"],
      cons: ["Distributed complexity"],
      use_cases: ["Streaming"],
      suggested_scores: { scalability: 5 },
    },
  ],
  drivers: [
    { key: "scalability", title: "Scalability", category: "principle", description: "Handles growth." },
    { key: "security", title: "Security", category: "challenge", description: "Keeps data safe." },
  ],
  use_cases: [
    {
      key: "product",
      title: "What kind of product it is",
      use_cases: [
        { key: "streaming_service", label: "A video streaming service", architecture: "microservices", use_case: 0, source: "Microservices Use Cases › Streaming services", words: ["streaming"] },
        { key: "online_game", label: "An online game", architecture: "microservices", use_case: 0, source: "Microservices Use Cases › Online gaming platforms", words: ["game"] },
      ],
    },
  ],
};

import type { Scoring } from "../bindings/Scoring";
import type { Analysis } from "../bindings/Analysis";

/** A session ready to score: Ana (s1) and Bo (s2), one driver (d1, must-have), two options. */
export const scoringDetail: SessionDetail = detail({
  stakeholders: [
    { id: "s1", session_id: SESSION_ID, name: "Ana", role: "", raci: "accountable", influence: 1, position: 0 },
    { id: "s2", session_id: SESSION_ID, name: "Bo", role: "", raci: "consulted", influence: 1, position: 1 },
  ],
  drivers: [
    { id: "d1", session_id: SESSION_ID, template_key: "scalability", title: "Scalability", description: "", category: "principle", must_have: true, position: 0 },
  ],
  options: [
    { id: "o1", session_id: SESSION_ID, catalog_key: "microservices", name: "Microservices", definition: "", pros: ["Fault isolation"], cons: ["Distributed complexity"], use_cases: [], position: 0 },
    { id: "o2", session_id: SESSION_ID, catalog_key: "monolithic", name: "Monolithic", definition: "", pros: ["Simplicity"], cons: [], use_cases: [], position: 1 },
  ],
});

export function analysis(): Analysis {
  return {
    weights: [{ driver_id: "d1", weight: 1, importance: 4, rated_by: 2 }],
    options: [
      { option_id: "o1", total: 80, rank: 1, must_have_failures: [], scored_drivers: 1 },
      { option_id: "o2", total: 67.5, rank: 2, must_have_failures: ["d1"], scored_drivers: 1 },
    ],
    ranking: ["o1", "o2"],
    winner: "o1",
    margin: 12.5,
    stakeholder_rankings: [
      { stakeholder_id: "s1", totals: [100, 20], ranking: ["o1", "o2"], complete: true },
      { stakeholder_id: "s2", totals: [60, 20], ranking: ["o1", "o2"], complete: true },
    ],
    cells: [
      { driver_id: "d1", option_id: "o1", mean: 4, std_dev: 1, range: 2, count: 2 },
      { driver_id: "d1", option_id: "o2", mean: 1, std_dev: 0, range: 0, count: 2 },
    ],
    discuss_first: [{ driver_id: "d1", option_id: "o1" }],
    consensus: { kendall_w: 1, raters: 2 },
    coverage: { expected: 4, scored: 4, missing: 0, per_stakeholder: [] },
    ahp: null,
    sensitivity: [{ driver_id: "d1", weight: 1, threshold: null, rival: null }],
    fragile: false,
  };
}

export function scoring(overrides: Partial<Scoring> = {}): Scoring {
  return {
    session_id: SESSION_ID,
    stakeholder_id: "s1",
    blind_round: null,
    sheet_sealed: false,
    scores: [],
    importances: [],
    comparisons: [],
    progress: [
      { stakeholder_id: "s1", scored: 0, importances: 0, sealed: false },
      { stakeholder_id: "s2", scored: 0, importances: 0, sealed: false },
    ],
    analysis: analysis(),
    ...overrides,
  };
}
