import { describe, expect, it } from "vitest";
import { autosave } from "./autosave";

function deferredSaver() {
  const saved: string[] = [];
  const waiting: Array<() => void> = [];
  const save = (value: string) =>
    new Promise<void>((resolve) => {
      saved.push(value);
      waiting.push(resolve);
    });
  const release = async () => {
    waiting.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { saved, save, release };
}

describe("autosave", () => {
  it("sends the first edit at once and coalesces the rest to the latest", async () => {
    const { saved, save, release } = deferredSaver();
    const field = autosave(save);
    field.push("a");
    field.push("ab");
    field.push("abc");
    expect(saved).toEqual(["a"]);
    expect(field.busy).toBe(true);
    await release();
    expect(saved).toEqual(["a", "abc"]);
    await release();
    await field.flush();
    expect(field.busy).toBe(false);
    expect(saved).toEqual(["a", "abc"]);
  });

  it("saves again after going idle", async () => {
    const seen: string[] = [];
    const field = autosave(async (v: string) => void seen.push(v));
    await field.push("x");
    await field.push("y");
    expect(seen).toEqual(["x", "y"]);
  });
});
