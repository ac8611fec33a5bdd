import "server-only";
import { tool } from "ai";
import { fileReadSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { askChatAgent } from "./ask-chat-agent";
import { chatAgentOrError } from "./chat-agent-or-error";
import { readFileInputSchema, type ReadFileInput } from "./schemas";
import type { ToolContext } from "./tool-context";

export const READ_FILE_DESCRIPTION =
  "Read a text file of the workspace (relative paths are from the workspace home): lines from the 1-based offset, " +
  "at most limit lines (default 2000). Returns {path, content, total_lines, truncated}; truncated means there is more, " +
  "read on with a larger offset. A folder returns its listing {path, entries: [{name, type, size}]}. Read a file before editing it.";

/** read_file (docs/chat-tools.md, "read_file"). */
export async function runReadFile(ctx: ToolContext, input: ReadFileInput) {
  const agent = await chatAgentOrError(ctx);
  const read = await askChatAgent({
    agent,
    method: "GET",
    path: "/files",
    query: { path: input.path, offset: input.offset?.toString(), limit: input.limit?.toString() },
    schema: fileReadSchema,
    signal: ctx.signal,
  });
  if (read.type === "directory") return { path: read.path, entries: read.entries };
  return { path: read.path, content: read.content, total_lines: read.totalLines, truncated: read.truncated };
}

export const readFileTool = (ctx: ToolContext) =>
  tool({ description: READ_FILE_DESCRIPTION, inputSchema: readFileInputSchema, execute: (input) => runReadFile(ctx, input) });
