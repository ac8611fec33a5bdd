import "server-only";
import { db } from "@/lib/db/client";
import { publishChatUpdate } from "../bind-chat";
import { closeWaitingToolParts } from "../tools/close-waiting-tool-parts";
import { updateChatMessageParts } from "../messages/update-chat-message-parts";

/** What a user reads on a chat whose turn died with its server. */
export const ORPHANED_TURN_ERROR =
  "The assistant's turn was cut off because the server running it stopped. Send your message again to continue.";

/**
 * Marks failed the turns whose runner stopped heartbeating (a crashed or killed server), so a
 * chat never stays "running" forever. Returns the chat ids it marked.
 */
export async function reapOrphanedTurns({ now, staleMs }: { now: Date; staleMs: number }): Promise<string[]> {
  const prisma = await db();
  const cutoff = new Date(now.getTime() - staleMs);
  const orphans = await prisma.chat.findMany({
    where: { status: "running", OR: [{ turnHeartbeatAt: null }, { turnHeartbeatAt: { lt: cutoff } }] },
    select: { id: true, turnHeartbeatAt: true },
  });
  const reaped: string[] = [];
  for (const chat of orphans) {
    // Conditional on the same heartbeat: a runner that just spoke keeps its turn.
    const { count } = await prisma.chat.updateMany({
      where: { id: chat.id, status: "running", turnHeartbeatAt: chat.turnHeartbeatAt },
      data: { status: "error", error: ORPHANED_TURN_ERROR, turnWorkerId: null, turnHeartbeatAt: null },
    });
    if (count === 0) continue;
    reaped.push(chat.id);
    const last = await prisma.chatMessage.findFirst({ where: { chatId: chat.id, role: "assistant" }, orderBy: { seq: "desc" } });
    const closed = last && closeWaitingToolParts(last.parts as { type: string }[]);
    if (closed) await updateChatMessageParts({ chatId: chat.id, messageId: last.id, parts: closed });
    await publishChatUpdate(chat.id);
  }
  return reaped;
}
