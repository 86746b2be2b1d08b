import { afterEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import SessionEditor from "./SessionEditor.svelte";
import { AppState } from "../lib/app-state.svelte";
import { catalog, detail } from "../test/fixtures";
import type { SessionDetail } from "../bindings/SessionDetail";

afterEach(() => clearMocks());

function setup(initial: SessionDetail, handler: (cmd: string, args: any) => unknown) {
  const app = new AppState();
  app.catalog = catalog;
  app.detail = initial;
  const calls: Array<[string, any]> = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === "search_sessions") return { total: 0, first: 0, hits: [] };
    return handler(cmd, args);
  });
  render(SessionEditor, { app, detail: initial, ondeleted: () => {}, onrevisit: () => {} });
  return { app, calls };
}

describe("SessionEditor", () => {
  it("saves the title as the user types and shows a refusal next to the field", async () => {
    const { calls } = setup(detail(), (cmd, args) => {
      if (cmd === "update_session" && args.edit.value === "") {
        throw { code: "invalid_input", message: "Title is required", field: "title" };
      }
      return detail({ session: { ...detail().session, title: args.edit.value } });
    });
    const title = screen.getByTestId("session-title");
    await userEvent.clear(title);
    expect(await screen.findByText("Title is required")).toBeInTheDocument();
    expect(title).toHaveAttribute("aria-invalid", "true");
    await userEvent.type(title, "Payments");
    await waitFor(() => expect(screen.queryByText("Title is required")).toBeNull());
    const saved = calls.filter(([cmd]) => cmd === "update_session").map(([, a]) => a.edit.value);
    expect(saved[0]).toBe("");
    expect(saved.at(-1)).toBe("Payments");
  });

  it("adds a stakeholder and shows a duplicate name refusal", async () => {
    setup(detail(), (cmd, args) => {
      if (cmd === "add_stakeholder" && args.new.name === "Ana") {
        throw { code: "duplicate_name", message: "A stakeholder named “Ana” is already in this session", field: "name" };
      }
      return detail();
    });
    await userEvent.type(screen.getByTestId("stakeholder-name"), "Ana{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent("already in this session");
  });

  it("switches steps with Ctrl+2 and adds a driver template", async () => {
    const { calls } = setup(detail(), () => detail());
    await fireEvent.keyDown(window, { key: "2", ctrlKey: true });
    await userEvent.click(await screen.findByTestId("template-scalability"));
    expect(calls).toContainEqual(["add_template_driver", { sessionId: detail().session.id, templateKey: "scalability" }]);
  });

  it("says what is missing before scoring", () => {
    setup(detail(), () => detail());
    expect(screen.getByTestId("readiness")).toHaveTextContent("Add the stakeholders who take part.");
  });

  it("asks before deleting", async () => {
    const { calls } = setup(detail(), () => null);
    await userEvent.click(screen.getByTestId("delete"));
    expect(screen.getByRole("dialog")).toHaveTextContent("cannot be undone");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calls.some(([cmd]) => cmd === "delete_session")).toBe(false);
    await userEvent.click(screen.getByTestId("delete"));
    await userEvent.click(screen.getByTestId("confirm"));
    expect(calls).toContainEqual(["delete_session", { id: detail().session.id }]);
  });
});
