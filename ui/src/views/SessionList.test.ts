import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SessionList from "./SessionList.svelte";
import { hit, pageOf } from "../test/fixtures";

describe("SessionList", () => {
  it("shows each session's title, status and last change, and opens one on click", async () => {
    const onopen = vi.fn();
    const sessions = [
      hit({ id: "b", title: "Second", status: "decided" }),
      hit({ id: "a", title: "First", status: "archived", updated_at: "2026-01-02T10:00:00Z" }),
    ];
    render(SessionList, { page: pageOf(sessions), selectedId: "a", onopen });
    const items = screen.getAllByTestId("session-item");
    expect(items.map((i) => i.querySelector(".session-title")?.textContent)).toEqual(["Second", "First"]);
    expect(items[0]).toHaveTextContent("Decided");
    expect(items[0]).toHaveTextContent("just now");
    expect(items[1]).toHaveTextContent("Archived");
    expect(items[1]).toHaveTextContent("2026-01-02");
    expect(items[1]).toHaveAttribute("aria-current", "true");
    await userEvent.click(items[0]);
    expect(onopen).toHaveBeenCalledWith("b");
  });

  it("renders a title as text, never as HTML", () => {
    render(SessionList, { page: pageOf([hit({ title: "<img src=x onerror=alert(1)>" })]), selectedId: null, onopen: () => {} });
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(document.querySelector("img")).toBeNull();
  });

  it("names the decision logs a session's record lives in", () => {
    const homes = { a: [{ name: "payments", dir: "/src/payments/docs/decisions" }, { name: "platform", dir: "/src/platform/doc/adr" }] };
    render(SessionList, { page: pageOf([hit({ id: "a" }), hit({ id: "b" })]), selectedId: null, onopen: () => {}, homes });
    const [first, second] = screen.getAllByTestId("session-item");
    const names = Array.from(first.querySelectorAll("[data-testid=record-home]"));
    expect(names.map((n) => n.textContent)).toEqual(["payments", "platform"]);
    expect(names[0]).toHaveAttribute("title", "Its record is in the decision log /src/payments/docs/decisions");
    expect(second.querySelector("[data-testid=record-home]")).toBeNull();
  });

  it("tells a revisit from its original and names both in full on hover", () => {
    const sessions = [
      hit({ id: "a", title: "Checkout platform (revisit)", revisit: true }),
      hit({ id: "b", title: "Checkout platform", summary: "In the context of checkout, we decided for Microservices." }),
    ];
    render(SessionList, { page: pageOf(sessions), selectedId: null, onopen: () => {} });
    const [revisit, original] = screen.getAllByTestId("session-item");
    expect(revisit).toContainElement(screen.getByTestId("revisit-badge"));
    expect(original.querySelector("[data-testid=revisit-badge]")).toBeNull();
    expect(revisit).toHaveAttribute("title", "Checkout platform (revisit)");
    expect(original).toHaveAttribute("title", "Checkout platform\nIn the context of checkout, we decided for Microservices.");
  });

  it("says so when nothing matches", () => {
    render(SessionList, { page: pageOf([]), selectedId: null, onopen: () => {} });
    expect(screen.getByText("No sessions match.")).toBeInTheDocument();
  });
});

describe("SessionList with many sessions", () => {
  const hits = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => hit({ id: `id-${from + i}`, title: `Session ${from + i}` }));

  it("puts only the rows in view into the page and says which rows those are", () => {
    const onrange = vi.fn();
    render(SessionList, { page: { total: 10_000, first: 0, hits: hits(0, 120) }, onrange, selectedId: null, onopen: () => {} });
    const items = screen.getAllByTestId("session-item");
    expect(items.length).toBeLessThan(60);
    expect(items[0]).toHaveTextContent("Session 0");
    expect(items[0].closest("li")).toHaveAttribute("aria-setsize", "10000");
    expect(onrange).toHaveBeenCalledWith(0, items.length);
  });

  it("asks for the end of a list that shrank below where it was scrolled", async () => {
    const onrange = vi.fn();
    const { rerender } = render(SessionList, { page: { total: 10_000, first: 0, hits: hits(0, 120) }, onrange, selectedId: null, onopen: () => {} });
    const scroller = document.querySelector(".session-scroll") as HTMLElement;
    scroller.scrollTop = 5000 * 58;
    scroller.dispatchEvent(new Event("scroll"));
    await waitFor(() => expect(onrange).toHaveBeenLastCalledWith(5000 - 8, expect.any(Number)));
    await rerender({ page: { total: 10, first: 4940, hits: [] }, onrange, selectedId: null, onopen: () => {} });
    await waitFor(() => expect(onrange).toHaveBeenLastCalledWith(0, 10));
  });

  it("keeps the place of rows whose page is on its way", () => {
    render(SessionList, { page: { total: 10_000, first: 5, hits: hits(5, 10) }, selectedId: null, onopen: () => {} });
    const rows = Array.from(document.querySelectorAll("li.session-row"));
    expect(rows.slice(0, 5).every((row) => row.textContent === "Loading…")).toBe(true);
    expect(rows[5]).toHaveTextContent("Session 5");
    expect(rows[5]).toHaveAttribute("aria-posinset", "6");
    expect(rows[10]).toHaveTextContent("Loading…");
  });
});

describe("SessionList with search marks", () => {
  it("marks the matches and shows the snippet, as text", () => {
    const marked = hit(
      { title: "Billing service" },
      {
        title: [{ text: "Billing", hit: true }, { text: " service", hit: false }],
        snippet: [{ text: "…sent by the ", hit: false }, { text: "billing", hit: true }, { text: " <b>job</b>", hit: false }],
        has_accepted_decision: true,
      },
    );
    render(SessionList, { page: pageOf([marked]), selectedId: null, onopen: () => {} });
    const marks = Array.from(document.querySelectorAll("mark")).map((m) => m.textContent);
    expect(marks).toEqual(["Billing", "billing"]);
    expect(screen.getByText(/<b>job<\/b>/)).toBeInTheDocument();
    expect(document.querySelector("b")).toBeNull();
    expect(screen.getByText("ADR")).toBeInTheDocument();
  });
});
