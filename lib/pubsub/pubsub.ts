import "server-only";
import { database } from "@/lib/db/client";
import { MemoryPubSub } from "./memory-pubsub";
import { PostgresPubSub } from "./postgres-pubsub";
import type { PubSub } from "./types";

const globalState = globalThis as unknown as { __kilnPubSub?: Promise<PubSub> };

/**
 * The process's pubsub: LISTEN/NOTIFY on PostgreSQL (several processes share it), in memory
 * on the embedded database (one process owns it).
 */
export function pubsub(): Promise<PubSub> {
  globalState.__kilnPubSub ??= database().then(({ target }) =>
    target.kind === "postgres"
      ? new PostgresPubSub({ url: target.url, onError: (error) => console.warn(`pubsub: ${error.message}`) })
      : new MemoryPubSub(),
  );
  return globalState.__kilnPubSub;
}

export async function closePubSub(): Promise<void> {
  const current = globalState.__kilnPubSub;
  globalState.__kilnPubSub = undefined;
  if (current) await (await current).close();
}
