import "server-only";
import { db } from "@/lib/db/client";
import { closeWaitingToolParts } from "./close-waiting-tool-parts";
import { updateChatMessageParts } from "../messages/update-chat-message-parts";

/**
 * Marks interrupted every tool call still waiting for its result. Only for a start of the
 * embedded database: its one process has just started, so no call can still be running — one
 * made through the tools API when the server stopped would otherwise look as if it ran forever.
 * Returns how many messages it changed.
 */
export async function closeOrphanedToolCalls(): Promise<number> {
  const prisma = await db();
  const rows = await prisma.$queryRaw<{ id: string; chatId: string; parts: { type: string }[] }[]>`
    SELECT id::text, "chatId"::text AS "chatId", parts FROM chat_messages
     WHERE parts @> '[{"state": "input-available"}]'::jsonb OR parts @> '[{"state": "input-streaming"}]'::jsonb`;
  let changed = 0;
  for (const row of rows) {
    const closed = closeWaitingToolParts(row.parts);
    if (!closed) continue;
    await updateChatMessageParts({ chatId: row.chatId, messageId: row.id, parts: closed });
    changed += 1;
  }
  return changed;
}
