"use client";

import { useQuery } from "@tanstack/react-query";
import { workspaceById } from "@/lib/workspaces/queries";
import { useWorkspaceWatch } from "@/lib/workspaces/use-workspace-watch";
import { AgentCard } from "./agent-card";
import { BuildLogs } from "./build-logs";
import { BuildTimeline } from "./build-timeline";
import { RestartWithParameters } from "./restart-with-parameters";
import { StatusBadge } from "./status-badge";
import { WorkspaceActions } from "./workspace-actions";

export function WorkspaceDetail({ workspaceId }: { workspaceId: string }) {
  const { data: workspace, error, isPending } = useQuery(workspaceById(workspaceId));
  useWorkspaceWatch(workspaceId);
  if (isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading workspace…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error.message}</p>;
  const build = workspace.latestBuild;
  return (
    <div className="flex flex-col gap-6">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">
          {workspace.ownerName}/{workspace.name}
        </h1>
        <StatusBadge status={workspace.status} testId="workspace-status" />
        <span className="text-sm text-stone-600 dark:text-stone-400">{workspace.templateDisplayName || workspace.templateName}</span>
        <div className="ml-auto">
          <WorkspaceActions workspace={workspace} />
        </div>
      </header>
      <RestartWithParameters workspace={workspace} />
      <section aria-labelledby="build-heading" className="flex flex-col gap-2">
        <h2 id="build-heading" className="flex items-center gap-2 font-medium">
          Build #{build.buildNumber} ({build.transition}) <StatusBadge status={build.status} testId="build-status" />
        </h2>
        {build.job.error ? (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {build.job.error}
          </p>
        ) : null}
        <BuildTimeline build={build} agents={build.transition === "start" ? workspace.agents : []} />
        <BuildLogs buildId={build.id} />
      </section>
      <section aria-labelledby="agents-heading" className="flex flex-col gap-3">
        <h2 id="agents-heading" className="font-medium">
          Agents
        </h2>
        {workspace.agents.length === 0 ? <p className="text-sm text-stone-600 dark:text-stone-400">No agents yet.</p> : null}
        {workspace.agents.map((agent) => (
          <AgentCard key={agent.id} agent={agent} />
        ))}
      </section>
    </div>
  );
}
