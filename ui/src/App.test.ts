import { afterEach, describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { catalog, detail, hit } from "./test/fixtures";

afterEach(() => clearMocks());

describe("App", () => {
  it("lists sessions, filters them, and hides archived ones unless asked", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "search_sessions") {
        const all = [
          hit({ id: "1", title: "Checkout platform" }),
          hit({ id: "2", title: "Search service", tags: ["payments"] }),
          hit({ id: "3", title: "Old billing", status: "archived" }),
        ];
        const text = (args as { query: { text: string } }).query.text.toLowerCase();
        return all.filter((h) => h.session.title.toLowerCase().includes(text));
      }
      if (cmd === "get_catalog") return catalog;
      if (cmd === "due_reviews") return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(2));
    await userEvent.type(screen.getByTestId("session-filter"), "checkout");
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(1));
    await userEvent.clear(screen.getByTestId("session-filter"));
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(2));
    await userEvent.click(screen.getByLabelText("Show archived"));
    expect(screen.getAllByTestId("session-item")).toHaveLength(3);
  });

  it("shows the refusal of an empty title next to the field and creates nothing", async () => {
    const created: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "search_sessions" || cmd === "due_reviews") return [];
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

  it("lists decisions due for review, each one click from its revisit", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "search_sessions") return [];
      if (cmd === "get_catalog") return catalog;
      if (cmd === "due_reviews")
        return [
          { session_id: "s1", number: 1, title: "Use microservices", review_by: "2026-11-01", revisit_id: null },
          { session_id: "s2", number: 2, title: "Use PostgreSQL", review_by: "2026-11-20", revisit_id: null },
        ];
      if (cmd === "revisit_session") return detail({ session: { ...detail().session, title: "Use microservices (revisit)" } });
      return null;
    });
    render(App);
    expect(await screen.findByTestId("due-reviews")).toHaveTextContent("2 decisions are due for review.");
    await userEvent.click(screen.getAllByTestId("revisit-due")[0]);
    expect(await screen.findByTestId("editor-title")).toHaveTextContent("Use microservices (revisit)");
    expect(calls).toContain("revisit_session");
  });

  it("explains a database it cannot open instead of showing an empty list", async () => {
    mockIPC(() => {
      throw { code: "schema_too_new", message: "this database was written by a newer ArchDecide", field: null };
    });
    render(App);
    expect(await screen.findByTestId("fatal")).toHaveTextContent("newer ArchDecide");
  });
});
