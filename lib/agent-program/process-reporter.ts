import type { ProcessReport } from "../workspace-agents/schemas";
import { BatchUploader, type BatchUploaderOptions } from "./batch-uploader";

type Item = { id: string; index: number; line: string } | { id: string; index: number; exitCode: number | null };

/** The items of one batch as reports: consecutive items of one process together, in order. */
export function toReports(items: Item[]): ProcessReport[] {
  const reports: ProcessReport[] = [];
  for (const item of items) {
    let last = reports.at(-1);
    if (!last || last.id !== item.id || last.done) {
      last = { id: item.id, from: item.index, lines: [], done: false, exitCode: null };
      reports.push(last);
    }
    if ("line" in item) last.lines.push(item.line);
    else Object.assign(last, { done: true, exitCode: item.exitCode });
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

  line(id: string, text: string): void {
    const index = this.counts.get(id) ?? 0;
    this.counts.set(id, index + 1);
    this.uploader.push({ id, index, line: text });
  }

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
