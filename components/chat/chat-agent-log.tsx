"use client";

import { useQuery } from "@tanstack/react-query";
import { LogView } from "@/components/logs/log-view";
import { chatWorkspace } from "@/lib/chat/queries";
import { agentLogs } from "@/lib/logs/queries";

/**
 * The chat's bound agent's startup-script output, as the chat's event stream fills it in the
 * cache, headed by script name (the names come with the workspace).
 */
export function ChatAgentLog({ chatId, agentId }: { chatId: string; agentId: string }) {
  const { data } = useQuery(agentLogs(agentId));
  const { data: bound } = useQuery(chatWorkspace(chatId));
  const scripts = bound?.workspace?.agents.find((agent) => agent.id === agentId)?.scripts ?? [];
  const scriptNames = new Map(scripts.map((script) => [script.id, script.name]));
  const lines = (data?.lines ?? []).map((line) => ({ ...line, stage: line.scriptId ? scriptNames.get(line.scriptId) : undefined }));
  return <LogView lines={lines} label="Startup script log" showStages emptyText="No startup output yet." testId="agent-log" />;
}
