import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { runningTurns } from "./running-turns";

/** Stops the chat's running turn, on whichever replica runs it. */
export async function interruptTurn({ chatId, actor }: { chatId: string; actor: Actor }) {
  const prisma = await db();
  const chat = await prisma.chat.findFirst({ where: { id: chatId, ownerId: actor.id }, select: { status: true } });
  if (!chat) throw notFound("chat");
  if (chat.status !== "running") return { interrupted: false };
  runningTurns().get(chatId)?.abort();
  await (await pubsub()).publish(channels.chat(chatId), "interrupt");
  return { interrupted: true };
}
