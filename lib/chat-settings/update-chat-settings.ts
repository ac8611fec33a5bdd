import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { CHAT_WORKSPACE_TTL_KEY } from "./read-chat-workspace-ttl";
import type { ChatSettings } from "./schemas";

/** An admin sets how long chat workspaces live (0 = the template's default). */
export async function updateChatSettings({ input, actor }: { input: ChatSettings; actor: Actor }): Promise<ChatSettings> {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins can change chat settings.");
  const prisma = await db();
  // Stored as a plain JSON number, the shape readChatWorkspaceTtl parses.
  await prisma.siteSetting.upsert({
    where: { key: CHAT_WORKSPACE_TTL_KEY },
    create: { key: CHAT_WORKSPACE_TTL_KEY, value: input.workspaceTtlMs },
    update: { value: input.workspaceTtlMs },
  });
  return { workspaceTtlMs: input.workspaceTtlMs };
}
