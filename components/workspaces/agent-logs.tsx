"use client";

import { useQuery } from "@tanstack/react-query";
import { LogView } from "@/components/logs/log-view";
import { agentLogs } from "@/lib/logs/queries";
import { agentLogSchema } from "@/lib/logs/schemas";
import { useLogStream } from "@/lib/logs/use-log-stream";

/** An agent's startup-script output, live while the scripts run. */
export function AgentLogs({ agentId, scriptNames }: { agentId: string; scriptNames: Record<string, string> }) {
  const options = agentLogs(agentId);
  const { data } = useQuery(options);
  useLogStream({ url: `/api/v1/workspaceagents/${agentId}/logs`, queryKey: options.queryKey, schema: agentLogSchema });
  const lines = (data?.lines ?? []).map((line) => ({ ...line, stage: line.scriptId ? scriptNames[line.scriptId] : undefined }));
  return <LogView lines={lines} label="Startup script log" showStages emptyText="No startup output yet." testId="agent-log" />;
}
