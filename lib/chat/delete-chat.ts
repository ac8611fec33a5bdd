import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { interruptTurn } from "./turns/interrupt-turn";

/**
 * The owner deletes a chat and its messages; a running turn is interrupted first, on whichever
 * replica runs it, so no model call goes on for a chat that is gone. The chat's workspace stays:
 * it is the user's, not the chat's. Anyone else's chat is a 404.
 */
export async function deleteChat({ chatId, actor }: { chatId: string; actor: Actor }) {
  await interruptTurn({ chatId, actor });
  const prisma = await db();
  const { count } = await prisma.chat.deleteMany({ where: { id: chatId, ownerId: actor.id } });
  if (count === 0) throw notFound("chat");
  return { deleted: true as const };
}
