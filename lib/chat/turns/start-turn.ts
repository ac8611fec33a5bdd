import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { resolveModel } from "../model/resolve-model";
import { publishChatUpdate } from "../bind-chat";
import { insertChatMessage } from "../messages/insert-chat-message";
import { findOwnChat } from "../find-own-chat";
import { runTurn } from "./run-turn";
import { runningTurns } from "./running-turns";
import { TURN_WORKER_ID } from "./turn-worker";


/**
 * Stores the user's message and starts the assistant's turn in this server process, detached
 * from the request: closing the browser does not stop it. One turn at a time per chat — a second
 * message while one runs is refused with 409 (the conditional status update decides, on any replica).
 */
export async function startTurn({
  chatId,
  actor,
  content,
  requestIp,
}: {
  chatId: string;
  actor: Actor;
  content: string;
  requestIp?: string | null;
}) {
  const prisma = await db();
  const chat = await findOwnChat({ chatId, actor });
  const { count } = await prisma.chat.updateMany({
    where: { id: chatId, status: { not: "running" } },
    data: {
      status: "running",
      error: null,
      turnWorkerId: TURN_WORKER_ID,
      turnHeartbeatAt: new Date(),
      ...(chat.title ? {} : { title: content.slice(0, 80) }),
    },
  });
  if (count === 0) throw new AppError("conflict", "The assistant is still answering; wait for it or stop it first.");
  await publishChatUpdate(chatId);
  const message = await insertChatMessage({ chatId, role: "user", parts: [{ type: "text", text: content }] });

  const controller = new AbortController();
  runningTurns().set(chatId, controller);
  // The turn reaper fails turns whose runner went silent: say we are alive while running.
  const heartbeat = setInterval(() => {
    // Raw SQL: the ORM would also bump updatedAt, and a heartbeat is no change of the chat.
    void prisma.$executeRaw`UPDATE chats SET "turnHeartbeatAt" = ${new Date()} WHERE id = ${chatId}::uuid AND "turnWorkerId" = ${TURN_WORKER_ID}`.catch(() => {});
  }, config().chatHeartbeatMs);
  const unsubscribe = await (await pubsub()).subscribe(channels.chat(chatId), (payload) => {
    if (payload === "interrupt") controller.abort();
  });
  // The model is resolved inside the chain: a configuration error fails the turn with its message.
  void Promise.resolve()
    .then(() => runTurn({ chatId, actor, organizationId: chat.organizationId, model: resolveModel().model, signal: controller.signal, requestIp }))
    .then(
      () => ({ status: "idle" as const, error: null }),
      (error: unknown) =>
        controller.signal.aborted
          ? { status: "idle" as const, error: null }
          : { status: "error" as const, error: `The assistant's turn failed: ${(error as Error).message}` },
    )
    .then(async (end) => {
      clearInterval(heartbeat);
      unsubscribe();
      runningTurns().delete(chatId);
      await prisma.chat.update({ where: { id: chatId }, data: { ...end, turnWorkerId: null, turnHeartbeatAt: null } });
      await publishChatUpdate(chatId);
    })
    .catch((error: unknown) => console.error(`chat ${chatId}: could not end the turn:`, error));
  return { messageId: message.id };
}
