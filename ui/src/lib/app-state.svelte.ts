// The UI's state: the session list and the open session, exactly as the last command
// returned them. Views never patch these by hand; every change goes through Rust and the
// response replaces what is here (no second source of truth).
import { linkedLogs, recordLogs, syncLogs } from "../api/decision_log";
import { ApiError, whenDatabaseDamaged } from "../api/ipc";
import { getCatalog } from "../api/catalog";
import { getDecision } from "../api/decisions";
import { getScoring } from "../api/scoring";
import { verifyHistory, redoChange, undoChange } from "../api/history";
import { dueReviews } from "../api/revisits";
import { searchSessions } from "../api/search";
import { getSession } from "../api/sessions";
import type { Catalog } from "../bindings/Catalog";
import type { SessionDetail } from "../bindings/SessionDetail";
import type { ChainCheck } from "../bindings/ChainCheck";
import type { DueReview } from "../bindings/DueReview";
import type { SearchPage } from "../bindings/SearchPage";
import type { SearchQuery } from "../bindings/SearchQuery";
import type { Score } from "../bindings/Score";
import type { ScoreCell } from "../bindings/ScoreCell";
import type { Scoring } from "../bindings/Scoring";
import type { Decision } from "../bindings/Decision";
import type { LinkedLog } from "../bindings/LinkedLog";
import { coalesced } from "./coalesce";
import { logName } from "./format";

/** A linked log a session's record lives in, as the list shows it. */
/** Rows the list loads beyond those in view, above and below: scrolling a screenful or two
 *  needs no new page. */
export const LIST_SPARE = 60;

export interface RecordHome {
  name: string;
  dir: string;
}

// Command results are replaced wholesale, never mutated, so they are held raw: no deep
// proxies over 100 kB of scores on every edit.
export class AppState {
  /** The sidebar's list: how many sessions match the search, and the stretch of them
   *  around the rows in view (10,000 sessions never cross IPC at once). */
  list = $state.raw<SearchPage>({ total: 0, first: 0, hits: [] });
  /** The sidebar's search text, filters and sort; archived sessions are left out unless
   *  asked for (the open one stays). */
  query = $state<SearchQuery>({ text: "", statuses: [], accepted_only: false, sort: "relevance", hide_archived: true });
  /** The linked decision logs, and for each session whose record is in one of them, where. */
  logs = $state.raw<LinkedLog[]>([]);
  homes = $state.raw<Partial<Record<string, RecordHome[]>>>({});
  /** Accepted decisions whose review date has come. */
  due = $state.raw<DueReview[]>([]);
  /** The open session's history chain check (a broken chain shows a warning). */
  chain = $state.raw<ChainCheck | null>(null);
  /** Bumped on every change of the open session, so the History step reloads. */
  revision = $state(0);
  detail = $state.raw<SessionDetail | null>(null);
  /** The open session's Score/Results view, once one of those steps asked for it. */
  scoring = $state.raw<Scoring | null>(null);
  /** The open session's decision record: undefined until loaded, null when it has none. */
  decision = $state.raw<Decision | null | undefined>(undefined);
  /** The session `decision` was loaded for (null: none loaded). */
  decisionFor = $state<string | null>(null);
  /** Large type and high contrast for a projector. */
  presenter = $state(false);
  catalog = $state.raw<Catalog | null>(null);
  /** Why the database could not be used at all (newer schema, damaged file). */
  fatal = $state<ApiError | null>(null);
  /** A one-line message about the last failed action that has no field to sit next to. */
  notice = $state<string | null>(null);
  /** A one-line confirmation of the last action that completed (an export, an import). */
  message = $state<string | null>(null);
  loaded = $state(false);

  constructor() {
    // Damage found while working: leave the session and show the recovery screen.
    whenDatabaseDamaged((error) => {
      this.close();
      this.fatal = error;
    });
  }

  #listRefresh: ReturnType<typeof setTimeout> | null = null;
  /** Whose sheet the Score step asked for last, and how many sheet loads were started. */
  #sheet: string | null = null;
  #sheetLoads = 0;

  async load() {
    const search = ++this.#searches;
    try {
      const [list, catalog, due] = await Promise.all([this.#fetchList(), getCatalog(), dueReviews()]);
      // A search typed before the first list came in wins over it.
      if (search === this.#searches) {
        this.list = list;
        this.#asked = null;
      }
      this.catalog = catalog;
      this.due = due;
    } catch (error) {
      this.fatal = error instanceof ApiError ? error : new ApiError({ code: "ipc_error", message: String(error), field: null });
    } finally {
      this.loaded = true;
    }
  }

  /** On start, after the list shows: what teammates put into the linked decision logs (after
   *  a `git pull`) comes in, and the window says what did. */
  async syncDecisionLogs() {
    try {
      const logs = await linkedLogs();
      if (!logs?.length) return;
      const reports = await syncLogs();
      await this.refreshHomes(logs);
      const picked = reports.reduce((n, r) => n + r.picked_up.picked_up.length, 0);
      const updated = reports.flatMap((r) => r.picked_up.updated);
      const moved = reports.flatMap((r) => r.picked_up.renumbered);
      const parts: string[] = [];
      if (picked > 0) parts.push(`${picked} record${picked === 1 ? "" : "s"} came in from the decision log`);
      if (updated.length > 0) parts.push(`${updated.join(", ")} by a teammate`);
      if (moved.length > 0) parts.push(`renumbered ${moved.join(", ")}`);
      if (parts.length > 0) {
        this.message = `${parts.join("; ")}.`;
        await this.refreshList();
      }
    } catch (error) {
      this.report(error);
    }
  }

  async open(id: string) {
    try {
      this.scoring = null;
      this.decision = undefined;
      this.decisionFor = null;
      this.chain = null;
      this.detail = await getSession(id);
      this.notice = null;
      // The chain is checked whenever a session opens.
      void verifyHistory(id).then((check) => {
        if (this.detail?.session.id === id) this.chain = check;
      });
    } catch (error) {
      this.report(error);
    }
  }

  /** Shows a session a command just created (a new session, a revisit). */
  show(detail: SessionDetail) {
    this.scoring = null;
    this.decision = undefined;
    this.decisionFor = null;
    this.chain = null;
    this.detail = detail;
    void this.refreshList();
  }

  close() {
    this.detail = null;
    this.scoring = null;
    this.decision = undefined;
    this.decisionFor = null;
  }

  /** Loads the open session's decision record. */
  async loadDecision() {
    if (!this.detail) return;
    const id = this.detail.session.id;
    try {
      const decision = await getDecision(id);
      // Another session opened meanwhile: its own load will follow.
      if (this.detail?.session.id === id) {
        this.decision = decision;
        this.decisionFor = id;
      }
    } catch (error) {
      this.report(error);
    }
  }

  /** Takes the record a command returned as the new truth; a status change also changes
   *  the session's status, so the session is reloaded then. */
  async applyDecision(response: Promise<Decision>): Promise<Decision> {
    const decision = await response;
    const statusChanged = this.decision?.status !== decision.status;
    this.revision++;
    if (this.detail?.session.id === decision.session_id) {
      this.decision = decision;
      this.decisionFor = decision.session_id;
      if (statusChanged) this.detail = await getSession(decision.session_id);
    }
    this.notice = null;
    this.refreshListSoon();
    return decision;
  }

  /**
   * Takes the session a command returned as the new truth and refreshes the list soon
   * after (coalesced, so typing does not reload the list on every key).
   */
  async apply(response: Promise<SessionDetail>): Promise<SessionDetail> {
    const detail = await response;
    if (!this.detail || this.detail.session.id === detail.session.id) this.detail = detail;
    this.notice = null;
    this.revision++;
    this.refreshListSoon();
    // Stakeholders, drivers and options shape the matrix and the results.
    if (this.scoring?.session_id === detail.session.id) void this.loadScoring(this.scoring.stakeholder_id);
    return detail;
  }

  /** Loads the Score/Results view of the open session, with `stakeholderId`'s sheet. */
  async loadScoring(stakeholderId: string | null) {
    if (!this.detail) return;
    this.#sheet = stakeholderId;
    const load = ++this.#sheetLoads;
    try {
      const scoring = await getScoring(this.detail.session.id, stakeholderId);
      // A quicker switch to another sheet has superseded this load.
      if (load === this.#sheetLoads) this.scoring = scoring;
    } catch (error) {
      this.report(error);
    }
  }

  /** Scoring edits sent and not answered yet, and whether the view must be read afresh once
   *  they have all answered. */
  #scoringEdits = 0;
  #reread = false;
  /** True from a score cell's edit until the view read after it (with the analysis) is in. */
  scoringBusy = $state(false);

  /** Takes the Scoring a command returned as the new truth. Edits sent close together can be
   *  carried out and answered in any order, so the last answer may not hold the last change:
   *  once every overlapping edit has answered, the sheet is read afresh. */
  async applyScoring(response: Promise<Scoring>): Promise<Scoring> {
    if (++this.#scoringEdits > 1) this.#reread = true;
    try {
      return await this.#takeScoring(response);
    } finally {
      this.#scoringEditAnswered();
    }
  }

  /** Takes a score cell's edit (answered with the cell alone): the cell shows at once, and the
   *  view with its analysis is read once no edit is on its way, so a burst of keys costs one
   *  analysis, not one per key. */
  async applyScoreWrite(cell: ScoreCell, response: Promise<Score | null>): Promise<Score | null> {
    this.#scoringEdits++;
    this.#reread = true;
    this.scoringBusy = true;
    try {
      const score = await response;
      const scoring = this.scoring;
      if (scoring && scoring.stakeholder_id === cell.stakeholder_id && this.#sheet === cell.stakeholder_id) {
        const others = scoring.scores.filter((s) => s.driver_id !== cell.driver_id || s.option_id !== cell.option_id);
        this.scoring = { ...scoring, scores: score ? [...others, score] : others };
      }
      this.notice = null;
      return score;
    } finally {
      this.#scoringEditAnswered();
    }
  }

  #scoringEditAnswered() {
    if (--this.#scoringEdits > 0 || !this.#reread) return;
    this.#reread = false;
    const sessionId = this.scoring?.session_id;
    void this.loadScoring(this.#sheet).then(async () => {
      if (this.#scoringEdits === 0) this.scoringBusy = false;
      this.revision++;
      this.refreshListSoon();
      if (sessionId) await this.#showScoringStatus(sessionId).catch((error) => this.report(error));
    });
  }

  async #takeScoring(response: Promise<Scoring>): Promise<Scoring> {
    const scoring = await response;
    this.revision++;
    if (this.detail?.session.id === scoring.session_id) {
      if (scoring.stakeholder_id !== null && scoring.stakeholder_id !== this.#sheet) {
        // An edit of a sheet the user has since left: show the sheet they are on instead.
        void this.loadScoring(this.#sheet);
        return scoring;
      }
      this.#sheet = scoring.stakeholder_id;
      this.#sheetLoads++; // a load started before this edit would bring back older data
      this.scoring = scoring;
      await this.#showScoringStatus(scoring.session_id);
    }
    this.notice = null;
    this.refreshListSoon();
    return scoring;
  }

  /** A participant changed something in the room: the Score and Results views reload, and
   *  the session too while it is a draft (a first score moves it to "scoring"). Whatever step
   *  is showing hears it. Reloads never overlap, and changes that come during one bring one
   *  more afterwards, so the last change is always shown. */
  async roomChanged(sessionId: string) {
    if (this.detail?.session.id !== sessionId) return;
    await this.#roomReload();
  }

  #roomReload = coalesced(async () => {
    const sessionId = this.detail?.session.id;
    if (!sessionId) return;
    await this.loadScoring(this.scoring?.stakeholder_id ?? null);
    this.revision++;
    await this.#showScoringStatus(sessionId).catch((error) => this.report(error));
    this.refreshListSoon();
  });

  /** The first score moves a draft session to "scoring": reload it to show the new status. */
  async #showScoringStatus(sessionId: string) {
    if (this.detail?.session.id === sessionId && this.detail.session.status === "draft") {
      this.detail = await getSession(sessionId);
    }
  }

  #searches = 0;
  /** The rows the list shows, [first, last). */
  #rows = { first: 0, last: LIST_SPARE };

  /** The rows of the page on its way, [first, last). */
  #asked: { first: number; last: number } | null = null;

  /** The page around the rows in view, with the open session kept even when archived. */
  #fetchList() {
    const first = Math.max(0, this.#rows.first - LIST_SPARE);
    const count = this.#rows.last + LIST_SPARE - first;
    this.#asked = { first, last: first + count };
    return searchSessions({ ...$state.snapshot(this.query), keep: this.detail?.session.id }, first, count);
  }

  /** Reloads the list's page: after a search, a filter or an edit (the edited row is in it
   *  when in view; the rest of the list is never resent). */
  async refreshList() {
    const search = ++this.#searches;
    try {
      const list = await this.#fetchList();
      // A newer search (the user kept typing, or scrolled on) wins.
      if (search === this.#searches) {
        this.list = list;
        this.#asked = null;
      }
    } catch (error) {
      this.report(error);
    }
  }

  /** The list now shows rows [first, last): loads them unless they are loaded, or on their
   *  way, already. */
  showRows(first: number, last: number) {
    this.#rows = { first, last };
    const { first: from, hits, total } = this.list;
    const covers = (start: number, end: number) => first >= start && Math.min(last, total) <= end;
    if (covers(from, from + hits.length) || (this.#asked && covers(this.#asked.first, this.#asked.last))) return;
    void this.refreshList();
  }

  /** Reloads where each record lives (after linking, a sync, a publish); `known`: the linked
   *  logs when the caller has just read them. */
  async refreshHomes(known?: LinkedLog[]) {
    try {
      const [logs, held] = await Promise.all([known ?? linkedLogs(), recordLogs()]);
      const byDir = new Map(logs.map((log) => [log.dir, log]));
      const homes: Partial<Record<string, RecordHome[]>> = {};
      for (const [id, dirs] of Object.entries(held)) {
        homes[id] = (dirs ?? []).map((dir) => ({ dir, name: logName(dir, byDir.get(dir)?.work_tree ?? null) }));
      }
      this.logs = logs;
      this.homes = homes;
    } catch (error) {
      this.report(error);
    }
  }

  async refreshDue() {
    try {
      this.due = await dueReviews();
    } catch (error) {
      this.report(error);
    }
  }

  /** Undoes (or redoes) the open session's last change; everything shown is reloaded. */
  async step(backwards: boolean) {
    if (!this.detail) return;
    try {
      const id = this.detail.session.id;
      this.detail = await (backwards ? undoChange(id) : redoChange(id));
      this.scoring = null;
      this.decision = undefined;
      this.decisionFor = null;
      this.notice = null;
      this.revision++;
      this.refreshListSoon();
    } catch (error) {
      this.report(error);
    }
  }

  refreshListSoon(delayMs = 250) {
    if (this.#listRefresh) clearTimeout(this.#listRefresh);
    this.#listRefresh = setTimeout(() => {
      this.#listRefresh = null;
      void this.refreshList();
    }, delayMs);
  }

  /** Shows an error that belongs to no field. */
  report(error: unknown) {
    this.notice = error instanceof Error ? error.message : String(error);
  }
}
