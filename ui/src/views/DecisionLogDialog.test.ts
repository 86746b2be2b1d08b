import { afterEach, describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import DecisionLogDialog from "./DecisionLogDialog.svelte";
import PublishConflicts from "./PublishConflicts.svelte";
import { AppState } from "../lib/app-state.svelte";
import type { LinkedLog } from "../bindings/LinkedLog";
import type { SyncReport } from "../bindings/SyncReport";

afterEach(() => clearMocks());

const linked: LinkedLog = {
  dir: "/home/ana/shop/docs/decisions",
  format: "madr",
  read_only: false,
  commit: true,
  work_tree: "/home/ana/shop",
  linked_at: "2026-12-02T10:00:00Z",
};

const synced: SyncReport = {
  picked_up: {
    dir: linked.dir,
    picked_up: [{ file: "0002-use-kafka.md", number: 2, title: "Use Kafka", session_id: "s2" }],
    updated: ["ADR-0001 deprecated"],
    renumbered: ["ADR-0003 → ADR-0004: Split search"],
    skipped: [],
  },
  published: { dir: linked.dir, written: ["index.md"], conflicts: [], commit: null, commit_error: null },
};

describe("DecisionLogDialog", () => {
  it("links a folder with the chosen settings and tells what came in", async () => {
    const calls: Array<[string, any]> = [];
    let logs: LinkedLog[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "linked_logs") return logs;
      if (cmd === "link_log") {
        logs = [linked];
        return [synced];
      }
      return null;
    });
    render(DecisionLogDialog, { app: new AppState(), onclose: () => {} });
    expect(await screen.findByTestId("no-linked-log")).toBeInTheDocument();
    expect(screen.getByTestId("sync-logs")).toBeDisabled();
    await userEvent.click(screen.getByLabelText(/Nygard for a new log/));
    await userEvent.click(screen.getByTestId("link-log"));
    expect(calls.find(([cmd]) => cmd === "link_log")![1]).toEqual({ format: "nygard", readOnly: false, commit: true });
    const summary = await screen.findByTestId("sync-summary");
    expect(summary).toHaveTextContent("1 record picked up; 1 file written; renumbered ADR-0003 → ADR-0004: Split search; ADR-0001 deprecated by a teammate");
    expect(await screen.findByTestId("linked-logs")).toHaveTextContent("MADR 4 · commits");
  });

  it("never commits into a read-only log", async () => {
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === "linked_logs" ? [] : null;
    });
    render(DecisionLogDialog, { app: new AppState(), onclose: () => {} });
    await userEvent.click(await screen.findByLabelText(/Read-only/));
    await userEvent.click(screen.getByTestId("link-log"));
    expect(calls.find(([cmd]) => cmd === "link_log")![1]).toEqual({ format: "madr", readOnly: true, commit: false });
  });
});

describe("DecisionLogDialog after a sync", () => {
  it("shows the files edited by hand and replaces them all only when asked", async () => {
    const calls: Array<[string, any]> = [];
    const edited = { file: "0001-use-kafka.md", on_disk: "status: accepted\nBy hand.\n", ours: "status: accepted\n" };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "linked_logs") return [linked];
      if (cmd === "sync_logs") return [{ ...synced, published: { ...synced.published!, conflicts: [edited] } }];
      return [];
    });
    render(DecisionLogDialog, { app: new AppState(), onclose: () => {} });
    await userEvent.click(await screen.findByTestId("sync-logs"));
    expect(await screen.findByTestId("publish-conflict")).toHaveTextContent("By hand.");
    expect(calls.map(([cmd]) => cmd)).not.toContain("publish_all");
    await userEvent.click(screen.getByTestId("replace-edited"));
    expect(calls).toContainEqual(["publish_all", { overwrite: true }]);
  });
});

describe("PublishConflicts", () => {
  it("shows what differs and replaces the edited file only when asked", async () => {
    const calls: Array<[string, any]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return [];
    });
    let closed = 0;
    const report = {
      dir: linked.dir,
      written: [],
      commit: null,
      commit_error: null,
      conflicts: [{ file: "0001-use-kafka.md", on_disk: "# Use Kafka\nstatus: accepted\nA note by hand.\n", ours: "# Use Kafka\nstatus: deprecated\n" }],
    };
    const replace = () => {
      calls.push(["publish_record", { sessionId: "s1", overwrite: true }]);
      return Promise.resolve([]);
    };
    render(PublishConflicts, { reports: [report], replace, onclose: () => closed++, onerror: () => {} });
    const conflict = screen.getByTestId("publish-conflict");
    expect(conflict).toHaveTextContent("0001-use-kafka.md");
    expect(conflict).toHaveTextContent("Only in the edited file status: accepted A note by hand.");
    expect(conflict).toHaveTextContent("Only in ArchDecide's version status: deprecated");
    await userEvent.click(screen.getByTestId("keep-edited"));
    expect(calls).toHaveLength(0);
    await userEvent.click(screen.getByTestId("replace-edited"));
    expect(calls).toEqual([["publish_record", { sessionId: "s1", overwrite: true }]]);
    expect(closed).toBe(2);
  });
});
