import { sleep } from "./backoff";

export type BatchUploaderOptions<T> = {
  /** Sends one batch; throws when it was not stored. */
  send: (items: T[]) => Promise<void>;
  /** What the items are, for the messages: "log lines", "process output lines". */
  what?: string;
  /** Whether a failed batch is worth sending again (server unreachable) or never will be (refused). */
  isRetryable: (error: unknown) => boolean;
  /** A partial batch waits at most this long, so lines show up live without a request per line. */
  flushIntervalMs?: number;
  maxBatchLines?: number;
  /** Keeps a batch well under the server's body limit (1 MiB by default) whatever the items hold. */
  maxBatchBytes?: number;
  retryInitialDelayMs?: number;
  retryMaxDelayMs?: number;
  onError?: (message: string) => void;
};

type Queued<T> = { item: T; bytes: number };

/**
 * Streams items (log lines, process output) to the server in batches, in the order they were
 * pushed. One batch is in flight at a time and items leave the queue only once the server stored
 * them, so a failed or retried request neither loses nor reorders them; a server that is down is
 * retried with backoff until it answers. Only a batch the server refuses outright (4xx) is
 * dropped, since sending it again would block every item after it forever.
 */
export class BatchUploader<T> {
  private readonly options: Required<Omit<BatchUploaderOptions<T>, "onError">> & Pick<BatchUploaderOptions<T>, "onError">;
  private readonly queue: Queued<T>[] = [];
  private pushed = 0;
  private settled = 0;
  private flushDue = false;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private waiters: { target: number; resolve: () => void }[] = [];
  private closed = false;
  private readonly stop = new AbortController();

  constructor(options: BatchUploaderOptions<T>) {
    this.options = {
      what: "log lines",
      flushIntervalMs: 50,
      maxBatchLines: 100,
      maxBatchBytes: 512 * 1024,
      retryInitialDelayMs: 100,
      retryMaxDelayMs: 5000,
      ...options,
    };
  }

  /** Queues an item; it is sent within the flush interval, or at once when a batch is full. */
  push(item: T): void {
    if (this.closed) return;
    this.queue.push({ item, bytes: Buffer.byteLength(JSON.stringify(item)) + 1 });
    this.pushed++;
    if (this.queue.length >= this.options.maxBatchLines) this.kick();
    else this.schedule();
  }

  /** Resolves once every item pushed before the call has been stored (or dropped, or the uploader closed). */
  flush(): Promise<void> {
    const target = this.pushed;
    if (this.settled >= target || this.closed) return Promise.resolve();
    const flushed = new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    this.flushDue = true;
    this.kick();
    return flushed;
  }

  /** Gives up: no more retries, items not yet stored are abandoned, pending flushes resolve. */
  close(): void {
    this.closed = true;
    this.stop.abort();
    clearTimeout(this.timer);
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters = [];
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.flushDue = true;
      this.kick();
    }, this.options.flushIntervalMs);
  }

  private hasWork(): boolean {
    return this.queue.length >= this.options.maxBatchLines || (this.queue.length > 0 && this.flushDue);
  }

  private kick(): void {
    if (this.pumping || this.closed) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      // An item pushed while the pump was winding down must not wait for the next push.
      if (this.hasWork()) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (!this.closed && this.hasWork()) {
      const count = this.batchSize();
      await this.sendWithRetry(this.queue.slice(0, count).map((queued) => queued.item));
      if (this.closed) return;
      this.queue.splice(0, count);
      this.settled += count;
      this.waiters = this.waiters.filter((waiter) => {
        if (waiter.target > this.settled) return true;
        waiter.resolve();
        return false;
      });
    }
    if (this.queue.length === 0) this.flushDue = false;
    else if (!this.closed) this.schedule();
  }

  /** Items for the next batch: up to the count and byte limits, but at least one. */
  private batchSize(): number {
    let count = 0;
    let bytes = 0;
    for (const queued of this.queue) {
      if (count >= this.options.maxBatchLines || (count > 0 && bytes + queued.bytes > this.options.maxBatchBytes)) break;
      count++;
      bytes += queued.bytes;
    }
    return count;
  }

  private async sendWithRetry(items: T[]): Promise<void> {
    let delay = this.options.retryInitialDelayMs;
    for (let failures = 0; !this.closed; failures++) {
      try {
        await this.options.send(items);
        if (failures > 0) this.options.onError?.(`sending ${this.options.what} works again after ${failures} failed attempts`);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!this.options.isRetryable(error)) {
          this.options.onError?.(`dropping ${items.length} ${this.options.what} the server refused: ${message}`);
          return;
        }
        // Once per outage, not once per attempt: the agent's own log must stay readable.
        if (failures === 0) this.options.onError?.(`sending ${this.options.what} failed, retrying: ${message}`);
        await sleep(delay, this.stop.signal);
        delay = Math.min(delay * 2, this.options.retryMaxDelayMs);
      }
    }
  }
}
