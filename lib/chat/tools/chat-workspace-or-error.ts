import "server-only";
import { isJobInProgress } from "@/lib/provisioner/job-status";
import type { Workspace } from "@/lib/workspaces/schemas";
import { findOwnChat } from "../find-own-chat";
import { loadOwnWorkspace } from "./chat-workspace";
import type { ToolContext } from "./tool-context";
import { ToolTextError } from "./tool-text-error";

/** The chat's workspace for start/stop, or the text errors of docs/chat-tools.md (start_workspace steps 1–2). */
export async function chatWorkspaceOrError(ctx: ToolContext): Promise<Workspace> {
  const chat = await findOwnChat({ chatId: ctx.chatId, actor: ctx.actor });
  if (!chat.workspaceId) throw new ToolTextError("chat has no workspace; use create_workspace first");
  const workspace = await loadOwnWorkspace(ctx, chat.workspaceId);
  if (!workspace || workspace.deleted) throw new ToolTextError("workspace was deleted; use create_workspace to make a new one");
  return workspace;
}

export const isBuilding = (workspace: Workspace) => isJobInProgress(workspace.latestBuild.status);
