import { afterEach, describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import DecideStep from "./DecideStep.svelte";
import { AppState } from "../lib/app-state.svelte";
import { analysis, catalog, scoring, scoringDetail, SESSION_ID } from "../test/fixtures";
import type { Decision } from "../bindings/Decision";

afterEach(() => clearMocks());

function decision(overrides: Partial<Decision> = {}): Decision {
  return {
    id: "dec-1",
    session_id: SESSION_ID,
    number: null,
    option_id: "o1",
    chosen_option: "Microservices",
    title: "Checkout platform: Microservices",
    status: "proposed",
    summary: "In the context of Checkout platform, we decided for Microservices.",
    rationale: "it leads.",
    good: ["Fault isolation"],
    bad: ["Distributed complexity"],
    confirmation: "",
    decision_makers: ["Ana"],
    consulted: ["Bo"],
    informed: [],
    decided_on: null,
    review_by: "2027-11-25",
    triggers: [],
    supersedes: null,
    superseded_by: null,
    snapshot: null,
    created_at: "2026-11-25T10:00:00Z",
    updated_at: "2026-11-25T10:00:00Z",
    ...overrides,
  };
}

function mount(current: Decision | null, handler: (cmd: string, args: any) => unknown = () => null, sheet = scoring()) {
  const app = new AppState();
  app.catalog = catalog;
  app.detail = scoringDetail;
  const calls: Array<[string, any]> = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === "get_decision") return current;
    if (cmd === "get_scoring") return sheet;
    if (cmd === "get_session") return scoringDetail;
    if (cmd === "search_sessions") return { total: 0, first: 0, hits: [] };
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

  it("shows what would change the decision and keeps the team's own triggers, also once accepted", async () => {
    const accepted = decision({ status: "accepted", number: 1, triggers: ["If traffic passes 5k requests/s"] });
    const { calls } = mount(accepted, (cmd, args) => {
      if (cmd === "record_triggers")
        return [
          { text: "Monolithic would win if Scalability weighed 8.0 points less.", driver_id: "d1", computed: true },
          { text: "If traffic passes 5k requests/s", driver_id: null, computed: false },
        ];
      if (cmd === "update_decision") return decision({ ...accepted, triggers: args.edit.value });
      return null;
    });
    expect(await screen.findByTestId("computed-triggers")).toHaveTextContent("Monolithic would win if Scalability weighed 8.0 points less.");
    const own = screen.getByTestId("record-triggers");
    expect(own).toHaveValue("If traffic passes 5k requests/s");
    await userEvent.type(own, "\nIf the team doubles");
    await waitFor(() =>
      expect(calls).toContainEqual([
        "update_decision",
        { id: "dec-1", edit: { field: "triggers", value: ["If traffic passes 5k requests/s", "If the team doubles"] } },
      ]),
    );
  });

  it("accepts only after confirmation", async () => {
    const { calls } = mount(decision(), (cmd) => (cmd === "set_decision_status" ? decision({ status: "accepted", number: 1 }) : null));
    await userEvent.click(await screen.findByTestId("accept-record"));
    expect(calls.some(([cmd]) => cmd === "set_decision_status")).toBe(false);
    await userEvent.click(screen.getByTestId("confirm"));
    expect(await screen.findByTestId("record-status")).toHaveTextContent("ADR-0001 · Accepted");
    expect(screen.queryByTestId("record-title")).toBeNull();
    expect(screen.getByTestId("record-title-text")).toHaveTextContent("Checkout platform: Microservices");
    expect(screen.getByTestId("record-summary-text")).toHaveTextContent("In the context of Checkout platform, we decided for Microservices.");
  });

  it("edits the one-sentence summary while the record is proposed", async () => {
    const { calls } = mount(decision(), (cmd, args) => (cmd === "update_decision" ? decision({ summary: args.edit.value }) : null));
    const field = await screen.findByTestId("record-summary");
    expect(field).toHaveValue("In the context of Checkout platform, we decided for Microservices.");
    await userEvent.type(field, " Cheaply.");
    await waitFor(() =>
      expect(calls).toContainEqual([
        "update_decision",
        { id: "dec-1", edit: { field: "summary", value: "In the context of Checkout platform, we decided for Microservices. Cheaply." } },
      ]),
    );
  });

  it("says when the AHP weights are too inconsistent and accepts only anyway, on purpose", async () => {
    const inconsistent = scoring({
      analysis: {
        ...analysis(),
        ahp: {
          ri_table: "saaty1980",
          group: { consistency_ratio: 0.27, lambda_max: 3.5, acceptable: false, triad: null },
          per_stakeholder: [],
          weights_from_importance: false,
        },
      },
    });
    const { calls } = mount(
      decision(),
      (cmd) => (cmd === "set_decision_status" ? decision({ status: "accepted", number: 1 }) : null),
      inconsistent,
    );
    expect(await screen.findByTestId("inconsistent-weights")).toHaveTextContent("consistency ratio 0.27");
    await userEvent.click(await screen.findByTestId("accept-record"));
    expect(screen.getByRole("dialog")).toHaveTextContent("over the 0.10 limit");
    expect(screen.getByTestId("confirm")).toHaveTextContent("Accept anyway");
    await userEvent.click(screen.getByTestId("confirm"));
    expect(calls).toContainEqual(["set_decision_status", { id: "dec-1", status: "accepted", despiteInconsistency: true }]);
  });

  it("after accepting, shows a linked log's hand-edited file instead of overwriting it", async () => {
    const conflict = { file: "0001-microservices.md", on_disk: "status: accepted\nBy hand.\n", ours: "status: accepted\n" };
    const { calls } = mount(decision(), (cmd) => {
      if (cmd === "set_decision_status") return decision({ status: "accepted", number: 1 });
      if (cmd === "publish_record") return [{ dir: "/repo/docs/decisions", written: [], conflicts: [conflict], commit: null, commit_error: null }];
      return null;
    });
    await userEvent.click(await screen.findByTestId("accept-record"));
    await userEvent.click(screen.getByTestId("confirm"));
    expect(await screen.findByTestId("publish-conflict")).toHaveTextContent("0001-microservices.md");
    expect(calls).toContainEqual(["publish_record", { sessionId: SESSION_ID, overwrite: false }]);
    expect(calls.some(([cmd, args]) => cmd === "publish_record" && args.overwrite)).toBe(false);
  });

  it("says where a numbered record lives in the linked decision logs", async () => {
    mount(decision({ status: "accepted", number: 3 }), (cmd) =>
      cmd === "record_locations" ? ["/repo/docs/decisions/0003-microservices.md"] : null,
    );
    expect(await screen.findByTestId("record-locations")).toHaveTextContent("In the decision log: /repo/docs/decisions/0003-microservices.md");
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
