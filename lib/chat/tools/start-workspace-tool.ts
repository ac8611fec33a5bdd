import "server-only";
import { tool } from "ai";
import { bindChat } from "@/lib/chat/bind-chat";
import { withChatLock } from "@/lib/chat/chat-lock";
import { waitForBuild } from "@/lib/chat/waits/wait-for-build";
import { agentPhase } from "./agent-phase";
import { chatWorkspaceOrError, isBuilding } from "./chat-workspace-or-error";
import { fullName } from "./existing-workspace";
import { startWorkspaceInputSchema, type StartWorkspaceInput } from "./schemas";
import type { ToolContext } from "./tool-context";
import { structuredFailure, requestBuild, toolOrigin } from "./workspace-service";

export const START_WORKSPACE_DESCRIPTION =
  "Start the chat's workspace when it is stopped (optionally with new parameter values). " +
  "Waits for the build and for the agent to be ready. Use create_workspace first if the chat has no workspace.";

type Result = Record<string, unknown>;
/** The workspace a plan acts on, as decided under the lock (not read again after it). */
type Target = { workspaceId: string; workspaceName: string };
type Plan =
  | { done: Result }
  | ({ waitInProgress: { buildId: string; transition: string } } & Target)
  | ({ running: Result } & Target)
  | ({ waitStarted: { buildId: string } } & Target);

/** start_workspace (docs/chat-tools.md, "start_workspace"). */
export async function runStartWorkspace(ctx: ToolContext, input: StartWorkspaceInput): Promise<Result> {
  for (;;) {
    const plan = await withChatLock(ctx.chatId, () => decide(ctx, input));
    if ("done" in plan) return plan.done;
    const { workspaceId, workspaceName } = plan;
    // docs/chat-tools.md, start_workspace step 4: already running → no new build, no binding change.
    if ("running" in plan) {
      return { ...plan.running, ...(await agentPhase(ctx, { workspaceId, fallbackToFirst: true, bindAgent: false })) };
    }
    if ("waitInProgress" in plan) {
      const build = await waitForBuild({ buildId: plan.waitInProgress.buildId, signal: ctx.signal });
      if (!build.ok) return { error: `waiting for in-progress build: ${build.reason}`, build_id: plan.waitInProgress.buildId };
      // A stop or delete that just finished leaves nothing started: look again.
      if (plan.waitInProgress.transition !== "start") continue;
      return {
        started: true,
        workspace_name: workspaceName,
        build_id: plan.waitInProgress.buildId,
        ...(await agentPhase(ctx, { workspaceId, fallbackToFirst: true, agents: build.agents })),
      };
    }
    const { buildId } = plan.waitStarted;
    const build = await waitForBuild({ buildId, signal: ctx.signal });
    if (!build.ok) return { error: `workspace start build failed: ${build.reason}`, build_id: buildId };
    return { started: true, workspace_name: workspaceName, build_id: buildId, ...(await agentPhase(ctx, { workspaceId, fallbackToFirst: true, agents: build.agents })) };
  }
}

async function decide(ctx: ToolContext, input: StartWorkspaceInput): Promise<Plan> {
  const workspace = await chatWorkspaceOrError(ctx);
  const latest = workspace.latestBuild;
  const target: Target = { workspaceId: workspace.id, workspaceName: fullName(workspace) };
  if (isBuilding(workspace)) {
    await bindChat({ chatId: ctx.chatId, binding: { workspaceId: workspace.id, buildId: latest.id, agentId: null } });
    return { waitInProgress: { buildId: latest.id, transition: latest.transition }, ...target };
  }
  if (latest.transition === "start" && latest.status === "succeeded") {
    return { running: { started: true, workspace_name: target.workspaceName, no_build: true }, ...target };
  }
  const response = await requestBuild(ctx.actor, workspace.id, { transition: "start", parameters: input.parameters }, toolOrigin(ctx, "start_workspace"));
  if (!response.ok) {
    const extra = response.error.validations?.length ? { template_id: workspace.templateId } : {};
    return { done: structuredFailure(response.error, extra) };
  }
  await bindChat({ chatId: ctx.chatId, binding: { workspaceId: workspace.id, buildId: response.value.id, agentId: null } });
  return { waitStarted: { buildId: response.value.id }, ...target };
}

export const startWorkspaceTool = (ctx: ToolContext) =>
  tool({
    description: START_WORKSPACE_DESCRIPTION,
    inputSchema: startWorkspaceInputSchema,
    execute: (input) => runStartWorkspace(ctx, input),
  });
