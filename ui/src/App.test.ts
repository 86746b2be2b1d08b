import { afterEach, describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { catalog, detail, hit, pageOf } from "./test/fixtures";

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
        const query = (args as { query: { text: string; hide_archived: boolean } }).query;
        return pageOf(
          all.filter((h) => h.session.title.toLowerCase().includes(query.text.toLowerCase()) && !(query.hide_archived && h.session.status === "archived")),
        );
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
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(3));
  });

  it("shows the refusal of an empty title next to the field and creates nothing", async () => {
    const created: unknown[] = [];
    mockIPC((cmd, args) => {
      // No decision log is linked: the start-up sync stops there.
      if (cmd === "search_sessions") return pageOf([]);
      if (cmd === "due_reviews" || cmd === "linked_logs") return [];
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
      if (cmd === "search_sessions") return pageOf([]);
      if (cmd === "get_catalog") return catalog;
      if (cmd === "due_reviews")
        return [
          {
            session_id: "s1",
            number: 1,
            title: "Use microservices",
            review_by: "2026-11-01",
            revisit_id: null,
            triggers: [{ text: "Monolithic would win if Scalability weighed 8.0 points less.", driver_id: "d1", computed: true }],
          },
          { session_id: "s2", number: 2, title: "Use PostgreSQL", review_by: "2026-11-20", revisit_id: null, triggers: [] },
        ];
      if (cmd === "revisit_session") return detail({ session: { ...detail().session, title: "Use microservices (revisit)" } });
      return null;
    });
    render(App);
    expect(await screen.findByTestId("due-reviews")).toHaveTextContent("2 decisions are due for review.");
    // What would change the decision is listed with it.
    expect(screen.getByRole("list", { name: "Look at it again if" })).toHaveTextContent("Monolithic would win if Scalability weighed 8.0 points less.");
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

  it("offers the newest backup or an empty start when the database was damaged", async () => {
    let damaged = true;
    const calls: string[] = [];
    const backup = { id: "archdecide-20261125-100000.000", created_at: "2026-11-25T10:00:00Z", bytes: 40960, path: "/d/backups/x.db" };
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "list_backups") return [backup];
      if (cmd === "restore_backup") {
        expect((args as { id: string }).id).toBe(backup.id);
        damaged = false;
        return "/d/archdecide.db.damaged-x";
      }
      if (damaged) throw { code: "database_damaged", message: "the database file is damaged. It was moved to /d/archdecide.db.damaged-x", field: null };
      if (cmd === "search_sessions") return pageOf([hit({ id: "1", title: "Checkout platform" })]);
      if (cmd === "get_catalog") return catalog;
      if (cmd === "due_reviews") return [];
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    const screenEl = await screen.findByTestId("fatal");
    expect(screenEl).toHaveTextContent("The database was damaged");
    expect(screenEl).toHaveTextContent("moved to /d/archdecide.db.damaged-x");
    expect(screen.getByTestId("start-empty")).toBeInTheDocument();
    await userEvent.click(await screen.findByTestId("restore-backup"));
    expect(calls).not.toContain("restore_backup");
    await userEvent.click(screen.getByTestId("confirm"));
    await waitFor(() => expect(screen.getAllByTestId("session-item")).toHaveLength(1));
    expect(screen.queryByTestId("fatal")).toBeNull();
    expect(screen.getByTestId("message")).toHaveTextContent("Restored the backup");
  });

  it("does not offer restores for a database from a newer version", async () => {
    mockIPC((cmd) => {
      if (cmd === "list_backups") return [];
      throw { code: "schema_too_new", message: "this database was written by a newer ArchDecide", field: null };
    });
    render(App);
    expect(await screen.findByTestId("fatal")).toHaveTextContent("Nothing was changed.");
    expect(screen.queryByTestId("start-empty")).toBeNull();
  });

  it("backs up on request and lists the backups from the sidebar", async () => {
    const list = [{ id: "archdecide-20261125-100000.000", created_at: "2026-11-25T10:00:00Z", bytes: 40960, path: "/d/b/1.db" }];
    mockIPC((cmd) => {
      if (cmd === "search_sessions") return pageOf([]);
      if (cmd === "due_reviews") return [];
      if (cmd === "get_catalog") return catalog;
      if (cmd === "list_backups") return [...list];
      if (cmd === "create_backup") {
        const made = { id: "archdecide-20261125-110000.000", created_at: "2026-11-25T11:00:00Z", bytes: 2 * 1024 * 1024, path: "/d/b/2.db" };
        list.unshift(made);
        return made;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(App);
    await userEvent.click(await screen.findByTestId("backups-open"));
    await waitFor(() => expect(screen.getAllByTestId("restore-backup")).toHaveLength(1));
    await userEvent.click(screen.getByTestId("back-up-now"));
    await waitFor(() => expect(screen.getAllByTestId("restore-backup")).toHaveLength(2));
    expect(screen.getByTestId("backups")).toHaveTextContent("2.0 MB");
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByTestId("backups")).toBeNull();
  });

  it("shows the recovery screen when the database is found damaged while working", async () => {
    mockIPC((cmd) => {
      if (cmd === "search_sessions") return pageOf([hit({ id: "1", title: "Checkout platform" })]);
      if (cmd === "get_catalog") return catalog;
      if (cmd === "due_reviews" || cmd === "list_backups") return [];
      throw { code: "database_damaged", message: "the database file is damaged: page 7. It was moved to /d/x", field: null };
    });
    render(App);
    await userEvent.click(await screen.findByText("Checkout platform"));
    expect(await screen.findByTestId("fatal")).toHaveTextContent("The database was damaged");
    expect(screen.getByTestId("start-empty")).toBeInTheDocument();
  });
});
