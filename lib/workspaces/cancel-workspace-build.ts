import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { recordFinishedBuild } from "@/lib/metrics/record-finished-build";
import { AppError, notFound } from "@/lib/errors";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { ownedBy } from "./owned-by";

/**
 * Cancels a build. A job no provisioner took yet is finished at once; a running one is marked
 * and its provisioner, told over pubsub (or at its next heartbeat), kills the running step.
 */
export async function cancelWorkspaceBuild({ buildId, actor, now = new Date() }: { buildId: string; actor: Actor; now?: Date }) {
  const prisma = await db();
  const build = await prisma.workspaceBuild.findFirst({
    where: { id: buildId, workspace: ownedBy(actor) },
    select: { jobId: true, workspaceId: true, transition: true, createdAt: true },
  });
  if (!build) throw notFound("build");
  // One conditional update: a job that finished meanwhile is not touched.
  const [pendingCanceled, runningCanceled] = await prisma.$transaction([
    prisma.provisionerJob.updateMany({
      where: { id: build.jobId, completedAt: null, canceledAt: null, startedAt: null },
      data: { canceledAt: now, completedAt: now, error: "build was canceled", errorCode: "canceled" },
    }),
    prisma.provisionerJob.updateMany({
      where: { id: build.jobId, completedAt: null, canceledAt: null, startedAt: { not: null } },
      data: { canceledAt: now },
    }),
  ]);
  if (pendingCanceled.count + runningCanceled.count === 0) {
    throw new AppError("conflict", "This build is not running, so it cannot be canceled.");
  }
  // A running one ends in its provisioner's finishJob, which counts it then.
  if (pendingCanceled.count === 1) recordFinishedBuild({ transition: build.transition, outcome: "canceled", since: build.createdAt, now });
  const bus = await pubsub();
  await Promise.all([
    bus.publish(channels.job(build.jobId), "cancel"),
    bus.publish(channels.workspace(build.workspaceId), "build"),
  ]);
  return { canceled: true };
}
