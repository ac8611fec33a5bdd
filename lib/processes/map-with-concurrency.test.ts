import { describe, expect, it } from "vitest";
import { mapWithConcurrency } from "./map-with-concurrency";

/** A task the test finishes by hand, so that the pool's state can be read between steps. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("mapWithConcurrency", () => {
  it("never runs more than N at once, starts the next as one ends, and keeps the order of results", async () => {
    const gates = Array.from({ length: 10 }, gate);
    let running = 0;
    let mostRunning = 0;
    const started: number[] = [];
    const done = mapWithConcurrency(gates, {
      concurrency: 3,
      work: async (task, index) => {
        started.push(index);
        running++;
        mostRunning = Math.max(mostRunning, running);
        await task.opened;
        running--;
        return index * 10;
      },
    });

    await settle();
    expect(started).toEqual([0, 1, 2]);
    // Finish out of order: the freed slot takes the next item, never more than three run.
    gates[1]!.open();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    expect(running).toBe(3);
    for (const task of gates.slice().reverse()) {
      task.open();
      await settle();
    }
    expect(await done).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(mostRunning).toBe(3);
    expect(started).toHaveLength(10);
  });

  it("runs fewer workers than N when there are fewer items, and none for no items", async () => {
    let calls = 0;
    expect(await mapWithConcurrency([], { concurrency: 4, work: async () => ++calls })).toEqual([]);
    expect(await mapWithConcurrency(["a", "b"], { concurrency: 4, work: async (item) => item.toUpperCase() })).toEqual(["A", "B"]);
    expect(calls).toBe(0);
  });

  it("rejects with the first failure and starts nothing after it", async () => {
    const started: number[] = [];
    const result = mapWithConcurrency([0, 1, 2, 3, 4], {
      concurrency: 1,
      work: async (item) => {
        started.push(item);
        if (item === 1) throw new Error("boom");
        return item;
      },
    });
    await expect(result).rejects.toThrow("boom");
    expect(started).toEqual([0, 1]);
  });

  it("refuses a concurrency that would run nothing", async () => {
    await expect(mapWithConcurrency([1], { concurrency: 0, work: async (item) => item })).rejects.toThrow(RangeError);
  });
});
