import { describe, expect, it } from "vitest";
import { afterBecause, changedAgo, itemsOf, linesOf, localTime, logName } from "./format";

describe("localTime", () => {
  it("shows the moment in local time, to the minute", () => {
    expect(localTime(new Date(2026, 11, 4, 9, 5, 59).toISOString())).toBe("2026-12-04 09:05");
    expect(localTime(new Date(2027, 0, 31, 23, 0).toISOString())).toBe("2027-01-31 23:00");
  });
});

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

describe("logName", () => {
  it("names a log by its repository, or by its own folder outside git", () => {
    expect(logName("/src/payments/docs/decisions", "/src/payments")).toBe("payments");
    expect(logName("/home/bo/adr/", null)).toBe("adr");
    expect(logName("C:\\work\\api\\doc\\adr", "C:\\work\\api\\")).toBe("api");
  });
});
