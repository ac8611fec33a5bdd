import "server-only";
import { getChatProcess } from "@/lib/chat/processes/get-chat-process";
import { AppError } from "@/lib/errors";
import { chatAgentOrError, type ChatAgent } from "./chat-agent-or-error";
import type { ToolContext } from "./tool-context";
import { ToolTextError } from "./tool-text-error";

/**
 * The agent and id of a process this chat started, for process_output and process_signal: the
 * common text errors first, then `process <id> not found` for any id the chat did not start
 * (another chat's included) or that ran under an earlier agent of the workspace.
 */
export async function chatProcessOrError(ctx: ToolContext, processId: string): Promise<{ agent: ChatAgent; processId: string }> {
  const agent = await chatAgentOrError(ctx);
  const process = await getChatProcess({ chatId: ctx.chatId, processId }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  });
  if (!process || process.agentId !== agent.id) throw new ToolTextError(`process ${processId} not found`);
  return { agent, processId };
}
