import type { Workspace } from "@/lib/workspaces/schemas";
import type { Chat } from "../schemas";
import { chatAgentOrFirst } from "@/lib/workspace-agents/select-chat-agent";

/**
 * The agent whose startup log the chat shows: the bound one, or — while a tool still waits for
 * it to be ready (it binds the agent only then) — the chat agent of the bound build.
 */
export function followedAgentId(chat: Pick<Chat, "agentId" | "buildId">, workspace: Workspace | null | undefined): string | null {
  if (chat.agentId) return chat.agentId;
  // A stop build's workspace view still lists the last start's agents: those are not starting.
  if (!workspace || workspace.latestBuild.id !== chat.buildId || workspace.latestBuild.transition !== "start") return null;
  return chatAgentOrFirst(workspace.agents)?.id ?? null;
}
