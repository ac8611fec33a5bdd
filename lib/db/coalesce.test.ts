import { describe, expect, it } from "vitest";
import { coalesce, type InFlightReads } from "./coalesce";

const deferred = <T,>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe("coalesce", () => {
  it("shares a read in flight with callers whose change it already covers", async () => {
    const inFlight: InFlightReads<number> = new Map();
    const read = deferred<number>();
    let reads = 0;
    const notifiedAt = performance.now();
    const first = coalesce(inFlight, "k", notifiedAt, () => (reads++, read.promise));
    const second = coalesce(inFlight, "k", notifiedAt, () => (reads++, Promise.resolve(2)));
    read.resolve(1);
    expect([await first, await second, reads]).toEqual([1, 1, 1]);
    expect(inFlight.size).toBe(0);
  });

  it("starts a new read for a caller notified after the read in flight began", async () => {
    const inFlight: InFlightReads<number> = new Map();
    const old = deferred<number>();
    const first = coalesce(inFlight, "k", 0, () => old.promise);
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = coalesce(inFlight, "k", performance.now(), () => Promise.resolve(2));
    old.resolve(1);
    expect([await first, await second]).toEqual([1, 2]);
    expect(inFlight.size).toBe(0);
  });

  it("forgets a failed read", async () => {
    const inFlight: InFlightReads<number> = new Map();
    await expect(coalesce(inFlight, "k", 0, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await coalesce(inFlight, "k", 0, () => Promise.resolve(3))).toBe(3);
  });
});
