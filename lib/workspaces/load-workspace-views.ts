import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { compareAgents } from "@/lib/workspace-agents/select-chat-agent";
import { toWorkspaceAgent } from "@/lib/workspace-agents/to-workspace-agent";
import { db } from "@/lib/db/client";
import { jobStatus } from "@/lib/provisioner/job-status";
import type { Workspace, WorkspaceBuild } from "./schemas";
import { workspaceStatus } from "./workspace-status";

export const buildInclude = {
  job: { include: { timings: { orderBy: { position: "asc" } } } },
  templateVersion: { select: { spec: true } },
} as const;

type BuildRow = Prisma.WorkspaceBuildGetPayload<{ include: typeof buildInclude }>;

/** How many build steps a start runs: the page shows "step N of M". */
function stepCount(spec: unknown): number {
  const steps = (spec as { build?: unknown } | null)?.build;
  return Array.isArray(steps) ? steps.length : 0;
}

export function toWorkspaceBuild(build: BuildRow): WorkspaceBuild {
  const { job } = build;
  const status = jobStatus(job);
  return {
    id: build.id,
    workspaceId: build.workspaceId,
    buildNumber: build.buildNumber,
    transition: build.transition,
    status,
    parameters: build.parameters as WorkspaceBuild["parameters"],
    createdAt: build.createdAt.toISOString(),
    job: {
      id: job.id,
      status,
      error: job.error,
      errorCode: job.errorCode,
      createdAt: job.createdAt.toISOString(),
      startedAt: job.startedAt?.toISOString() ?? null,
      completedAt: job.completedAt?.toISOString() ?? null,
    },
    stepCount: build.transition === "start" ? stepCount(build.templateVersion.spec) : 0,
    timings: job.timings.map((t) => ({
      stage: t.stage,
      startedAt: t.startedAt.toISOString(),
      endedAt: t.endedAt?.toISOString() ?? null,
      exitCode: t.exitCode,
    })),
  };
}

/**
 * Loads workspaces as the API shows them, in a fixed number of queries whatever their count:
 * the rows, their latest builds, and the agents of each one's latest start build (a stopped
 * workspace still shows its agents, off).
 */
export async function loadWorkspaceViews({
  where,
  now = new Date(),
}: {
  where: Prisma.WorkspaceWhereInput;
  now?: Date;
}): Promise<Workspace[]> {
  const prisma = await db();
  const workspaces = await prisma.workspace.findMany({
    where,
    include: { owner: { select: { username: true } }, template: { select: { name: true, displayName: true } } },
    orderBy: { createdAt: "desc" },
  });
  if (workspaces.length === 0) return [];
  const ids = workspaces.map((w) => w.id);
  const [latestBuilds, startBuilds] = await Promise.all([
    prisma.workspaceBuild.findMany({
      where: { workspaceId: { in: ids } },
      distinct: ["workspaceId"],
      orderBy: [{ workspaceId: "asc" }, { buildNumber: "desc" }],
      include: buildInclude,
    }),
    prisma.workspaceBuild.findMany({
      where: { workspaceId: { in: ids }, transition: "start" },
      distinct: ["workspaceId"],
      orderBy: [{ workspaceId: "asc" }, { buildNumber: "desc" }],
      select: { workspaceId: true, jobId: true },
    }),
  ]);
  const agents = await prisma.workspaceAgent.findMany({
    where: { resource: { jobId: { in: startBuilds.map((b) => b.jobId) } } },
    include: { apps: { orderBy: { slug: "asc" } }, scripts: { orderBy: { position: "asc" } }, resource: { select: { jobId: true } } },
  });
  const latestByWorkspace = new Map(latestBuilds.map((b) => [b.workspaceId, b]));
  const startJobByWorkspace = new Map(startBuilds.map((b) => [b.workspaceId, b.jobId]));
  return workspaces.flatMap((workspace) => {
    const latest = latestByWorkspace.get(workspace.id);
    if (!latest) return [];
    const build = toWorkspaceBuild(latest);
    const startJobId = startJobByWorkspace.get(workspace.id);
    return [
      {
        id: workspace.id,
        name: workspace.name,
        ownerId: workspace.ownerId,
        ownerName: workspace.owner.username,
        organizationId: workspace.organizationId,
        templateId: workspace.templateId,
        templateName: workspace.template.name,
        templateDisplayName: workspace.template.displayName,
        ttlMs: workspace.ttlMs === null ? null : Number(workspace.ttlMs),
        deadline: workspace.deadline?.toISOString() ?? null,
        deleted: workspace.deleted,
        status: workspace.deleted ? "deleted" : workspaceStatus(build.transition, build.status),
        createdAt: workspace.createdAt.toISOString(),
        latestBuild: build,
        agents: agents
          .filter((agent) => agent.resource.jobId === startJobId)
          .sort(compareAgents)
          .map((agent) => toWorkspaceAgent(agent, now, { workspace: workspace.name, owner: workspace.owner.username })),
      },
    ];
  });
}
