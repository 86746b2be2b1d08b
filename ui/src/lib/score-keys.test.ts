import { describe, expect, it } from "vitest";
import { cellAction, sheetStep } from "./score-keys";

const size = { rows: 3, cols: 4 }; // three drivers; importance + three options

describe("cellAction", () => {
  it("moves with the arrows, clamped to the matrix, also when nothing can be changed", () => {
    expect(cellAction("ArrowRight", { row: 0, col: 3 }, size, true)).toEqual({ kind: "move", to: { row: 0, col: 3 } });
    expect(cellAction("ArrowDown", { row: 1, col: 2 }, size, false)).toEqual({ kind: "move", to: { row: 2, col: 2 } });
    expect(cellAction("ArrowUp", { row: 0, col: 0 }, size, true)).toEqual({ kind: "move", to: { row: 0, col: 0 } });
    expect(cellAction("ArrowLeft", { row: 2, col: 1 }, size, true)).toEqual({ kind: "move", to: { row: 2, col: 0 } });
  });

  it("rates importance 1–5 in the first column and scores 0–5 in the others", () => {
    expect(cellAction("0", { row: 0, col: 0 }, size, true)).toEqual({ kind: "none" });
    expect(cellAction("5", { row: 0, col: 0 }, size, true)).toEqual({ kind: "importance", value: 5 });
    expect(cellAction("0", { row: 0, col: 1 }, size, true)).toEqual({ kind: "score", value: 0 });
    expect(cellAction("6", { row: 0, col: 1 }, size, true)).toEqual({ kind: "none" });
  });

  it("clears with Delete or Backspace, and Enter acts only on a score", () => {
    expect(cellAction("Delete", { row: 1, col: 0 }, size, true)).toEqual({ kind: "importance", value: null });
    expect(cellAction("Backspace", { row: 1, col: 2 }, size, true)).toEqual({ kind: "score", value: null });
    expect(cellAction("Enter", { row: 1, col: 2 }, size, true)).toEqual({ kind: "enter" });
    expect(cellAction("Enter", { row: 1, col: 0 }, size, true)).toEqual({ kind: "none" });
  });

  it("changes nothing in a read-only sheet or with a modifier held", () => {
    expect(cellAction("3", { row: 0, col: 1 }, size, false)).toEqual({ kind: "none" });
    expect(cellAction("3", { row: 0, col: 1 }, size, true, true)).toEqual({ kind: "none" });
  });
});

describe("sheetStep", () => {
  it("steps through the stakeholders with ] [ and PageDown PageUp", () => {
    expect([sheetStep("]"), sheetStep("PageDown"), sheetStep("["), sheetStep("PageUp"), sheetStep("x")]).toEqual([1, 1, -1, -1, 0]);
  });
});
