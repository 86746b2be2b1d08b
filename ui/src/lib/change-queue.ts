import type { ErrorReport } from "../bindings/ErrorReport";

// The participant page's outbox: changes are sent one at a time, in the order they were made,
// each with an id made here so the room applies a retried one only once. While the network is
// away they wait (kept in sessionStorage, so a reload keeps them) and go out when it returns.

export interface Queued<C> {
  clientId: string;
  change: C;
}

/** What sending one change can end in. */
export type SendResult<A> =
  | { kind: "applied"; answer: A }
  | { kind: "refused"; error: ErrorReport }
  | { kind: "offline" };

export interface QueueEvents<C, A> {
  onApplied(answer: A, item: Queued<C>): void;
  onRefused(error: ErrorReport, item: Queued<C>): void;
  onPending(count: number): void;
}

/** A v4 UUID from getRandomValues (randomUUID needs a secure context; the room is plain HTTP). */
export function newClientId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class ChangeQueue<C, A> {
  private items: Queued<C>[] = [];
  private running = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private delay = 500;
  private stopped = false;

  constructor(
    private readonly send: (item: Queued<C>) => Promise<SendResult<A>>,
    private readonly events: QueueEvents<C, A>,
    private readonly storage: Pick<Storage, "getItem" | "setItem"> | null = null,
    private readonly key = "archdecide-outbox",
    private readonly maxDelay = 8000,
  ) {
    const saved = storage?.getItem(key);
    if (saved) {
      try {
        this.items = JSON.parse(saved) as Queued<C>[];
      } catch {
        this.items = [];
      }
    }
  }

  get pending(): number {
    return this.items.length;
  }

  /** Queues a change and starts sending. */
  push(change: C): Queued<C> {
    const item = { clientId: newClientId(), change };
    this.items.push(item);
    this.save();
    void this.flush();
    return item;
  }

  /** Stops sending for good (the page is going away): no retry fires later. What is still
   *  queued stays saved for the next page. */
  stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Sends what is queued, in order; stops at the first change the network did not take. */
  async flush(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    try {
      while (this.items.length > 0 && !this.stopped) {
        const item = this.items[0];
        const result = await this.send(item);
        if (result.kind === "offline") {
          if (this.stopped) return;
          this.retryTimer = setTimeout(() => void this.flush(), this.delay);
          this.delay = Math.min(this.delay * 2, this.maxDelay);
          return;
        }
        this.delay = 500;
        this.items.shift();
        this.save();
        if (result.kind === "applied") this.events.onApplied(result.answer, item);
        else this.events.onRefused(result.error, item);
      }
    } finally {
      this.running = false;
      this.events.onPending(this.items.length);
    }
  }

  private save() {
    this.storage?.setItem(this.key, JSON.stringify(this.items));
    this.events.onPending(this.items.length);
  }
}
