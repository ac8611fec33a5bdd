import "server-only";
import type { Chat as ChatRow } from "@/generated/prisma/client";
import { batchLoader } from "@/lib/db/batch-loader";
import { db } from "@/lib/db/client";

/**
 * A chat's row with where its stored history ends: the highest message version and process
 * output row id (0 when none). A stream reading everything (at open, after a pubsub reconnect)
 * asks this first and reads messages or output only past its cursor when there are any.
 */
export type ChatHead = { chat: ChatRow; lastMessageVersion: number; lastProcessOutputId: number };

// One read per batch of chats (thousands of streams opening at once cost a few queries, not a few
// per stream): their rows, and both maxima in one statement (the ORM would make one per table).
const loadHeads = batchLoader<string, ChatHead>(async (chatIds) => {
  const prisma = await db();
  const [chats, ends] = await Promise.all([
    prisma.chat.findMany({ where: { id: { in: chatIds } } }),
    prisma.$queryRaw<{ chatId: string; lastMessageVersion: bigint | null; lastProcessOutputId: bigint | null }[]>`
      SELECT c.id::text AS "chatId",
             (SELECT max(m.version) FROM chat_messages m WHERE m."chatId" = c.id) AS "lastMessageVersion",
             (SELECT max(o.id) FROM chat_process_output o WHERE o."chatId" = c.id) AS "lastProcessOutputId"
        FROM chats c
       WHERE c.id = ANY(${chatIds}::uuid[])`,
  ]);
  const endOf = new Map(ends.map((end) => [end.chatId, end]));
  return new Map(
    chats.map((chat) => {
      const end = endOf.get(chat.id);
      return [chat.id, { chat, lastMessageVersion: Number(end?.lastMessageVersion ?? 0), lastProcessOutputId: Number(end?.lastProcessOutputId ?? 0) }];
    }),
  );
});

/** The head of one of the owner's chats, or null (none, or someone else's: chats are private). */
export async function loadChatHead({ chatId, ownerId }: { chatId: string; ownerId: string }): Promise<ChatHead | null> {
  const head = await loadHeads(chatId);
  return head && head.chat.ownerId === ownerId ? head : null;
}
