import "server-only";
import type { z } from "zod";
import type { ChatToolName } from "@/lib/chat/schemas";
import { createWorkspaceTool, runCreateWorkspace } from "./create-workspace-tool";
import { listTemplatesTool, runListTemplates } from "./list-templates-tool";
import { readTemplateTool, runReadTemplate } from "./read-template-tool";
import {
  createWorkspaceInputSchema,
  listTemplatesInputSchema,
  readTemplateInputSchema,
  startWorkspaceInputSchema,
  stopWorkspaceInputSchema,
} from "./schemas";
import { runStartWorkspace, startWorkspaceTool } from "./start-workspace-tool";
import { runStopWorkspace, stopWorkspaceTool } from "./stop-workspace-tool";
import type { ToolContext } from "./tool-context";

type ToolEntry = { inputSchema: z.ZodType; run: (ctx: ToolContext, input: never) => Promise<unknown> };

/** The allow-list: the only tools a chat runs, by name, with their input schemas. */
export const CHAT_TOOL_ENTRIES: Record<ChatToolName, ToolEntry> = {
  create_workspace: { inputSchema: createWorkspaceInputSchema, run: runCreateWorkspace },
  list_templates: { inputSchema: listTemplatesInputSchema, run: runListTemplates },
  read_template: { inputSchema: readTemplateInputSchema, run: runReadTemplate },
  start_workspace: { inputSchema: startWorkspaceInputSchema, run: runStartWorkspace },
  stop_workspace: { inputSchema: stopWorkspaceInputSchema, run: (ctx) => runStopWorkspace(ctx) },
};

/** The AI SDK tool set of a chat: the same tools the API's direct calls run. */
export function chatTools(ctx: ToolContext) {
  return {
    create_workspace: createWorkspaceTool(ctx),
    list_templates: listTemplatesTool(ctx),
    read_template: readTemplateTool(ctx),
    start_workspace: startWorkspaceTool(ctx),
    stop_workspace: stopWorkspaceTool(ctx),
  };
}
