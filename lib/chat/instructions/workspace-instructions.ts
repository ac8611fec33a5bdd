import "server-only";
import { chatAgentOrError } from "@/lib/chat/tools/chat-agent-or-error";
import type { ToolContext } from "@/lib/chat/tools/tool-context";
import { ToolTextError } from "@/lib/chat/tools/tool-text-error";
import { readAgentsMd } from "./read-agents-md";

/** A slow agent must not hold a turn up. */
const READ_TIMEOUT_MS = 3000;
/** Agents whose AGENTS.md this process remembers; the oldest is forgotten past this. */
const MAX_REMEMBERED_AGENTS = 1000;

/**
 * AGENTS.md by workspace agent id, null for "it has none": read once per agent, as Coder does
 * when a chat's workspace becomes ready. An agent is replaced (new id) with every start build, so
 * a restarted workspace is read afresh; a file changed while the agent runs is not re-read.
 */
const remembered = new Map<string, string | null>();

/**
 * The instructions the chat's workspace gives assistants (its AGENTS.md), for the system prompt:
 * null while the chat has no workspace, its agent is not connected or its startup scripts have
 * not finished (lifecycle not `ready`), or when it has no AGENTS.md. Never throws: a turn goes on
 * without the file, and a failed read is tried again on the next step or turn.
 */
export async function chatWorkspaceInstructions(ctx: ToolContext, now: Date): Promise<string | null> {
  try {
    const agent = await chatAgentOrError(ctx, now);
    if (remembered.has(agent.id)) return remembered.get(agent.id) ?? null;
    if (agent.lifecycleState !== "ready") return null;
    const timeout = AbortSignal.timeout(READ_TIMEOUT_MS);
    const text = await readAgentsMd({ agent, signal: ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout });
    remember(agent.id, text);
    return text;
  } catch (error) {
    if (!(error instanceof ToolTextError)) console.error(`chat ${ctx.chatId}: reading the workspace's AGENTS.md failed:`, error);
    return null;
  }
}

function remember(agentId: string, text: string | null): void {
  remembered.delete(agentId);
  remembered.set(agentId, text);
  if (remembered.size > MAX_REMEMBERED_AGENTS) remembered.delete(remembered.keys().next().value!);
}
