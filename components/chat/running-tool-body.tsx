"use client";

import { useQuery } from "@tanstack/react-query";
import { followedAgentId } from "@/lib/chat/events/followed-agent";
import { chatWorkspace } from "@/lib/chat/queries";
import type { Chat } from "@/lib/chat/schemas";
import { ChatAgentLog } from "./chat-agent-log";
import { ChatBuildLog } from "./chat-build-log";
import { RunningToolStage } from "./running-tool-stage";

/**
 * The active create/start/stop call: its stage and the logs of the chat's bound build and agent.
 * The chat's event stream already carries those logs, so nothing here opens another stream.
 */
export function RunningToolBody({ toolName, chat }: { toolName: string; chat: Pick<Chat, "id" | "buildId" | "agentId"> }) {
  const { data } = useQuery(chatWorkspace(chat.id));
  // A stop binds no agent and starts none: followedAgentId has none to show for it.
  const agentId = followedAgentId(chat, data?.workspace);
  return (
    <div className="flex flex-col gap-3">
      <RunningToolStage toolName={toolName} workspace={data?.workspace ?? null} buildId={chat.buildId} agentId={chat.agentId} />
      {chat.buildId ? <ChatBuildLog buildId={chat.buildId} /> : null}
      {agentId ? <ChatAgentLog chatId={chat.id} agentId={agentId} /> : null}
    </div>
  );
}
