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
    if (cmd === "search_sessions") return { total: 0, first: 0, hits: [] };
    if (cmd === "get_session") return scoringDetail;
    if (cmd === "get_room") return null;
    return handler(cmd, args);
  });
  render(component, { app, detail: scoringDetail });
  return { app, calls };
}

describe("ScoreStep", () => {
  it("scores the focused cell with a digit, clears it with Delete, and moves with arrows", async () => {
    const { calls } = mount(ScoreStep, (cmd, args) =>
      cmd === "write_score" ? null : scoring({ stakeholder_id: args?.stakeholderId ?? "s1" }),
    );
    const cells = await screen.findAllByTestId("score-cell");
    cells[0].focus();
    await fireEvent.keyDown(cells[0], { key: "4" });
    await fireEvent.keyDown(cells[0], { key: "Delete" });
    await fireEvent.keyDown(cells[0], { key: "7" }); // not a score: ignored
    await fireEvent.keyDown(cells[0], { key: "ArrowRight" });
    expect(document.activeElement).toBe(cells[1]);
    const edits = calls.filter(([cmd]) => cmd === "write_score").map(([, a]) => a.edit);
    expect(edits).toEqual([{ field: "value", value: 4 }, { field: "value", value: null }]);
    const importance = screen.getAllByTestId("importance-cell")[0];
    await fireEvent.keyDown(importance, { key: "0" }); // importance is 1–5
    await fireEvent.keyDown(importance, { key: "5" });
    expect(calls.filter(([cmd]) => cmd === "set_importance").map(([, a]) => a.value)).toEqual([5]);
  });

  it("sends a second key on the same cell only once the first has answered, so the last key wins", async () => {
    const answers: Array<() => void> = [];
    const { calls } = mount(ScoreStep, (cmd, args) =>
      cmd === "write_score"
        ? new Promise((resolve) => answers.push(() => resolve(null)))
        : scoring({ stakeholder_id: args?.stakeholderId ?? "s1" }),
    );
    const cells = await screen.findAllByTestId("score-cell");
    await fireEvent.keyDown(cells[0], { key: "4" });
    await fireEvent.keyDown(cells[0], { key: "2" });
    await fireEvent.keyDown(cells[1], { key: "3" }); // another cell is not held up
    const sent = () => calls.filter(([cmd]) => cmd === "write_score").map(([, a]) => a.edit.value);
    await waitFor(() => expect(sent()).toEqual([4, 3]));
    answers[0]();
    await waitFor(() => expect(sent()).toEqual([4, 3, 2]));
    answers.slice(1).forEach((answer) => answer());
    await waitFor(() => expect(answers).toHaveLength(3));
    answers[2]();
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

  it("keeps the previous win probabilities, marked as updating, until the latest run answers", async () => {
    // Each run answers when the test says so; the second run's answer is asked for but
    // never used, as a newer edit made it stale (Rust stops it and says `stopped`).
    const pending: Array<{ resolve: (s: Smaa) => void; reject: (e: unknown) => void }> = [];
    const { app, calls } = mount(ResultsStep, (cmd) =>
      cmd === "run_smaa" ? new Promise((resolve, reject) => pending.push({ resolve, reject })) : scoring({ analysis: analysis() }),
    );
    await waitFor(() => expect(pending).toHaveLength(1));
    expect(screen.getByTestId("smaa-running")).toHaveTextContent("Sampling…");
    pending[0].resolve(smaaResult());
    const table = await screen.findByTestId("smaa");
    expect(table).toHaveTextContent("72.0%");
    expect(table.getAttribute("aria-busy")).toBe("false");
    expect(screen.getByTestId("smaa-running")).toHaveTextContent("");

    app.revision++; // an edit: the figures are stale at once, and recomputed a moment later
    await waitFor(() => expect(table.getAttribute("aria-busy")).toBe("true"));
    expect(screen.getByTestId("smaa-running")).toHaveTextContent("Updating…");
    await waitFor(() => expect(pending).toHaveLength(2), { timeout: 2000 });
    app.revision++; // another edit while the second run is on its way
    await waitFor(() => expect(pending).toHaveLength(3), { timeout: 2000 });
    const newest = smaaResult();
    newest.options[0] = { option_id: "o1", ranks: [0.61, 0.39], win: 0.61 };
    newest.options[1] = { option_id: "o2", ranks: [0.39, 0.61], win: 0.39 };
    pending[2].resolve(newest);
    await waitFor(() => expect(table).toHaveTextContent("61.0%"));
    // The stale run answers late, stopped by Rust: no error, and the figures stay.
    pending[1].reject({ code: "stopped", message: "a newer run replaced this one", field: null });
    await new Promise((r) => setTimeout(r, 20));
    expect(table).toHaveTextContent("61.0%");
    expect(table.getAttribute("aria-busy")).toBe("false");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(calls.filter(([cmd]) => cmd === "run_smaa")).toHaveLength(3);
  });

  it("hides everything during a blind round", async () => {
    mount(ResultsStep, () => scoring({ analysis: null, blind_round: { id: "r", started_at: "2026-11-25T10:00:00Z", sealed: [] } }));
    expect(await screen.findByTestId("results-hidden")).toBeInTheDocument();
    expect(screen.queryByTestId("bar-chart")).toBeNull();
  });
});

