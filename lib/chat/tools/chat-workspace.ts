import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { loadWorkspaceViews } from "@/lib/workspaces/load-workspace-views";
import type { Workspace } from "@/lib/workspaces/schemas";
import type { ToolContext } from "./tool-context";

/** The chat's row, for its binding. */
export async function loadChatBinding(ctx: ToolContext) {
  const prisma = await db();
  const chat = await prisma.chat.findFirst({ where: { id: ctx.chatId, ownerId: ctx.actor.id } });
  if (!chat) throw notFound("chat");
  return chat;
}

/** A workspace of the chat's owner as the API shows it, agent statuses at one `now`. */
export async function loadOwnWorkspace(ctx: ToolContext, workspaceId: string, now = new Date()): Promise<Workspace | null> {
  const [workspace] = await loadWorkspaceViews({ where: { id: workspaceId, ownerId: ctx.actor.id }, now });
  return workspace ?? null;
}
