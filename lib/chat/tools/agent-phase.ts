import "server-only";
import { chatAgentOrFirst, selectChatAgent } from "@/lib/workspace-agents/select-chat-agent";
import { bindChat } from "@/lib/chat/bind-chat";
import { waitForChatAgent } from "@/lib/chat/waits/wait-for-chat-agent";
import type { AgentWaitFields } from "@/lib/chat/waits/agent-wait";
import { loadOwnWorkspace } from "./chat-workspace";
import type { ToolContext } from "./tool-context";

type AgentFields = AgentWaitFields | { agent_status: "no_agent" } | { agent_status: "selection_error"; agent_error: string };

/**
 * After a successful build: pick the chat's agent among the build's, wait for it to be ready,
 * then bind it to the chat and publish the update (the second publish of a create). With
 * `fallbackToFirst`, a selection error picks the first agent instead of being reported; with
 * `bindAgent: false` the chat's binding is left as it is (start_workspace on a running workspace).
 */
export async function agentPhase(
  ctx: ToolContext,
  {
    workspaceId,
    fallbackToFirst = false,
    skipDial = false,
    bindAgent = true,
  }: { workspaceId: string; fallbackToFirst?: boolean; skipDial?: boolean; bindAgent?: boolean },
): Promise<AgentFields> {
  const workspace = await loadOwnWorkspace(ctx, workspaceId);
  const agents = workspace?.agents ?? [];
  if (agents.length === 0) return { agent_status: "no_agent" };
  let agentId: string;
  if (fallbackToFirst) {
    agentId = chatAgentOrFirst(agents)!.id;
  } else {
    const selection = selectChatAgent(agents);
    if (selection.error !== undefined) return { agent_status: "selection_error", agent_error: selection.error };
    agentId = selection.agent!.id;
  }
  const fields = await waitForChatAgent({ agentId, skipDial, signal: ctx.signal });
  if (bindAgent) await bindChat({ chatId: ctx.chatId, binding: { agentId } });
  return fields;
}
