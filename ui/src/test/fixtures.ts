// Test data shaped exactly like the Rust types (the bindings make a mismatch a type error).
import type { SessionDetail } from "../bindings/SessionDetail";
import type { SessionSummary } from "../bindings/SessionSummary";
import type { Catalog } from "../bindings/Catalog";

export const SESSION_ID = "019ab000-0000-7000-8000-000000000001";

export function summary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: SESSION_ID,
    title: "Checkout platform",
    status: "draft",
    facilitator: "Ana",
    tags: ["payments"],
    updated_at: new Date().toISOString(),
    stakeholder_count: 0,
    driver_count: 0,
    option_count: 0,
    ...overrides,
  };
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
};
