import type { Chat, ChatMessage, ChatWithMessages } from "../schemas";
import type { MessageDeltaEvent, ToolEvent } from "./schemas";

// Pure updates of the cached chat (with its messages) by one event each. Versions only grow:
// an event older than what the cache holds is ignored, so replays after a reconnect are harmless.

export function applyChatRow(cached: ChatWithMessages | undefined, chat: Chat): ChatWithMessages {
  return { ...chat, messages: cached?.messages ?? [] };
}

function withMessages(cached: ChatWithMessages, messages: ChatMessage[]): ChatWithMessages {
  return { ...cached, messages };
}

export function applyMessage(cached: ChatWithMessages | undefined, message: ChatMessage): ChatWithMessages | undefined {
  if (!cached) return cached;
  const index = cached.messages.findIndex((m) => m.id === message.id);
  if (index < 0) return withMessages(cached, [...cached.messages, message].sort((a, b) => a.seq - b.seq));
  if (cached.messages[index]!.version > message.version) return cached;
  return withMessages(cached, cached.messages.with(index, message));
}

function updatePart(
  cached: ChatWithMessages | undefined,
  event: { messageId: string; version: number; index: number },
  update: (part: ChatMessage["parts"][number] | undefined) => ChatMessage["parts"][number],
): ChatWithMessages | undefined {
  if (!cached) return cached;
  const index = cached.messages.findIndex((m) => m.id === event.messageId);
  const message = cached.messages[index];
  if (!message || message.version >= event.version) return cached;
  const parts = [...message.parts];
  parts[event.index] = update(parts[event.index]);
  return withMessages(cached, cached.messages.with(index, { ...message, version: event.version, parts }));
}

export function applyDelta(cached: ChatWithMessages | undefined, event: MessageDeltaEvent): ChatWithMessages | undefined {
  return updatePart(cached, event, (part) => ({ type: "text", ...part, text: `${String(part?.text ?? "")}${event.delta}` }));
}

export function applyTool(cached: ChatWithMessages | undefined, event: ToolEvent): ChatWithMessages | undefined {
  return updatePart(cached, event, () => event.part);
}
