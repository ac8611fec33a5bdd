import "server-only";
import { db } from "@/lib/db/client";
import { recordFinishedBuild } from "@/lib/metrics/record-finished-build";
import { channels } from "@/lib/pubsub/channels";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import { pubsub } from "@/lib/pubsub/pubsub";

/**
 * Completes a job (success when `error` is null). Only a job still open is touched, so a job
 * the reaper or a cancel already finished keeps that outcome. Returns whether it was finished here.
 */
export async function finishJob({
  jobId,
  workspaceId,
  error = null,
  errorCode = null,
  now = new Date(),
}: {
  jobId: string;
  workspaceId: string;
  error?: string | null;
  errorCode?: string | null;
  now?: Date;
}): Promise<boolean> {
  const prisma = await db();
  const finished = await prisma.$queryRaw<{ transition: string | null; startedAt: Date | null; createdAt: Date; canceledAt: Date | null }[]>`
    UPDATE provisioner_jobs
       SET "completedAt" = ${now}, error = ${error}, "errorCode" = ${errorCode}, "heartbeatAt" = ${now}, "updatedAt" = ${now}
     WHERE id = ${jobId}::uuid AND "completedAt" IS NULL
    RETURNING (SELECT transition::text FROM workspace_builds WHERE "jobId" = provisioner_jobs.id) AS transition,
              "startedAt", "createdAt", "canceledAt"`;
  const [job] = finished;
  if (job) {
    const outcome = job.canceledAt ? "canceled" : error ? "failed" : "succeeded";
    recordFinishedBuild({ transition: job.transition, outcome, since: job.startedAt ?? job.createdAt, now });
  }
  const bus = await pubsub();
  await Promise.all([
    bus.publish(channels.job(jobId), "state"),
    bus.publish(channels.workspace(workspaceId), "build"),
    // A finished delete leaves the workspace deleted: its agents and apps are nobody's to reach.
    publishAccessChange([accessTags.workspace(workspaceId)]),
  ]);
  return job !== undefined;
}
