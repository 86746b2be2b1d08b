import { describe, expect, it } from "vitest";
import { coalesced } from "./coalesce";

/** A run that waits until the test lets it finish. */
function gated() {
  const gates: (() => void)[] = [];
  let runs = 0;
  let overlapping = 0;
  let most = 0;
  const run = async () => {
    runs++;
    most = Math.max(most, ++overlapping);
    await new Promise<void>((resolve) => gates.push(resolve));
    overlapping--;
  };
  const open = async () => {
    while (gates.length === 0) await Promise.resolve();
    gates.shift()!();
  };
  return { run, open, runs: () => runs, most: () => most };
}

describe("coalesced", () => {
  it("runs once for a call on its own", async () => {
    const g = gated();
    const call = coalesced(g.run);
    const done = call();
    await g.open();
    await done;
    expect(g.runs()).toBe(1);
  });

  it("turns any number of calls during a run into one more run, never beside it", async () => {
    const g = gated();
    const call = coalesced(g.run);
    const first = call();
    let settled = false;
    const later = Promise.all([call(), call(), call()]).then(() => (settled = true));
    await g.open(); // the first run ends; the one the later calls asked for starts
    await Promise.resolve();
    expect(settled).toBe(false);
    await g.open();
    await Promise.all([first, later]);
    expect(g.runs()).toBe(2);
    expect(g.most()).toBe(1);
    // Once idle, the next call runs at once again.
    const next = call();
    await g.open();
    await next;
    expect(g.runs()).toBe(3);
  });

  it("a run that throws ends the runs asked for, and the next call starts afresh", async () => {
    let runs = 0;
    const call = coalesced(async () => {
      runs++;
      throw new Error("no");
    });
    await expect(call()).rejects.toThrow("no");
    await expect(call()).rejects.toThrow("no");
    expect(runs).toBe(2);
  });
});
