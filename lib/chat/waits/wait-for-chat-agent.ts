import "server-only";
import { dialAgent } from "@/lib/workspace-agents/dial-agent";
import { dialSecretFromTokenHash } from "@/lib/workspace-agents/dial-secret";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { toolConfig } from "../tools/tool-config";
import { waitForAgentReady, type AgentWaitFields } from "./agent-wait";

/** The agent wait on the real engine: rows from the database, dials over HTTP, pubsub wake-ups. */
export async function waitForChatAgent({
  agentId,
  skipDial = false,
  signal,
}: {
  agentId: string;
  skipDial?: boolean;
  signal?: AbortSignal;
}): Promise<AgentWaitFields> {
  const prisma = await db();
  const config = toolConfig();
  let secret: string | undefined;
  return waitForAgentReady(
    {
      readAgent: async () => {
        const agent = await prisma.workspaceAgent.findUniqueOrThrow({
          where: { id: agentId },
          select: { address: true, lifecycleState: true, tokenHash: true },
        });
        secret = dialSecretFromTokenHash(agent.tokenHash);
        return { address: agent.address, lifecycleState: agent.lifecycleState };
      },
      dial: async (address, timeoutMs, dialSignal) => {
        const result = await dialAgent({ address, agentId, secret, timeoutMs, signal: dialSignal });
        return result.ok ? { ok: true } : { ok: false, error: result.error };
      },
      subscribe: async (onChange) => {
        if (!config.eventDriven) return () => {};
        const bus = await pubsub();
        const unsubscribe = await bus.subscribe(channels.agent(agentId), (payload) => {
          if (payload !== "logs") onChange();
        });
        const offReconnect = bus.onReconnect(onChange);
        return () => {
          unsubscribe();
          offReconnect();
        };
      },
    },
    {
      canDial: config.canDial,
      connectTimeoutMs: config.agentConnectTimeoutMs,
      dialIntervalMs: config.dialIntervalMs,
      dialAttemptTimeoutMs: config.dialAttemptTimeoutMs,
      startupTimeoutMs: config.startupTimeoutMs,
      recheckMs: config.recheckMs,
      skipDial,
      signal,
    },
  );
}
