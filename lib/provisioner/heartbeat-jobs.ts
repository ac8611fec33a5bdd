import "server-only";
import { db } from "@/lib/db/client";

export type JobHeartbeat = "ok" | "canceled" | "lost";

/**
 * Records that this worker is still on its jobs, all in one statement (a burst of builds costs a
 * heartbeat, not one per job). Tells per job "canceled" when someone asked to cancel it and
 * "lost" when it is no longer this worker's (the reaper failed it meanwhile).
 */
export async function heartbeatJobs({
  jobIds,
  workerId,
  now = new Date(),
}: {
  jobIds: readonly string[];
  workerId: string;
  now?: Date;
}): Promise<Map<string, JobHeartbeat>> {
  const states = new Map<string, JobHeartbeat>(jobIds.map((jobId) => [jobId, "lost"]));
  if (jobIds.length === 0) return states;
  const prisma = await db();
  // The heartbeat and the cancel flag together (updateMany cannot return rows).
  const rows = await prisma.$queryRaw<{ id: string; canceled: boolean }[]>`
    UPDATE provisioner_jobs SET "heartbeatAt" = ${now}, "updatedAt" = ${now}
     WHERE id = ANY(${jobIds}::uuid[]) AND "workerId" = ${workerId} AND "completedAt" IS NULL
    RETURNING id::text AS id, "canceledAt" IS NOT NULL AS canceled`;
  for (const row of rows) states.set(row.id, row.canceled ? "canceled" : "ok");
  return states;
}
