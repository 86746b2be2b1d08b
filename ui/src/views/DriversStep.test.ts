import { afterEach, describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import DriversStep from "./DriversStep.svelte";
import { AppState } from "../lib/app-state.svelte";
import { catalog, scoringDetail } from "../test/fixtures";

afterEach(() => clearMocks());

describe("DriversStep in a revisit", () => {
  it("shows the original record's triggers beside the drivers they name", async () => {
    const revisit = { ...scoringDetail, session: { ...scoringDetail.session, revisit_of: "original" } };
    const named = scoringDetail.drivers[0];
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "original_triggers")
        return [
          { text: `Monolithic would win if ${named.title} weighed 8.0 points less.`, driver_id: named.id, computed: true },
          { text: "If traffic passes 5k requests/s", driver_id: null, computed: false },
        ];
      return null;
    });
    const app = new AppState();
    app.catalog = catalog;
    app.detail = revisit;
    render(DriversStep, { app, detail: revisit });
    const beside = await screen.findByTestId("driver-trigger");
    const cards = within(screen.getByTestId("drivers")).getAllByRole("listitem");
    expect(cards[0]).toContainElement(beside);
    expect(beside).toHaveTextContent(`The original record: Monolithic would win if ${named.title} weighed 8.0 points less.`);
    expect(screen.getByTestId("original-triggers")).toHaveTextContent("If traffic passes 5k requests/s");
  });

  it("asks for nothing in a session that is not a revisit", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return null;
    });
    const app = new AppState();
    app.catalog = catalog;
    render(DriversStep, { app, detail: scoringDetail });
    await screen.findByTestId("drivers");
    expect(calls).not.toContain("original_triggers");
    expect(screen.queryByTestId("driver-trigger")).toBeNull();
  });
});
