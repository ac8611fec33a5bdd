import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { agentStatus, type AgentStatus } from "./agent-status";

export type OwnedAgent = { id: string; address: string | null; tokenHash: string; status: AgentStatus };

/**
 * An agent of one of the actor's own live workspaces, for the workspace API (a shell in someone
 * else's workspace is not an admin's business either). Anything else — another user's agent, an
 * unknown id, a deleted workspace's agent — is a 404, decided in the query itself.
 */
export async function findOwnedAgent({ agentId, actor, now }: { agentId: string; actor: Actor; now: Date }): Promise<OwnedAgent> {
  const prisma = await db();
  const agent = await prisma.workspaceAgent.findFirst({
    where: { id: agentId, resource: { job: { build: { workspace: { ownerId: actor.id, deleted: false } } } } },
  });
  if (!agent) throw notFound("agent");
  return {
    id: agent.id,
    address: agent.address,
    tokenHash: agent.tokenHash,
    status: agentStatus({ agent, now, inactivityTimeoutMs: config().agentInactivityTimeoutMs }),
  };
}
