import { afterEach, describe, expect, it } from "vitest";
import { MemoryPubSub } from "./memory-pubsub";
import { MAX_PAYLOAD_BYTES } from "./types";

// Delivery is asynchronous (like NOTIFY): a macrotask later every queued microtask has run.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("MemoryPubSub", () => {
  let pubsub: MemoryPubSub;
  afterEach(async () => {
    await pubsub.close();
  });

  it("delivers a payload only to the subscribers of its channel", async () => {
    pubsub = new MemoryPubSub();
    const first: string[] = [];
    const second: string[] = [];
    const other: string[] = [];
    await pubsub.subscribe("chat:1", (payload) => first.push(payload));
    await pubsub.subscribe("chat:1", (payload) => second.push(payload));
    await pubsub.subscribe("chat:2", (payload) => other.push(payload));

    await pubsub.publish("chat:1", "message-42");
    await pubsub.publish("chat:1");
    await settle();

    expect(first).toEqual(["message-42", ""]);
    expect(second).toEqual(["message-42", ""]);
    expect(other).toEqual([]);
  });

  it("delivers asynchronously, after publish has returned", async () => {
    pubsub = new MemoryPubSub();
    const received: string[] = [];
    await pubsub.subscribe("chat:1", (payload) => received.push(payload));

    const publishing = pubsub.publish("chat:1", "late");
    expect(received).toEqual([]);
    await publishing;
    await settle();
    expect(received).toEqual(["late"]);
  });

  it("stops delivering to a listener once its unsubscribe was called, and keeps the others", async () => {
    pubsub = new MemoryPubSub();
    const dropped: string[] = [];
    const kept: string[] = [];
    const unsubscribe = await pubsub.subscribe("chat:1", (payload) => dropped.push(payload));
    await pubsub.subscribe("chat:1", (payload) => kept.push(payload));

    await pubsub.publish("chat:1", "before");
    await settle();
    unsubscribe();
    unsubscribe(); // a second call is harmless
    await pubsub.publish("chat:1", "after");
    await settle();

    expect(dropped).toEqual(["before"]);
    expect(kept).toEqual(["before", "after"]);
  });

  it("delivers nothing after close", async () => {
    pubsub = new MemoryPubSub();
    const received: string[] = [];
    await pubsub.subscribe("chat:1", (payload) => received.push(payload));
    await pubsub.close();
    await pubsub.publish("chat:1", "x");
    await settle();
    expect(received).toEqual([]);
  });

  it(`accepts a payload of exactly ${MAX_PAYLOAD_BYTES} bytes and rejects one byte more`, async () => {
    pubsub = new MemoryPubSub();
    const received: string[] = [];
    await pubsub.subscribe("chat:1", (payload) => received.push(payload));

    await expect(pubsub.publish("chat:1", "a".repeat(MAX_PAYLOAD_BYTES))).resolves.toBeUndefined();
    await expect(pubsub.publish("chat:1", "a".repeat(MAX_PAYLOAD_BYTES + 1))).rejects.toThrow(
      `pubsub payload on chat:1 is over ${MAX_PAYLOAD_BYTES} bytes`,
    );
    await settle();
    expect(received).toHaveLength(1);
  });

  it("counts the payload limit in UTF-8 bytes, not characters", async () => {
    pubsub = new MemoryPubSub();
    // "é" is two bytes: 501 of them are 1002 bytes in 501 characters.
    await expect(pubsub.publish("chat:1", "é".repeat(501))).rejects.toThrow(/over 1000 bytes/);
    await expect(pubsub.publish("chat:1", "é".repeat(500))).resolves.toBeUndefined();
  });

  it("rejects an empty channel name and one longer than 63 bytes (PostgreSQL's identifier limit)", async () => {
    pubsub = new MemoryPubSub();
    await expect(pubsub.publish("", "x")).rejects.toThrow('invalid pubsub channel ""');
    await expect(pubsub.publish("c".repeat(64), "x")).rejects.toThrow(/invalid pubsub channel/);
    await expect(pubsub.publish("c".repeat(63), "x")).resolves.toBeUndefined();
  });
});
