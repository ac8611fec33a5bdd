import { describe, expect, it } from "vitest";
import { ConcurrencyLimit } from "./concurrency-limit";

/** A call that runs until released by hand. */
function gate() {
  let release = () => {};
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release };
}

describe("ConcurrencyLimit", () => {
  it("runs at most `limit` calls at once, the rest in order of arrival, and frees a slot when a call throws", async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = Array.from({ length: 5 }, gate);
    const started: number[] = [];
    const calls = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i);
        await g.opened;
        if (i === 0) throw new Error("first failed");
        return i;
      }),
    );
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    await settle();
    expect(started).toEqual([0, 1]);
    gates[0]!.release();
    await expect(calls[0]).rejects.toThrow("first failed");
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[2]!.release();
    gates[1]!.release();
    expect(await Promise.all([calls[1], calls[2]])).toEqual([1, 2]);
    await settle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    gates[3]!.release();
    gates[4]!.release();
    expect(await Promise.all([calls[3], calls[4]])).toEqual([3, 4]);
  });
});
