import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import { isJobInProgress } from "@/lib/provisioner/job-status";
import type { Workspace } from "@/lib/workspaces/schemas";
import { chatAgentOrFirst } from "@/lib/workspace-agents/select-chat-agent";

/** One word for where a chat's workspace is, as the workspace panel says it. */
export type WorkspaceState = "building" | "preparing" | "ready" | "stopped" | "failed" | "disconnected";

/**
 * The chat's agent in its workspace: the bound one when the chat has it, else the one the tools
 * would choose (marked for chat, or the first). The binding is set only after the agent wait, so
 * while it runs the choice stands in for it.
 */
export function chatAgent(workspace: Workspace, agentId: string | null): WorkspaceAgent | null {
  return workspace.agents.find((agent) => agent.id === agentId) ?? chatAgentOrFirst(workspace.agents);
}

const STARTING_LIFECYCLES = new Set(["created", "starting"]);
const FAILED_LIFECYCLES = new Set(["start_error", "start_timeout"]);

/** Where the workspace is, from its latest build and the chat's agent. */
export function workspaceState(workspace: Workspace, agentId: string | null): WorkspaceState {
  const build = workspace.latestBuild;
  if (build.status === "failed" || build.status === "canceled") return "failed";
  // A stop or delete is "stopped" from its first moment: the workspace is on its way down.
  if (build.transition !== "start") return "stopped";
  if (isJobInProgress(build.status)) return "building";
  const agent = chatAgent(workspace, agentId);
  if (!agent) return "ready";
  if (agent.status === "disconnected" || agent.status === "timeout") return "disconnected";
  if (FAILED_LIFECYCLES.has(agent.lifecycleState)) return "failed";
  if (agent.status === "connecting" || STARTING_LIFECYCLES.has(agent.lifecycleState)) return "preparing";
  if (agent.lifecycleState === "ready") return "ready";
  // shutting_down, off, shutdown_*: the agent is going away under a running build.
  return "disconnected";
}
