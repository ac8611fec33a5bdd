import "server-only";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AgentRef } from "./authenticate-agent";
import { publishAgentChange } from "./publish-agent-change";

/**
 * Keeps a connected agent connected (lastConnectedAt = now). Heartbeats are the most frequent
 * write Kiln makes, so the usual case is one conditional update and no notification: only a
 * heartbeat that changes the agent's status (it had gone quiet or been marked disconnected)
 * wakes the followers. An agent that never connected is told so (409), and connects again.
 */
export async function recordAgentHeartbeat({ agent, now = new Date() }: { agent: AgentRef; now?: Date }): Promise<void> {
  const prisma = await db();
  const stillConnectedSince = new Date(now.getTime() - config().agentInactivityTimeoutMs);
  const quiet = await prisma.workspaceAgent.updateMany({
    where: { id: agent.id, disconnectedAt: null, lastConnectedAt: { gte: stillConnectedSince } },
    data: { lastConnectedAt: now },
  });
  if (quiet.count > 0) return;

  const revived = await prisma.workspaceAgent.updateMany({
    where: { id: agent.id, firstConnectedAt: { not: null } },
    data: { lastConnectedAt: now, disconnectedAt: null },
  });
  if (revived.count === 0) throw new AppError("conflict", "agent has not connected; POST /api/v1/agent/connect first");
  await publishAgentChange({ agent, change: "connection" });
}
