import "server-only";
import { loadWorkspaceViews } from "@/lib/workspaces/load-workspace-views";
import type { Workspace } from "@/lib/workspaces/schemas";
import type { ToolContext } from "./tool-context";

/** A workspace of the chat's owner as the API shows it, agent statuses at one `now`. */
export async function loadOwnWorkspace(ctx: ToolContext, workspaceId: string, now = new Date()): Promise<Workspace | null> {
  const [workspace] = await loadWorkspaceViews({ where: { id: workspaceId, ownerId: ctx.actor.id }, now });
  return workspace ?? null;
}
