import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";

export type QueueStats = { pending: number; running: number; oldestPendingAt: Date | null };

/** The job queue over all provisioners, in one query: waiting, being run, the oldest waiting. */
export async function readQueueStats({ prisma }: { prisma?: Pick<PrismaClient, "$queryRaw"> } = {}): Promise<QueueStats> {
  const client = prisma ?? (await db());
  const [row] = await client.$queryRaw<{ pending: bigint; running: bigint; oldest: Date | null }[]>`
    SELECT count(*) FILTER (WHERE "startedAt" IS NULL AND "canceledAt" IS NULL) AS pending,
           count(*) FILTER (WHERE "startedAt" IS NOT NULL) AS running,
           min("createdAt") FILTER (WHERE "startedAt" IS NULL AND "canceledAt" IS NULL) AS oldest
      FROM provisioner_jobs WHERE "completedAt" IS NULL`;
  return { pending: Number(row?.pending ?? 0), running: Number(row?.running ?? 0), oldestPendingAt: row?.oldest ? new Date(row.oldest) : null };
}
