"use client";

import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import { AgentLogs } from "./agent-logs";
import { AgentPorts } from "./agent-ports";
import { AppLink } from "./app-link";
import { StatusBadge } from "./status-badge";

export function AgentCard({ agent }: { agent: WorkspaceAgent }) {
  const scriptNames = Object.fromEntries(agent.scripts.map((script) => [script.id, script.name]));
  return (
    <article aria-label={`Agent ${agent.name}`} className="flex flex-col gap-3 rounded-lg border border-stone-200 p-4 dark:border-stone-800">
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{agent.name}</h3>
        {agent.isChat ? <span className="text-xs text-stone-600 dark:text-stone-400">chat agent</span> : null}
        <span className="ml-auto flex items-center gap-2 text-xs">
          Connection <StatusBadge status={agent.status} testId="agent-status" />
          Lifecycle <StatusBadge status={agent.lifecycleState} testId="agent-lifecycle" />
        </span>
      </header>
      {agent.apps.length > 0 ? (
        <ul className="flex flex-wrap gap-2 text-sm" aria-label="Apps">
          {agent.apps.map((app) => (
            <li key={app.slug}>
              <AppLink app={app} />
            </li>
          ))}
        </ul>
      ) : null}
      {agent.scripts.length > 0 ? (
        <ul className="flex flex-wrap gap-3 text-xs" aria-label="Startup scripts">
          {agent.scripts.map((script) => (
            <li key={script.id} className="flex items-center gap-1">
              {script.name} <StatusBadge status={script.status} />
            </li>
          ))}
        </ul>
      ) : null}
      <AgentPorts agent={agent} />
      <AgentLogs agentId={agent.id} scriptNames={scriptNames} />
    </article>
  );
}
