import "server-only";
import path from "node:path";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { AgentRef } from "./authenticate-agent";
import { publishAgentChange } from "./publish-agent-change";
import { unixSocketOf } from "./schemas";

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
  const socket = unixSocketOf(address);
  // An agent's socket lives in its own channel folder (named by its id): a token cannot point the
  // server's dials at another agent's or another program's socket.
  if (socket !== null && path.basename(path.dirname(socket)) !== agent.id) {
    throw new AppError("bad_request", "The address is not this agent's socket.", {
      validations: [{ field: "address", detail: "must be a socket in the agent's own channel folder" }],
    });
  }
  const prisma = await db();
  const before = await prisma.workspaceAgent.findUnique({ where: { id: agent.id }, select: { address: true, disconnectedAt: true, lastConnectedAt: true } });
  // One transaction, so that no reader sees lastConnectedAt without firstConnectedAt.
  await prisma.$transaction([
    prisma.workspaceAgent.updateMany({ where: { id: agent.id, firstConnectedAt: null }, data: { firstConnectedAt: now } }),
    prisma.workspaceAgent.update({
      where: { id: agent.id },
      data: { lastConnectedAt: now, disconnectedAt: null, address },
    }),
  ]);
  // The same address of an agent that is still connected changes nobody's access: no replica's
  // caches are emptied for it (a token looping on connect would otherwise keep them all cold).
  const isSameConnection =
    before?.address === address &&
    before.disconnectedAt === null &&
    before.lastConnectedAt !== null &&
    now.getTime() - before.lastConnectedAt.getTime() <= config().agentInactivityTimeoutMs;
  await publishAgentChange({ agent, change: isSameConnection ? "state" : "connection" });
}
