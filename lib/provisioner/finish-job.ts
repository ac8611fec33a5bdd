import "server-only";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
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
  const { count } = await prisma.provisionerJob.updateMany({
    where: { id: jobId, completedAt: null },
    data: { completedAt: now, error, errorCode, heartbeatAt: now },
  });
  const bus = await pubsub();
  await Promise.all([bus.publish(channels.job(jobId), "state"), bus.publish(channels.workspace(workspaceId), "build")]);
  return count === 1;
}
