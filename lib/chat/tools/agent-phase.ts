import "server-only";
import { chatAgentOrFirst, selectChatAgent, type ChatAgentCandidate } from "@/lib/workspace-agents/select-chat-agent";
import { bindChat } from "@/lib/chat/bind-chat";
import { waitForChatAgent } from "@/lib/chat/waits/wait-for-chat-agent";
import type { AgentWaitFields } from "@/lib/chat/waits/agent-wait";
import { loadOwnWorkspace } from "./chat-workspace";
import type { ToolContext } from "./tool-context";
import { toolConfig } from "./tool-config";

type AgentFields = AgentWaitFields | { agent_status: "no_agent" } | { agent_status: "selection_error"; agent_error: string };

/**
 * After a successful build: pick the chat's agent among the build's, wait for it to be ready,
 * then bind it to the chat and publish the update (the second publish of a create). With
 * `fallbackToFirst`, a selection error picks the first agent instead of being reported; with
 * `bindAgent: false` the chat's binding is left as it is (start_workspace on a running workspace).
 * `agents`: those of the build just waited for (waitForBuild read them with the job), so a
 * finished build costs no second read; without, the workspace's latest start build's are read.
 */
export async function agentPhase(
  ctx: ToolContext,
  {
    workspaceId,
    fallbackToFirst = false,
    skipDial = false,
    bindAgent = true,
    agents: built,
  }: { workspaceId: string; fallbackToFirst?: boolean; skipDial?: boolean; bindAgent?: boolean; agents?: readonly ChatAgentCandidate[] },
): Promise<AgentFields> {
  const agents = built && toolConfig().agentsFromBuildWait ? built : ((await loadOwnWorkspace(ctx, workspaceId))?.agents ?? []);
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
