/** Longest delay setTimeout takes; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A wake-up flag for follow loops: `notify()` from a pubsub listener, `wait()` resolves at the
 * next notification, after `fallbackMs` (the slow re-check; `Infinity`: none, no timer), or when
 * the signal aborts. A notification that came while nobody was waiting is not lost: the next wait
 * returns at once.
 */
export class Wakeup {
  private pending = false;
  private resolve: (() => void) | undefined;

  notify = (): void => {
    if (this.resolve) {
      this.resolve();
      this.resolve = undefined;
    } else {
      this.pending = true;
    }
  };

  /** Forgets a notification nobody waited for (for callers that keep their own record of it). */
  reset(): void {
    this.pending = false;
  }

  wait(fallbackMs: number, signal?: AbortSignal): Promise<void> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.resolve = undefined;
        resolve();
      };
      const timer = Number.isFinite(fallbackMs) ? setTimeout(done, Math.min(Math.max(0, fallbackMs), MAX_TIMER_MS)) : undefined;
      signal?.addEventListener("abort", done, { once: true });
      this.resolve = done;
    });
  }
}
