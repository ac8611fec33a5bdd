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
// per stream): their rows and the two maxima, by index.
const loadHeads = batchLoader<string, ChatHead>(async (chatIds) => {
  const prisma = await db();
  const [chats, versions, outputs] = await Promise.all([
    prisma.chat.findMany({ where: { id: { in: chatIds } } }),
    prisma.chatMessage.groupBy({ by: ["chatId"], where: { chatId: { in: chatIds } }, _max: { version: true } }),
    prisma.chatProcessOutput.groupBy({ by: ["chatId"], where: { chatId: { in: chatIds } }, _max: { id: true } }),
  ]);
  const lastVersion = new Map(versions.map((row) => [row.chatId, Number(row._max.version ?? 0)]));
  const lastOutput = new Map(outputs.map((row) => [row.chatId, Number(row._max.id ?? 0)]));
  return new Map(
    chats.map((chat) => [chat.id, { chat, lastMessageVersion: lastVersion.get(chat.id) ?? 0, lastProcessOutputId: lastOutput.get(chat.id) ?? 0 }]),
  );
});

/** The head of one of the owner's chats, or null (none, or someone else's: chats are private). */
export async function loadChatHead({ chatId, ownerId }: { chatId: string; ownerId: string }): Promise<ChatHead | null> {
  const head = await loadHeads(chatId);
  return head && head.chat.ownerId === ownerId ? head : null;
}
