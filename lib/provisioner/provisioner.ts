import "server-only";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { claimJob } from "./claim-job";
import { heartbeatJobs } from "./heartbeat-jobs";
import { reapStaleJobs } from "./reap-stale-jobs";
import { PROVISIONER_SHUTDOWN, runBuildJob } from "./run-build-job";

export type ProvisionerOptions = {
  /** Jobs run at once. */
  concurrency: number;
  /** A silent job is failed by the reaper after this long. Heartbeats go at a sixth of it. */
  staleMs: number;
  /** Fallback poll for pending jobs, when a wake-up notification was lost. */
  pollMs?: number;
  workerId?: string;
  log?: (message: string) => void;
  /**
   * No other provisioner shares the database (the embedded one): every job found running at
   * start was abandoned by this process's previous run, and is failed at once, not after staleMs.
   */
  sole?: boolean;
  /** The error of jobs stopped by stop(); says who stopped (the server, or this daemon). */
  stoppedError?: string;
};

/**
 * Claims and runs build jobs. Woken by pubsub when a job is queued, with a slow poll as a
 * fallback; heartbeats each running job; listens for cancels; reaps jobs of dead provisioners.
 */
export class Provisioner {
  readonly workerId: string;
  private readonly running = new Map<string, AbortController>();
  private readonly cleanups: (() => void)[] = [];
  private stopped = false;
  private claiming = false;
  private claimAgain = false;
  private readonly log: (message: string) => void;

  constructor(private readonly options: ProvisionerOptions) {
    this.workerId = options.workerId ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
    this.log = options.log ?? ((message) => console.log(`provisioner: ${message}`));
  }

  async start(): Promise<void> {
    const bus = await pubsub();
    this.cleanups.push(await bus.subscribe(channels.provisionerJobs(), () => this.wake()));
    this.cleanups.push(bus.onReconnect(() => this.wake()));
    const poll = setInterval(() => this.wake(), this.options.pollMs ?? 5000);
    const heartbeat = setInterval(() => void this.heartbeat(), Math.max(250, Math.floor(this.options.staleMs / 6)));
    const reaper = setInterval(() => void this.reap(), Math.max(500, Math.floor(this.options.staleMs / 3)));
    this.cleanups.push(() => clearInterval(poll), () => clearInterval(heartbeat), () => clearInterval(reaper));
    this.log(`${this.workerId} ready (${this.options.concurrency} at once)`);
    // Sole: reap before claiming, so nothing claimed now can look abandoned.
    if (this.options.sole) await this.reap({ atStart: true });
    else void this.reap();
    this.wake();
  }

  /**
   * Stops claiming; running jobs are stopped (their steps killed, their output stored) and fail
   * with `stoppedError`. Resolves once every job is finished in the database.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    for (const controller of this.running.values()) controller.abort(PROVISIONER_SHUTDOWN);
    while (this.running.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Claims jobs until the slots are full or none is pending. */
  wake(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = true;
    void this.claimLoop().finally(() => {
      this.claiming = false;
      if (this.claimAgain) {
        this.claimAgain = false;
        this.wake();
      }
    });
  }

  private async claimLoop(): Promise<void> {
    while (!this.stopped && this.running.size < this.options.concurrency) {
      let jobId: string | null;
      try {
        jobId = await claimJob({ workerId: this.workerId });
      } catch (error) {
        this.log(`claim failed: ${(error as Error).message}`);
        return;
      }
      if (!jobId) return;
      void this.run(jobId);
    }
  }

  private async run(jobId: string): Promise<void> {
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const bus = await pubsub();
    const unsubscribe = await bus.subscribe(channels.job(jobId), (payload) => {
      if (payload === "cancel") controller.abort();
    });
    try {
      await runBuildJob({
        jobId,
        workerId: this.workerId,
        signal: controller.signal,
        stoppedError: this.options.stoppedError ?? `provisioner ${this.workerId} stopped during the build`,
      });
    } finally {
      unsubscribe();
      this.running.delete(jobId);
      this.wake();
    }
  }

  private async heartbeat(): Promise<void> {
    const running = [...this.running];
    if (running.length === 0) return;
    try {
      const states = await heartbeatJobs({ jobIds: running.map(([jobId]) => jobId), workerId: this.workerId });
      // Canceled (a lost notification) or taken away by the reaper: stop working on it.
      for (const [jobId, controller] of running) if (states.get(jobId) !== "ok") controller.abort();
    } catch (error) {
      this.log(`heartbeat of ${running.length} job(s) failed: ${(error as Error).message}`);
    }
  }

  private async reap({ atStart = false } = {}): Promise<void> {
    try {
      const reaped = await reapStaleJobs({ now: new Date(), staleMs: atStart ? 0 : this.options.staleMs, atStart });
      if (reaped.length > 0) this.log(`failed ${reaped.length} abandoned job(s): ${reaped.join(", ")}`);
    } catch (error) {
      this.log(`reaper failed: ${(error as Error).message}`);
    }
  }
}
