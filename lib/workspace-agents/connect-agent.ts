import "server-only";
import { db } from "@/lib/db/client";
import type { AgentRef } from "./authenticate-agent";
import { publishAgentChange } from "./publish-agent-change";

/**
 * Records that the agent is up and where the server can dial it. Every connect is a fresh
 * connection: it clears an earlier disconnect; only the very first one sets firstConnectedAt.
 */
export async function connectAgent({
  agent,
  address,
  now = new Date(),
}: {
  agent: AgentRef;
  address: string;
  now?: Date;
}): Promise<void> {
  const prisma = await db();
  // One transaction, so that no reader sees lastConnectedAt without firstConnectedAt.
  await prisma.$transaction([
    prisma.workspaceAgent.updateMany({ where: { id: agent.id, firstConnectedAt: null }, data: { firstConnectedAt: now } }),
    prisma.workspaceAgent.update({
      where: { id: agent.id },
      data: { lastConnectedAt: now, disconnectedAt: null, address },
    }),
  ]);
  await publishAgentChange({ agent, change: "state" });
}
