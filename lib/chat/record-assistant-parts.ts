import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";

/** Saves the parts of the assistant message being streamed and tells the chat's followers. */
export async function recordAssistantParts({ chatId, messageId, parts }: { chatId: string; messageId: string; parts: unknown[] }) {
  const prisma = await db();
  await prisma.chatMessage.update({ where: { id: messageId }, data: { parts: parts as Prisma.InputJsonValue } });
  await (await pubsub()).publish(channels.chat(chatId), `message:${messageId}`);
}
