import "server-only";
import { storableJson } from "@/lib/db/storable-text";
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { publishMessage } from "../messages/under-chat-lock";
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
 * Stores a tool call as an assistant message of the actor's own chat, as a model's call is
 * stored, owned by this process with a fresh heartbeat (in the same insert: a call never exists
 * without an owner); returns its id and the chat's organization. Anyone else's chat, or none,
 * is not found (404), and nothing is written.
 *
 * One statement, since every tool call pays for it: the UPDATE of the chat row (which moves the
 * chat up the list) proves ownership and takes the chat's row lock before the INSERT draws the
 * message's version (the insert reads the update's row), as underChatLock does for other writes.
 */
export async function recordToolCallStart({
  chatId,
  actor,
  part,
  now,
}: {
  chatId: string;
  actor: Actor;
  part: ToolPart;
  now: Date;
}): Promise<{ messageId: string; organizationId: string }> {
  const prisma = await db();
  const [row] = await prisma.$queryRaw<{ messageId: string; organizationId: string }[]>`
    WITH chat AS (
      UPDATE chats SET "updatedAt" = ${now} WHERE id = ${chatId}::uuid AND "ownerId" = ${actor.id}::uuid RETURNING id, "organizationId"
    ), message AS (
      INSERT INTO chat_messages (id, "chatId", role, parts, "createdAt", "updatedAt", "toolWorkerId", "toolHeartbeatAt")
      SELECT ${randomUUID()}::uuid, chat.id, 'assistant', ${storableJson([part])}::jsonb, ${now}, ${now}, ${TURN_WORKER_ID}, ${now} FROM chat
      RETURNING id
    )
    SELECT message.id::text AS "messageId", chat."organizationId"::text AS "organizationId" FROM chat, message`;
  if (!row) throw notFound("chat");
  await publishMessage(chatId, row.messageId);
  return row;
}

/**
 * Says that this process still runs these calls, in one statement: the reaper leaves them alone
 * while their heartbeat is fresh. Raw SQL: the ORM would bump updatedAt, and a heartbeat is no
 * change of the message.
 */
export async function recordToolCallHeartbeats({ messageIds, now }: { messageIds: readonly string[]; now: Date }): Promise<void> {
  if (messageIds.length === 0) return;
  const prisma = await db();
  await prisma.$executeRaw`
    UPDATE chat_messages SET "toolHeartbeatAt" = ${now} WHERE id = ANY(${messageIds}::uuid[]) AND "toolWorkerId" = ${TURN_WORKER_ID}`;
}

/**
 * Replaces the tool part of a recorded call with its outcome and lets go of it, in one statement
 * under the chat's row lock (taken before the update draws the next version, as underChatLock
 * does). The outcome is written even if a reaper took a slow call for dead meanwhile: the real
 * result beats "interrupted".
 */
export async function recordToolCallEnd({ chatId, messageId, part }: { chatId: string; messageId: string; part: ToolPart }) {
  const prisma = await db();
  await prisma.$executeRaw`
    WITH chat AS (SELECT id FROM chats WHERE id = ${chatId}::uuid FOR UPDATE)
    UPDATE chat_messages
       SET parts = ${storableJson([part])}::jsonb, version = nextval('chat_message_versions'), "updatedAt" = now(),
           "toolWorkerId" = NULL, "toolHeartbeatAt" = NULL
     WHERE id = ${messageId}::uuid AND "chatId" IN (SELECT id FROM chat)`;
  await publishMessage(chatId, messageId);
}
