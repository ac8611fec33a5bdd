import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { isJobDone } from "@/lib/provisioner/job-status";
import { ownedBy } from "@/lib/workspaces/owned-by";
import type { BuildLog } from "./schemas";

/**
 * A build's logs as a source the logs API reads from: loads lines after a cursor and tells
 * whether the build is over (its logs are then complete and immutable).
 */
export async function getBuildLogSource({ buildId, actor }: { buildId: string; actor: Actor }) {
  const prisma = await db();
  const build = await prisma.workspaceBuild.findFirst({
    where: { id: buildId, workspace: ownedBy(actor) },
    select: { jobId: true },
  });
  if (!build) throw notFound("build");
  const { jobId } = build;
  return {
    jobId,
    // Raw SQL: followers read on every batch of a running build, and the ORM's per-row cost
    // was the larger part of the time.
    load: async (after: number, limit = 10_000): Promise<BuildLog[]> => {
      const rows = await prisma.$queryRaw<{ id: bigint; createdAt: Date; level: BuildLog["level"]; stage: string; output: string }[]>`
        SELECT id, "createdAt", level::text AS level, stage, output FROM provisioner_job_logs
         WHERE "jobId" = ${jobId}::uuid AND id > ${after}
         ORDER BY id LIMIT ${limit}`;
      return rows.map((row) => ({
        id: Number(row.id),
        createdAt: new Date(row.createdAt).toISOString(),
        level: row.level,
        stage: row.stage,
        output: row.output,
      }));
    },
    isDone: async () => {
      const job = await prisma.provisionerJob.findUnique({ where: { id: jobId } });
      return !job || isJobDone(job);
    },
  };
}
