import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { UpdateChatInput } from "./schemas";

/** The owner renames a chat; anyone else's chat is a 404. */
export async function updateChat({ chatId, input, actor }: { chatId: string; input: UpdateChatInput; actor: Actor }) {
  const prisma = await db();
  // One conditional write: the owner check and the change cannot be split by a concurrent delete.
  const { count } = await prisma.chat.updateMany({ where: { id: chatId, ownerId: actor.id }, data: { title: input.title } });
  if (count === 0) throw notFound("chat");
  return prisma.chat.findUniqueOrThrow({ where: { id: chatId } });
}
