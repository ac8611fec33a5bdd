import "server-only";
import { tool } from "ai";
import { processOutputSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { askChatAgent } from "./ask-chat-agent";
import { chatProcessOrError } from "./chat-process-or-error";
import { DEFAULT_PROCESS_OUTPUT_WAIT_MS, processOutputInputSchema, type ProcessOutputInput } from "./schemas";
import type { ToolContext } from "./tool-context";

export const PROCESS_OUTPUT_DESCRIPTION =
  "Read the output of a process this chat started with execute (its background_process_id). Waits until it exits, " +
  "up to `wait` ms (default 10000, at most 300000; false or 0 to read at once). Returns {process_id, status, exit_code, output}.";

/** process_output (docs/chat-tools.md, "process_output"). */
export async function runProcessOutput(ctx: ToolContext, input: ProcessOutputInput) {
  const { agent, processId } = await chatProcessOrError(ctx, input.process_id);
  const waitMs = input.wait === undefined || input.wait === true ? DEFAULT_PROCESS_OUTPUT_WAIT_MS : input.wait === false ? 0 : input.wait;
  const result = await askChatAgent({
    agent,
    method: "GET",
    path: `/processes/${processId}/output`,
    query: waitMs > 0 ? { wait: "1", timeoutMs: String(waitMs) } : {},
    schema: processOutputSchema,
    signal: ctx.signal,
  });
  return {
    process_id: result.id,
    status: result.status,
    ...(result.status === "exited" ? { exit_code: result.exitCode } : {}),
    output: result.output,
    ...(result.truncated ? { truncated: true } : {}),
  };
}

export const processOutputTool = (ctx: ToolContext) =>
  tool({ description: PROCESS_OUTPUT_DESCRIPTION, inputSchema: processOutputInputSchema, execute: (input) => runProcessOutput(ctx, input) });
