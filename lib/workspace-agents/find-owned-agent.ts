import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { followedCache } from "@/lib/pubsub/followed-cache";
import { perPubSub } from "@/lib/pubsub/per-pubsub";
import { accessTags } from "@/lib/pubsub/publish-access-change";
import type { PubSub } from "@/lib/pubsub/types";
import { agentStatus, type AgentConnectionTimes, type AgentStatus } from "./agent-status";

export type OwnedAgent = { id: string; address: string | null; tokenHash: string; status: AgentStatus };

type AgentRow = AgentConnectionTimes & { id: string; address: string | null; tokenHash: string };

/** How long a replica trusts an owner's agent lookup without hearing of a change (see followedCache). */
export const OWNED_AGENT_CACHE_MS = 10_000;

/**
 * The owner's agent lookup, kept per (actor, agent) so that a terminal's keystrokes do not each
 * cost a query. Dropped on every replica when the agent's connection or address changes, its
 * workspace is rebuilt or deleted (publishAccessChange), or its owner's access changes.
 */
export function createOwnedAgentFinder({ bus, ttlMs = OWNED_AGENT_CACHE_MS }: { bus: Promise<PubSub>; ttlMs?: number }) {
  const cache = followedCache<AgentRow>({ bus, ttlMs, max: 10_000 });
  const find = async ({ agentId, actor, now }: { agentId: string; actor: Actor; now: Date }): Promise<OwnedAgent> => {
    const inactivityTimeoutMs = config().agentInactivityTimeoutMs;
    const agent = await cache.get({
      key: `${actor.id}\n${agentId}`,
      now: now.getTime(),
      load: () => loadOwnedAgent({ agentId, actor }),
      // The kept row's connection times are as old as the entry: they can only make the agent
      // look disconnected too early, never connected too late. Such a hit is read again.
      isUsable: (row) => agentStatus({ agent: row, now, inactivityTimeoutMs }) === "connected",
    });
    if (!agent) throw notFound("agent");
    return { id: agent.id, address: agent.address, tokenHash: agent.tokenHash, status: agentStatus({ agent, now, inactivityTimeoutMs }) };
  };
  return Object.assign(find, { close: () => cache.close() });
}

/**
 * An agent of one of the actor's own live workspaces, for the workspace API (a shell in someone
 * else's workspace is not an admin's business either). Anything else — another user's agent, an
 * unknown id, a deleted workspace's agent — is a 404, decided in the query itself.
 */
async function loadOwnedAgent({ agentId, actor }: { agentId: string; actor: Actor }) {
  const prisma = await db();
  const agent = await prisma.workspaceAgent.findFirst({
    where: { id: agentId, resource: { job: { build: { workspace: { ownerId: actor.id, deleted: false } } } } },
    include: { resource: { select: { job: { select: { build: { select: { workspaceId: true } } } } } } },
  });
  if (!agent) return null;
  const workspaceId = agent.resource.job.build?.workspaceId;
  const tags = [accessTags.agent(agent.id), accessTags.user(actor.id), ...(workspaceId ? [accessTags.workspace(workspaceId)] : [])];
  return { value: agent, tags };
}

const processFinder = perPubSub("owned-agent-finder", (bus) => createOwnedAgentFinder({ bus }));

/** The process's owner's agent lookup (createOwnedAgentFinder); 404 for anything not the actor's own. */
export function findOwnedAgent(options: { agentId: string; actor: Actor; now: Date }): Promise<OwnedAgent> {
  return processFinder()(options);
}
