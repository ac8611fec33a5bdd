import type { ProcessOutputState } from "@/lib/chat/events/apply-process-output";
import { failureLines, isResult } from "@/lib/chat/tools/tool-results";
import { isWaiting, type ToolPart } from "./tool-part";

/**
 * Where an `execute` call's command is:
 * - `running`: the call still waits for it (the foreground part of its run);
 * - `background`: the call answered with a `background_process_id` and the process has not ended;
 * - `ended`: it exited (or a signal ended it), in the foreground or later in the background;
 * - `failed`: the call itself failed (a text error, a structured failure, interrupted).
 */
export type ExecutePhase = "running" | "background" | "ended" | "failed";

export type ExecuteView = {
  command: string;
  phase: ExecutePhase;
  /** The process to signal while it runs: from its output events, or the call's result. */
  processId: string | null;
  exitCode: number | null;
  durationMs: number | null;
  /** What it printed: the live lines while it runs or ran in the background, else the result's output. */
  lines: string[];
  isTruncated: boolean;
  /** Why the call failed, for `failed`. */
  error: string | null;
};

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);
const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** Output text as lines: a final newline ends the last line, it does not start an empty one. */
export function outputLines(output: string): string[] {
  if (output === "") return [];
  return output.replace(/\r?\n$/, "").split(/\r?\n/);
}

/**
 * The card's view of an `execute` call from its tool part and the process's live output. The
 * result's output is the agent's own account of a foreground command (capped as the SPEC says);
 * the live lines are all there is while it runs and after it went to the background.
 */
export function executeView(part: ToolPart, live: ProcessOutputState | undefined): ExecuteView {
  const command = typeof part.input.command === "string" ? part.input.command : "";
  const base = { command, processId: live?.processId ?? null, exitCode: null, durationMs: null, isTruncated: false, error: null };
  if (isWaiting(part)) return { ...base, phase: "running", lines: live?.lines ?? [] };
  if (part.state === "output-error" || !isResult(part.output)) {
    const error = part.state === "output-error" ? (part.errorText ?? "The tool failed.") : typeof part.output === "string" ? part.output : "The tool returned no result.";
    return { ...base, phase: "failed", lines: live?.lines ?? [], error };
  }
  const output = part.output;
  const printed = typeof output.output === "string" ? output.output : "";
  const backgroundId = str(output.background_process_id);
  if (backgroundId) {
    const processId = live?.processId ?? backgroundId;
    const lines = live ? live.lines : outputLines(printed);
    if (live?.isDone) return { ...base, processId, phase: "ended", exitCode: live.exitCode, lines };
    return { ...base, processId, phase: "background", lines };
  }
  const common = { ...base, lines: outputLines(printed), isTruncated: output.truncated === true, durationMs: num(output.wall_duration_ms) };
  if (typeof output.error === "string") return { ...common, phase: "failed", error: failureLines(output).join("\n") };
  return { ...common, phase: "ended", exitCode: num(output.exit_code) };
}

/** The card's badge for a command: its words and the tone of a status. */
export function executeBadge(view: ExecuteView): { status: string; label: string } {
  switch (view.phase) {
    case "running":
      return { status: "in_progress", label: "running" };
    case "background":
      return { status: "in_progress", label: "still running" };
    case "failed":
      return { status: "failed", label: "failed" };
    case "ended":
      if (view.exitCode === null) return { status: "stopped", label: "ended" };
      return view.exitCode === 0 ? { status: "succeeded", label: "exit 0" } : { status: "failed", label: `exit ${view.exitCode}` };
  }
}
