import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";

/** The actor's own chats, most recently active first. Chats are private: admins see only theirs. */
export async function listChats({ actor }: { actor: Actor }) {
  const prisma = await db();
  return prisma.chat.findMany({
    where: { ownerId: actor.id },
    // The id breaks ties so that the order is stable between requests.
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
}
