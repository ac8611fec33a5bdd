import "server-only";
import { pubsub } from "./pubsub";
import type { PubSub } from "./types";

const globalState = globalThis as unknown as { __kilnPerPubSub?: Map<string, { bus: Promise<PubSub>; value: { close(): void } }> };

/**
 * One `create(bus)` per process and pubsub: a thing that follows the pubsub (a followedCache) is
 * made again, and the old one closed, when the process's pubsub was replaced (closePubSub in
 * tests and benches), so it never listens on a closed bus. Kept on globalThis: Next's dev reloads
 * modules.
 */
export function perPubSub<T extends { close(): void }>(name: string, create: (bus: Promise<PubSub>) => T): () => T {
  return () => {
    const bus = pubsub();
    const made = (globalState.__kilnPerPubSub ??= new Map());
    const current = made.get(name);
    if (current?.bus === bus) return current.value as T;
    current?.value.close();
    const value = create(bus);
    made.set(name, { bus, value });
    return value;
  };
}
