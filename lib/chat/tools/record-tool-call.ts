import "server-only";
import { insertChatMessage } from "../messages/insert-chat-message";
import { updateChatMessageParts } from "../messages/update-chat-message-parts";
import type { ChatToolName } from "../schemas";

/** An AI SDK UI tool part: `tool-<name>` with its call id, state, input and output. */
export type ToolPart = {
  type: `tool-${ChatToolName}`;
  toolCallId: string;
  state: "input-available" | "output-available" | "output-error";
  input: unknown;
  output?: unknown;
  errorText?: string;
};

/** Stores a tool call as an assistant message, as a model's call is stored; returns its id. */
export async function recordToolCallStart({ chatId, part }: { chatId: string; part: ToolPart }): Promise<string> {
  const message = await insertChatMessage({ chatId, role: "assistant", parts: [part] });
  return message.id;
}

/** Replaces the tool part of a recorded call with its outcome. */
export async function recordToolCallEnd({ chatId, messageId, part }: { chatId: string; messageId: string; part: ToolPart }) {
  await updateChatMessageParts({ chatId, messageId, parts: [part] });
}
