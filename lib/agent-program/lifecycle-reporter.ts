import type { AgentLifecycleReport } from "../workspace-agents/schemas";
import { isRetryableError, type AgentClient } from "./agent-client";
import { withRetry } from "./backoff";

/**
 * Sends lifecycle reports one after another, each retried until the server takes it: the server
 * checks transitions, so `ready` must never overtake `starting`.
 */
export class LifecycleReporter {
  private chain: Promise<void> = Promise.resolve();
  private readonly stop = new AbortController();

  constructor(private readonly options: { client: AgentClient; log: (message: string) => void }) {}

  /** Queues a report; the promise resolves once it was sent or given up on. */
  report(report: AgentLifecycleReport): Promise<void> {
    const { client, log } = this.options;
    this.chain = this.chain.then(async () => {
      try {
        await withRetry(() => client.reportLifecycle(report), {
          signal: this.stop.signal,
          isRetryable: isRetryableError,
          onRetry: (error, failures) => {
            if (failures === 1) log(`reporting ${report.state} failed, retrying: ${(error as Error).message}`);
          },
        });
        log(`lifecycle: ${report.state}`);
      } catch (error) {
        log(`lifecycle ${report.state} not reported: ${(error as Error).message}`);
      }
    });
    return this.chain;
  }

  /** Resolves once every queued report was sent or given up on. */
  idle(): Promise<void> {
    return this.chain;
  }

  /** Stops retrying; queued reports are given up on. */
  close(): void {
    this.stop.abort();
  }
}
