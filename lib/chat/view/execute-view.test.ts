import { describe, expect, it } from "vitest";
import { executeBadge, executeView } from "./execute-view";
import type { ToolPart } from "./tool-part";

const part = (over: Partial<ToolPart>): ToolPart => ({
  toolName: "execute",
  toolCallId: "c1",
  state: "output-available",
  input: { command: "node -v" },
  output: undefined,
  errorText: undefined,
  ...over,
});
const live = (lines: string[], isDone = false, exitCode: number | null = null) => ({ processId: "p1", lines, isDone, exitCode });

describe("executeView", () => {
  it("while the call waits: running, with the live lines and the process to stop", () => {
    const view = executeView(part({ state: "input-available" }), live(["a", "b"]));
    expect(view).toMatchObject({ phase: "running", command: "node -v", processId: "p1", lines: ["a", "b"] });
    expect(executeBadge(view).label).toBe("running");
  });

  it("a foreground command that ended: the result's output, exit code and duration", () => {
    const view = executeView(part({ output: { success: true, output: "v20.20.0\n", exit_code: 0, wall_duration_ms: 31 } }), live(["v20.20.0"], true, 0));
    expect(view).toMatchObject({ phase: "ended", exitCode: 0, durationMs: 31, lines: ["v20.20.0"], isTruncated: false });
    expect(executeBadge(view)).toEqual({ status: "succeeded", label: "exit 0" });
    expect(executeBadge(executeView(part({ output: { success: false, output: "", exit_code: 2, wall_duration_ms: 1 } }), undefined)).label).toBe("exit 2");
  });

  it("left in the background: still running until its output ends, then ended", () => {
    const output = { success: true, output: "", exit_code: null, wall_duration_ms: 10000, background_process_id: "p1", note: "still running; use process_output" };
    const running = executeView(part({ output }), live(["tick"]));
    expect(running).toMatchObject({ phase: "background", processId: "p1", lines: ["tick"] });
    expect(executeBadge(running).label).toBe("still running");
    expect(executeView(part({ output }), undefined)).toMatchObject({ phase: "background", processId: "p1", lines: [] });
    const ended = executeView(part({ output }), live(["tick"], true, null));
    expect(ended).toMatchObject({ phase: "ended", exitCode: null });
    expect(executeBadge(ended).label).toBe("ended");
  });

  it("a failed call says why", () => {
    expect(executeView(part({ state: "output-error", errorText: "chat has no workspace; use create_workspace first" }), undefined)).toMatchObject({
      phase: "failed",
      error: "chat has no workspace; use create_workspace first",
    });
    expect(executeView(part({ output: { success: false, output: "x\n", exit_code: null, wall_duration_ms: 2, error: "agent went away" } }), undefined)).toMatchObject({
      phase: "failed",
      error: "agent went away.",
      lines: ["x"],
    });
  });
});
