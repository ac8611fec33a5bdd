import { describe, expect, it } from "vitest";
import { MAX_LINE_BYTES, OUTPUT_HEAD_BYTES, OUTPUT_TAIL_BYTES, ProcessOutput } from "./process-output";

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}`).join("\n") + "\n";

describe("ProcessOutput", () => {
  it("keeps output up to head + tail whole", () => {
    const output = new ProcessOutput();
    const text = "x".repeat(99).concat("\n").repeat((OUTPUT_HEAD_BYTES + OUTPUT_TAIL_BYTES) / 100);
    output.push("stdout", Buffer.from(text));
    expect(output.snapshot()).toEqual({ output: text, truncated: false });
  });

  it("keeps the head and the tail of long output with a marker between", () => {
    const output = new ProcessOutput();
    const all = lines(1, 200_000);
    // In odd pieces, so lines arrive split across chunks.
    for (let start = 0; start < all.length; start += 997) output.push("stdout", Buffer.from(all.slice(start, start + 997)));
    output.flush();
    const { output: text, truncated } = output.snapshot();
    expect(truncated).toBe(true);
    const kept = text.split("\n");
    expect(kept.slice(0, 3)).toEqual(["1", "2", "3"]);
    expect(kept.at(-2)).toBe("200000");
    const marker = kept.findIndex((line) => line.startsWith("... ["));
    expect(kept[marker]).toMatch(/^\.\.\. \[\d+ lines \(\d+ bytes\) omitted\] \.\.\.$/);
    // Consecutive numbers on each side of the marker: nothing lost inside head or tail.
    const head = kept.slice(0, marker).map(Number);
    const tail = kept.slice(marker + 1, -1).map(Number);
    expect(head.every((n, i) => n === i + 1)).toBe(true);
    expect(tail.every((n, i) => i === 0 || n === tail[i - 1]! + 1)).toBe(true);
    const omitted = Number(/\[(\d+) lines/.exec(kept[marker]!)![1]);
    expect(head.length + omitted + tail.length).toBe(200_000);
    expect(Buffer.byteLength(kept.slice(0, marker).join("\n"))).toBeLessThanOrEqual(OUTPUT_HEAD_BYTES);
    expect(Buffer.byteLength(kept.slice(marker + 1).join("\n"))).toBeLessThanOrEqual(OUTPUT_TAIL_BYTES + 1);
  });

  it("cuts long lines at a character boundary", () => {
    const output = new ProcessOutput();
    output.push("stdout", Buffer.from(`a${"é".repeat(3000)}\nnext\n`));
    const { output: text, truncated } = output.snapshot();
    const [first, second] = text.split("\n");
    expect(Buffer.byteLength(first!)).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(Buffer.byteLength(first!)).toBeGreaterThan(MAX_LINE_BYTES - 2);
    expect(first).not.toContain("\uFFFD");
    expect(second).toBe("next");
    expect(truncated).toBe(true);
  });

  it("assembles each stream's lines apart and keeps arrival order of lines", () => {
    const output = new ProcessOutput();
    output.push("stdout", Buffer.from("out-a"));
    output.push("stderr", Buffer.from("err-1\n"));
    output.push("stdout", Buffer.from("out-b\r\n"));
    output.push("stderr", Buffer.from("partial"));
    expect(output.snapshot().output).toBe("err-1\nout-aout-b\npartial");
    output.flush();
    expect(output.snapshot().output).toBe("err-1\nout-aout-b\npartial\n");
  });
});
