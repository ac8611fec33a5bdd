import type { ChatToolName } from "@/lib/chat/schemas";
import type { WorkspaceRequest } from "./understand-workspace-request";

/** The workspace tools the built-in assistant calls (docs/chat-tools.md, "Tools that work inside the workspace"). */
export type WorkspaceToolName = Extract<ChatToolName, "execute" | "read_file" | "write_file" | "edit_files" | "process_list" | "process_signal">;

/** The tool call, in the tools' snake_case input, that carries out a workspace request. */
export function workspaceToolCall(work: WorkspaceRequest): { toolName: WorkspaceToolName; input: Record<string, unknown> } {
  switch (work.intent) {
    case "execute":
      return { toolName: "execute", input: { command: work.command } };
    case "read_file":
      return {
        toolName: "read_file",
        input: { path: work.path, ...(work.offset !== undefined ? { offset: work.offset } : {}), ...(work.limit !== undefined ? { limit: work.limit } : {}) },
      };
    case "write_file":
      return { toolName: "write_file", input: { path: work.path, content: work.content } };
    case "edit_files":
      return {
        toolName: "edit_files",
        input: { files: [{ path: work.path, edits: [{ old_text: work.oldText, new_text: work.newText, ...(work.replaceAll ? { replace_all: true } : {}) }] }] },
      };
    case "process_list":
      return { toolName: "process_list", input: {} };
    case "process_signal":
      return { toolName: "process_signal", input: { process_id: work.processId, signal: work.signal } };
  }
}
