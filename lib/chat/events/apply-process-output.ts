import type { ProcessOutputEvent } from "./schemas";

/** What the page knows of one tool call's process: its lines so far, in order, and whether it ended. */
export type ProcessOutputState = { processId: string; lines: string[]; isDone: boolean; exitCode: number | null };

/**
 * One `process.output` event applied to the cached output of its tool call. The events of one
 * stream never repeat a line (the cursor resumes after the last one sent), so lines are appended;
 * but a stream opened afresh replays from the first line, so its first event for a call replaces
 * what the cache held (`isFirstOfStream`). `done` is final: nothing follows it.
 */
export function applyProcessOutput(
  cached: ProcessOutputState | undefined,
  event: ProcessOutputEvent,
  { isFirstOfStream }: { isFirstOfStream: boolean },
): ProcessOutputState {
  const base = !cached || isFirstOfStream || cached.processId !== event.processId ? undefined : cached;
  if (base?.isDone) return base;
  return {
    processId: event.processId,
    lines: base ? base.lines.concat(event.lines) : [...event.lines],
    isDone: event.done,
    exitCode: event.done ? event.exitCode : null,
  };
}
