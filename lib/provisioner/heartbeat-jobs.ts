import "server-only";
import { db } from "@/lib/db/client";

/**
 * Records that this worker is still on the job. Returns "canceled" when someone asked to cancel
 * it and "lost" when the job is no longer this worker's (the reaper failed it meanwhile).
 */
export async function heartbeatJob({
  jobId,
  workerId,
  now = new Date(),
}: {
  jobId: string;
  workerId: string;
  now?: Date;
}): Promise<"ok" | "canceled" | "lost"> {
  const prisma = await db();
  // One statement: the heartbeat and the cancel flag together (updateMany cannot return rows).
  const [job] = await prisma.$queryRaw<{ canceled: boolean }[]>`
    UPDATE provisioner_jobs SET "heartbeatAt" = ${now}, "updatedAt" = ${now}
     WHERE id = ${jobId}::uuid AND "workerId" = ${workerId} AND "completedAt" IS NULL
    RETURNING "canceledAt" IS NOT NULL AS canceled`;
  if (!job) return "lost";
  return job.canceled ? "canceled" : "ok";
}
