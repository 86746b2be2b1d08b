import { afterEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import WeightingPanel from "./WeightingPanel.svelte";
import { AppState } from "../lib/app-state.svelte";
import { analysis, catalog, scoring, scoringDetail, SESSION_ID } from "../test/fixtures";
import type { SessionDetail } from "../bindings/SessionDetail";

afterEach(() => clearMocks());

/** Three drivers so there are three pairs. */
const threeDrivers: SessionDetail = {
  ...scoringDetail,
  session: { ...scoringDetail.session, weighting: "ahp" },
  drivers: ["d1", "d2", "d3"].map((id, i) => ({ ...scoringDetail.drivers[0], id, title: ["Scalability", "Security", "Cost"][i], position: i })),
};

function mount(current: SessionDetail, handler: (cmd: string, args: any) => unknown) {
  const app = new AppState();
  app.catalog = catalog;
  app.detail = current;
  const calls: Array<[string, any]> = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === "search_sessions") return { total: 0, first: 0, hits: [] };
    return handler(cmd, args);
  });
  render(WeightingPanel, { app, detail: current });
  return { calls };
}

describe("WeightingPanel", () => {
  it("compares a pair on Saaty's scale and says what the slider means", async () => {
    const { calls } = mount(threeDrivers, () => scoring());
    const sliders = await screen.findAllByTestId("pair-slider");
    expect(sliders).toHaveLength(3);
    // Slide towards the left driver (Scalability) by 4 steps: Scalability 5 × Security.
    await fireEvent.change(sliders[0], { target: { value: "-4" } });
    expect(calls).toContainEqual(["set_comparison", { sessionId: SESSION_ID, stakeholderId: "s1", driverA: "d1", driverB: "d2", value: 5 }]);
    await fireEvent.change(sliders[1], { target: { value: "2" } });
    const last = calls.filter(([cmd]) => cmd === "set_comparison").at(-1)![1];
    expect(last.driverA).toBe("d1");
    expect(last.value).toBeCloseTo(1 / 3);
  });

  it("names the inconsistent triad", async () => {
    const inconsistent = {
      ...analysis(),
      ahp: {
        ri_table: "saaty1980" as const,
        group: { consistency_ratio: 0.4, lambda_max: 3.5, acceptable: false, triad: { first: "d1", second: "d2", third: "d3", first_over_second: 5, second_over_third: 5, first_over_third: 1 / 3 } },
        per_stakeholder: [{ stakeholder_id: "s1", compared: 3, pairs: 3, weights: [0.3, 0.3, 0.4], consistency: { consistency_ratio: 0.4, lambda_max: 3.5, acceptable: false, triad: { first: "d1", second: "d2", third: "d3", first_over_second: 5, second_over_third: 5, first_over_third: 1 / 3 } } }],
        weights_from_importance: false,
      },
    };
    mount(threeDrivers, () => scoring({ analysis: inconsistent }));
    expect(await screen.findByTestId("own-consistency")).toHaveTextContent(
      "You rated Scalability over Security and Security over Cost, but not Scalability over Cost.",
    );
    expect(screen.getByTestId("group-consistency")).toHaveTextContent("Saaty 1980");
  });

  it("rates importance in a grid and switches the weighting", async () => {
    const direct = { ...threeDrivers, session: { ...threeDrivers.session, weighting: "direct" as const } };
    const { calls } = mount(direct, (cmd) => (cmd === "update_session" ? direct : scoring()));
    const grid = await screen.findByTestId("importance-grid");
    const select = grid.querySelector("select")!;
    await fireEvent.change(select, { target: { value: "4" } });
    expect(calls).toContainEqual(["set_importance", { sessionId: SESSION_ID, stakeholderId: "s1", driverId: "d1", value: 4 }]);
    await fireEvent.click(screen.getByTestId("weighting-ahp"));
    expect(calls).toContainEqual(["update_session", { id: SESSION_ID, edit: { field: "weighting", value: "ahp" } }]);
  });
});
