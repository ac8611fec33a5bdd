import "server-only";
import { HealthProbe } from "@/lib/health/health-probe";
import { readQueueStats, type QueueStats } from "@/lib/provisioner/read-queue-stats";
import { isProvisionerRunning } from "@/lib/provisioner/start-provisioner";
import { pubsub } from "@/lib/pubsub/pubsub";
import { workspaceIsolation } from "@/lib/sandbox/workspace-isolation";

/** A job waiting longer than this with nobody running it means no provisioner takes jobs. */
export const QUEUE_STALLED_AFTER_MS = 60_000;

export type Health = {
  status: "ok" | "unavailable";
  database: string;
  pubsub: string;
  provisioner: {
    /** Whether this process runs a provisioner (KILN_EMBEDDED_PROVISIONER, or the daemon). */
    embedded: "running" | "off";
    /** The queue as every provisioner sees it: "stalled" when a job waits and none runs. */
    queue: "ok" | "stalled" | "unknown";
    pendingJobs: number | null;
    oldestPendingSeconds: number | null;
  };
  /** Whether this process's workspaces run sandboxed; `reason` says why not. */
  isolation: { mode: "sandbox" | "none"; reason?: string };
};

async function check(probe: () => Promise<string>): Promise<string> {
  try {
    return await probe();
  } catch (error) {
    return (error as Error).message;
  }
}

/** The database (with the queue, in one query) and pubsub, checked once for all callers. */
const probe = new HealthProbe<QueueStats>(async (mark) => {
  let queue: QueueStats | undefined;
  mark("database");
  const database = await check(async () => {
    queue = await readQueueStats();
    return "ok";
  });
  mark("pubsub");
  const bus = database === "ok" ? await check(async () => (await pubsub()).health()) : "unknown: no database";
  return { database, pubsub: bus, queue };
});

/**
 * Whether this replica can serve: the database answers, pubsub notifications can arrive, and
 * (reported, not failing the check) whether builds are being taken from the queue. Answers within
 * about 100 ms even while a burst keeps the database busy (lib/health/health-probe.ts).
 */
export async function checkHealth({ now = new Date() }: { now?: Date } = {}): Promise<Health> {
  const { database, pubsub: bus, queue } = await probe.read(now);
  const { mode, reason } = await workspaceIsolation();
  const oldestMs = queue?.oldestPendingAt ? now.getTime() - queue.oldestPendingAt.getTime() : null;
  const stalled = queue !== undefined && queue.running === 0 && oldestMs !== null && oldestMs > QUEUE_STALLED_AFTER_MS;
  return {
    status: database === "ok" && bus === "ok" ? "ok" : "unavailable",
    database,
    pubsub: bus,
    provisioner: {
      embedded: isProvisionerRunning() ? "running" : "off",
      queue: queue === undefined ? "unknown" : stalled ? "stalled" : "ok",
      pendingJobs: queue?.pending ?? null,
      oldestPendingSeconds: oldestMs === null ? null : Math.round(oldestMs / 1000),
    },
    isolation: reason === undefined ? { mode } : { mode, reason },
  };
}
