import "server-only";
import { tool } from "ai";
import { bindChat } from "@/lib/chat/bind-chat";
import { withChatLock } from "@/lib/chat/chat-lock";
import { waitForBuild } from "@/lib/chat/waits/wait-for-build";
import { chatWorkspaceOrError, isBuilding } from "./chat-workspace-or-error";
import { fullName } from "./existing-workspace";
import { stopWorkspaceInputSchema } from "./schemas";
import type { ToolContext } from "./tool-context";
import { structuredFailure, requestBuild, toolOrigin } from "./workspace-service";

export const STOP_WORKSPACE_DESCRIPTION =
  "Stop the chat's workspace (its agent shuts down; files are kept). Waits for the stop build to finish.";

type Result = Record<string, unknown>;
type Plan = { done: Result } | { waitInProgress: string } | { waitStopped: { buildId: string; workspaceName: string } };

/** stop_workspace (docs/chat-tools.md, "stop_workspace"). */
export async function runStopWorkspace(ctx: ToolContext): Promise<Result> {
  for (;;) {
    const plan = await withChatLock(ctx.chatId, () => decide(ctx));
    if ("done" in plan) return plan.done;
    if ("waitInProgress" in plan) {
      // Whatever the build in progress ends in, re-read and decide again.
      await waitForBuild({ buildId: plan.waitInProgress, signal: ctx.signal });
      if (ctx.signal?.aborted) return { error: "waiting for in-progress build: the wait was canceled", build_id: plan.waitInProgress };
      continue;
    }
    const { buildId, workspaceName } = plan.waitStopped;
    const build = await waitForBuild({ buildId, signal: ctx.signal });
    if (!build.ok) return { error: `workspace stop build failed: ${build.reason}`, build_id: buildId };
    return { stopped: true, workspace_name: workspaceName, build_id: buildId };
  }
}

async function decide(ctx: ToolContext): Promise<Plan> {
  const workspace = await chatWorkspaceOrError(ctx);
  const latest = workspace.latestBuild;
  if (isBuilding(workspace)) {
    await bindChat({ chatId: ctx.chatId, binding: { workspaceId: workspace.id, buildId: latest.id, agentId: null } });
    return { waitInProgress: latest.id };
  }
  if (latest.transition === "stop" && latest.status === "succeeded") {
    return { done: { stopped: true, workspace_name: fullName(workspace), no_build: true } };
  }
  const response = await requestBuild(ctx.actor, workspace.id, { transition: "stop" }, toolOrigin(ctx, "stop_workspace"));
  if (!response.ok) return { done: structuredFailure(response.error) };
  await bindChat({ chatId: ctx.chatId, binding: { workspaceId: workspace.id, buildId: response.value.id, agentId: null } });
  return { waitStopped: { buildId: response.value.id, workspaceName: fullName(workspace) } };
}

export const stopWorkspaceTool = (ctx: ToolContext) =>
  tool({
    description: STOP_WORKSPACE_DESCRIPTION,
    inputSchema: stopWorkspaceInputSchema,
    execute: () => runStopWorkspace(ctx),
  });
