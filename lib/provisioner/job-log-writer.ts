import "server-only";
import type { LogLevel } from "@/generated/prisma/enums";
import { db } from "@/lib/db/client";
import { storableText } from "@/lib/db/storable-text";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";

/** Longest stored line; longer output is cut (a log line is for reading, not for data). */
const MAX_LINE_CHARS = 16 * 1024;
/** A lone line waits at most this long before it is stored. */
const FLUSH_INTERVAL_MS = 50;
/** Rows per insert. */
const MAX_BATCH = 5000;

type PendingLine = { stage: string; level: LogLevel; output: string; createdAt: Date };

/**
 * Stores a job's output lines in batches and tells followers after each batch. One insert is in
 * flight at a time and the next takes everything that arrived meanwhile, so batches grow with
 * the output rate (a chatty step costs few round trips) and ids follow the order of the lines.
 */
export class JobLogWriter {
  private pending: PendingLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly jobId: string,
    private readonly onError: (error: Error) => void = (error) => console.error(`job ${this.jobId} logs:`, error),
  ) {}

  write(stage: string, output: string, level: LogLevel = "info"): void {
    // Build steps print whatever bytes they like; one NUL would make PostgreSQL refuse the whole
    // batch. Cleaned after the cut, which may split a surrogate pair.
    this.pending.push({
      stage: storableText(stage),
      level,
      output: storableText(output.length > MAX_LINE_CHARS ? `${output.slice(0, MAX_LINE_CHARS)}…` : output),
      createdAt: new Date(),
    });
    this.timer ??= setTimeout(() => void this.drain(), FLUSH_INTERVAL_MS);
  }

  /** Writes everything buffered; resolves when it is stored. */
  async flush(): Promise<void> {
    while (this.writing || this.pending.length > 0) await this.drain();
  }

  private drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing) return this.writing;
    if (this.pending.length === 0) return Promise.resolve();
    // `.finally` runs after this assignment (always asynchronously), so `writing` never keeps a
    // settled promise: that would make flush() spin forever.
    this.writing = this.writeAll().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async writeAll(): Promise<void> {
    try {
      while (this.pending.length > 0) await this.store(this.pending.splice(0, MAX_BATCH));
    } catch (error) {
      this.onError(error as Error);
    }
  }

  private async store(batch: PendingLine[]): Promise<void> {
    const prisma = await db();
    // One statement with an array per column: an order of magnitude faster than createMany,
    // whose per-row cost dominated chatty builds. Rows keep the array order, hence their ids.
    await prisma.$executeRaw`
      INSERT INTO provisioner_job_logs ("jobId", "createdAt", level, stage, output)
      SELECT ${this.jobId}::uuid, created_at, level::"LogLevel", stage, output
        FROM unnest(
          ${batch.map((line) => line.createdAt)}::timestamptz[],
          ${batch.map((line) => line.level)}::text[],
          ${batch.map((line) => line.stage)}::text[],
          ${batch.map((line) => line.output)}::text[]
        ) WITH ORDINALITY AS line(created_at, level, stage, output, position)
       ORDER BY position`;
    await (await pubsub()).publish(channels.job(this.jobId), "logs");
  }
}
