import "server-only";
import { randomBytes } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { recordToolCallEnd, recordToolCallStart, type ToolPart } from "./record-tool-call";
import type { ChatToolName, ToolCallResult } from "../schemas";
import { executeTool } from "./execute-tool";
import { keepToolCallAlive } from "./tool-call-heartbeats";

/**
 * Runs one tool in a chat as its owner and records the call and its result in the transcript,
 * exactly as a model's tool call is recorded (`POST /chats/:id/tools/:tool`). While it runs, this
 * process heartbeats the call: a crash leaves it to reapOrphanedToolCalls, which marks it interrupted.
 */
export async function runChatTool({
  chatId,
  actor,
  tool,
  input,
  toolCallId = `call_${randomBytes(12).toString("hex")}`,
  requestIp,
}: {
  chatId: string;
  actor: Actor;
  tool: ChatToolName;
  input: unknown;
  /** The call's id; a retry with the same id re-attaches to what the first started (execute). */
  toolCallId?: string;
  /** The caller's address, for the audit rows of changes the tool makes. */
  requestIp?: string | null;
}): Promise<ToolCallResult> {
  const part: ToolPart = { type: `tool-${tool}`, toolCallId, state: "input-available", input };
  // Also the check that the chat is the actor's own: anyone else's is not found, and unrecorded.
  const { messageId, organizationId } = await recordToolCallStart({ chatId, actor, part, now: new Date() });
  const stopHeartbeat = keepToolCallAlive(messageId);
  let result: ToolCallResult;
  try {
    result = await executeTool({ tool, input, ctx: { chatId, actor, organizationId, requestIp, toolCallId } });
  } finally {
    stopHeartbeat();
  }
  await recordToolCallEnd({
    chatId,
    messageId,
    part: result.isError
      ? { ...part, state: "output-error", errorText: String(result.output) }
      : { ...part, state: "output-available", output: result.output },
  });
  return result;
}

