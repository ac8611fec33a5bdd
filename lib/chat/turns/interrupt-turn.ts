import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { findOwnChat } from "../find-own-chat";
import { runningTurns } from "./running-turns";

/** Stops the chat's running turn, on whichever replica runs it. */
export async function interruptTurn({ chatId, actor }: { chatId: string; actor: Actor }) {
  const chat = await findOwnChat({ chatId, actor });
  if (chat.status !== "running") return { interrupted: false };
  runningTurns().get(chatId)?.abort();
  await (await pubsub()).publish(channels.chat(chatId), "interrupt");
  return { interrupted: true };
}
