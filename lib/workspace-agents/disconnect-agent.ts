import "server-only";
import { db } from "@/lib/db/client";
import type { AgentRef } from "./authenticate-agent";
import { publishAgentChange } from "./publish-agent-change";

/** Records a clean disconnect, so the agent shows as disconnected now, not after the inactivity timeout. */
export async function disconnectAgent({ agent, now = new Date() }: { agent: AgentRef; now?: Date }): Promise<void> {
  const prisma = await db();
  await prisma.workspaceAgent.update({ where: { id: agent.id }, data: { disconnectedAt: now } });
  await publishAgentChange({ agent, change: "connection" });
}
