import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { waitFor } from "@testing-library/svelte";
import { AppState, LIST_SPARE } from "./app-state.svelte";
import { hit, scoring, scoringDetail, SESSION_ID } from "../test/fixtures";

afterEach(() => clearMocks());

describe("AppState.roomChanged", () => {
  it("reloads the scores and, while the session is a draft, its status", async () => {
    const app = new AppState();
    app.detail = scoringDetail; // a draft
    app.scoring = scoring();
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "get_scoring") return scoring();
      if (cmd === "get_session") return { ...scoringDetail, session: { ...scoringDetail.session, status: "scoring" } };
      return [];
    });
    const revision = app.revision;
    await app.roomChanged(SESSION_ID);
    expect(calls).toContain("get_scoring");
    expect(app.detail?.session.status).toBe("scoring");
    expect(app.revision).toBe(revision + 1);
    // Once it is scoring, a participant's change reloads only the scores.
    calls.length = 0;
    await app.roomChanged(SESSION_ID);
    expect(calls).toEqual(["get_scoring"]);
  });

  it("reloads once more after a burst of changes, never two reloads at once", async () => {
    const app = new AppState();
    app.detail = { ...scoringDetail, session: { ...scoringDetail.session, status: "scoring" } };
    app.scoring = scoring();
    let loads = 0;
    let inFlight = 0;
    let most = 0;
    const answers: (() => void)[] = [];
    mockIPC(async (cmd) => {
      if (cmd !== "get_scoring") return [];
      loads++;
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => answers.push(resolve));
      inFlight--;
      return scoring();
    });
    const burst = Array.from({ length: 5 }, () => app.roomChanged(SESSION_ID));
    await waitFor(() => expect(answers.length).toBe(1));
    answers.shift()!();
    // The four changes that came during the first reload bring exactly one more.
    await waitFor(() => expect(answers.length).toBe(1));
    answers.shift()!();
    await Promise.all(burst);
    expect(loads).toBe(2);
    expect(most).toBe(1);
  });

  it("ignores a room of another session", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const calls: string[] = [];
    mockIPC((cmd) => void calls.push(cmd));
    await app.roomChanged("another");
    expect(calls.filter((c) => c === "get_scoring")).toEqual([]);
  });
});

describe("AppState.syncDecisionLogs", () => {
  it("does nothing without a linked log", async () => {
    const app = new AppState();
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return [];
    });
    await app.syncDecisionLogs();
    expect(calls).toEqual(["linked_logs"]);
    expect(app.message).toBeNull();
  });

  it("says what came in from teammates and refreshes the list", async () => {
    const app = new AppState();
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "linked_logs") return [{ dir: "/repo/docs/decisions", work_tree: "/repo" }];
      if (cmd === "record_logs") return { s2: ["/repo/docs/decisions"] };
      if (cmd === "sync_logs")
        return [
          {
            picked_up: {
              dir: "/repo/docs/decisions",
              picked_up: [{ file: "0002-a.md", number: 2, title: "A", session_id: "s2" }],
              updated: ["ADR-0001 deprecated"],
              renumbered: [],
              skipped: [],
            },
            published: null,
          },
        ];
      return [];
    });
    await app.syncDecisionLogs();
    expect(app.message).toBe("1 record came in from the decision log; ADR-0001 deprecated by a teammate.");
    expect(calls).toContain("search_sessions");
    // The list then says where the record lives.
    expect(app.homes).toEqual({ s2: [{ dir: "/repo/docs/decisions", name: "repo" }] });
  });
});

describe("AppState's session list", () => {
  it("loads the page around the rows in view, keeps the open session, and loads again only when the view leaves the page", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const asked: Array<{ first: number; count: number; keep?: string; hide_archived: boolean }> = [];
    mockIPC((cmd, args) => {
      if (cmd !== "search_sessions") return [];
      const { first, count, query } = args as { first: number; count: number; query: { keep?: string; hide_archived: boolean } };
      asked.push({ first, count, keep: query.keep, hide_archived: query.hide_archived });
      const total = 10_000;
      const hits = Array.from({ length: Math.max(0, Math.min(count, total - first)) }, (_, i) => hit({ id: `id-${first + i}` }));
      return { total, first, hits };
    });
    await app.refreshList();
    expect(asked).toEqual([{ first: 0, count: LIST_SPARE * 2, keep: SESSION_ID, hide_archived: true }]);
    expect(app.list.hits).toHaveLength(LIST_SPARE * 2);
    app.showRows(10, 30); // inside the loaded page: nothing to ask
    expect(asked).toHaveLength(1);
    app.showRows(5000, 5020); // scrolled far: the page around there
    await waitFor(() => expect(app.list.first).toBe(5000 - LIST_SPARE));
    expect(asked[1]).toMatchObject({ first: 5000 - LIST_SPARE, count: 20 + 2 * LIST_SPARE });
    app.showRows(9990, 10_000); // the end: nothing past it is asked for twice
    await waitFor(() => expect(asked).toHaveLength(3));
    app.showRows(9991, 10_000);
    expect(asked).toHaveLength(3);
  });
});

describe("AppState.applyScoring", () => {
  it("reads the sheet afresh once edits that overlapped have all answered, whatever order they answered in", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const mark = (n: number) => scoring({ progress: [{ stakeholder_id: "s1", scored: n, importances: 0, sealed: false }] });
    mockIPC((cmd) => (cmd === "get_scoring" ? mark(3) : cmd === "get_session" ? scoringDetail : []));
    await app.loadScoring("s1");
    let answerFirst!: (s: ReturnType<typeof scoring>) => void;
    let answerSecond!: (s: ReturnType<typeof scoring>) => void;
    const first = app.applyScoring(new Promise((r) => (answerFirst = r)));
    const second = app.applyScoring(new Promise((r) => (answerSecond = r)));
    answerSecond(mark(2)); // the later edit answers first…
    await second;
    answerFirst(mark(1)); // …and the earlier one last, with older figures
    await first;
    await waitFor(() => expect(app.scoring?.progress[0].scored).toBe(3));
  });

  it("reads nothing more after an edit that overlapped with none", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return cmd === "get_session" ? scoringDetail : scoring();
    });
    await app.loadScoring("s1");
    calls.length = 0;
    await app.applyScoring(Promise.resolve(scoring()));
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.filter((c) => c === "get_scoring")).toEqual([]);
  });
});

describe("AppState.applyScoreWrite", () => {
  const cell = (option: string) => ({ stakeholder_id: "s1", driver_id: "d1", option_id: option });
  const stored = (option: string, value: number) => ({ ...cell(option), value, rationale: "", suggested: false });

  it("shows each cell as it is answered and reads the analysis once, after the burst", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const calls: string[] = [];
    const analysed = scoring({ stakeholder_id: "s1", scores: [stored("o1", 4), stored("o2", 3)] });
    mockIPC((cmd) => {
      calls.push(cmd);
      return cmd === "get_session" ? scoringDetail : cmd === "get_scoring" ? analysed : null;
    });
    await app.loadScoring("s1");
    calls.length = 0;
    const revision = app.revision;
    const answers: Array<() => void> = [];
    const answered = (score: ReturnType<typeof stored> | null) =>
      new Promise<ReturnType<typeof stored> | null>((r) => answers.push(() => r(score)));
    const writes = [
      app.applyScoreWrite(cell("o1"), answered(stored("o1", 4))),
      app.applyScoreWrite(cell("o2"), answered(stored("o2", 3))),
      app.applyScoreWrite(cell("o1"), answered(null)),
    ];
    answers[1]();
    await writes[1];
    expect(app.scoring?.scores.find((s) => s.option_id === "o2")?.value).toBe(3);
    answers[2]();
    await writes[2];
    expect(app.scoring?.scores.find((s) => s.option_id === "o1")).toBeUndefined();
    expect(calls.filter((c) => c === "get_scoring")).toEqual([]); // nothing read while edits are on their way
    expect(app.scoringBusy).toBe(true);
    answers[0]();
    await writes[0];
    await waitFor(() => expect(app.revision).toBe(revision + 1));
    expect(app.scoringBusy).toBe(false);
    expect(calls.filter((c) => c === "get_scoring")).toEqual(["get_scoring"]);
    expect(app.scoring).toEqual(analysed); // the stored truth, with its analysis
  });

  it("leaves another sheet alone, and reads afresh after a refused edit too", async () => {
    const app = new AppState();
    app.detail = scoringDetail;
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return cmd === "get_session" ? scoringDetail : scoring({ stakeholder_id: "s1" });
    });
    await app.loadScoring("s1");
    const before = app.scoring;
    calls.length = 0;
    await app.applyScoreWrite({ ...cell("o1"), stakeholder_id: "s2" }, Promise.resolve(stored("o1", 5)));
    expect(app.scoring).toBe(before);
    await expect(app.applyScoreWrite(cell("o1"), Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await waitFor(() => expect(calls.filter((c) => c === "get_scoring")).toHaveLength(2));
  });
});

describe("AppState.load", () => {
  it("keeps a search typed before the first list came in", async () => {
    const app = new AppState();
    let answerFirst!: () => void;
    const page = (title: string) => ({ total: 1, first: 0, hits: [hit({ title })] });
    mockIPC((cmd, args: any) => {
      if (cmd !== "search_sessions") return cmd === "get_catalog" ? { options: [], drivers: [] } : [];
      if (args.query.text === "") return new Promise((r) => (answerFirst = () => r(page("Everything"))));
      return page("Kafka");
    });
    const loading = app.load();
    app.query.text = "kafka";
    await app.refreshList();
    answerFirst();
    await loading;
    expect(app.list.hits.map((h) => h.session.title)).toEqual(["Kafka"]);
  });
});
