import { randomUUID } from "node:crypto";
import { channels } from "./channels";
import type { PubSub } from "./types";

/** The caches of this process that follow each bus: a change made here reaches them before its notification does. */
const localCaches = new WeakMap<PubSub, Set<(tag: string) => void>>();

/** How long announceAccessChange waits to hear its own notification back. */
const ECHO_TIMEOUT_MS = 1000;

/**
 * Tells every cache that follows `bus`, in every process, that what `tag` names changed: this
 * process's caches at once, then the others through the access channel. Resolves once this process
 * heard its own notification back (or after ECHO_TIMEOUT_MS): PostgreSQL signals every listening
 * connection at the same commit, so by then the other replicas' notifications are on their way too
 * (milliseconds behind at most), and a client told "signed out" rarely outruns one.
 */
export async function announceAccessChange(bus: PubSub, tag: string): Promise<void> {
  for (const drop of localCaches.get(bus) ?? []) drop(tag);
  const nonce = randomUUID();
  let heard = () => {};
  const echoed = new Promise<void>((resolve) => (heard = resolve));
  const stop = await bus.subscribe(channels.access(), (payload) => {
    if (payload === `${tag} ${nonce}`) heard();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await bus.publish(channels.access(), `${tag} ${nonce}`);
    await Promise.race([echoed, new Promise((resolve) => (timer = setTimeout(resolve, ECHO_TIMEOUT_MS)))]);
  } finally {
    clearTimeout(timer);
    stop();
  }
}

/** What a load found: the value and the access tags (`user:<id>`, `agent:<id>`, …) whose change ends it. */
export type Loaded<T> = { value: T; tags: string[] };

/** `tags` is null while the load is under way: what it will depend on is not known yet. */
type Entry<T> = { at: number; value: Promise<Loaded<T> | null>; tags: string[] | null };

export type FollowedCache<T> = {
  /**
   * The kept value of `key`, or `load()`'s. A kept value that `isUsable` turns down (its session
   * expired by the caller's `now`, its agent no longer looks connected) is loaded again rather
   * than trusted. A load that finds nothing (null) is not kept.
   */
  get(options: { key: string; now: number; load: () => Promise<Loaded<T> | null>; isUsable?: (value: T) => boolean }): Promise<T | null>;
  /** Ends the subscription and forgets everything. */
  close(): void;
};

/**
 * A process's copy of lookups that gate access (who a secret is, where an owner's agent is), kept
 * for at most `ttlMs` and dropped at once when the access channel names one of an entry's tags:
 * every replica hears the change through the pubsub (LISTEN/NOTIFY on PostgreSQL), so a signed-out
 * session or a suspended user stops working everywhere as soon as the notification lands.
 *
 * Safety rules, in order of what could go wrong:
 * - Nothing is kept until the subscription is live: a change published before that is not missed.
 * - A load that was under way when any change arrived is answered to its caller but neither kept
 *   nor shared with later callers (it may have read the row before the change committed).
 * - After the listening connection came back (notifications may have been lost) everything goes.
 * - `ttlMs` bounds what a lost notification can cost.
 */
export function followedCache<T>({ bus, ttlMs, max }: { bus: Promise<PubSub>; ttlMs: number; max: number }): FollowedCache<T> {
  const entries = new Map<string, Entry<T>>();
  /** Bumped on every change heard: loads that straddle one are not kept. */
  let generation = 0;
  let isLive = false;
  let isClosed = false;
  const stops: (() => void)[] = [];

  const forget = () => {
    generation++;
    entries.clear();
  };
  const drop = (tag: string) => {
    generation++;
    // A load still under way may have read the row before the change: later callers must not join it.
    for (const [key, entry] of entries) if (entry.tags === null || entry.tags.includes(tag)) entries.delete(key);
  };
  void bus
    .then(async (pubsub) => {
      const local = localCaches.get(pubsub) ?? new Set();
      localCaches.set(pubsub, local);
      local.add(drop);
      // The payload is "<tag> <nonce>" (announceAccessChange).
      const unsubscribe = await pubsub.subscribe(channels.access(), (payload) => drop(payload.split(" ")[0] ?? ""));
      stops.push(unsubscribe, pubsub.onReconnect(forget), () => local.delete(drop));
      if (isClosed) return stops.forEach((stop) => stop());
      isLive = true;
    })
    .catch((error: unknown) => console.warn(`access cache: not following changes (${(error as Error).message}); lookups are not kept`));

  async function loadAndKeep(key: string, now: number, load: () => Promise<Loaded<T> | null>): Promise<T | null> {
    if (!isLive) return (await load())?.value ?? null;
    const startedAt = generation;
    const entry: Entry<T> = { at: now, value: load(), tags: null };
    entries.set(key, entry);
    if (entries.size > max) entries.delete(entries.keys().next().value!);
    try {
      const loaded = await entry.value;
      const isCurrent = entries.get(key) === entry;
      if (isCurrent && (!loaded || generation !== startedAt)) entries.delete(key);
      else if (loaded) entry.tags = loaded.tags;
      return loaded?.value ?? null;
    } catch (error) {
      if (entries.get(key) === entry) entries.delete(key);
      throw error;
    }
  }

  return {
    async get({ key, now, load, isUsable = () => true }) {
      const hit = entries.get(key);
      if (hit && now - hit.at >= 0 && now - hit.at < ttlMs) {
        const loaded = await hit.value.catch(() => null);
        if (loaded && isUsable(loaded.value)) return loaded.value;
        if (entries.get(key) === hit) entries.delete(key);
      }
      return loadAndKeep(key, now, load);
    },
    close() {
      isClosed = true;
      isLive = false;
      stops.forEach((stop) => stop());
      entries.clear();
    },
  };
}
