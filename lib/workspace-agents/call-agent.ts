import "server-only";
import type { z } from "zod";
import { AppError, ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { agentMessage, agentRequest, readBody, type AgentRequestOptions } from "./agent-request";

/** Largest answer read: a file of 1 MiB as JSON, escapes included. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** The error code of an agent's 4xx, so a refusal keeps its meaning (not found, conflict ...). */
function codeOf(status: number): ErrorCode {
  const match = Object.entries(ERROR_STATUS).find(([, value]) => value === status);
  return (match?.[0] as ErrorCode | undefined) ?? "bad_request";
}

/**
 * A JSON call of an agent's workspace API, its answer parsed with `schema`. The agent's refusals
 * (4xx but 401) come back as an AppError with its status and message; a refused dial secret, a
 * 5xx, an unreadable answer or an unreachable agent are a `bad_gateway` AppError.
 */
export async function callAgent<T extends z.ZodType>({ schema, ...options }: AgentRequestOptions & { schema: T }): Promise<z.infer<T>> {
  let answer: Awaited<ReturnType<typeof agentRequest>>;
  try {
    answer = await agentRequest(options);
  } catch (error) {
    throw new AppError("bad_gateway", `could not reach the workspace agent: ${(error as Error).message}`);
  }
  const status = answer.response.statusCode ?? 502;
  const text = await readBody(answer.response, MAX_ANSWER_BYTES);
  if (status === 401) throw new AppError("bad_gateway", "workspace agent error: the agent refused the server's dial secret");
  if (status >= 500) throw new AppError("bad_gateway", `workspace agent error: the agent answered ${status}: ${agentMessage(text)}`);
  if (status >= 400) throw new AppError(codeOf(status), agentMessage(text));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError("bad_gateway", "workspace agent error: the answer is not JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError("bad_gateway", `workspace agent error: unexpected answer: ${parsed.error.message.slice(0, 200)}`);
  return parsed.data;
}
