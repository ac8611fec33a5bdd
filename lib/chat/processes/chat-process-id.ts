import { createHash } from "node:crypto";

/**
 * The id of the process a chat's tool call starts: a hash of the chat and the call, so a retried
 * call (same tool call id) names the same process and re-attaches to it, while two chats whose
 * calls share an id (models number calls alike) never meet. 22 base64url characters: 132 bits.
 */
export function chatProcessId({ chatId, toolCallId }: { chatId: string; toolCallId: string }): string {
  return `p-${createHash("sha256").update(`${chatId}:${toolCallId}`).digest("base64url").slice(0, 22)}`;
}
