import "server-only";
import { db } from "@/lib/db/client";
import { chatWorkspaceTtlSchema } from "./schemas";

export const CHAT_WORKSPACE_TTL_KEY = "chat_workspace_ttl_ms";

/**
 * The admin's chat workspace TTL in ms, or null for "template default": a setting of 0, none,
 * or a stored value that is unreadable or out of range (logged, never fatal to a chat).
 */
export async function readChatWorkspaceTtl(): Promise<number | null> {
  try {
    const prisma = await db();
    const row = await prisma.siteSetting.findUnique({ where: { key: CHAT_WORKSPACE_TTL_KEY } });
    if (!row) return null;
    const parsed = chatWorkspaceTtlSchema.safeParse(row.value);
    if (!parsed.success) {
      console.warn(`chat workspace TTL setting ${JSON.stringify(row.value)} is invalid; using the template default`);
      return null;
    }
    return parsed.data > 0 ? parsed.data : null;
  } catch (error) {
    console.warn(`chat workspace TTL setting unreadable (${(error as Error).message}); using the template default`);
    return null;
  }
}
