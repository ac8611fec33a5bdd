import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { jobStatus } from "@/lib/provisioner/job-status";
import { chatActivity } from "./chat-activity";
import type { ChatListItem } from "./schemas";
import { toChat } from "./to-chat";

/**
 * The actor's own chats, most recently active first, each with its activity (from its turn and
 * its bound build). Chats are private: admins see only theirs.
 */
export async function listChats({ actor }: { actor: Actor }): Promise<ChatListItem[]> {
  const prisma = await db();
  const rows = await prisma.chat.findMany({
    where: { ownerId: actor.id },
    include: { build: { select: { job: { select: { startedAt: true, completedAt: true, canceledAt: true, error: true } } } } },
    // The id breaks ties so that the order is stable between requests.
    orderBy: [{ updatedAt: "desc" }, { id: "asc" }],
  });
  return rows.map(({ build, ...row }) => ({
    ...toChat(row),
    activity: chatActivity({ status: row.status, buildStatus: build ? jobStatus(build.job) : null }),
  }));
}
