import { setImmediate as nextTurn } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";

/**
 * PGlite that lets the event loop turn before each statement.
 *
 * PGlite runs Postgres inside this process, on its thread: a statement is synchronous work, and
 * when one ends the next waiting statement starts from a promise continuation, so a queue of
 * hundreds (a burst of builds) runs as one long stretch in which no socket is read. An HTTP
 * request — healthz, a page, an agent's report — then waits for the whole queue, not for its
 * turn. Starting each statement from a setImmediate puts one turn of the event loop (its I/O
 * included) between statements; it costs a few microseconds each. Statements keep their order
 * and the lock: the wait is taken inside PGlite's own queue.
 */
export class YieldingPGlite extends PGlite {
  /** Off only to measure the previous design (bench/workspace-burst.ts). */
  yieldBetweenStatements = true;

  override _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.yieldBetweenStatements) return super._runExclusiveQuery(fn);
    return super._runExclusiveQuery(async () => {
      await nextTurn();
      return fn();
    });
  }
}
