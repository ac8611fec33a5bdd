import "server-only";
import { publishMessage, underChatLock } from "./under-chat-lock";

/** Replaces a message's parts with a new version; tells the chat's followers. */
export async function updateChatMessageParts({ chatId, messageId, parts }: { chatId: string; messageId: string; parts: unknown[] }) {
  await underChatLock(
    chatId,
    (tx) => tx.$executeRaw`
      UPDATE chat_messages
         SET parts = ${JSON.stringify(parts)}::jsonb, version = nextval('chat_message_versions'), "updatedAt" = now()
       WHERE id = ${messageId}::uuid AND "chatId" = ${chatId}::uuid`,
  );
  await publishMessage(chatId, messageId);
}
