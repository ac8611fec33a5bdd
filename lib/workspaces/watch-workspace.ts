import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { SseSink } from "@/lib/sse/sse-response";
import { Wakeup } from "@/lib/sse/wait-for-signal";
import { getWorkspace } from "./get-workspace";

/** Agent status also changes with time alone (an agent going silent): re-check this often. */
const RECHECK_MS = 2000;

/**
 * Sends the workspace view whenever it changes: woken by the workspace's notifications, with a
 * periodic re-check for changes that only time makes (and for a lost notification).
 */
export async function watchWorkspace({ workspaceId, actor, sink }: { workspaceId: string; actor: Actor; sink: SseSink }) {
  const wakeup = new Wakeup();
  const bus = await pubsub();
  const unsubscribe = await bus.subscribe(channels.workspace(workspaceId), wakeup.notify);
  try {
    let last = "";
    while (!sink.signal.aborted) {
      const workspace = await getWorkspace({ workspaceId, actor });
      const text = JSON.stringify(workspace);
      if (text !== last) {
        sink.send({ event: "workspace", data: workspace });
        last = text;
      }
      await wakeup.wait(RECHECK_MS, sink.signal);
    }
  } finally {
    unsubscribe();
  }
}
