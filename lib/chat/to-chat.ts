import type { Chat as ChatRow, ChatMessage as MessageRow } from "@/generated/prisma/client";
import type { Chat, ChatMessage } from "./schemas";

export function toChat(row: ChatRow): Chat {
  return {
    id: row.id,
    ownerId: row.ownerId,
    organizationId: row.organizationId,
    title: row.title,
    status: row.status,
    error: row.error,
    workspaceId: row.workspaceId,
    buildId: row.buildId,
    agentId: row.agentId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toChatMessage(row: MessageRow): ChatMessage {
  return {
    id: row.id,
    seq: Number(row.seq),
    version: Number(row.version),
    role: row.role as ChatMessage["role"],
    parts: row.parts as ChatMessage["parts"],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
