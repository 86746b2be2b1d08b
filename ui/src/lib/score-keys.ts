// The Score step's keyboard: what a key does in the matrix, decided without a DOM so it is
// tested on its own. Row = driver, column 0 = the driver's importance, 1… = the options.

/** Where the focus is, and how big the matrix is. */
export interface GridPlace {
  row: number;
  col: number;
}

/** What a key pressed on a cell asks for. */
export type CellAction =
  | { kind: "move"; to: GridPlace }
  | { kind: "importance"; value: number | null }
  | { kind: "score"; value: number | null }
  /** Enter: accept the cell's suggestion, or write its rationale. */
  | { kind: "enter" }
  | { kind: "none" };

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * The action of `key` on the cell `at` of a matrix of `rows` × `cols` (importance included).
 * Arrows move (clamped to the matrix) even when scores cannot change; digits score (1–5 in the
 * importance column, 0–5 elsewhere), Delete and Backspace clear, Enter acts on a score cell.
 * A key with Ctrl, Alt or Meta is the window's, not the cell's.
 */
export function cellAction(
  key: string,
  at: GridPlace,
  size: { rows: number; cols: number },
  editable: boolean,
  withModifier = false,
): CellAction {
  const arrow = ARROWS[key];
  if (arrow) {
    const clamp = (n: number, length: number) => Math.max(0, Math.min(length - 1, n));
    return { kind: "move", to: { row: clamp(at.row + arrow[0], size.rows), col: clamp(at.col + arrow[1], size.cols) } };
  }
  if (!editable || withModifier) return { kind: "none" };
  const clear = key === "Delete" || key === "Backspace";
  if (at.col === 0) {
    if (/^[1-5]$/.test(key)) return { kind: "importance", value: Number(key) };
    return clear ? { kind: "importance", value: null } : { kind: "none" };
  }
  if (/^[0-5]$/.test(key)) return { kind: "score", value: Number(key) };
  if (clear) return { kind: "score", value: null };
  return key === "Enter" ? { kind: "enter" } : { kind: "none" };
}

/** The stakeholder a key switches to, as a step through the list: ] and PageDown the next,
 *  [ and PageUp the previous, anything else 0. */
export function sheetStep(key: string): -1 | 0 | 1 {
  if (key === "]" || key === "PageDown") return 1;
  if (key === "[" || key === "PageUp") return -1;
  return 0;
}
