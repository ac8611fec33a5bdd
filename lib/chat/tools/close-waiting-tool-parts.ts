/** What a tool call reads when its turn ended before it did. */
export const INTERRUPTED_TOOL_ERROR = "Interrupted: the turn ended before this step finished.";

type Part = Record<string, unknown> & { type: string };

/**
 * The parts with every tool call still waiting for its result marked as interrupted (with
 * `errorText`), or null when none waits. A message must not keep a call that looks as if it still runs.
 */
export function closeWaitingToolParts<P extends Part>(parts: readonly P[], errorText: string = INTERRUPTED_TOOL_ERROR): P[] | null {
  const isWaiting = (part: P) => part.type.startsWith("tool-") && (part.state === "input-available" || part.state === "input-streaming");
  if (!parts.some(isWaiting)) return null;
  return parts.map((part) => (isWaiting(part) ? { ...part, state: "output-error", errorText } : part));
}
