import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";

export type Tx = Prisma.TransactionClient;

/**
 * Runs a message write under the chat row's lock. Every insert and update takes the next
 * message version; holding the chat's lock while it does makes a chat's versions commit in
 * order, so an event stream that resumes after version N misses nothing committed later.
 */
export async function underChatLock<T>(chatId: string, write: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await db();
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM chats WHERE id = ${chatId}::uuid FOR UPDATE`;
    return write(tx);
  });
}

/** Tells the chat's followers that one of its messages changed. */
export async function publishMessage(chatId: string, messageId: string) {
  await (await pubsub()).publish(channels.chat(chatId), `message:${messageId}`);
}
