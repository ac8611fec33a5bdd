import "server-only";
import { tool } from "ai";
import { fileWrittenSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { askChatAgent } from "./ask-chat-agent";
import { chatAgentOrError } from "./chat-agent-or-error";
import { writeFileInputSchema, type WriteFileInput } from "./schemas";
import type { ToolContext } from "./tool-context";

export const WRITE_FILE_DESCRIPTION =
  "Create or replace a whole file of the workspace with content (folders are created; the file is replaced atomically). " +
  "Returns {path, bytes}. To change part of an existing file prefer edit_files.";

/** write_file (docs/chat-tools.md, "write_file"). */
export async function runWriteFile(ctx: ToolContext, input: WriteFileInput) {
  const agent = await chatAgentOrError(ctx);
  const written = await askChatAgent({
    agent,
    method: "PUT",
    path: "/files",
    query: { path: input.path },
    body: { content: input.content },
    schema: fileWrittenSchema,
    signal: ctx.signal,
  });
  return { path: written.path, bytes: written.bytes };
}

export const writeFileTool = (ctx: ToolContext) =>
  tool({ description: WRITE_FILE_DESCRIPTION, inputSchema: writeFileInputSchema, execute: (input) => runWriteFile(ctx, input) });
