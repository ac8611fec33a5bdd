import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { KeepaliveTicker } from "@/lib/sse/keepalive-ticker";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("KeepaliveTicker", () => {
  it("calls each stream once per period, streams that joined in the same second together", () => {
    const ticker = new KeepaliveTicker(15);
    const sent: string[] = [];
    ticker.add(() => sent.push("a"));
    ticker.add(() => sent.push("b"));
    vi.advanceTimersByTime(5000);
    ticker.add(() => sent.push("c"));
    vi.advanceTimersByTime(9000);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(["a", "b"]);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual(["a", "b", "c"]);
    vi.advanceTimersByTime(30_000);
    expect(sent.filter((s) => s === "a")).toHaveLength(3);
    expect(sent.filter((s) => s === "c")).toHaveLength(3);
  });

  it("stops calling a stream that left, even one that leaves while its slot is being written", () => {
    const ticker = new KeepaliveTicker(2);
    const sent: string[] = [];
    let leaveB = () => {};
    ticker.add(() => {
      sent.push("a");
      leaveB();
    });
    leaveB = ticker.add(() => sent.push("b"));
    vi.advanceTimersByTime(2000);
    expect(sent).toEqual(["a"]);
    vi.advanceTimersByTime(2000);
    expect(sent).toEqual(["a", "a"]);
  });

  it("keeps a timer only while a stream is open", () => {
    const ticker = new KeepaliveTicker(15);
    expect(vi.getTimerCount()).toBe(0);
    const leaveA = ticker.add(() => {});
    const leaveB = ticker.add(() => {});
    expect(vi.getTimerCount()).toBe(1);
    leaveA();
    leaveA();
    expect(vi.getTimerCount()).toBe(1);
    leaveB();
    expect(vi.getTimerCount()).toBe(0);
  });
});
