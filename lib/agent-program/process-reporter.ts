import { MAX_REPORTED_PROCESS_LINES, type ProcessReport } from "../workspace-agents/schemas";
import { BatchUploader, type BatchUploaderOptions } from "./batch-uploader";

type Item = { id: string; index: number; line: string } | { id: string; index: number; exitCode: number | null };

/**
 * The items of one batch as reports: one per process (its lines are consecutive by number
 * whatever other processes printed between them), so a batch of interleaved output is a few
 * reports, not one per line; a process that ended and started again under its id gets a new one.
 */
export function toReports(items: Item[]): ProcessReport[] {
  const reports: ProcessReport[] = [];
  const open = new Map<string, ProcessReport>();
  for (const item of items) {
    let report = open.get(item.id);
    if (!report) {
      report = { id: item.id, from: item.index, lines: [], done: false, exitCode: null };
      reports.push(report);
      open.set(item.id, report);
    }
    if ("line" in item) report.lines.push(item.line);
    else {
      Object.assign(report, { done: true, exitCode: item.exitCode });
      open.delete(item.id);
    }
  }
  return reports;
}

/**
 * Pushes the output lines and the exit of processes started with `report` to the server (the
 * chat's live `process.output` events), batched and retried like the startup logs. Lines are
 * numbered per process so the server can take a resent batch without repeating a line.
 */
export class ProcessReporter {
  private readonly uploader: BatchUploader<Item>;
  private readonly counts = new Map<string, number>();

  constructor(options: Omit<BatchUploaderOptions<ProcessReport>, "send" | "what"> & { send: (reports: ProcessReport[]) => Promise<void> }) {
    const { send, ...rest } = options;
    // Larger batches than the logs': a command can print thousands of lines a second.
    this.uploader = new BatchUploader<Item>({ maxBatchLines: 500, ...rest, what: "process output lines", send: (items) => send(toReports(items)) });
  }

  /** Queues a line; past MAX_REPORTED_PROCESS_LINES of its process it is only counted. */
  line(id: string, text: string): void {
    const index = this.counts.get(id) ?? 0;
    this.counts.set(id, index + 1);
    if (index < MAX_REPORTED_PROCESS_LINES) this.uploader.push({ id, index, line: text });
  }

  /** Queues the end, numbered after the last line printed (reported or not): the server learns the total. */
  end(id: string, exitCode: number | null): void {
    const index = this.counts.get(id) ?? 0;
    this.counts.delete(id);
    this.uploader.push({ id, index, exitCode });
  }

  flush(): Promise<void> {
    return this.uploader.flush();
  }

  close(): void {
    this.uploader.close();
  }
}
