import "server-only";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";

export type ChatBinding = { workspaceId: string | null; buildId: string | null; agentId: string | null };

/**
 * Points the chat at the workspace, build and agent it works on, and publishes the change at
 * once: the browser follows the binding to stream that build's logs while the tool still waits.
 */
export async function bindChat({ chatId, binding }: { chatId: string; binding: Partial<ChatBinding> }): Promise<void> {
  const prisma = await db();
  await prisma.chat.update({ where: { id: chatId }, data: binding });
  await publishChatUpdate(chatId);
}

/** Tells followers of the chat that its row (status, binding) changed. */
export async function publishChatUpdate(chatId: string): Promise<void> {
  await (await pubsub()).publish(channels.chat(chatId), "chat");
}
