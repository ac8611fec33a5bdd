import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import { chatAgentOrFirst } from "@/lib/workspace-agents/select-chat-agent";
import { isJobInProgress } from "@/lib/provisioner/job-status";
import type { Workspace } from "@/lib/workspaces/schemas";

export type ExistingWorkspace =
  /** Nothing usable: create a workspace (none, deleted, failed, no agents, or its agent is gone). */
  | { kind: "create" }
  | { kind: "building"; buildId: string }
  | { kind: "stopped" }
  | { kind: "running"; agent: WorkspaceAgent; isConnected: boolean };

/**
 * What the chat's existing workspace means for create_workspace (docs/chat-tools.md, "Existing workspace (step 3)").
 * The view's agent statuses were computed at one `now`, so this decision uses one too.
 */
export function decideExistingWorkspace(workspace: Workspace | null): ExistingWorkspace {
  if (!workspace || workspace.deleted) return { kind: "create" };
  const build = workspace.latestBuild;
  if (isJobInProgress(build.status)) return { kind: "building", buildId: build.id };
  if (build.status !== "succeeded") return { kind: "create" };
  if (build.transition === "stop") return { kind: "stopped" };
  if (build.transition === "delete") return { kind: "create" };
  const agent = chatAgentOrFirst(workspace.agents);
  // docs/chat-tools.md, "Existing workspace (step 3)": a succeeded start with no agents is not
  // settled — without an agent there is nothing to judge the workspace's health by, so a replacement is created.
  if (!agent) return { kind: "create" };
  if (agent.status === "connected") return { kind: "running", agent, isConnected: true };
  if (agent.status === "connecting") return { kind: "running", agent, isConnected: false };
  return { kind: "create" };
}

export const fullName = (workspace: Pick<Workspace, "ownerName" | "name">) => `${workspace.ownerName}/${workspace.name}`;
