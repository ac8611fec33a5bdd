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

/** The agent dialed, with its lifecycle (a workspace whose startup scripts have not finished is not `ready`). */
export type ChatAgent = DialableAgent & { id: string; lifecycleState: string };

/**
 * The connected agent the workspace tools work through (docs/chat-tools.md, "Tools that work
 * inside the workspace"): the chat's bound agent, else the chat agent of the workspace's latest
 * build; or the common text errors in their order (no workspace, stopped, not connected). One
 * query, only the actor's own chat and workspace: nothing of anyone else's is ever reached.
 */
export async function chatAgentOrError(ctx: ToolContext, now = new Date()): Promise<ChatAgent> {
  const prisma = await db();
  // One statement (the ORM would make one query per relation level): every call of a workspace
  // tool pays for it before the agent is reached. One row per agent of the latest build; one row
  // of nulls when there is no workspace, build or agent.
  const rows = await prisma.$queryRaw<Row[]>`
    SELECT c."agentId" AS "boundAgentId", w.id AS "workspaceId", w.deleted, b.transition::text AS transition,
           j."startedAt", j."completedAt", j."canceledAt", j.error,
           a.id, a.name, a."displayOrder", a."isChat", a.address, a."tokenHash", a."createdAt", a."lifecycleState"::text AS "lifecycleState",
           a."firstConnectedAt", a."lastConnectedAt", a."disconnectedAt", a."connectionTimeoutSeconds"
      FROM chats c
      LEFT JOIN workspaces w ON w.id = c."workspaceId" AND w."ownerId" = ${ctx.actor.id}::uuid
      LEFT JOIN LATERAL (
        SELECT transition, "jobId" FROM workspace_builds WHERE "workspaceId" = w.id ORDER BY "buildNumber" DESC LIMIT 1
      ) b ON true
      LEFT JOIN provisioner_jobs j ON j.id = b."jobId"
      LEFT JOIN workspace_resources r ON r."jobId" = j.id
      LEFT JOIN workspace_agents a ON a."resourceId" = r.id
     WHERE c.id = ${ctx.chatId}::uuid AND c."ownerId" = ${ctx.actor.id}::uuid`;
  const first = rows[0];
  if (!first) throw notFound("chat");
  if (!first.workspaceId || first.deleted) throw new ToolTextError("chat has no workspace; use create_workspace first");
  if (!first.transition || (first.transition === "stop" && jobStatus(first) === "succeeded")) {
    throw new ToolTextError("workspace is stopped; use start_workspace to start it");
  }
  const agents = rows.filter((row): row is Row & AgentRow => row.id !== null);
  // The bound agent stays the one worked in while it belongs to the latest build.
  const agent = agents.find((candidate) => candidate.id === first.boundAgentId) ?? chatAgentOrFirst(agents);
  if (!agent) throw new ToolTextError("workspace agent is not connected (status: no_agent)");
  const status = agentStatus({ agent, now, inactivityTimeoutMs: config().agentInactivityTimeoutMs });
  if (status !== "connected" || !agent.address) throw new ToolTextError(`workspace agent is not connected (status: ${status})`);
  return { id: agent.id, address: agent.address, tokenHash: agent.tokenHash, lifecycleState: agent.lifecycleState };
}

type AgentRow = {
  id: string;
  name: string;
  displayOrder: number;
  isChat: boolean;
  address: string | null;
  tokenHash: string;
  lifecycleState: string;
  createdAt: Date;
  firstConnectedAt: Date | null;
  lastConnectedAt: Date | null;
  disconnectedAt: Date | null;
  connectionTimeoutSeconds: number;
};

type Row = { [K in keyof AgentRow]: AgentRow[K] | null } & {
  boundAgentId: string | null;
  workspaceId: string | null;
  deleted: boolean | null;
  transition: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  canceledAt: Date | null;
  error: string | null;
};
