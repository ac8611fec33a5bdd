import "server-only";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db/client";
import { isJobDone, jobStatus } from "@/lib/provisioner/job-status";
import { uniqueViolationFields } from "@/lib/db/unique-violation";
import type { ParameterValue } from "@/lib/templates/validate-parameter-values";
import { insertBuild } from "./insert-build";
import { notifyWorkspace } from "./notify-workspace";

/**
 * Queues a stop build for every running workspace past its deadline (autostop). A workspace
 * that is building, stopped or failed is left alone; its deadline is cleared either way, so a
 * deadline fires once. Returns the ids of the workspaces it stopped.
 */
export async function stopExpiredWorkspaces({ now }: { now: Date }): Promise<string[]> {
  const prisma = await db();
  const expired = await prisma.workspace.findMany({
    where: { deleted: false, deadline: { lte: now } },
    include: { builds: { orderBy: { buildNumber: "desc" }, take: 1, include: { job: true } } },
  });
  const stopped: string[] = [];
  for (const workspace of expired) {
    const latest = workspace.builds[0];
    if (latest && !isJobDone(latest.job)) continue; // decide after the build in progress
    const isRunning = latest?.transition === "start" && jobStatus(latest.job) === "succeeded";
    try {
      const build = await prisma.$transaction(async (tx) => {
        await tx.workspace.update({ where: { id: workspace.id }, data: { deadline: null } });
        if (!isRunning || !latest) return null;
        const inserted = await insertBuild(tx, {
          workspaceId: workspace.id,
          organizationId: workspace.organizationId,
          buildNumber: latest.buildNumber + 1,
          transition: "stop",
          templateVersionId: latest.templateVersionId,
          initiatorId: null,
          parameters: latest.parameters as ParameterValue[],
        });
        // No actor: the server stops it; the row says why.
        await recordAudit({
          tx,
          actor: null,
          action: "workspace.build",
          target: { type: "workspace", id: workspace.id },
          diff: {
            transition: { before: "start", after: "stop" },
            buildNumber: { before: latest.buildNumber, after: inserted.buildNumber },
            via: { before: null, after: "system" },
            reason: { before: null, after: "autostop deadline passed" },
          },
          organizationId: workspace.organizationId,
        });
        return inserted;
      });
      if (!build) continue;
      stopped.push(workspace.id);
      await notifyWorkspace({ workspaceId: workspace.id, jobId: build.jobId });
    } catch (error) {
      // Someone queued a build meanwhile; the next pass looks again.
      if (!uniqueViolationFields(error)) throw error;
    }
  }
  return stopped;
}
