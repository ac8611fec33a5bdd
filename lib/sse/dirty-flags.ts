/**
 * What a follow loop must re-read: notifications `mark` kinds and wake the loop, which `take`s
 * the marked set and reads only those. A mark made while the loop was busy is kept for the next
 * take; `add` marks without waking (for the loop's own follow-ups).
 */
export class DirtyFlags<K extends string> {
  private marked = new Set<K>();
  private wake: (() => void) | undefined;

  constructor(initial: readonly K[] = []) {
    for (const kind of initial) this.marked.add(kind);
  }

  mark = (...kinds: K[]): void => {
    this.add(...kinds);
    this.wake?.();
  };

  add(...kinds: K[]): void {
    for (const kind of kinds) this.marked.add(kind);
  }

  /** The kinds marked since the last take, clearing them. */
  take(): Set<K> {
    const taken = this.marked;
    this.marked = new Set();
    return taken;
  }

  get isEmpty(): boolean {
    return this.marked.size === 0;
  }

  /** Resolves at once if something is marked, else at the next mark, after `ms`, or on abort. */
  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (!this.isEmpty || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      this.wake = done;
    });
  }
}
