import type { ChatMessage } from "../schemas";
import type { MessageDeltaEvent, ToolEvent } from "./schemas";

type Part = ChatMessage["parts"][number];

export type MessageEvent =
  | { event: "message"; data: ChatMessage }
  | { event: "message.delta"; data: MessageDeltaEvent }
  | { event: "tool"; data: ToolEvent };

const isToolPart = (part: Part) => typeof part.type === "string" && part.type.startsWith("tool-");

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Text appended to a text part whose other fields did not change, or null. */
function appendedText(before: Part | undefined, after: Part): string | null {
  if (!before || before.type !== "text" || after.type !== "text") return null;
  const [from, to] = [String(before.text ?? ""), String(after.text ?? "")];
  if (!to.startsWith(from) || !same({ ...before, text: "" }, { ...after, text: "" })) return null;
  return to.slice(from.length);
}

/**
 * The one event that takes a follower from the message as it last saw it (`before`, its parts)
 * to its new version: appended text → `message.delta`, one tool part changed → `tool`, anything
 * else (a new message, several parts changed) → the whole `message`. One event per version keeps
 * every event id a cursor that is safe to resume from.
 */
export function messageEvent(before: readonly Part[] | undefined, message: ChatMessage): MessageEvent {
  const whole = { event: "message", data: message } as const;
  if (!before || message.parts.length < before.length) return whole;
  const changed = message.parts.flatMap((part, index) => (same(part, before[index]) ? [] : [index]));
  const [index] = changed;
  if (changed.length !== 1 || index === undefined) return whole;
  const part = message.parts[index]!;
  const delta = appendedText(before[index], part);
  if (delta !== null) return { event: "message.delta", data: { messageId: message.id, version: message.version, index, delta } };
  if (isToolPart(part)) return { event: "tool", data: { messageId: message.id, version: message.version, index, part } };
  return whole;
}
