// Saves a field as soon as it changes, one request at a time. While a save is in flight,
// further edits are coalesced and only the latest value is sent when it returns, so every
// keystroke reaches the database (no timer that a crash could cut short) and responses can
// never arrive out of order.
export interface Autosave<T> {
  /** Queues `value` to be saved; resolves when the queue is empty. */
  push(value: T): Promise<void>;
  /** Resolves when every pushed value has been saved. */
  flush(): Promise<void>;
  /** True while a value is being saved or waits to be. */
  readonly busy: boolean;
}

export function autosave<T>(save: (value: T) => Promise<void>): Autosave<T> {
  let pending: { value: T } | null = null;
  let running: Promise<void> | null = null;

  async function drain() {
    while (pending) {
      const { value } = pending;
      pending = null;
      await save(value);
    }
  }

  return {
    push(value: T) {
      pending = { value };
      if (!running) running = drain().finally(() => (running = null));
      return running;
    },
    flush() {
      return running ?? Promise.resolve();
    },
    get busy() {
      return running !== null;
    },
  };
}
