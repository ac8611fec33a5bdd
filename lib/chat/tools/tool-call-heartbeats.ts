import "server-only";
import { config } from "@/lib/config";
import { recordToolCallHeartbeats } from "./record-tool-call";

type Heartbeats = { calls: Set<string>; timer: NodeJS.Timeout | undefined };

const globalState = globalThis as unknown as { __kilnToolCallHeartbeats?: Heartbeats };

function beat(heartbeats: Heartbeats): void {
  const messageIds = [...heartbeats.calls];
  recordToolCallHeartbeats({ messageIds, now: new Date() }).catch((error: unknown) =>
    console.error(`heartbeat of ${messageIds.length} tool call(s) failed:`, error),
  );
}

/**
 * Keeps the heartbeat of a tool call this process runs fresh until the returned function is
 * called. One timer and one statement serve every running call of the process: a burst of calls
 * costs one heartbeat per interval, not one each. A call's first beat comes within an interval
 * of its start, as with a timer of its own.
 */
export function keepToolCallAlive(messageId: string): () => void {
  const heartbeats = (globalState.__kilnToolCallHeartbeats ??= { calls: new Set(), timer: undefined });
  heartbeats.calls.add(messageId);
  heartbeats.timer ??= setInterval(() => beat(heartbeats), config().chatHeartbeatMs);
  return () => {
    heartbeats.calls.delete(messageId);
    if (heartbeats.calls.size > 0) return;
    clearInterval(heartbeats.timer);
    heartbeats.timer = undefined;
  };
}
