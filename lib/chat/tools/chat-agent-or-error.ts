import "server-only";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { jobStatus } from "@/lib/provisioner/job-status";
import { agentStatus } from "@/lib/workspace-agents/agent-status";
import type { DialableAgent } from "@/lib/workspace-agents/agent-request";
import { chatAgentOrFirst } from "@/lib/workspace-agents/select-chat-agent";
import type { ToolContext } from "./tool-context";
import { ToolTextError } from "./tool-text-error";

export type ChatAgent = DialableAgent & { id: string };

/**
 * The connected agent the workspace tools work through (docs/chat-tools.md, "Tools that work
 * inside the workspace"): the chat's bound agent, else the chat agent of the workspace's latest
 * build; or the common text errors in their order (no workspace, stopped, not connected). One
 * query, only the actor's own chat and workspace: nothing of anyone else's is ever reached.
 */
export async function chatAgentOrError(ctx: ToolContext, now = new Date()): Promise<ChatAgent> {
  const prisma = await db();
  const chat = await prisma.chat.findFirst({
    where: { id: ctx.chatId, ownerId: ctx.actor.id },
    select: {
      agentId: true,
      workspace: {
        select: {
          ownerId: true,
          deleted: true,
          builds: {
            orderBy: { buildNumber: "desc" },
            take: 1,
            select: { transition: true, job: { select: { startedAt: true, completedAt: true, canceledAt: true, error: true, resources: { select: { agents: true } } } } },
          },
        },
      },
    },
  });
  if (!chat) throw notFound("chat");
  const workspace = chat.workspace;
  if (!workspace || workspace.deleted || workspace.ownerId !== ctx.actor.id) throw new ToolTextError("chat has no workspace; use create_workspace first");
  const latest = workspace.builds[0];
  if (!latest || (latest.transition === "stop" && jobStatus(latest.job) === "succeeded")) {
    throw new ToolTextError("workspace is stopped; use start_workspace to start it");
  }
  const agents = latest.job.resources.flatMap((resource) => resource.agents);
  // The bound agent stays the one worked in while it belongs to the latest build.
  const agent = agents.find((candidate) => candidate.id === chat.agentId) ?? chatAgentOrFirst(agents);
  if (!agent) throw new ToolTextError("workspace agent is not connected (status: no_agent)");
  const status = agentStatus({ agent, now, inactivityTimeoutMs: config().agentInactivityTimeoutMs });
  if (status !== "connected" || !agent.address) throw new ToolTextError(`workspace agent is not connected (status: ${status})`);
  return { id: agent.id, address: agent.address, tokenHash: agent.tokenHash };
}
