import { describe, expect, it, vi } from "vitest";
import { batchLoader } from "./batch-loader";

describe("batchLoader", () => {
  it("answers the keys asked for in one turn with one read, each key once", async () => {
    const load = vi.fn(async (keys: string[]) => new Map(keys.map((key) => [key, key.toUpperCase()])));
    const get = batchLoader(load);
    const answers = await Promise.all([get("a"), get("b"), get("a")]);
    expect(answers).toEqual(["A", "B", "A"]);
    expect(load).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledWith(["a", "b"]);
  });

  it("starts a new read for a key asked for after the read began (never an older answer)", async () => {
    let version = 0;
    const get = batchLoader(async (keys: string[]) => new Map(keys.map((key) => [key, ++version])));
    const first = get("a");
    await new Promise((resolve) => setImmediate(resolve));
    const second = get("a");
    expect(await first).toBe(1);
    expect(await second).toBe(2);
  });

  it("resolves a key the read left out to undefined, and a failed read fails its callers", async () => {
    const get = batchLoader(async (keys: string[]) => new Map(keys.filter((key) => key !== "gone").map((key) => [key, 1])));
    expect(await Promise.all([get("here"), get("gone")])).toEqual([1, undefined]);
    const failing = batchLoader<string, number>(async () => {
      throw new Error("database down");
    });
    await expect(failing("a")).rejects.toThrow("database down");
  });

  it("takes every key asked for while a read is in flight into the next read, one read at a time", async () => {
    const reads: string[][] = [];
    let release = () => {};
    const get = batchLoader(async (keys: string[]) => {
      reads.push(keys);
      if (reads.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return new Map(keys.map((key) => [key, reads.length]));
    });
    const first = get("a");
    await new Promise((resolve) => setImmediate(resolve));
    const during = [get("b"), get("c"), get("a")];
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual([["a"]]);
    release();
    expect(await first).toBe(1);
    expect(await Promise.all(during)).toEqual([2, 2, 2]);
    expect(reads).toEqual([["a"], ["b", "c", "a"]]);
  });
});
