import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { compareAgents } from "@/lib/workspace-agents/select-chat-agent";
import { toWorkspaceAgent } from "@/lib/workspace-agents/to-workspace-agent";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { buildInclude, toWorkspaceBuild } from "./load-workspace-views";
import { ownedBy } from "./owned-by";
import type { BuildTimelineData } from "./schemas";

/**
 * One build with the agents it made (their connection and startup script times): what the build
 * timeline draws. Another user's build is a 404, as for every workspace read.
 */
export async function getBuildTimeline({ buildId, actor, now = new Date() }: { buildId: string; actor: Actor; now?: Date }): Promise<BuildTimelineData> {
  const prisma = await db();
  const build = await prisma.workspaceBuild.findFirst({
    where: { id: buildId, workspace: ownedBy(actor) },
    include: { ...buildInclude, workspace: { select: { name: true, owner: { select: { username: true } } } } },
  });
  if (!build) throw notFound("build");
  const agents =
    build.transition === "start"
      ? await prisma.workspaceAgent.findMany({
          where: { resource: { jobId: build.jobId } },
          include: { apps: true, scripts: true },
        })
      : [];
  return { build: toWorkspaceBuild(build), agents: agents
      .sort(compareAgents)
      .map((agent) => toWorkspaceAgent(agent, now, { workspace: build.workspace.name, owner: build.workspace.owner.username })),
  };
}
