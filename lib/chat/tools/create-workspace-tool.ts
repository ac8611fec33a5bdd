import "server-only";
import { tool } from "ai";
import { bindChat } from "@/lib/chat/bind-chat";
import { withChatLock } from "@/lib/chat/chat-lock";
import { waitForBuild } from "@/lib/chat/waits/wait-for-build";
import { waitForChatAgent } from "@/lib/chat/waits/wait-for-chat-agent";
import { readChatWorkspaceTtl } from "@/lib/chat-settings/read-chat-workspace-ttl";
import { db } from "@/lib/db/client";
import { ConcurrencyLimit } from "@/lib/server/concurrency-limit";
import { generateWorkspaceName, isValidWorkspaceName } from "@/lib/workspaces/workspace-name";
import { agentPhase } from "./agent-phase";
import { findOwnChat } from "../find-own-chat";
import { loadOwnWorkspace } from "./chat-workspace";
import { decideExistingWorkspace, fullName } from "./existing-workspace";
import { parseTemplateId } from "./parse-template-id";
import { createWorkspaceInputSchema, type CreateWorkspaceInput } from "./schemas";
import type { ToolContext } from "./tool-context";
import { ToolTextError } from "./tool-text-error";
import { structuredFailure, requestWorkspace, toolOrigin } from "./workspace-service";

export const CREATE_WORKSPACE_DESCRIPTION =
  "Create a workspace from a template when the user asks for one or when work needs a workspace. " +
  "Requires a template_id from list_templates. Optional: name (generated when empty) and parameter values " +
  "(see read_template). Idempotent: if this chat already has a workspace that is building or running, that one is returned.";

type Result = Record<string, unknown>;

/**
 * create_workspace calls of this process that look and create at once (their waits are not
 * limited). About twenty statements each: a burst of users would otherwise put a thousand in the
 * embedded database's one queue at once, and every other request (healthz, a page) waits behind
 * them for seconds.
 */
const PLANNING_AT_ONCE = 4;

const globalState = globalThis as unknown as { __kilnCreateWorkspacePlanning?: ConcurrencyLimit };
const planning = (globalState.__kilnCreateWorkspacePlanning ??= new ConcurrencyLimit(PLANNING_AT_ONCE));

/** A plan made under the chat lock, carried out (the waits) after it is released. */
type Plan = { done: Result } | { waitExisting: { buildId: string; workspaceName: string; workspaceId: string } } | { waitCreated: Result & { workspaceId: string } } | { dialExisting: { result: Result; agentId: string; skipDial: boolean } };

/** create_workspace, step by step as docs/chat-tools.md ("create_workspace") orders it. */
export async function runCreateWorkspace(ctx: ToolContext, input: CreateWorkspaceInput): Promise<Result> {
  const templateId = parseTemplateId(input.template_id, "template_id is required; use list_templates to find one");
  const plan = await planning.run(() => withChatLock(ctx.chatId, () => decide(ctx, input, templateId)));

  if ("done" in plan) return plan.done;
  if ("dialExisting" in plan) {
    const { result, agentId, skipDial } = plan.dialExisting;
    return { ...result, ...(await waitForChatAgent({ agentId, skipDial, signal: ctx.signal })) };
  }
  if ("waitExisting" in plan) {
    const { buildId, workspaceName, workspaceId } = plan.waitExisting;
    const build = await waitForBuild({ buildId, signal: ctx.signal });
    if (!build.ok) return { error: `existing workspace build failed: ${build.reason}`, build_id: buildId };
    const result = { created: false, workspace_name: workspaceName, status: "already_exists", message: "workspace build completed", build_id: buildId };
    return { ...result, ...(await agentPhase(ctx, { workspaceId, fallbackToFirst: true, agents: build.agents })) };
  }
  const { workspaceId, ...created } = plan.waitCreated;
  const buildId = created.build_id as string;
  const build = await waitForBuild({ buildId, signal: ctx.signal });
  if (!build.ok) return { error: `workspace build failed: ${build.reason}`, build_id: buildId };
  return { ...created, ...(await agentPhase(ctx, { workspaceId, agents: build.agents })) };
}

/** Steps 3–10, under the chat lock: look at the existing workspace, or create and bind one. */
async function decide(ctx: ToolContext, input: CreateWorkspaceInput, templateId: string): Promise<Plan> {
  const chat = await findOwnChat({ chatId: ctx.chatId, actor: ctx.actor });
  const existing = chat.workspaceId ? await loadOwnWorkspace(ctx, chat.workspaceId) : null;
  const decision = decideExistingWorkspace(existing);
  if (existing && decision.kind === "building") {
    await bindChat({ chatId: ctx.chatId, binding: { workspaceId: existing.id, buildId: decision.buildId, agentId: null } });
    return { waitExisting: { buildId: decision.buildId, workspaceName: fullName(existing), workspaceId: existing.id } };
  }
  if (existing && decision.kind === "stopped") {
    return {
      done: { created: false, workspace_name: fullName(existing), status: "stopped", message: "workspace is stopped; use start_workspace to start it" },
    };
  }
  if (existing && decision.kind === "running") {
    const message = decision.isConnected ? "workspace is already running and recently connected" : "workspace exists and the agent is still connecting";
    return {
      dialExisting: {
        result: { created: false, workspace_name: fullName(existing), status: "already_exists", message },
        agentId: decision.agent.id,
        skipDial: decision.isConnected,
      },
    };
  }
  return createAndBind(ctx, input, templateId);
}

async function createAndBind(ctx: ToolContext, input: CreateWorkspaceInput, templateId: string): Promise<Plan> {
  const prisma = await db();
  let template;
  try {
    template = await prisma.template.findUnique({ where: { id: templateId } });
  } catch (error) {
    throw new ToolTextError(`look up template: ${(error as Error).message}`);
  }
  if (!template) throw new ToolTextError("look up template: template not found");
  if (template.organizationId !== ctx.organizationId) {
    throw new ToolTextError(
      "template belongs to a different organization than this chat; use list_templates to find templates in the correct organization",
    );
  }
  if (!template.allowedInChat) {
    throw new ToolTextError("template not available for chat workspaces; use list_templates to find allowed templates");
  }
  const ttlMs = await readChatWorkspaceTtl();
  const given = (input.name ?? "").trim();
  const name = !given ? generateWorkspaceName(template.name) : isValidWorkspaceName(given) ? given : generateWorkspaceName(given);

  const body = { templateId, parameters: input.parameters, ...(ttlMs ? { ttlMs } : {}) };
  let response = await requestWorkspace(ctx.actor, { ...body, name }, toolOrigin(ctx, "create_workspace"));
  if (!response.ok && response.error.status === 409 && response.error.validations?.some((v) => v.field === "name")) {
    response = await requestWorkspace(ctx.actor, { ...body, name: generateWorkspaceName(name) }, toolOrigin(ctx, "create_workspace"));
  }
  if (!response.ok) return { done: structuredFailure(response.error) };

  const workspace = response.value;
  await bindChat({ chatId: ctx.chatId, binding: { workspaceId: workspace.id, buildId: workspace.latestBuild.id, agentId: null } });
  return {
    waitCreated: {
      workspaceId: workspace.id,
      created: true,
      workspace_name: fullName(workspace),
      owner_name: workspace.ownerName,
      build_id: workspace.latestBuild.id,
    },
  };
}

export const createWorkspaceTool = (ctx: ToolContext) =>
  tool({
    description: CREATE_WORKSPACE_DESCRIPTION,
    inputSchema: createWorkspaceInputSchema,
    execute: (input) => runCreateWorkspace(ctx, input),
  });
