import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import Participant from "./Participant.svelte";
import type { ParticipantSheet } from "../bindings/ParticipantSheet";

const TOKEN = "0123456789abcdef0123456789abcdef01234567";

function sheet(overrides: Partial<ParticipantSheet> = {}): ParticipantSheet {
  return {
    session_id: "sess",
    title: "Checkout platform",
    context: "Traffic doubles every year.",
    status: "scoring",
    editable: true,
    weighting: "direct",
    stakeholder_id: "s1",
    name: "Ana",
    role: "CTO",
    drivers: [{ id: "d1", session_id: "sess", template_key: null, title: "Scalability", description: "", category: "principle", must_have: false, position: 0 }],
    options: [{ id: "o1", session_id: "sess", catalog_key: null, name: "Microservices", definition: "Small services.", pros: ["Fault isolation"], cons: [], use_cases: [], position: 0 }],
    importances: [],
    comparisons: [],
    scores: [],
    blind: false,
    sealed: false,
    ...overrides,
  };
}

class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, () => void>();
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, listener: () => void) {
    this.listeners.set(name, listener);
  }
  emit(name: string) {
    this.listeners.get(name)?.();
  }
  close() {}
}

const json = (status: number, body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } }));

beforeEach(() => {
  window.history.pushState({}, "", `/s/${TOKEN}`);
  sessionStorage.clear();
  vi.stubGlobal("EventSource", FakeEventSource);
});
afterEach(() => vi.unstubAllGlobals());

describe("Participant", () => {
  it("shows the sheet, saves a score once and says so, and keeps it while the network is away", async () => {
    let online = true;
    const posts: any[] = [];
    vi.stubGlobal("fetch", (url: string, init?: RequestInit) => {
      if (!online) return Promise.reject(new TypeError("network down"));
      if (init?.method === "POST") {
        const body = JSON.parse(String(init.body));
        posts.push(body);
        const scores = [{ stakeholder_id: "s1", driver_id: "d1", option_id: "o1", value: body.change.value, rationale: "", suggested: false }];
        const { status, editable, importances, comparisons, blind, sealed } = sheet();
        return json(200, { applied: true, own: { status, editable, importances, comparisons, scores, blind, sealed } });
      }
      expect(url).toBe(`/api/${TOKEN}/sheet`);
      return json(200, sheet());
    });
    render(Participant);
    expect(await screen.findByTestId("p-title")).toHaveTextContent("Checkout platform");
    expect(screen.getByTestId("p-name")).toHaveTextContent("Ana");
    await userEvent.click(screen.getByTestId("p-score-4"));
    expect(await screen.findByText(/Saved .* 1 of 1 scores given/)).toBeInTheDocument();
    expect(posts).toHaveLength(1);
    expect(posts[0].change).toEqual({ kind: "score", driver_id: "d1", option_id: "o1", value: 4 });
    expect(posts[0].client_id).toMatch(/^[0-9a-f-]{36}$/);
    // Offline: the change waits, and the choice stays on screen.
    online = false;
    await userEvent.click(screen.getByTestId("p-score-2"));
    expect(await screen.findByText(/1 change waiting to be sent/)).toBeInTheDocument();
    expect((screen.getByTestId("p-score-2") as HTMLInputElement).checked).toBe(true);
    expect(JSON.parse(sessionStorage.getItem(`archdecide-outbox-${TOKEN}`) ?? "[]")).toHaveLength(1);
  });

  it("says when the room is closed or the link was replaced", async () => {
    vi.stubGlobal("fetch", () => json(200, sheet()));
    render(Participant);
    await screen.findByTestId("p-title");
    FakeEventSource.last!.emit("closed");
    expect(await screen.findByRole("heading", { name: "This room is closed" })).toBeInTheDocument();
  });

  it("answers a 410 on load with the closed page", async () => {
    vi.stubGlobal("fetch", () => json(410, { code: "link_revoked", message: "replaced", field: null }));
    render(Participant);
    expect(await screen.findByRole("heading", { name: "This link was replaced" })).toBeInTheDocument();
  });

  it("takes digits and Delete on a focused scale, as the window's Score step does", async () => {
    const posts: any[] = [];
    vi.stubGlobal("fetch", (_url: string, init?: RequestInit) => {
      if (init?.method === "POST") {
        const body = JSON.parse(String(init.body));
        posts.push(body.change);
        const { status, editable, importances, comparisons, scores, blind, sealed } = sheet();
        return json(200, { applied: true, own: { status, editable, importances, comparisons, scores, blind, sealed } });
      }
      return json(200, sheet());
    });
    render(Participant);
    await screen.findByTestId("p-title");
    screen.getByTestId("p-score-0").focus();
    await userEvent.keyboard("3");
    expect(document.activeElement).toBe(screen.getByTestId("p-score-3"));
    await userEvent.keyboard("{Delete}");
    await userEvent.keyboard("9"); // not on the scale: ignored
    const importance = screen.getAllByRole("radio", { name: "4" })[0];
    importance.focus();
    await userEvent.keyboard("5");
    await vi.waitFor(() => expect(posts).toHaveLength(3));
    expect(posts).toEqual([
      { kind: "score", driver_id: "d1", option_id: "o1", value: 3 },
      { kind: "score", driver_id: "d1", option_id: "o1", value: null },
      { kind: "importance", driver_id: "d1", value: 5 },
    ]);
  });

  it("offers Saaty's whole scale for a pair and shows a window's even value as it is", async () => {
    const drivers = [
      { id: "d1", session_id: "sess", template_key: null, title: "Cost", description: "", category: "principle" as const, must_have: false, position: 0 },
      { id: "d2", session_id: "sess", template_key: null, title: "Speed", description: "", category: "principle" as const, must_have: false, position: 1 },
    ];
    const comparisons = [{ stakeholder_id: "s1", driver_a: "d1", driver_b: "d2", value: 4 }];
    const posts: any[] = [];
    vi.stubGlobal("fetch", (_url: string, init?: RequestInit) => {
      if (init?.method === "POST") {
        posts.push(JSON.parse(String(init.body)).change);
        const { status, editable, importances, scores, blind, sealed } = sheet();
        return json(200, { applied: true, own: { status, editable, importances, comparisons, scores, blind, sealed } });
      }
      return json(200, sheet({ weighting: "ahp", drivers, comparisons }));
    });
    render(Participant);
    const pair = (await screen.findByTestId("p-pair")) as HTMLSelectElement;
    expect(pair.options).toHaveLength(18);
    expect(pair.selectedOptions[0].textContent).toBe("Cost: moderate to strong (4)");
    await userEvent.selectOptions(pair, "Speed: extreme (9)");
    await vi.waitFor(() => expect(posts).toHaveLength(1));
    expect(posts[0]).toEqual({ kind: "comparison", driver_a: "d1", driver_b: "d2", value: 1 / 9 });
  });
});
