import { afterEach, describe, expect, it } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import QuickRecordDialog from "./QuickRecordDialog.svelte";
import NewSessionDialog from "./NewSessionDialog.svelte";

afterEach(() => clearMocks());

const inForce = [{ decision_id: "d2", session_id: "s2", number: 2, title: "Use MySQL" }];

describe("QuickRecordDialog", () => {
  it("writes the record with what was typed, superseding the chosen record", async () => {
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "supersedable_records") return inForce;
      if (cmd === "write_quick_record") return { session_id: "s3", number: 3, status: "accepted", title: "Use PostgreSQL" };
      return null;
    });
    const written: unknown[] = [];
    render(QuickRecordDialog, { title: "Use PostgreSQL", reversibility: "easy", onwritten: (d) => written.push(d), oncancel: () => {} });
    expect(screen.getByLabelText("What was decided")).toHaveValue("Use PostgreSQL");
    expect(screen.getByRole("radio", { name: "Easy — a two-way door" })).toBeChecked();
    await screen.findByRole("option", { name: "ADR-0002 Use MySQL" });
    await userEvent.type(screen.getByLabelText(/Chosen option/), "PostgreSQL");
    await userEvent.selectOptions(screen.getByLabelText("Supersedes"), "2");
    await userEvent.click(screen.getByRole("button", { name: "Write the record" }));
    await waitFor(() => expect(written).toHaveLength(1));
    const [, args] = calls.find(([cmd]) => cmd === "write_quick_record")!;
    expect(args.quick).toEqual({ title: "Use PostgreSQL", option: "PostgreSQL", status: "accepted", supersedes: 2, reversibility: "easy" });
  });

  it("puts a refusal next to its field and keeps the dialog open", async () => {
    mockIPC((cmd) => {
      if (cmd === "supersedable_records") return [];
      if (cmd === "write_quick_record") throw { code: "invalid_input", message: "A record needs a title: say what was decided", field: "title" };
      return null;
    });
    const written: unknown[] = [];
    render(QuickRecordDialog, { onwritten: (d) => written.push(d), oncancel: () => {} });
    await userEvent.click(screen.getByRole("button", { name: "Write the record" }));
    const title = screen.getByLabelText("What was decided");
    const error = await screen.findByRole("alert");
    expect(error).toHaveTextContent("A record needs a title");
    expect(title).toHaveAttribute("aria-invalid", "true");
    expect(title.getAttribute("aria-describedby")).toBe(error.id);
    expect(title).toHaveFocus();
    expect(written).toHaveLength(0);
  });
});

describe("NewSessionDialog", () => {
  it("suggests a quick record for an easy-to-reverse choice and the workshop for a hard one", async () => {
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return { session: { id: "s1" } };
    });
    const quick: unknown[] = [];
    render(NewSessionDialog, { oncreated: () => {}, oncancel: () => {}, onquick: (title, how) => quick.push([title, how]) });
    await userEvent.type(screen.getByLabelText("Title"), "Pick a queue");
    expect(screen.queryByTestId("suggest-quick")).toBeNull();
    await userEvent.click(screen.getByRole("radio", { name: "Hard — a one-way door" }));
    expect(screen.getByTestId("suggest-workshop")).toHaveTextContent("worth the full workshop");
    await userEvent.click(screen.getByRole("radio", { name: "Easy — a two-way door" }));
    await userEvent.click(screen.getByRole("button", { name: "Write a quick record instead" }));
    expect(quick).toEqual([["Pick a queue", "easy"]]);
    await userEvent.click(screen.getByRole("radio", { name: "Hard — a one-way door" }));
    await userEvent.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() => expect(calls.find(([cmd]) => cmd === "create_session")?.[1].new).toEqual({ title: "Pick a queue", reversibility: "hard" }));
  });
});
