import "server-only";
import { tool } from "ai";
import { chatProcessId } from "@/lib/chat/processes/chat-process-id";
import { forgetChatProcess } from "@/lib/chat/processes/forget-chat-process";
import { registerChatProcess } from "@/lib/chat/processes/register-chat-process";
import { MAX_WAIT_MS, processOutputSchema, type ProcessOutput } from "@/lib/workspace-agents/workspace-api-schemas";
import { askChatAgent } from "./ask-chat-agent";
import { chatAgentOrError } from "./chat-agent-or-error";
import { DEFAULT_EXECUTE_TIMEOUT_MS, executeInputSchema, type ExecuteInput } from "./schemas";
import type { ToolContext } from "./tool-context";
import { ToolTextError } from "./tool-text-error";

export const EXECUTE_DESCRIPTION =
  "Run a shell command (sh -c) in the chat's workspace, in the workspace home unless workdir is given. " +
  "No terminal: stdin is closed, so use non-interactive flags (e.g. `npm init -y`, `apt-get -y`). " +
  "Waits up to timeout_ms (default 10000, at most 3600000) and returns {success, output, exit_code, wall_duration_ms}; " +
  "stdout and stderr are merged, and long output keeps the first and last 16 KiB (truncated: true). " +
  "A command still running then (or with background: true, or ending in ' &') returns background_process_id: " +
  "read its output with process_output, stop it with process_signal. Use it to run tests, builds, git and to explore.";

export const STILL_RUNNING_NOTE = "still running; use process_output";

/** A lone `&` at the end (not `&&`): the command is meant to run in the background. */
const TRAILING_AMPERSAND = /(^|[^&])&\s*$/;

type Clock = () => number;

/** execute (docs/chat-tools.md, "execute"). */
export async function runExecute(ctx: ToolContext, input: ExecuteInput, clock: Clock = Date.now) {
  const agent = await chatAgentOrError(ctx);
  if (!ctx.toolCallId) throw new ToolTextError("execute needs a tool call id");
  const isAmpersand = TRAILING_AMPERSAND.test(input.command);
  const command = isAmpersand ? input.command.replace(/&\s*$/, "").trimEnd() : input.command;
  if (command.trim() === "") throw new ToolTextError("command is required");
  const background = input.background === true || isAmpersand;
  const timeoutMs = input.timeout_ms ?? DEFAULT_EXECUTE_TIMEOUT_MS;
  const processId = chatProcessId({ chatId: ctx.chatId, toolCallId: ctx.toolCallId });
  const { isNew } = await registerChatProcess({ processId, chatId: ctx.chatId, agentId: agent.id, toolCallId: ctx.toolCallId, command });

  const deadline = clock() + timeoutMs;
  let result = await askChatAgent({
    agent,
    method: "POST",
    path: "/processes",
    body: { command, id: processId, cwd: input.workdir, background, timeoutMs: Math.min(timeoutMs, MAX_WAIT_MS), report: true },
    schema: processOutputSchema,
    signal: ctx.signal,
    // Refused by the agent (a missing workdir, too many processes): nothing runs, so nothing is
    // listed. A lost answer (an interrupted turn, a broken connection) may leave it running: kept;
    // so is the record of an earlier call of the chat under the same id (a model repeating ids).
    onFailure: async (error) => {
      if (error.status < 500 && isNew) await forgetChatProcess({ chatId: ctx.chatId, processId });
    },
  });
  // The agent waits 10 minutes at most per request: a longer foreground wait asks again.
  while (!background && result.status === "running" && deadline - clock() > 0 && !ctx.signal?.aborted) {
    result = await askChatAgent({
      agent,
      method: "GET",
      path: `/processes/${processId}/output`,
      query: { wait: "1", timeoutMs: String(Math.min(deadline - clock(), MAX_WAIT_MS)) },
      schema: processOutputSchema,
      signal: ctx.signal,
    });
  }
  return executeResult(result);
}

/** The tool's answer from the agent's: finished, or still running under its id. */
export function executeResult(result: ProcessOutput) {
  if (result.status === "running") return { success: true, background_process_id: result.id, note: STILL_RUNNING_NOTE };
  return {
    success: result.exitCode === 0,
    output: result.output,
    exit_code: result.exitCode,
    wall_duration_ms: result.wallDurationMs,
    ...(result.truncated ? { truncated: true } : {}),
    ...(result.signal ? { error: `ended by signal ${result.signal}` } : {}),
  };
}

export const executeTool = (ctx: ToolContext) =>
  tool({
    description: EXECUTE_DESCRIPTION,
    inputSchema: executeInputSchema,
    execute: (input, { toolCallId }) => runExecute({ ...ctx, toolCallId }, input),
  });
