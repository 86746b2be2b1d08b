import { describe, expect, it } from "vitest";
import { createRawSnippet } from "svelte";
import { fireEvent, render, screen } from "@testing-library/svelte";
import Dialog from "./Dialog.svelte";

const body = createRawSnippet(() => ({
  render: () => `<div><button type="button">First</button><button type="button">Last</button></div>`,
}));

function mount() {
  let closed = 0;
  const outside = document.createElement("button");
  outside.textContent = "Behind";
  document.body.appendChild(outside);
  render(Dialog, { title: "Test dialog", onclose: () => closed++, children: body });
  return { outside, closed: () => closed };
}

describe("Dialog", () => {
  it("keeps Shift+Tab inside as WebKitGTK reports it (key Unidentified, code Tab)", async () => {
    mount();
    const first = screen.getByText("First");
    expect(document.activeElement).toBe(first);
    await fireEvent.keyDown(first, { key: "Unidentified", code: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(screen.getByText("Last"));
    await fireEvent.keyDown(screen.getByText("Last"), { key: "Tab", code: "Tab" });
    expect(document.activeElement).toBe(first);
  });

  it("still answers Escape and Tab when focus fell to the page, and takes focus back", async () => {
    const { outside, closed } = mount();
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    await fireEvent.keyDown(document.body, { key: "Tab", code: "Tab" });
    expect(document.activeElement).toBe(screen.getByText("First"));
    outside.focus();
    expect(document.activeElement, "focus cannot leave for the page behind").toBe(screen.getByText("First"));
    (document.activeElement as HTMLElement).blur();
    await fireEvent.keyDown(document.body, { key: "Escape", code: "Escape" });
    expect(closed()).toBe(1);
    outside.remove();
  });
});
