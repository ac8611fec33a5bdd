import { setImmediate as nextTurn } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";

/** How long statements may run back to back before the event loop gets a turn. */
const SLICE_MS = 10;

/**
 * PGlite that lets the event loop turn once statements have run back to back for SLICE_MS.
 *
 * PGlite runs Postgres inside this process, on its thread: a statement is synchronous work, and
 * when one ends the next waiting statement starts from a promise continuation, so a queue of
 * hundreds (a burst of builds) ran as one stretch of a second or more in which no socket was
 * read: an HTTP request (healthz, a page, an agent's report) waited for the whole queue. Here a
 * statement that finds the loop has not turned for SLICE_MS first waits for a turn (a
 * setImmediate: I/O is polled before it runs). A short chain — a tool's wake-up, a page's few
 * reads — still runs straight through. Statements keep their order and the lock: the wait is
 * taken inside PGlite's own queue.
 */
export class YieldingPGlite extends PGlite {
  /** Off only to measure the previous design (bench/workspace-burst.ts). */
  yieldBetweenStatements = true;
  /** When the current run of statements began; null once the loop has turned since. */
  private sliceStartedAt: number | null = null;

  override _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.yieldBetweenStatements) return super._runExclusiveQuery(fn);
    return super._runExclusiveQuery(async () => {
      if (this.sliceStartedAt !== null && performance.now() - this.sliceStartedAt >= SLICE_MS) await nextTurn();
      if (this.sliceStartedAt === null) this.startSlice();
      return fn();
    });
  }

  private startSlice(): void {
    this.sliceStartedAt = performance.now();
    // Runs at the loop's next check phase, which comes only once the running chain lets go.
    setImmediate(() => (this.sliceStartedAt = null));
  }
}
