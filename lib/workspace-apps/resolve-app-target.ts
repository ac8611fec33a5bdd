import "server-only";
import { db } from "@/lib/db/client";
import type { AppShareLevel } from "@/lib/templates/schemas";
import type { AppHostTarget } from "./app-host";

/** Where an app host leads: the agent to dial and the port inside its workspace. */
export type ResolvedApp = {
  agentId: string;
  workspaceId: string;
  ownerId: string;
  address: string | null;
  tokenHash: string;
  port: number;
  share: AppShareLevel;
};

/**
 * The agent and port an app host names: the live workspace of that owner and name, the agent of
 * that name in its latest start build, and the app's port (or the port itself, owner-only).
 * Names compare case-insensitively, as host names do. Null when anything is missing.
 */
export async function resolveAppTarget(target: AppHostTarget): Promise<ResolvedApp | null> {
  const prisma = await db();
  const insensitive = (value: string) => ({ equals: value, mode: "insensitive" as const });
  const workspace = await prisma.workspace.findFirst({
    where: { deleted: false, name: insensitive(target.workspace), owner: { username: insensitive(target.owner) } },
    select: { id: true, ownerId: true },
  });
  if (!workspace) return null;
  const start = await prisma.workspaceBuild.findFirst({
    where: { workspaceId: workspace.id, transition: "start" },
    orderBy: { buildNumber: "desc" },
    select: { jobId: true },
  });
  if (!start) return null;
  const agent = await prisma.workspaceAgent.findFirst({
    where: { resource: { jobId: start.jobId }, name: insensitive(target.agent) },
    select: { id: true, address: true, tokenHash: true, apps: target.slug ? { where: { slug: target.slug } } : false },
  });
  if (!agent) return null;
  const base = { agentId: agent.id, workspaceId: workspace.id, ownerId: workspace.ownerId, address: agent.address, tokenHash: agent.tokenHash };
  if (target.port !== null) return { ...base, port: target.port, share: "owner" };
  const app = agent.apps?.[0];
  if (!app || app.port === null) return null;
  return { ...base, port: app.port, share: app.share };
}
