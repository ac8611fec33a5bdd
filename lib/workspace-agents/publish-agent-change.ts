import "server-only";
import { channels } from "@/lib/pubsub/channels";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { AgentRef } from "./authenticate-agent";

/**
 * Tells followers that an agent changed. Called after the write committed, so a woken reader
 * finds the new rows. `connection` (its address or whether it is connected: who may dial it) and
 * `state` (lifecycle, app health) also reach the workspace's followers, and only `connection`
 * every replica's access caches; `logs` only the agent's followers, since new lines do not change
 * the workspace view.
 *
 * A failed publish is logged, not thrown: the write is already done, and every waiter re-checks
 * the database on a slow timer, so a lost notification costs latency, never data.
 */
export async function publishAgentChange({
  agent,
  change,
}: {
  agent: Pick<AgentRef, "id" | "workspaceId">;
  change: "connection" | "state" | "logs";
}): Promise<void> {
  try {
    const bus = await pubsub();
    await Promise.all([
      bus.publish(channels.agent(agent.id), change === "logs" ? "logs" : "state"),
      change !== "logs" && agent.workspaceId ? bus.publish(channels.workspace(agent.workspaceId), "agent") : undefined,
      // Its address or connection changed: replicas look it up again.
      change === "connection" ? publishAccessChange([accessTags.agent(agent.id)]) : undefined,
    ]);
  } catch (error) {
    console.warn(`publish agent ${agent.id} ${change}: ${(error as Error).message}`);
  }
}
