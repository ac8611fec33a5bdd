import "server-only";
import type { ChatMessage as MessageRow, Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";

type Tx = Prisma.TransactionClient;

/**
 * Runs a message write under the chat row's lock. Every insert and update takes the next
 * message version; holding the chat's lock while it does makes a chat's versions commit in
 * order, so an event stream that resumes after version N misses nothing committed later.
 */
async function underChatLock<T>(chatId: string, write: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM chats WHERE id = ${chatId}::uuid FOR UPDATE`;
    return write(tx);
  });
}

async function publishMessage(chatId: string, messageId: string) {
  await (await pubsub()).publish(channels.chat(chatId), `message:${messageId}`);
}

/** Stores a new message of the chat (and moves the chat up the list); tells its followers. */
export async function insertChatMessage({
  chatId,
  role,
  parts,
}: {
  chatId: string;
  role: "user" | "assistant";
  parts: unknown[];
}): Promise<MessageRow> {
  const message = await underChatLock(chatId, async (tx) => {
    const row = await tx.chatMessage.create({ data: { chatId, role, parts: parts as Prisma.InputJsonValue } });
    await tx.chat.update({ where: { id: chatId }, data: { updatedAt: row.createdAt } });
    return row;
  });
  await publishMessage(chatId, message.id);
  return message;
}

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
