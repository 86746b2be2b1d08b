import { afterEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import ScoreStep from "./ScoreStep.svelte";
import ResultsStep from "./ResultsStep.svelte";
import { AppState } from "../lib/app-state.svelte";
import { analysis, catalog, scoringDetail, scoring, SESSION_ID } from "../test/fixtures";
import type { Smaa } from "../bindings/Smaa";

function smaaResult(): Smaa {
  return {
    samples: 10000,
    seed: "2001",
    weight_model: "around_elicited",
    options: [
      { option_id: "o1", ranks: [0.72, 0.28], win: 0.72 },
      { option_id: "o2", ranks: [0.28, 0.72], win: 0.28 },
    ],
  };
}

afterEach(() => clearMocks());

function mount(component: typeof ScoreStep | typeof ResultsStep, handler: (cmd: string, args: any) => unknown) {
  const app = new AppState();
  app.catalog = catalog;
  app.detail = scoringDetail;
  const calls: Array<[string, any]> = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === "search_sessions") return [];
    if (cmd === "get_session") return scoringDetail;
    if (cmd === "get_room") return null;
    return handler(cmd, args);
  });
  render(component, { app, detail: scoringDetail });
  return { app, calls };
}

describe("ScoreStep", () => {
  it("scores the focused cell with a digit, clears it with Delete, and moves with arrows", async () => {
    const { calls } = mount(ScoreStep, (_cmd, args) => scoring({ stakeholder_id: args?.stakeholderId ?? "s1" }));
    const cells = await screen.findAllByTestId("score-cell");
    cells[0].focus();
    await fireEvent.keyDown(cells[0], { key: "4" });
    await fireEvent.keyDown(cells[0], { key: "Delete" });
    await fireEvent.keyDown(cells[0], { key: "7" }); // not a score: ignored
    await fireEvent.keyDown(cells[0], { key: "ArrowRight" });
    expect(document.activeElement).toBe(cells[1]);
    const edits = calls.filter(([cmd]) => cmd === "set_score").map(([, a]) => a.edit);
    expect(edits).toEqual([{ field: "value", value: 4 }, { field: "value", value: null }]);
    const importance = screen.getAllByTestId("importance-cell")[0];
    await fireEvent.keyDown(importance, { key: "0" }); // importance is 1–5
    await fireEvent.keyDown(importance, { key: "5" });
    expect(calls.filter(([cmd]) => cmd === "set_importance").map(([, a]) => a.value)).toEqual([5]);
  });

  it("shows which cells have a reason, and Enter or Escape in the reason goes back to the cell", async () => {
    const withReason = scoring({
      stakeholder_id: "s1",
      scores: [{ stakeholder_id: "s1", driver_id: "d1", option_id: "o1", value: 4, rationale: "Scales per service", suggested: false }],
    });
    mount(ScoreStep, () => withReason);
    const cells = await screen.findAllByTestId("score-cell");
    await waitFor(() => expect(cells[0]).toHaveTextContent("4"));
    expect(cells[0].getAttribute("aria-label")).toContain("reason: Scales per service");
    expect(cells[1].getAttribute("aria-label")).not.toContain("reason");
    cells[0].focus();
    await fireEvent.keyDown(cells[0], { key: "Enter" });
    const input = screen.getByTestId("rationale");
    expect(document.activeElement).toBe(input);
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(document.activeElement).toBe(cells[0]);
    cells[0].focus();
    await fireEvent.keyDown(cells[0], { key: "Enter" });
    await fireEvent.keyDown(screen.getByTestId("rationale"), { key: "Enter" });
    expect(document.activeElement).toBe(cells[0]);
  });

  it("shows the focused option's pros and cons", async () => {
    mount(ScoreStep, (_cmd, args) => scoring({ stakeholder_id: args?.stakeholderId ?? "s1" }));
    const cells = await screen.findAllByTestId("score-cell");
    await fireEvent.focus(cells[0]);
    expect(screen.getByText("Fault isolation")).toBeInTheDocument();
  });

  it("switches stakeholder with ] and asks who is scoring during a blind round", async () => {
    const { calls } = mount(ScoreStep, (_cmd, args) => scoring({ stakeholder_id: args?.stakeholderId ?? "s1" }));
    const cells = await screen.findAllByTestId("score-cell");
    await fireEvent.keyDown(cells[0], { key: "]" });
    await waitFor(() => expect(calls.some(([cmd, a]) => cmd === "get_scoring" && a.stakeholderId === "s2")).toBe(true));
  });

  it("during a blind round offers only the stakeholders who have not finished", async () => {
    mount(ScoreStep, () =>
      scoring({ stakeholder_id: null, analysis: null, blind_round: { id: "r", started_at: "2026-11-25T10:00:00Z", sealed: ["s1"] } }),
    );
    const choices = await screen.findAllByTestId("who-is-scoring");
    expect(choices.map((c) => c.textContent)).toEqual(["I am Bo"]);
    expect(screen.queryByTestId("matrix")).toBeNull();
  });
});

describe("ResultsStep", () => {
  it("names the winner, draws the chart and lists what to discuss first", async () => {
    mount(ResultsStep, (cmd) => (cmd === "run_smaa" ? smaaResult() : scoring({ analysis: analysis() })));
    expect(await screen.findByTestId("winner")).toHaveTextContent("Microservices");
    expect(screen.getByTestId("results-summary")).toHaveTextContent("12.5 points ahead");
    expect(screen.getByTestId("bar-chart")).toHaveTextContent("fails must-have");
    expect(screen.getByTestId("discuss-first")).toHaveTextContent("Scalability × Microservices");
  });

  it("shows how firm the result is: fragile warning, tornado and win probabilities", async () => {
    const fragile = { ...analysis(), fragile: true, sensitivity: [{ driver_id: "d1", weight: 1, threshold: -3.2, rival: "o2" }] };
    const { calls } = mount(ResultsStep, (cmd) => (cmd === "run_smaa" ? smaaResult() : scoring({ analysis: fragile })));
    expect(await screen.findByTestId("fragile")).toHaveTextContent("Fragile winner");
    expect(screen.getByTestId("tornado")).toHaveTextContent("-3.2 → Monolithic");
    expect(await screen.findByTestId("smaa")).toHaveTextContent("72.0%");
    expect(calls).toContainEqual(["run_smaa", { sessionId: SESSION_ID, samples: 10000, seed: "2001" }]);
  });

  it("hides everything during a blind round", async () => {
    mount(ResultsStep, () => scoring({ analysis: null, blind_round: { id: "r", started_at: "2026-11-25T10:00:00Z", sealed: [] } }));
    expect(await screen.findByTestId("results-hidden")).toBeInTheDocument();
    expect(screen.queryByTestId("bar-chart")).toBeNull();
  });
});

