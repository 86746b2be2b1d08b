import { describe, expect, it, vi } from "vitest";
import { ChangeQueue, newClientId, type Queued, type SendResult } from "./change-queue";

function memory() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe("ChangeQueue", () => {
  it("sends in order, keeps changes while offline, and retries with the same client id", async () => {
    vi.useFakeTimers();
    const sent: Array<Queued<number>> = [];
    let online = false;
    const applied: number[] = [];
    const queue = new ChangeQueue<number, number>(
      async (item) => {
        sent.push(item);
        return online ? { kind: "applied", answer: item.change } : { kind: "offline" };
      },
      { onApplied: (a) => applied.push(a), onRefused: () => {}, onPending: () => {} },
      memory(),
    );
    queue.push(1);
    queue.push(2);
    queue.push(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.pending).toBe(3);
    expect(applied).toEqual([]);
    online = true;
    await vi.advanceTimersByTimeAsync(600);
    expect(applied).toEqual([1, 2, 3]);
    expect(queue.pending).toBe(0);
    // The first change went out twice (once offline) with the same id.
    const ids = sent.filter((s) => s.change === 1).map((s) => s.clientId);
    expect(ids.length).toBe(2);
    expect(new Set(ids).size).toBe(1);
    vi.useRealTimers();
  });

  it("sends nothing more once stopped (a page that went away), keeping what waits", async () => {
    vi.useFakeTimers();
    let sends = 0;
    const storage = memory();
    const queue = new ChangeQueue<number, number>(
      async () => {
        sends++;
        return { kind: "offline" };
      },
      { onApplied: () => {}, onRefused: () => {}, onPending: () => {} },
      storage,
    );
    queue.push(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(sends).toBe(1);
    queue.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    await queue.flush();
    expect(sends).toBe(1);
    expect(JSON.parse(storage.getItem("archdecide-outbox")!)).toHaveLength(1);
    vi.useRealTimers();
  });

  it("survives a reload through storage and reports refusals without blocking the rest", async () => {
    const storage = memory();
    const first = new ChangeQueue<string, string>(async () => ({ kind: "offline" }) as SendResult<string>, { onApplied: () => {}, onRefused: () => {}, onPending: () => {} }, storage);
    first.push("a");
    first.push("b");
    await Promise.resolve();
    const refused: string[] = [];
    const applied: string[] = [];
    const second = new ChangeQueue<string, string>(
      async (item) => (item.change === "a" ? { kind: "refused", error: { code: "invalid_input", message: "no", field: null } } : { kind: "applied", answer: item.change }),
      { onApplied: (a) => applied.push(a), onRefused: (_, item) => refused.push(item.change), onPending: () => {} },
      storage,
    );
    expect(second.pending).toBe(2);
    await second.flush();
    expect(refused).toEqual(["a"]);
    expect(applied).toEqual(["b"]);
  });

  it("makes version-4 UUIDs without a secure context", () => {
    const id = newClientId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId()).not.toBe(id);
  });
});
