import "server-only";
import { AppError } from "@/lib/errors";
import type { DialableAgent } from "@/lib/workspace-agents/agent-request";
import { callAgent } from "@/lib/workspace-agents/call-agent";
import { fileReadSchema } from "@/lib/workspace-agents/workspace-api-schemas";
import { capUtf8 } from "./cap-utf8";
import { MAX_WORKSPACE_INSTRUCTIONS_BYTES } from "./system-prompt";

/** The file a workspace keeps its instructions for assistants in, in its home (as Coder and others read it). */
export const AGENTS_MD_PATH = "AGENTS.md";

/**
 * The text of the workspace's AGENTS.md through its agent's files API, cut to
 * MAX_WORKSPACE_INSTRUCTIONS_BYTES; null when there is none (or a folder of that name, or a file
 * the agent refuses to read as text). Any other failure (the agent unreachable) throws: the caller
 * tries again later rather than remembering "none".
 */
export async function readAgentsMd({ agent, signal }: { agent: DialableAgent; signal?: AbortSignal }): Promise<string | null> {
  let read;
  try {
    read = await callAgent({ agent, method: "GET", path: "/files", query: { path: AGENTS_MD_PATH }, schema: fileReadSchema, signal });
  } catch (error) {
    // A 4xx is the agent's answer about the file (absent, binary, too large): there is no text to use.
    if (error instanceof AppError && error.code !== "bad_gateway") return null;
    throw error;
  }
  if (read.type !== "file") return null;
  const text = capUtf8(read.content, MAX_WORKSPACE_INSTRUCTIONS_BYTES).trim();
  return text === "" ? null : text;
}
