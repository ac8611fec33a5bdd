import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

/**
 * One of the actor's chats. Chats are private, admins included: anyone else's answers 404, so
 * that its existence stays hidden.
 */
export async function findOwnChat({ chatId, actor }: { chatId: string; actor: Actor }) {
  const prisma = await db();
  const chat = await prisma.chat.findFirst({ where: { id: chatId, ownerId: actor.id } });
  if (!chat) throw notFound("chat");
  return chat;
}
