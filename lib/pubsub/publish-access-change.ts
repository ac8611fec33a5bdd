import "server-only";
import { announceAccessChange } from "./followed-cache";
import { pubsub } from "./pubsub";

/** The tags an access lookup carries and a change names (followedCache). */
export const accessTags = {
  user: (userId: string) => `user:${userId}`,
  agent: (agentId: string) => `agent:${agentId}`,
  workspace: (workspaceId: string) => `workspace:${workspaceId}`,
} as const;

/**
 * Tells every replica's access caches that a user's credentials or status, an agent, or a
 * workspace changed (announceAccessChange: this process's at once, the others' by the time this
 * resolves). Called after the change committed, so a reload finds the new rows.
 *
 * A failed publish is logged, not thrown: the change itself is done; caches then see it within
 * their time limit (seconds).
 */
export async function publishAccessChange(tags: string[]): Promise<void> {
  try {
    const bus = await pubsub();
    await Promise.all(tags.map((tag) => announceAccessChange(bus, tag)));
  } catch (error) {
    console.warn(`publish access change ${tags.join(", ")}: ${(error as Error).message}`);
  }
}
