import "server-only";
import { tool } from "ai";
import { processOutputSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { askChatAgent } from "./ask-chat-agent";
import { chatProcessOrError } from "./chat-process-or-error";
import { processSignalInputSchema, type ProcessSignalInput } from "./schemas";
import type { ToolContext } from "./tool-context";

export const PROCESS_SIGNAL_DESCRIPTION =
  "Stop a process this chat started: signal 'terminate' (SIGTERM, lets it clean up) or 'kill' (SIGKILL), sent to its whole " +
  "process group. Returns {process_id, signal, delivered}; delivered is false when it had already exited.";

/** process_signal (docs/chat-tools.md, "process_signal"). */
export async function runProcessSignal(ctx: ToolContext, input: ProcessSignalInput) {
  const { agent, processId } = await chatProcessOrError(ctx, input.process_id);
  const before = await askChatAgent({
    agent,
    method: "POST",
    path: `/processes/${processId}/signal`,
    body: { signal: input.signal },
    schema: processOutputSchema,
    signal: ctx.signal,
  });
  return { process_id: processId, signal: input.signal, delivered: before.status === "running" };
}

export const processSignalTool = (ctx: ToolContext) =>
  tool({ description: PROCESS_SIGNAL_DESCRIPTION, inputSchema: processSignalInputSchema, execute: (input) => runProcessSignal(ctx, input) });
