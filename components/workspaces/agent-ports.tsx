"use client";

import { useQuery } from "@tanstack/react-query";
import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import { agentPorts } from "@/lib/workspace-apps/queries";
import { useAppUrl } from "./app-link";

function PortLink({ port, host }: { port: number; host: string }) {
  const url = useAppUrl(host, "/");
  return url ? (
    <a href={url} target="_blank" rel="noreferrer" className="underline">
      {port}
    </a>
  ) : (
    <span>{port}</span>
  );
}

/** The ports listening inside the agent's workspace, each a link to its own origin. */
export function AgentPorts({ agent }: { agent: WorkspaceAgent }) {
  const connected = agent.status === "connected";
  const { data } = useQuery({ ...agentPorts(agent.id), enabled: connected });
  if (!connected || !data) return null;
  const ports = [...new Map(data.map((entry) => [entry.port, entry])).values()];
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-xs text-stone-600 dark:text-stone-400">Listening ports</span>
      {ports.length === 0 ? <span className="text-xs">none</span> : null}
      <ul aria-label="Listening ports" className="flex flex-wrap gap-2">
        {ports.map((entry) => (
          <li key={entry.port}>
            <PortLink port={entry.port} host={entry.host} />
          </li>
        ))}
      </ul>
    </div>
  );
}
