import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DirtyFlags } from "./dirty-flags";

// A fake clock: no time passes unless a test advances it, so "at once" means before any timer
// could fire, on a loaded machine too, and a wait that only ended at its timeout would fail.
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Whether the promise has settled once pending callbacks ran, with no time passing. */
async function settledNow(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

describe("DirtyFlags", () => {
  it("wakes a waiter at a mark and hands over what was marked, once", async () => {
    const flags = new DirtyFlags<"a" | "b">();
    const waiting = flags.wait(5000);
    expect(await settledNow(waiting)).toBe(false);
    flags.mark("a");
    expect(await settledNow(waiting)).toBe(true);
    expect([...flags.take().keys()]).toEqual(["a"]);
    expect(flags.isEmpty).toBe(true);
  });

  it("keeps a mark made while nobody waited: the next wait returns at once", async () => {
    const flags = new DirtyFlags<"a">();
    flags.mark("a");
    expect(await settledNow(flags.wait(5000))).toBe(true);
  });

  it("times out when nothing is marked, and add() does not wake", async () => {
    const flags = new DirtyFlags<"a">();
    const waiting = flags.wait(150);
    flags.add("a");
    await vi.advanceTimersByTimeAsync(149);
    expect(await settledNow(waiting)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settledNow(waiting)).toBe(true);
  });

  it("returns when the signal aborts, not at its timeout", async () => {
    const flags = new DirtyFlags<"a">();
    const controller = new AbortController();
    const waiting = flags.wait(5000, controller.signal);
    expect(await settledNow(waiting)).toBe(false);
    controller.abort();
    expect(await settledNow(waiting)).toBe(true);
  });
});
