import { afterEach, describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import DecideStep from "./DecideStep.svelte";
import { AppState } from "../lib/app-state.svelte";
import { catalog, scoring, scoringDetail, SESSION_ID } from "../test/fixtures";
import type { Decision } from "../bindings/Decision";

afterEach(() => clearMocks());

function decision(overrides: Partial<Decision> = {}): Decision {
  return {
    id: "dec-1",
    session_id: SESSION_ID,
    number: null,
    option_id: "o1",
    chosen_option: "Microservices",
    title: "Microservices for Checkout platform",
    status: "proposed",
    rationale: "it leads.",
    good: ["Fault isolation"],
    bad: ["Distributed complexity"],
    confirmation: "",
    decision_makers: ["Ana"],
    consulted: ["Bo"],
    informed: [],
    decided_on: null,
    review_by: "2027-11-25",
    supersedes: null,
    superseded_by: null,
    snapshot: null,
    created_at: "2026-11-25T10:00:00Z",
    updated_at: "2026-11-25T10:00:00Z",
    ...overrides,
  };
}

function mount(current: Decision | null, handler: (cmd: string, args: any) => unknown = () => null) {
  const app = new AppState();
  app.catalog = catalog;
  app.detail = scoringDetail;
  const calls: Array<[string, any]> = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === "get_decision") return current;
    if (cmd === "get_scoring") return scoring();
    if (cmd === "get_session") return scoringDetail;
    if (cmd === "search_sessions") return [];
    return handler(cmd, args);
  });
  render(DecideStep, { app, detail: scoringDetail });
  return { app, calls };
}

describe("DecideStep", () => {
  it("offers the leading option and drafts the record from it", async () => {
    const { calls } = mount(null, (cmd) => (cmd === "choose_option" ? decision() : null));
    await userEvent.click(await screen.findByTestId("draft-record"));
    expect(calls).toContainEqual(["choose_option", { sessionId: SESSION_ID, optionId: "o1" }]);
    expect(await screen.findByTestId("record-status")).toHaveTextContent("Draft · Proposed");
  });

  it("accepts only after confirmation", async () => {
    const { calls } = mount(decision(), (cmd) => (cmd === "set_decision_status" ? decision({ status: "accepted", number: 1 }) : null));
    await userEvent.click(await screen.findByTestId("accept-record"));
    expect(calls.some(([cmd]) => cmd === "set_decision_status")).toBe(false);
    await userEvent.click(screen.getByTestId("confirm"));
    expect(await screen.findByTestId("record-status")).toHaveTextContent("ADR-0001 · Accepted");
    expect(screen.queryByTestId("record-title")).toBeNull();
    expect(screen.getByTestId("record-title-text")).toHaveTextContent("Microservices for Checkout platform");
  });

  it("exports through Rust and says where the file went", async () => {
    const { calls } = mount(decision({ status: "accepted", number: 3 }), (cmd) =>
      cmd === "export_record" ? "/tmp/0003-x.pdf" : null,
    );
    await userEvent.click(await screen.findByTestId("export-pdf"));
    expect(calls).toContainEqual(["export_record", { sessionId: SESSION_ID, format: "pdf" }]);
    expect(await screen.findByTestId("export-result")).toHaveTextContent("Saved /tmp/0003-x.pdf");
  });
});
