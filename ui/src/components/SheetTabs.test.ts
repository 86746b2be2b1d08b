import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import SheetTabs from "./SheetTabs.svelte";

describe("SheetTabs", () => {
  it("is one tab stop whose arrows, Home and End select a person, tied to its panel", async () => {
    const picked: string[] = [];
    const people = [
      { id: "a", name: "Ana", note: "0/6" },
      { id: "b", name: "Bo", note: "2/6" },
      { id: "c", name: "Cy", note: "6/6" },
    ];
    const { rerender } = render(SheetTabs, { label: "Whose scores", people, selected: "a", panel: "sheet", onselect: (id: string) => picked.push(id) });
    const tabs = screen.getAllByRole("tab");
    expect(tabs.map((t) => t.getAttribute("tabindex"))).toEqual(["0", "-1", "-1"]);
    expect(tabs.every((t) => t.getAttribute("aria-controls") === "sheet")).toBe(true);
    tabs[0].focus();
    await userEvent.keyboard("{ArrowRight}");
    await userEvent.keyboard("{ArrowLeft}");
    await userEvent.keyboard("{End}");
    await userEvent.keyboard("{Home}");
    expect(picked).toEqual(["b", "c", "c", "a"]);
    await rerender({ label: "Whose scores", people, selected: "b", panel: "sheet", onselect: () => {} });
    expect(screen.getByRole("tab", { name: /Bo/ })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tab", { name: /Bo/ })).toHaveAttribute("tabindex", "0");
  });
});
