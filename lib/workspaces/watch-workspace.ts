import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { coalesce, type InFlightReads } from "@/lib/db/coalesce";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { DirtyFlags } from "@/lib/sse/dirty-flags";
import type { SseSink } from "@/lib/sse/sse-response";
import { getWorkspace } from "./get-workspace";
import type { Workspace } from "./schemas";

/** Agent status also changes with time alone (an agent going silent): re-check this often. */
const RECHECK_MS = 5000;

// Reads in flight, shared by the pages watching one workspace (see coalesce).
const inFlight: InFlightReads<Workspace> = new Map();

/**
 * Sends the workspace view whenever it changes: woken by the workspace's notifications (and a
 * pubsub reconnect), with a periodic re-check for changes that only time makes. Pages watching
 * the same workspace share each read.
 */
export async function watchWorkspace({ workspaceId, actor, sink }: { workspaceId: string; actor: Actor; sink: SseSink }) {
  const flags = new DirtyFlags<"workspace">();
  const bus = await pubsub();
  const unsubscribe = await bus.subscribe(channels.workspace(workspaceId), () => flags.mark("workspace"));
  const offReconnect = bus.onReconnect(() => flags.mark("workspace"));
  flags.add("workspace");
  try {
    let last = "";
    while (!sink.signal.aborted) {
      await sink.ready();
      const since = flags.take().get("workspace") ?? performance.now();
      const workspace = await coalesce(inFlight, `${workspaceId}:${actor.id}`, since, () => getWorkspace({ workspaceId, actor }));
      const text = JSON.stringify(workspace);
      if (text !== last) {
        sink.send({ event: "workspace", data: workspace });
        last = text;
      }
      await flags.wait(RECHECK_MS, sink.signal);
    }
  } finally {
    unsubscribe();
    offReconnect();
  }
}
