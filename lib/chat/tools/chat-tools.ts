import "server-only";
import type { z } from "zod";
import type { ChatToolName } from "@/lib/chat/schemas";
import { createWorkspaceTool, runCreateWorkspace } from "./create-workspace-tool";
import { editFilesTool, runEditFiles } from "./edit-files-tool";
import { executeTool, runExecute } from "./execute-command-tool";
import { listTemplatesTool, runListTemplates } from "./list-templates-tool";
import { processListTool, runProcessList } from "./process-list-tool";
import { processOutputTool, runProcessOutput } from "./process-output-tool";
import { processSignalTool, runProcessSignal } from "./process-signal-tool";
import { readFileTool, runReadFile } from "./read-file-tool";
import { readTemplateTool, runReadTemplate } from "./read-template-tool";
import {
  createWorkspaceInputSchema,
  editFilesInputSchema,
  executeInputSchema,
  listTemplatesInputSchema,
  processListInputSchema,
  processOutputInputSchema,
  processSignalInputSchema,
  readFileInputSchema,
  readTemplateInputSchema,
  startWorkspaceInputSchema,
  stopWorkspaceInputSchema,
  writeFileInputSchema,
} from "./schemas";
import { runStartWorkspace, startWorkspaceTool } from "./start-workspace-tool";
import { runStopWorkspace, stopWorkspaceTool } from "./stop-workspace-tool";
import type { ToolContext } from "./tool-context";
import { runWriteFile, writeFileTool } from "./write-file-tool";

type ToolEntry = { inputSchema: z.ZodType; run: (ctx: ToolContext, input: never) => Promise<unknown> };

/** The allow-list: the only tools a chat runs, by name, with their input schemas. */
export const CHAT_TOOL_ENTRIES: Record<ChatToolName, ToolEntry> = {
  create_workspace: { inputSchema: createWorkspaceInputSchema, run: runCreateWorkspace },
  list_templates: { inputSchema: listTemplatesInputSchema, run: runListTemplates },
  read_template: { inputSchema: readTemplateInputSchema, run: runReadTemplate },
  start_workspace: { inputSchema: startWorkspaceInputSchema, run: runStartWorkspace },
  stop_workspace: { inputSchema: stopWorkspaceInputSchema, run: (ctx) => runStopWorkspace(ctx) },
  execute: { inputSchema: executeInputSchema, run: (ctx, input) => runExecute(ctx, input) },
  process_output: { inputSchema: processOutputInputSchema, run: runProcessOutput },
  process_list: { inputSchema: processListInputSchema, run: (ctx) => runProcessList(ctx) },
  process_signal: { inputSchema: processSignalInputSchema, run: runProcessSignal },
  read_file: { inputSchema: readFileInputSchema, run: runReadFile },
  write_file: { inputSchema: writeFileInputSchema, run: runWriteFile },
  edit_files: { inputSchema: editFilesInputSchema, run: runEditFiles },
};

/** The AI SDK tool set of a chat: the same tools the API's direct calls run. */
export function chatTools(ctx: ToolContext) {
  return {
    create_workspace: createWorkspaceTool(ctx),
    list_templates: listTemplatesTool(ctx),
    read_template: readTemplateTool(ctx),
    start_workspace: startWorkspaceTool(ctx),
    stop_workspace: stopWorkspaceTool(ctx),
    execute: executeTool(ctx),
    process_output: processOutputTool(ctx),
    process_list: processListTool(ctx),
    process_signal: processSignalTool(ctx),
    read_file: readFileTool(ctx),
    write_file: writeFileTool(ctx),
    edit_files: editFilesTool(ctx),
  };
}
