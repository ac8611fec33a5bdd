import "server-only";
import type { Actor } from "@/lib/auth/actor";
import type { AuditOrigin } from "@/lib/audit/audit-origin";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createWorkspaceBuild } from "@/lib/workspaces/create-workspace-build";

/**
 * Queues a stop build for each live workspace of a suspended user whose last build started it.
 * A workspace with a build in progress is left to it (logged): its agent cannot be used anyway,
 * since the owner's credentials are refused.
 */
export async function stopUserWorkspaces({ userId, actor, origin }: { userId: string; actor: Actor; origin?: AuditOrigin }) {
  const prisma = await db();
  const workspaces = await prisma.workspace.findMany({
    where: { ownerId: userId, deleted: false },
    select: { id: true, builds: { orderBy: { buildNumber: "desc" }, take: 1, select: { transition: true } } },
  });
  for (const workspace of workspaces) {
    if (workspace.builds[0]?.transition !== "start") continue;
    try {
      await createWorkspaceBuild({ workspaceId: workspace.id, input: { transition: "stop" }, actor, origin });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      console.warn(`suspended user ${userId}: workspace ${workspace.id} not stopped: ${error.message}`);
    }
  }
}
