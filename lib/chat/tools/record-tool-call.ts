import "server-only";
import { db } from "@/lib/db/client";
import { insertChatMessage } from "../messages/insert-chat-message";
import { updateChatMessageParts } from "../messages/update-chat-message-parts";
import type { ChatToolName } from "../schemas";
import { TURN_WORKER_ID } from "../turns/turn-worker";

/** An AI SDK UI tool part: `tool-<name>` with its call id, state, input and output. */
export type ToolPart = {
  type: `tool-${ChatToolName}`;
  toolCallId: string;
  state: "input-available" | "output-available" | "output-error";
  input: unknown;
  output?: unknown;
  errorText?: string;
};

/**
 * Stores a tool call as an assistant message, as a model's call is stored, owned by this process
 * with a fresh heartbeat (in the same insert: a call never exists without an owner); returns its id.
 */
export async function recordToolCallStart({ chatId, part, now }: { chatId: string; part: ToolPart; now: Date }): Promise<string> {
  const message = await insertChatMessage({ chatId, role: "assistant", parts: [part], toolOwner: { workerId: TURN_WORKER_ID, heartbeatAt: now } });
  return message.id;
}

/**
 * Says that this process still runs the call: the reaper leaves it alone while the heartbeat is
 * fresh. Raw SQL: the ORM would bump updatedAt, and a heartbeat is no change of the message.
 */
export async function recordToolCallHeartbeat({ messageId, now }: { messageId: string; now: Date }): Promise<void> {
  const prisma = await db();
  await prisma.$executeRaw`
    UPDATE chat_messages SET "toolHeartbeatAt" = ${now} WHERE id = ${messageId}::uuid AND "toolWorkerId" = ${TURN_WORKER_ID}`;
}

/**
 * Replaces the tool part of a recorded call with its outcome and lets go of it. The outcome is
 * written even if a reaper took a slow call for dead meanwhile: the real result beats "interrupted".
 */
export async function recordToolCallEnd({ chatId, messageId, part }: { chatId: string; messageId: string; part: ToolPart }) {
  await updateChatMessageParts({ chatId, messageId, parts: [part] });
  const prisma = await db();
  await prisma.$executeRaw`
    UPDATE chat_messages SET "toolWorkerId" = NULL, "toolHeartbeatAt" = NULL WHERE id = ${messageId}::uuid`;
}
