import { describe, expect, it } from "vitest";
import { DirtyFlags } from "./dirty-flags";

describe("DirtyFlags", () => {
  it("wakes a waiter at a mark and hands over what was marked, once", async () => {
    const flags = new DirtyFlags<"a" | "b">();
    const started = Date.now();
    const waiting = flags.wait(5000);
    flags.mark("a");
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
    expect([...flags.take().keys()]).toEqual(["a"]);
    expect(flags.isEmpty).toBe(true);
  });

  it("keeps a mark made while nobody waited: the next wait returns at once", async () => {
    const flags = new DirtyFlags<"a">();
    flags.mark("a");
    const started = Date.now();
    await flags.wait(5000);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("times out when nothing is marked, and add() does not wake", async () => {
    const flags = new DirtyFlags<"a">();
    const started = Date.now();
    const waiting = flags.wait(150);
    flags.add("a");
    await waiting;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("returns when the signal aborts", async () => {
    const flags = new DirtyFlags<"a">();
    const controller = new AbortController();
    const waiting = flags.wait(5000, controller.signal);
    controller.abort();
    await waiting;
  });
});
