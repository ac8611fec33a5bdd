import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Wakeup } from "./wait-for-signal";

// The wake-up under every event-driven wait (docs/chat-tools.md, "Waits are event-driven"): a
// notification wakes a waiter at once, the slow re-check is the fallback, an abort ends the wait.

/** Starts a wait and tells whether it has resolved yet. */
function waitOn(wakeup: Wakeup, fallbackMs: number, signal?: AbortSignal) {
  const state = { isDone: false };
  const promise = wakeup.wait(fallbackMs, signal).then(() => {
    state.isDone = true;
  });
  return { promise, state };
}

describe("Wakeup", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a notification while waiting wakes the waiter at once", async () => {
    const wakeup = new Wakeup();
    const wait = waitOn(wakeup, 2000);
    await vi.advanceTimersByTimeAsync(100);
    expect(wait.state.isDone).toBe(false);
    wakeup.notify();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state.isDone).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a notification before the wait is not lost: the next wait returns at once", async () => {
    const wakeup = new Wakeup();
    wakeup.notify();
    const wait = waitOn(wakeup, 2000);
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state.isDone).toBe(true);
  });

  it("several notifications before a wait wake it once; the wait after that waits again", async () => {
    const wakeup = new Wakeup();
    wakeup.notify();
    wakeup.notify();
    wakeup.notify();
    await waitOn(wakeup, 2000).promise;
    const second = waitOn(wakeup, 2000);
    await vi.advanceTimersByTimeAsync(1999);
    expect(second.state.isDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second.state.isDone).toBe(true);
  });

  it("without a notification the fallback timer ends the wait after fallbackMs, not before", async () => {
    const wakeup = new Wakeup();
    const wait = waitOn(wakeup, 2000);
    await vi.advanceTimersByTimeAsync(1999);
    expect(wait.state.isDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.state.isDone).toBe(true);
  });

  it("a notification after the fallback fired is kept for the next wait", async () => {
    const wakeup = new Wakeup();
    await vi.advanceTimersByTimeAsync(0);
    const first = waitOn(wakeup, 50);
    await vi.advanceTimersByTimeAsync(50);
    expect(first.state.isDone).toBe(true);
    wakeup.notify();
    const second = waitOn(wakeup, 2000);
    await vi.advanceTimersByTimeAsync(0);
    expect(second.state.isDone).toBe(true);
  });

  it("an abort ends the wait at once and clears its timer and listener", async () => {
    const wakeup = new Wakeup();
    const controller = new AbortController();
    const removeListener = vi.spyOn(controller.signal, "removeEventListener");
    const wait = waitOn(wakeup, 60_000, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state.isDone).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(removeListener).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  it("an already aborted signal returns at once without a timer", async () => {
    const wakeup = new Wakeup();
    const wait = waitOn(wakeup, 60_000, AbortSignal.abort());
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.state.isDone).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a notification clears the pending timer and abort listener of the wait it ends", async () => {
    const wakeup = new Wakeup();
    const controller = new AbortController();
    const removeListener = vi.spyOn(controller.signal, "removeEventListener");
    const wait = waitOn(wakeup, 60_000, controller.signal);
    wakeup.notify();
    await wait.promise;
    expect(vi.getTimerCount()).toBe(0);
    expect(removeListener).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  it("without a fallback (Infinity) it keeps no timer and waits for a notification however long", async () => {
    const wakeup = new Wakeup();
    const wait = waitOn(wakeup, Number.POSITIVE_INFINITY);
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(wait.state.isDone).toBe(false);
    wakeup.notify();
    await wait.promise;
  });

  it("a fallback past setTimeout's limit waits that limit, not a moment", async () => {
    const wakeup = new Wakeup();
    const wait = waitOn(wakeup, 2 ** 40);
    await vi.advanceTimersByTimeAsync(1000);
    expect(wait.state.isDone).toBe(false);
    expect(vi.getTimerCount()).toBe(1);
    wakeup.notify();
    await wait.promise;
  });
});
