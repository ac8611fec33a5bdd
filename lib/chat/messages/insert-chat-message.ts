import "server-only";
import type { ChatMessage as MessageRow, Prisma } from "@/generated/prisma/client";
import { storableJson } from "@/lib/db/storable-text";
import { publishMessage, underChatLock } from "./under-chat-lock";

/** Stores a new message of the chat (and moves the chat up the list); tells its followers. */
export async function insertChatMessage({
  chatId,
  role,
  parts,
  toolOwner,
}: {
  chatId: string;
  role: "user" | "assistant";
  parts: unknown[];
  /** The process running the tool call the message records, and its first heartbeat (tools API). */
  toolOwner?: { workerId: string; heartbeatAt: Date };
}): Promise<MessageRow> {
  const message = await underChatLock(chatId, async (tx) => {
    const row = await tx.chatMessage.create({
      data: {
        chatId,
        role,
        // Tool output and model input may hold NUL, which jsonb refuses.
        parts: JSON.parse(storableJson(parts)) as Prisma.InputJsonValue,
        ...(toolOwner ? { toolWorkerId: toolOwner.workerId, toolHeartbeatAt: toolOwner.heartbeatAt } : {}),
      },
    });
    await tx.chat.update({ where: { id: chatId }, data: { updatedAt: row.createdAt } });
    return row;
  });
  await publishMessage(chatId, message.id);
  return message;
}
