import "server-only";
import { db } from "@/lib/db/client";

/** Drops the record of a process the agent refused to start (a missing folder): it never ran. */
export async function forgetChatProcess({ chatId, processId }: { chatId: string; processId: string }): Promise<void> {
  const prisma = await db();
  await prisma.chatProcess.deleteMany({ where: { id: processId, chatId, lineCount: 0, endedAt: null } });
}
