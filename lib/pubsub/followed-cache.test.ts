import { describe, expect, it, vi } from "vitest";
import { channels } from "./channels";
import { announceAccessChange, followedCache } from "./followed-cache";
import { MemoryPubSub } from "./memory-pubsub";
import type { PubSub } from "./types";

/** An in-memory pubsub whose reconnect the test triggers. */
function testPubSub(): PubSub & { reconnect(): void } {
  const memory = new MemoryPubSub();
  const reconnects = new Set<() => void>();
  return {
    publish: (channel, payload) => memory.publish(channel, payload),
    subscribe: (channel, listener) => memory.subscribe(channel, listener),
    onReconnect(listener) {
      reconnects.add(listener);
      return () => reconnects.delete(listener);
    },
    health: () => memory.health(),
    close: () => memory.close(),
    reconnect: () => reconnects.forEach((listener) => listener()),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function liveCache(options: { ttlMs?: number; max?: number } = {}) {
  const bus = testPubSub();
  const cache = followedCache<string>({ bus: Promise.resolve(bus), ttlMs: options.ttlMs ?? 1000, max: options.max ?? 100 });
  await settle();
  let loads = 0;
  const load = (value: string | null, tags = ["user:1"]) =>
    vi.fn(async () => {
      loads++;
      return value === null ? null : { value, tags };
    });
  return { bus, cache, loads: () => loads, load };
}

describe("followedCache", () => {
  it("keeps a value within its time and loads again after it", async () => {
    const { cache, load } = await liveCache({ ttlMs: 1000 });
    const first = load("a");
    expect(await cache.get({ key: "k", now: 0, load: first })).toBe("a");
    expect(await cache.get({ key: "k", now: 999, load: load("b") })).toBe("a");
    expect(await cache.get({ key: "k", now: 1000, load: load("c") })).toBe("c");
    expect(first).toHaveBeenCalledTimes(1);
  });

  it("shares one load between concurrent misses", async () => {
    const { cache, load, loads } = await liveCache();
    const shared = load("a");
    const [a, b] = await Promise.all([cache.get({ key: "k", now: 0, load: shared }), cache.get({ key: "k", now: 0, load: shared })]);
    expect([a, b, loads()]).toEqual(["a", "a", 1]);
  });

  it("drops an entry when a change names one of its tags, and only then", async () => {
    const { bus, cache, load } = await liveCache();
    await cache.get({ key: "alice", now: 0, load: load("a", ["user:alice", "agent:1"]) });
    await cache.get({ key: "bob", now: 0, load: load("b", ["user:bob"]) });
    await bus.publish(channels.access(), "agent:1");
    await settle();
    expect(await cache.get({ key: "alice", now: 1, load: load("a2") })).toBe("a2");
    expect(await cache.get({ key: "bob", now: 1, load: load("b2") })).toBe("b");
  });

  it("does not keep a load that a change overtook (it may have read the row before the change)", async () => {
    const { bus, cache, load } = await liveCache();
    let release!: () => void;
    const slow = vi.fn(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { value: "old", tags: ["user:1"] };
    });
    const pending = cache.get({ key: "k", now: 0, load: slow });
    await settle();
    await bus.publish(channels.access(), "user:1");
    await settle();
    release();
    expect(await pending).toBe("old");
    expect(await cache.get({ key: "k", now: 1, load: load("new") })).toBe("new");
  });

  it("a caller arriving after a change does not join a load that began before it", async () => {
    const { bus, cache, load } = await liveCache();
    let release!: () => void;
    const slow = vi.fn(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { value: "before sign-out", tags: ["user:1"] };
    });
    const pending = cache.get({ key: "k", now: 0, load: slow });
    await settle();
    await bus.publish(channels.access(), "user:1");
    await settle();
    const later = cache.get({ key: "k", now: 1, load: load("after sign-out") });
    release();
    expect(await pending).toBe("before sign-out");
    expect(await later).toBe("after sign-out");
  });

  it("loads again when the kept value is no longer usable by the caller's clock", async () => {
    const { cache } = await liveCache();
    const expiring = (expiresAt: number) => async () => ({ value: String(expiresAt), tags: [] });
    await cache.get({ key: "k", now: 0, load: expiring(50) });
    const isUsable = (now: number) => (value: string) => Number(value) > now;
    expect(await cache.get({ key: "k", now: 49, load: expiring(99), isUsable: isUsable(49) })).toBe("50");
    expect(await cache.get({ key: "k", now: 50, load: expiring(99), isUsable: isUsable(50) })).toBe("99");
  });

  it("keeps no miss (null) and no failure", async () => {
    const { cache, load, loads } = await liveCache();
    expect(await cache.get({ key: "k", now: 0, load: load(null) })).toBeNull();
    await expect(cache.get({ key: "k", now: 0, load: async () => Promise.reject(new Error("db down")) })).rejects.toThrow("db down");
    expect(await cache.get({ key: "k", now: 0, load: load("a") })).toBe("a");
    expect(loads()).toBe(2);
  });

  it("forgets everything when the listening connection came back (notifications may be lost)", async () => {
    const { bus, cache, load } = await liveCache();
    await cache.get({ key: "k", now: 0, load: load("a") });
    bus.reconnect();
    expect(await cache.get({ key: "k", now: 1, load: load("b") })).toBe("b");
  });

  it("keeps nothing until its subscription is live, nor after it closed", async () => {
    let resolveBus!: (bus: PubSub) => void;
    const cache = followedCache<string>({ bus: new Promise((resolve) => (resolveBus = resolve)), ttlMs: 1000, max: 10 });
    const load = vi.fn(async () => ({ value: "a", tags: [] }));
    await cache.get({ key: "k", now: 0, load });
    await cache.get({ key: "k", now: 0, load });
    expect(load).toHaveBeenCalledTimes(2);
    resolveBus(new MemoryPubSub());
    await settle();
    await cache.get({ key: "k", now: 0, load });
    await cache.get({ key: "k", now: 0, load });
    expect(load).toHaveBeenCalledTimes(3);
    cache.close();
    await cache.get({ key: "k", now: 0, load });
    expect(load).toHaveBeenCalledTimes(4);
  });

  it("drops this process's entries as a change is announced, and answers once its notification came back", async () => {
    const { bus, cache, load } = await liveCache();
    await cache.get({ key: "k", now: 0, load: load("a") });
    let delivered = false;
    // Notifications that take a while, as from another database connection.
    const slowPublish = bus.publish.bind(bus);
    bus.publish = async (channel, payload) => void setTimeout(() => void slowPublish(channel, payload).then(() => (delivered = true)), 30);
    const announced = announceAccessChange(bus, "user:1");
    expect(await cache.get({ key: "k", now: 1, load: load("b") })).toBe("b");
    expect(delivered).toBe(false);
    await announced;
    expect(delivered).toBe(true);
  });

  it("holds at most max keys, the oldest going first", async () => {
    const { cache, load } = await liveCache({ max: 2 });
    for (const key of ["a", "b", "c"]) await cache.get({ key, now: 0, load: load(key) });
    expect(await cache.get({ key: "a", now: 0, load: load("a2") })).toBe("a2");
    expect(await cache.get({ key: "c", now: 0, load: load("c2") })).toBe("c");
  });
});
