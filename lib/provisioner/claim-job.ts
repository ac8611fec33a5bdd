import "server-only";
import { db } from "@/lib/db/client";

/**
 * Takes the oldest pending job for this worker, or null. `FOR UPDATE SKIP LOCKED` lets any
 * number of provisioners claim at once: each row goes to exactly one of them.
 */
export async function claimJob({ workerId, now = new Date() }: { workerId: string; now?: Date }): Promise<string | null> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE provisioner_jobs
       SET "startedAt" = ${now}, "heartbeatAt" = ${now}, "updatedAt" = ${now}, "workerId" = ${workerId}
     WHERE id = (
       SELECT id FROM provisioner_jobs
        WHERE "startedAt" IS NULL AND "completedAt" IS NULL AND "canceledAt" IS NULL
        ORDER BY "createdAt"
        LIMIT 1
        FOR UPDATE SKIP LOCKED
     )
    RETURNING id::text AS id`;
  return rows[0]?.id ?? null;
}
