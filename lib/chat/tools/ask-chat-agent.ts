import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import type { AgentRequestOptions } from "@/lib/workspace-agents/agent-request";
import { callAgent } from "@/lib/workspace-agents/call-agent";
import { ToolTextError } from "./tool-text-error";

/**
 * A call of the chat's agent for a workspace tool: what the agent refuses (a file not found, an
 * edit that does not match) or a failure to reach it is a text error for the model to act on.
 * `onFailure` sees the error (with its status) first, to undo what the caller prepared.
 */
export async function askChatAgent<T extends z.ZodType>({
  onFailure,
  ...options
}: AgentRequestOptions & { schema: T; onFailure?: (error: AppError) => Promise<void> }): Promise<z.infer<T>> {
  try {
    return await callAgent(options);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await onFailure?.(error);
    throw new ToolTextError(error.message);
  }
}
