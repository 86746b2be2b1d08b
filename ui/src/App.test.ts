import { afterEach, describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { catalog, detail, summary } from "./test/fixtures";

afterEach(() => clearMocks());

describe("App", () => {
  it("lists sessions, filters them, and hides archived ones unless asked", async () => {
    mockIPC((cmd) => {
      if (cmd === "list_sessions")
        return [
          summary({ id: "1", title: "Checkout platform" }),
          summary({ id: "2", title: "Search service", tags: ["payments"] }),
          summary({ id: "3", title: "Old billing", status: "archived" }),
        ];
      if (cmd === "get_catalog") return catalog;
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(2));
    await userEvent.type(screen.getByTestId("session-filter"), "checkout");
    expect(screen.getAllByTestId("session-item")).toHaveLength(1);
    await userEvent.clear(screen.getByTestId("session-filter"));
    await userEvent.click(screen.getByLabelText("Show archived"));
    expect(screen.getAllByTestId("session-item")).toHaveLength(3);
  });

  it("shows the refusal of an empty title next to the field and creates nothing", async () => {
    const created: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "list_sessions") return [];
      if (cmd === "get_catalog") return catalog;
      if (cmd === "create_session") {
        const title = (args as { new: { title: string } }).new.title;
        if (title.trim() === "") throw { code: "invalid_input", message: "Title is required", field: "title" };
        created.push(title);
        return detail({ session: { ...detail().session, title } });
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    await userEvent.click(await screen.findByTestId("new-session"));
    await userEvent.click(screen.getByTestId("create-session"));
    expect(await screen.findByRole("alert")).toHaveTextContent("Title is required");
    expect(screen.getByTestId("new-session-title")).toHaveAttribute("aria-invalid", "true");
    expect(created).toEqual([]);
    await userEvent.type(screen.getByTestId("new-session-title"), "Checkout platform{Enter}");
    expect(await screen.findByTestId("editor-title")).toHaveTextContent("Checkout platform");
    expect(created).toEqual(["Checkout platform"]);
  });

  it("explains a database it cannot open instead of showing an empty list", async () => {
    mockIPC(() => {
      throw { code: "schema_too_new", message: "this database was written by a newer ArchDecide", field: null };
    });
    render(App);
    expect(await screen.findByTestId("fatal")).toHaveTextContent("newer ArchDecide");
  });
});
