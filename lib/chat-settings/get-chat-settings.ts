import "server-only";
import { db } from "@/lib/db/client";
import { CHAT_WORKSPACE_TTL_KEY } from "./read-chat-workspace-ttl";
import { chatWorkspaceTtlSchema, type ChatSettings } from "./schemas";

/**
 * The chat settings as every signed-in user may read them. A missing or invalid stored TTL reads
 * as 0 (template default), which is also how the chat tools treat it (readChatWorkspaceTtl).
 */
export async function getChatSettings(): Promise<ChatSettings> {
  const prisma = await db();
  const row = await prisma.siteSetting.findUnique({ where: { key: CHAT_WORKSPACE_TTL_KEY } });
  const ttl = chatWorkspaceTtlSchema.safeParse(row?.value);
  return { workspaceTtlMs: ttl.success ? ttl.data : 0 };
}
