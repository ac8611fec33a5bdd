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
  const { count } = await prisma.provisionerJob.updateMany({
    where: { id: jobId, workerId, completedAt: null },
    data: { heartbeatAt: now },
  });
  if (count === 0) return "lost";
  const job = await prisma.provisionerJob.findUnique({ where: { id: jobId }, select: { canceledAt: true } });
  return job?.canceledAt ? "canceled" : "ok";
}
