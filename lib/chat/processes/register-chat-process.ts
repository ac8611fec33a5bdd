import "server-only";
import { db } from "@/lib/db/client";

/**
 * Records that a chat's tool call starts this process, before it starts (so the agent's first
 * output report already finds it). A retried call finds its row and leaves it as it is. Whether
 * the row is new: only then may a refused start drop it (forgetChatProcess).
 */
export async function registerChatProcess({
  processId,
  chatId,
  agentId,
  toolCallId,
  command,
}: {
  processId: string;
  chatId: string;
  agentId: string;
  toolCallId: string;
  command: string;
}): Promise<{ isNew: boolean }> {
  const prisma = await db();
  const { count } = await prisma.chatProcess.createMany({ data: [{ id: processId, chatId, agentId, toolCallId, command }], skipDuplicates: true });
  return { isNew: count === 1 };
}
