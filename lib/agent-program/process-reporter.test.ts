import { describe, expect, it } from "vitest";
import { MAX_REPORTED_PROCESS_LINES, type ProcessReport } from "../workspace-agents/schemas";
import { ProcessOutput } from "./process-output";
import { ProcessReporter } from "./process-reporter";

describe("ProcessReporter", () => {
  it("sends each process's lines numbered from 0 and its end once, in push order, grouped per process", async () => {
    const sent: ProcessReport[][] = [];
    const reporter = new ProcessReporter({ send: async (reports) => void sent.push(reports), isRetryable: () => true, flushIntervalMs: 1000 });
    reporter.line("a", "a1");
    reporter.line("a", "a2");
    reporter.line("b", "b1");
    reporter.line("a", "a3");
    reporter.end("a", 3);
    reporter.end("b", null);
    await reporter.flush();
    expect(sent).toEqual([
      [
        { id: "a", from: 0, lines: ["a1", "a2", "a3"], done: true, exitCode: 3 },
        { id: "b", from: 0, lines: ["b1"], done: true, exitCode: null },
      ],
    ]);
    reporter.close();
  });

  it("retries a failed batch: the server gets the same numbered lines again, never new numbers", async () => {
    const attempts: ProcessReport[][] = [];
    const reporter = new ProcessReporter({
      send: async (reports) => {
        attempts.push(reports);
        if (attempts.length === 1) throw new Error("server down");
      },
      isRetryable: () => true,
      retryInitialDelayMs: 1,
    });
    reporter.line("p", "x");
    await reporter.flush();
    expect(attempts).toEqual([[{ id: "p", from: 0, lines: ["x"], done: false, exitCode: null }], [{ id: "p", from: 0, lines: ["x"], done: false, exitCode: null }]]);
    reporter.close();
  });
  it("past MAX_REPORTED_PROCESS_LINES a process's lines are only counted: the end says how many there were", async () => {
    const sent: ProcessReport[] = [];
    const reporter = new ProcessReporter({ send: async (reports) => void sent.push(...reports), isRetryable: () => true, maxBatchLines: 5000 });
    for (let i = 0; i < MAX_REPORTED_PROCESS_LINES + 500; i++) reporter.line("p", `l${i}`);
    reporter.end("p", 0);
    await reporter.flush();
    const lines = sent.flatMap((report) => report.lines);
    expect(lines).toHaveLength(MAX_REPORTED_PROCESS_LINES);
    expect(lines.at(-1)).toBe(`l${MAX_REPORTED_PROCESS_LINES - 1}`);
    expect(sent.at(-1)).toEqual({ id: "p", from: MAX_REPORTED_PROCESS_LINES + 500, lines: [], done: true, exitCode: 0 });
    reporter.close();
  });
});

describe("ProcessOutput onLine", () => {
  it("sees every line as it ends, cut at 2,048 bytes, also the ones the kept output drops", () => {
    const seen: string[] = [];
    const output = new ProcessOutput({ onLine: (text) => seen.push(text) });
    for (let i = 0; i < 5000; i++) output.push("stdout", Buffer.from(`line-${i}\n`));
    output.push("stderr", Buffer.from(`${"x".repeat(3000)}\nlast`));
    output.flush();
    expect(seen).toHaveLength(5002);
    expect(seen[4999]).toBe("line-4999");
    expect(seen[5000]).toBe("x".repeat(2048));
    expect(seen[5001]).toBe("last");
    expect(output.snapshot().truncated).toBe(true);
  });
});
