// The UI's state: the session list and the open session, exactly as the last command
// returned them. Views never patch these by hand; every change goes through Rust and the
// response replaces what is here (no second source of truth).
import { ApiError } from "../api/ipc";
import { getCatalog } from "../api/catalog";
import { getSession, listSessions } from "../api/sessions";
import type { Catalog } from "../bindings/Catalog";
import type { SessionDetail } from "../bindings/SessionDetail";
import type { SessionSummary } from "../bindings/SessionSummary";

export class AppState {
  sessions = $state<SessionSummary[]>([]);
  detail = $state<SessionDetail | null>(null);
  catalog = $state<Catalog | null>(null);
  /** Why the database could not be used at all (newer schema, damaged file). */
  fatal = $state<ApiError | null>(null);
  /** A one-line message about the last failed action that has no field to sit next to. */
  notice = $state<string | null>(null);
  loaded = $state(false);

  #listRefresh: ReturnType<typeof setTimeout> | null = null;

  async load() {
    try {
      const [sessions, catalog] = await Promise.all([listSessions(), getCatalog()]);
      this.sessions = sessions;
      this.catalog = catalog;
    } catch (error) {
      this.fatal = error instanceof ApiError ? error : new ApiError({ code: "ipc_error", message: String(error), field: null });
    } finally {
      this.loaded = true;
    }
  }

  async open(id: string) {
    try {
      this.detail = await getSession(id);
      this.notice = null;
    } catch (error) {
      this.report(error);
    }
  }

  close() {
    this.detail = null;
  }

  /**
   * Takes the session a command returned as the new truth and refreshes the list soon
   * after (coalesced, so typing does not reload the list on every key).
   */
  async apply(response: Promise<SessionDetail>): Promise<SessionDetail> {
    const detail = await response;
    if (!this.detail || this.detail.session.id === detail.session.id) this.detail = detail;
    this.notice = null;
    this.refreshListSoon();
    return detail;
  }

  async refreshList() {
    try {
      this.sessions = await listSessions();
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
