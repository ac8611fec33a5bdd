import { describe, expect, it } from "vitest";
import { applyProcessOutput, type ProcessOutputState } from "./apply-process-output";

const event = (lines: string[], done = false, exitCode: number | null = null) => ({ toolCallId: "c1", processId: "p1", lines, done, exitCode });

function feed(batches: { lines: string[]; done?: boolean; exitCode?: number | null; fresh?: boolean }[], start?: ProcessOutputState) {
  let state = start;
  const seen = new Set<string>();
  for (const batch of batches) {
    if (batch.fresh) seen.clear();
    state = applyProcessOutput(state, event(batch.lines, batch.done, batch.exitCode ?? null), { isFirstOfStream: !seen.has("c1") });
    seen.add("c1");
  }
  return state;
}

describe("applyProcessOutput", () => {
  it("appends batches in order and keeps the exit code of the end", () => {
    expect(feed([{ lines: ["a", "b"] }, { lines: ["c"] }, { lines: [], done: true, exitCode: 0 }])).toEqual({
      processId: "p1",
      lines: ["a", "b", "c"],
      isDone: true,
      exitCode: 0,
    });
  });

  it("a stream opened afresh replays from the start: its first batch replaces, nothing repeats", () => {
    const before = feed([{ lines: ["a", "b"] }]);
    expect(feed([{ lines: ["a", "b", "c"], fresh: true }, { lines: ["d"] }], before)?.lines).toEqual(["a", "b", "c", "d"]);
  });

  it("nothing follows the end", () => {
    const done = feed([{ lines: ["a"], done: true, exitCode: 3 }]);
    expect(applyProcessOutput(done, event(["late"]), { isFirstOfStream: false })).toBe(done);
  });

  it("a signal's end has no exit code", () => {
    expect(feed([{ lines: [] }, { lines: [], done: true, exitCode: null }])).toMatchObject({ isDone: true, exitCode: null });
  });
});
