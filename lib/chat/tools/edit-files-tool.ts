import "server-only";
import { tool } from "ai";
import { filesEditedSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { askChatAgent } from "./ask-chat-agent";
import { chatAgentOrError } from "./chat-agent-or-error";
import { editFilesInputSchema, type EditFilesInput } from "./schemas";
import type { ToolContext } from "./tool-context";

export const EDIT_FILES_DESCRIPTION =
  "Change existing files of the workspace by exact text replacement: for each file, edits [{old_text, new_text, replace_all?}] " +
  "applied in order. old_text must match exactly once (include surrounding lines to make it unique) unless replace_all. " +
  "All files and edits are applied or none; a failed match names the file and the edit. Returns {files: [{path, diff}]}. " +
  "Read the file first; prefer this over write_file for changes.";

/** edit_files (docs/chat-tools.md, "edit_files"): one request, the agent applies all or none. */
export async function runEditFiles(ctx: ToolContext, input: EditFilesInput) {
  const agent = await chatAgentOrError(ctx);
  const edited = await askChatAgent({
    agent,
    method: "POST",
    path: "/files/edits",
    body: {
      files: input.files.map((file) => ({
        path: file.path,
        edits: file.edits.map((edit) => ({ oldText: edit.old_text, newText: edit.new_text, ...(edit.replace_all === undefined ? {} : { replaceAll: edit.replace_all }) })),
      })),
    },
    schema: filesEditedSchema,
    signal: ctx.signal,
  });
  return { files: edited.files.map((file) => ({ path: file.path, diff: file.diff })) };
}

export const editFilesTool = (ctx: ToolContext) =>
  tool({ description: EDIT_FILES_DESCRIPTION, inputSchema: editFilesInputSchema, execute: (input) => runEditFiles(ctx, input) });
