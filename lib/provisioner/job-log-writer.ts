import "server-only";
import type { LogLevel } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";

/** Longest stored line; longer output is cut (a log line is for reading, not for data). */
const MAX_LINE_CHARS = 16 * 1024;
const FLUSH_INTERVAL_MS = 50;
const FLUSH_LINES = 200;

type PendingLine = { jobId: string; stage: string; level: LogLevel; output: string; createdAt: Date };

/**
 * Stores a job's output lines in batches (one insert per 50 ms or 200 lines) and tells
 * followers after each batch. Batches are written one after another, so ids follow the order
 * of the lines.
 */
export class JobLogWriter {
  private pending: PendingLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly jobId: string,
    private readonly onError: (error: Error) => void = (error) => console.error(`job ${this.jobId} logs:`, error),
  ) {}

  write(stage: string, output: string, level: LogLevel = "info"): void {
    this.pending.push({
      jobId: this.jobId,
      stage,
      level,
      output: output.length > MAX_LINE_CHARS ? `${output.slice(0, MAX_LINE_CHARS)}…` : output,
      createdAt: new Date(),
    });
    if (this.pending.length >= FLUSH_LINES) this.schedule(0);
    else this.schedule(FLUSH_INTERVAL_MS);
  }

  /** Writes everything buffered; resolves when it is stored. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.chain = this.chain.then(() => this.store(batch)).catch((error: Error) => this.onError(error));
    }
    return this.chain;
  }

  private schedule(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }

  private async store(batch: PendingLine[]): Promise<void> {
    const prisma = await db();
    await prisma.provisionerJobLog.createMany({ data: batch });
    await (await pubsub()).publish(channels.job(this.jobId), "logs");
  }
}
