// Runs that must not overlap and must not fall behind: reloading what the window shows when
// the room says something changed. Notices come faster than reloads at times (fifty people
// scoring at once), so a reload never starts beside another one, and every notice that comes
// in meanwhile asks for exactly one more reload after it, which sees them all.

/**
 * Wraps `run` so that calls never overlap. A call while `run` is running asks for one more
 * run after it, however many such calls come, so the state after the last call is always
 * seen. Each call's promise settles once a run that started after the call has finished.
 * `run` reports its own errors: one that throws ends the runs asked for so far.
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await run();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
