import { MAX_AGENT_LOG_OUTPUT_BYTES, truncateUtf8, type AgentLogLine } from "../workspace-agents/schemas";
import { sleep } from "./backoff";

export type LogUploaderOptions = {
  /** Sends one batch; throws when it was not stored. */
  send: (logs: AgentLogLine[]) => Promise<void>;
  /** Whether a failed batch is worth sending again (server unreachable) or never will be (refused). */
  isRetryable: (error: unknown) => boolean;
  /** A partial batch waits at most this long, so lines show up live without a request per line. */
  flushIntervalMs?: number;
  maxBatchLines?: number;
  /** Keeps a batch well under the server's body limit (1 MiB by default) whatever the lines hold. */
  maxBatchBytes?: number;
  retryInitialDelayMs?: number;
  retryMaxDelayMs?: number;
  onError?: (message: string) => void;
};

type Queued = { line: AgentLogLine; bytes: number };

/**
 * Streams log lines to the server in batches, in the order they were pushed. One batch is in
 * flight at a time and lines leave the queue only once the server stored them, so a failed or
 * retried request neither loses nor reorders lines; a server that is down is retried with
 * backoff until it answers. Only a batch the server refuses outright (4xx) is dropped, since
 * sending it again would block every line after it forever.
 */
export class LogUploader {
  private readonly options: Required<Omit<LogUploaderOptions, "onError">> & Pick<LogUploaderOptions, "onError">;
  private readonly queue: Queued[] = [];
  private pushed = 0;
  private settled = 0;
  private flushDue = false;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private waiters: { target: number; resolve: () => void }[] = [];
  private closed = false;
  private readonly stop = new AbortController();

  constructor(options: LogUploaderOptions) {
    this.options = {
      flushIntervalMs: 50,
      maxBatchLines: 100,
      maxBatchBytes: 512 * 1024,
      retryInitialDelayMs: 100,
      retryMaxDelayMs: 5000,
      ...options,
    };
  }

  /** Queues a line; it is sent within the flush interval, or at once when a batch is full. */
  push(line: AgentLogLine): void {
    if (this.closed) return;
    // Cut here as the server would: one line must always fit in one batch.
    const entry = { ...line, output: truncateUtf8(line.output, MAX_AGENT_LOG_OUTPUT_BYTES) };
    this.queue.push({ line: entry, bytes: Buffer.byteLength(JSON.stringify(entry)) + 1 });
    this.pushed++;
    if (this.queue.length >= this.options.maxBatchLines) this.kick();
    else this.schedule();
  }

  /** Resolves once every line pushed before the call has been stored (or dropped, or the uploader closed). */
  flush(): Promise<void> {
    const target = this.pushed;
    if (this.settled >= target || this.closed) return Promise.resolve();
    const flushed = new Promise<void>((resolve) => this.waiters.push({ target, resolve }));
    this.flushDue = true;
    this.kick();
    return flushed;
  }

  /** Gives up: no more retries, lines not yet stored are abandoned, pending flushes resolve. */
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
      // A line pushed while the pump was winding down must not wait for the next push.
      if (this.hasWork()) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (!this.closed && this.hasWork()) {
      const count = this.batchSize();
      await this.sendWithRetry(this.queue.slice(0, count).map((queued) => queued.line));
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

  /** Lines for the next batch: up to the line and byte limits, but at least one. */
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

  private async sendWithRetry(lines: AgentLogLine[]): Promise<void> {
    let delay = this.options.retryInitialDelayMs;
    for (let failures = 0; !this.closed; failures++) {
      try {
        await this.options.send(lines);
        if (failures > 0) this.options.onError?.(`sending logs works again after ${failures} failed attempts`);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!this.options.isRetryable(error)) {
          this.options.onError?.(`dropping ${lines.length} log lines the server refused: ${message}`);
          return;
        }
        // Once per outage, not once per attempt: the agent's own log must stay readable.
        if (failures === 0) this.options.onError?.(`sending logs failed, retrying: ${message}`);
        await sleep(delay, this.stop.signal);
        delay = Math.min(delay * 2, this.options.retryMaxDelayMs);
      }
    }
  }
}
