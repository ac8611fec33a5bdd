import "server-only";
import { db } from "@/lib/db/client";
import { CHAT_WORKSPACE_TTL_KEY } from "./read-chat-workspace-ttl";
import { WORKSPACES_PER_USER_KEY } from "./read-workspace-quota";
import { chatWorkspaceTtlSchema, workspacesPerUserSchema, type ChatSettings } from "./schemas";

/**
 * The site settings as every signed-in user may read them. A missing or invalid stored value
 * reads as 0 (template default TTL, unlimited workspaces), which is also how the readers used by
 * the chat tools and the workspace service treat it.
 */
export async function getChatSettings(): Promise<ChatSettings> {
  const prisma = await db();
  const rows = await prisma.siteSetting.findMany({ where: { key: { in: [CHAT_WORKSPACE_TTL_KEY, WORKSPACES_PER_USER_KEY] } } });
  const value = (key: string) => rows.find((row) => row.key === key)?.value;
  const ttl = chatWorkspaceTtlSchema.safeParse(value(CHAT_WORKSPACE_TTL_KEY));
  const quota = workspacesPerUserSchema.safeParse(value(WORKSPACES_PER_USER_KEY));
  return { workspaceTtlMs: ttl.success ? ttl.data : 0, workspacesPerUser: quota.success ? quota.data : 0 };
}
