import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { ChatToolName } from "./schemas";

/** An AI SDK UI tool part: `tool-<name>` with its call id, state, input and output. */
export type ToolPart = {
  type: `tool-${ChatToolName}`;
  toolCallId: string;
  state: "input-available" | "output-available" | "output-error";
  input: unknown;
  output?: unknown;
  errorText?: string;
};

async function publishMessage(chatId: string, messageId: string) {
  await (await pubsub()).publish(channels.chat(chatId), `message:${messageId}`);
}

/** Stores a tool call as an assistant message, as a model's call is stored; returns its id. */
export async function recordToolCallStart({ chatId, part }: { chatId: string; part: ToolPart }): Promise<string> {
  const prisma = await db();
  const message = await prisma.chatMessage.create({
    data: { chatId, role: "assistant", parts: [part] as unknown as Prisma.InputJsonValue },
  });
  await prisma.chat.update({ where: { id: chatId }, data: { updatedAt: new Date() } });
  await publishMessage(chatId, message.id);
  return message.id;
}

/** Replaces the tool part of a recorded call with its outcome. */
export async function recordToolCallEnd({ chatId, messageId, part }: { chatId: string; messageId: string; part: ToolPart }) {
  const prisma = await db();
  await prisma.chatMessage.update({ where: { id: messageId }, data: { parts: [part] as unknown as Prisma.InputJsonValue } });
  await publishMessage(chatId, messageId);
}
