/**
 * Keepalives for every open event stream of the process, from one timer.
 *
 * A timer per stream fires 10,000 streams' keepalives one at a time, each on a turn of the event
 * loop of its own: at 10,000 idle streams that was most of the server's idle CPU. Here a stream
 * joins the slot of the current second and one timer, once a second, writes to the streams of
 * one slot: each stream still gets a keepalive every `periodSeconds`, and those due together
 * go out together. The timer runs only while a stream is open, and never keeps the process up.
 */
export class KeepaliveTicker {
  private readonly slots: Set<() => void>[];
  private current = 0;
  private size = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly periodSeconds: number,
    private readonly tickMs = 1000,
  ) {
    this.slots = Array.from({ length: periodSeconds }, () => new Set());
  }

  /** Calls `send` every `periodSeconds` (give or take a tick) until the returned function is called. */
  add(send: () => void): () => void {
    // Joins the slot written last: its next turn is a whole period away.
    const slot = this.slots[this.current]!;
    slot.add(send);
    this.size += 1;
    this.timer ??= setInterval(() => this.tick(), this.tickMs).unref();
    return () => {
      if (!slot.delete(send)) return;
      this.size -= 1;
      if (this.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  private tick(): void {
    this.current = (this.current + 1) % this.periodSeconds;
    // A Set's iteration skips members deleted meanwhile: a failed write closes its stream (and
    // maybe others), which leave the slot while it is being written.
    for (const send of this.slots[this.current]!) send();
  }
}
