import { Wakeup } from "./wait-for-signal";

/**
 * What a follow loop must re-read: notifications `mark` kinds and wake the loop, which `take`s
 * the marked kinds and reads only those. A mark made while the loop was busy is kept for the
 * next take; `add` marks without waking (for the loop's own follow-ups). Each kind remembers
 * when it was last marked (`performance.now()`): a read that began earlier cannot show it.
 */
export class DirtyFlags<K extends string> {
  private marked = new Map<K, number>();
  private readonly wakeup = new Wakeup();

  constructor(initial: readonly K[] = []) {
    this.add(...initial);
  }

  mark = (...kinds: K[]): void => {
    this.add(...kinds);
    this.wakeup.notify();
  };

  add(...kinds: K[]): void {
    const now = performance.now();
    for (const kind of kinds) this.marked.set(kind, now);
  }

  /** The kinds marked since the last take, with when each was last marked; clears them. */
  take(): Map<K, number> {
    const taken = this.marked;
    this.marked = new Map();
    return taken;
  }

  get isEmpty(): boolean {
    return this.marked.size === 0;
  }

  /** Resolves at once if something is marked, else at the next mark, after `ms`, or on abort. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (!this.isEmpty || signal?.aborted) return Promise.resolve();
    // The marks are the record of what happened: a wake-up left from marks already taken is stale.
    this.wakeup.reset();
    return this.wakeup.wait(ms, signal);
  }
}
