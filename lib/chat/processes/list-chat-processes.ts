import "server-only";
import { db } from "@/lib/db/client";

/** Most processes `process_list` shows. */
export const MAX_LISTED_PROCESSES = 10;

/** The processes this chat started, newest first, at most MAX_LISTED_PROCESSES. */
export async function listChatProcesses({ chatId }: { chatId: string }) {
  const prisma = await db();
  return prisma.chatProcess.findMany({ where: { chatId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: MAX_LISTED_PROCESSES });
}
