import "server-only";
import { AppError } from "@/lib/errors";
import { callAgent } from "@/lib/workspace-agents/call-agent";
import { fileReadSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { chatAgentOrError } from "../tools/chat-agent-or-error";
import type { ToolContext } from "../tools/tool-context";
import { ToolTextError } from "../tools/tool-text-error";

/** The file of the workspace home whose text joins the model's instructions (as Coder's chat does). */
export const WORKSPACE_INSTRUCTIONS_FILE = "AGENTS.md";
/** Longest part of it the model gets, in characters. */
export const MAX_WORKSPACE_INSTRUCTIONS_CHARS = 32 * 1024;
/** A slow agent must not hold a turn up. */
const READ_TIMEOUT_MS = 3000;

/**
 * AGENTS.md of the chat's workspace home, once the workspace is running and its agent connected;
 * null when there is no workspace, no connected agent or no such file. Written by the workspace's
 * code, so it is only ever text for the model, never a setting.
 */
export async function readWorkspaceInstructions(ctx: ToolContext): Promise<string | null> {
  try {
    const agent = await chatAgentOrError(ctx);
    const read = await callAgent({
      agent,
      method: "GET",
      path: "/files",
      query: { path: WORKSPACE_INSTRUCTIONS_FILE },
      schema: fileReadSchema,
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    });
    if (read.type !== "file" || read.content.trim() === "") return null;
    return read.content.slice(0, MAX_WORKSPACE_INSTRUCTIONS_CHARS);
  } catch (error) {
    if (error instanceof ToolTextError || error instanceof AppError) return null;
    throw error;
  }
}
