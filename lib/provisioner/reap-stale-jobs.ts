import "server-only";
import { db } from "@/lib/db/client";
import { recordFinishedBuild } from "@/lib/metrics/record-finished-build";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { releaseJobProcesses } from "./release-job-processes";

/**
 * Fails running jobs whose provisioner stopped heartbeating (it crashed or was killed), so no
 * build stays "running" forever, and kills what they started (build steps, agents). `atStart`:
 * the caller is the only provisioner and has just started (the embedded database), so every
 * running job was abandoned by its own previous run: pass `staleMs: 0`. Returns the ids it failed.
 */
export async function reapStaleJobs({ now, staleMs, atStart = false }: { now: Date; staleMs: number; atStart?: boolean }): Promise<string[]> {
  const prisma = await db();
  const cutoff = new Date(now.getTime() - staleMs);
  const stale = await prisma.provisionerJob.findMany({
    where: { completedAt: null, startedAt: { not: null }, heartbeatAt: { lt: cutoff } },
    select: { id: true, workerId: true, heartbeatAt: true, startedAt: true, createdAt: true, build: { select: { workspaceId: true, transition: true } } },
  });
  const reaped: string[] = [];
  for (const job of stale) {
    const silentSeconds = Math.round((now.getTime() - (job.heartbeatAt?.getTime() ?? now.getTime())) / 1000);
    // Conditional on the same heartbeat: a provisioner that just came back keeps its job.
    const { count } = await prisma.provisionerJob.updateMany({
      where: { id: job.id, completedAt: null, heartbeatAt: job.heartbeatAt },
      data: {
        completedAt: now,
        error: atStart
          ? "the server stopped during the build (it did not shut down cleanly); the build was abandoned"
          : `provisioner ${job.workerId ?? "unknown"} stopped responding (no heartbeat for ${silentSeconds} s); the build was abandoned`,
        errorCode: "provisioner_lost",
      },
    });
    if (count === 0) continue;
    reaped.push(job.id);
    await releaseJobProcesses({ jobId: job.id, workspaceId: job.build?.workspaceId ?? null });
    recordFinishedBuild({ transition: job.build?.transition ?? null, outcome: "failed", since: job.startedAt ?? job.createdAt, now });
    const bus = await pubsub();
    await Promise.all([
      bus.publish(channels.job(job.id), "state"),
      job.build ? bus.publish(channels.workspace(job.build.workspaceId), "build") : undefined,
    ]);
  }
  return reaped;
}
