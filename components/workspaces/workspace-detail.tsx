"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { chatAgentOrFirst } from "@/lib/workspace-agents/select-chat-agent";
import { workspaceById } from "@/lib/workspaces/queries";
import { useWorkspaceWatch } from "@/lib/workspaces/use-workspace-watch";
import { AgentCard } from "./agent-card";
import { BuildLogs } from "./build-logs";
import { BuildTimeline } from "./build-timeline";
import { FileBrowser } from "./file-browser";
import { RestartWithParameters } from "./restart-with-parameters";
import { StatusBadge } from "./status-badge";
import { TerminalTab } from "./terminal/terminal-tab";
import { WorkspaceActions } from "./workspace-actions";
import type { WorkspaceTab } from "./workspace-tab";
import { WorkspaceTabs } from "./workspace-tabs";

export function WorkspaceDetail({ workspaceId, initialTab = "overview" }: { workspaceId: string; initialTab?: WorkspaceTab }) {
  const { data: workspace, error, isPending } = useQuery(workspaceById(workspaceId));
  useWorkspaceWatch(workspaceId);
  const [tab, setTab] = useState<WorkspaceTab>(initialTab);
  const router = useRouter();
  const pathname = usePathname();
  // The tab is in the address, so that a link (the chat's "Open terminal") and a reload land on it.
  const selectTab = (next: WorkspaceTab) => {
    setTab(next);
    router.replace(next === "overview" ? pathname : `${pathname}?tab=${next}`, { scroll: false });
  };
  if (isPending) return <p className="text-sm text-stone-600 dark:text-stone-400">Loading workspace…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700 dark:text-red-400">{error.message}</p>;
  const build = workspace.latestBuild;
  const agent = chatAgentOrFirst(workspace.agents);
  const connected = workspace.status === "running" && agent?.status === "connected";
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
      <WorkspaceTabs
        selected={tab}
        onSelect={selectTab}
        tabs={[
          {
            id: "overview",
            label: "Overview",
            panel: (
              <div className="flex flex-col gap-6">
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
            ),
          },
          { id: "terminal", label: "Terminal", panel: <TerminalTab workspaceId={workspace.id} agentId={connected ? agent.id : null} running={connected} /> },
          {
            id: "files",
            label: "Files",
            panel: connected ? (
              <FileBrowser agentId={agent.id} />
            ) : (
              <p role="status" className="text-sm text-stone-600 dark:text-stone-400">The workspace is stopped. Start it to browse its files.</p>
            ),
          },
        ]}
      />
    </div>
  );
}
