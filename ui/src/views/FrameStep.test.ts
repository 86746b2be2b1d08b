import { afterEach, describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import FrameStep from "./FrameStep.svelte";
import { AppState } from "../lib/app-state.svelte";
import { catalog, scoringDetail } from "../test/fixtures";

afterEach(() => clearMocks());

describe("FrameStep", () => {
  it("asks before removing a stakeholder, whose scores go with them", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "remove_stakeholder") return { ...scoringDetail, stakeholders: scoringDetail.stakeholders.slice(1) };
      return [];
    });
    render(FrameStep, { app, detail: scoringDetail });
    await userEvent.click(screen.getByRole("button", { name: "Remove Ana" }));
    expect(screen.getByRole("dialog")).toHaveTextContent("Ana's scores, importance ratings and comparisons");
    await userEvent.click(screen.getByRole("button", { name: "Keep Ana" }));
    expect(calls.map(([cmd]) => cmd)).not.toContain("remove_stakeholder");
    await userEvent.click(screen.getByRole("button", { name: "Remove Ana" }));
    await userEvent.click(screen.getByTestId("confirm-remove-stakeholder"));
    expect(calls.filter(([cmd]) => cmd === "remove_stakeholder").map(([, a]) => a.id)).toEqual(["s1"]);
  });

  it("ties a refused influence to its field, as the other form errors are", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    mockIPC((cmd) => {
      if (cmd === "update_stakeholder") throw { code: "invalid_input", message: "Influence must be between 0.1 and 10", field: "influence" };
      return [];
    });
    render(FrameStep, { app, detail: scoringDetail });
    const field = screen.getByLabelText("Influence of Ana");
    await userEvent.clear(field);
    await userEvent.type(field, "50");
    field.blur();
    const error = await screen.findByRole("alert");
    expect(error).toHaveTextContent("Influence must be between 0.1 and 10");
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field.getAttribute("aria-describedby")).toBe(error.id);
    expect(screen.getByRole("spinbutton", { description: "Influence must be between 0.1 and 10" })).toBe(field);
  });

  it("ticks what the system is in the vocabulary's order, and says how easy the choice is to reverse", async () => {
    const app = new AppState();
    app.catalog = catalog;
    const ticked = { ...scoringDetail, session: { ...scoringDetail.session, use_cases: ["online_game"] } };
    app.detail = ticked;
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "update_session") return ticked;
      return [];
    });
    render(FrameStep, { app, detail: ticked });
    const game = screen.getByRole("checkbox", { name: "An online game" });
    expect(game).toBeChecked();
    await userEvent.click(screen.getByRole("checkbox", { name: "A video streaming service" }));
    await userEvent.click(game);
    await userEvent.click(screen.getByRole("radio", { name: "Hard — a one-way door" }));
    const edits = calls.filter(([cmd]) => cmd === "update_session").map(([, a]) => a.edit);
    expect(edits).toEqual([
      { field: "use_cases", value: ["streaming_service", "online_game"] },
      { field: "use_cases", value: [] },
      { field: "reversibility", value: "hard" },
    ]);
    expect(screen.getByRole("group", { name: "What kind of product it is" })).toBeInTheDocument();
  });

  it("says so when a new stakeholder's name reaches its limit, instead of cutting it silently", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    mockIPC(() => []);
    render(FrameStep, { app, detail: scoringDetail });
    const name = screen.getByTestId("stakeholder-name");
    await userEvent.click(name);
    await userEvent.paste("x".repeat(250));
    expect(name).toHaveValue("x".repeat(200));
    expect(screen.getByTestId("stakeholder-name-limit")).toHaveTextContent("At most 200 characters");
  });
});
