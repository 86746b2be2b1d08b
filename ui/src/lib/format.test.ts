import { describe, expect, it } from "vitest";
import { afterBecause, changedAgo, itemsOf, linesOf } from "./format";

describe("changedAgo", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  it.each([
    ["2026-11-25T11:59:30Z", "just now"],
    ["2026-11-25T11:55:00Z", "5 min ago"],
    ["2026-11-25T09:00:00Z", "3 h ago"],
    ["2026-11-24T10:00:00Z", "yesterday"],
    ["2026-10-01T10:00:00Z", "2026-10-01"],
  ])("%s → %s", (iso, expected) => {
    expect(changedAgo(iso, now)).toBe(expected);
  });
});

describe("list fields", () => {
  it("round-trip items through lines", () => {
    expect(itemsOf(linesOf(["a", "b"]))).toEqual(["a", "b"]);
  });
});

describe("afterBecause", () => {
  it("lowers a word but not an acronym", () => {
    expect(afterBecause("Simplicity — one deploy")).toBe("simplicity — one deploy");
    expect(afterBecause("REST everywhere")).toBe("REST everywhere");
  });
});
