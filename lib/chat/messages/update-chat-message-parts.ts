import "server-only";
import { storableJson } from "@/lib/db/storable-text";
import { publishMessage, underChatLock } from "./under-chat-lock";

/** Replaces a message's parts with a new version (NUL and lone surrogates replaced: storableJson); tells the chat's followers. */
export async function updateChatMessageParts({ chatId, messageId, parts }: { chatId: string; messageId: string; parts: unknown[] }) {
  await underChatLock(
    chatId,
    (tx) => tx.$executeRaw`
      UPDATE chat_messages
         SET parts = ${storableJson(parts)}::jsonb, version = nextval('chat_message_versions'), "updatedAt" = now()
       WHERE id = ${messageId}::uuid AND "chatId" = ${chatId}::uuid`,
  );
  await publishMessage(chatId, messageId);
}
