import "server-only";
import { channels } from "@/lib/pubsub/channels";
import { accessTags, publishAccessChange } from "@/lib/pubsub/publish-access-change";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { AgentRef } from "./authenticate-agent";

/**
 * Tells followers that an agent changed. Called after the write committed, so a woken reader
 * finds the new rows. `state` (connection, lifecycle) also reaches the workspace's followers;
 * `logs` only the agent's, since new lines do not change the workspace view.
 *
 * A failed publish is logged, not thrown: the write is already done, and every waiter re-checks
 * the database on a slow timer, so a lost notification costs latency, never data.
 */
export async function publishAgentChange({
  agent,
  change,
}: {
  agent: Pick<AgentRef, "id" | "workspaceId">;
  change: "state" | "logs";
}): Promise<void> {
  try {
    const bus = await pubsub();
    await Promise.all([
      bus.publish(channels.agent(agent.id), change),
      change === "state" && agent.workspaceId ? bus.publish(channels.workspace(agent.workspaceId), "agent") : undefined,
      // Its address or connection may have changed: replicas look it up again.
      change === "state" ? publishAccessChange([accessTags.agent(agent.id)]) : undefined,
    ]);
  } catch (error) {
    console.warn(`publish agent ${agent.id} ${change}: ${(error as Error).message}`);
  }
}
