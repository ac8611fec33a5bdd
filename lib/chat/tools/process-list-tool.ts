import "server-only";
import { tool } from "ai";
import { listChatProcesses } from "@/lib/chat/processes/list-chat-processes";
import { processListSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { askChatAgent } from "./ask-chat-agent";
import { chatAgentOrError } from "./chat-agent-or-error";
import { processListInputSchema } from "./schemas";
import type { ToolContext } from "./tool-context";

export const PROCESS_LIST_DESCRIPTION =
  "List the processes this chat started with execute (newest first, at most 10): process_id, command, status " +
  "(running, exited, or gone when the workspace no longer knows it), exit_code, started_at.";

/** process_list (docs/chat-tools.md, "process_list"): only the chat's own, merged with what the agent knows. */
export async function runProcessList(ctx: ToolContext) {
  const agent = await chatAgentOrError(ctx);
  const [own, live] = await Promise.all([
    listChatProcesses({ chatId: ctx.chatId }),
    askChatAgent({ agent, method: "GET", path: "/processes", schema: processListSchema, signal: ctx.signal }),
  ]);
  const known = new Map(live.processes.map((process) => [process.id, process]));
  return {
    processes: own.map((process) => {
      const current = process.agentId === agent.id ? known.get(process.id) : undefined;
      const status = current?.status ?? (process.endedAt ? "exited" : "gone");
      const exitCode = current ? current.exitCode : process.exitCode;
      return {
        process_id: process.id,
        command: process.command,
        status,
        ...(status === "exited" ? { exit_code: exitCode } : {}),
        started_at: process.createdAt.toISOString(),
      };
    }),
  };
}

export const processListTool = (ctx: ToolContext) =>
  tool({ description: PROCESS_LIST_DESCRIPTION, inputSchema: processListInputSchema, execute: () => runProcessList(ctx) });
