import "server-only";
import { db } from "@/lib/db/client";
import { closeWaitingToolParts } from "./close-waiting-tool-parts";
import { publishMessage, underChatLock } from "../messages/under-chat-lock";

/** What a tools API call reads when the server running it stopped. */
export const ORPHANED_TOOL_CALL_ERROR = "Interrupted: the server running this step stopped before it finished.";

/**
 * Marks interrupted the tools API calls whose server stopped heartbeating (crashed or killed), so
 * a call never looks as if it ran forever; on any database, beside the turn reaper. Returns the
 * ids of the messages it changed.
 */
export async function reapOrphanedToolCalls({ now, staleMs }: { now: Date; staleMs: number }): Promise<string[]> {
  const prisma = await db();
  const cutoff = new Date(now.getTime() - staleMs);
  const orphans = await prisma.chatMessage.findMany({
    where: { toolWorkerId: { not: null }, toolHeartbeatAt: { lte: cutoff } },
    select: { id: true, chatId: true, toolHeartbeatAt: true },
  });
  const reaped: string[] = [];
  for (const orphan of orphans) {
    // Under the chat's lock, like every message write, and on the parts as they are now: a
    // runner that just ended its call or spoke again keeps what it wrote.
    const isChanged = await underChatLock(orphan.chatId, async (tx) => {
      const [row] = await tx.$queryRaw<{ parts: { type: string }[] }[]>`
        SELECT parts FROM chat_messages
         WHERE id = ${orphan.id}::uuid AND "toolWorkerId" IS NOT NULL AND "toolHeartbeatAt" = ${orphan.toolHeartbeatAt}`;
      if (!row) return false;
      const closed = closeWaitingToolParts(row.parts, ORPHANED_TOOL_CALL_ERROR);
      if (closed) {
        await tx.$executeRaw`
          UPDATE chat_messages
             SET parts = ${JSON.stringify(closed)}::jsonb, version = nextval('chat_message_versions'), "updatedAt" = now(),
                 "toolWorkerId" = NULL, "toolHeartbeatAt" = NULL
           WHERE id = ${orphan.id}::uuid`;
      } else {
        // The call ended but its runner died before letting go: only the owner goes.
        await tx.$executeRaw`UPDATE chat_messages SET "toolWorkerId" = NULL, "toolHeartbeatAt" = NULL WHERE id = ${orphan.id}::uuid`;
      }
      return closed !== null;
    });
    if (!isChanged) continue;
    reaped.push(orphan.id);
    await publishMessage(orphan.chatId, orphan.id);
  }
  return reaped;
}
