"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AppLink } from "@/components/workspaces/app-link";
import { StatusBadge } from "@/components/workspaces/status-badge";
import { chatWorkspace } from "@/lib/chat/queries";
import { chatAgent, workspaceState } from "@/lib/chat/view/workspace-state";

/** The chat's workspace at a glance: where it is, its agent, and the apps it serves. */
export function WorkspacePanel({ chatId, agentId }: { chatId: string; agentId: string | null }) {
  const { data, isPending } = useQuery(chatWorkspace(chatId));
  const workspace = data?.workspace ?? null;
  const agent = workspace ? chatAgent(workspace, agentId) : null;
  return (
    <aside
      aria-labelledby="workspace-panel-heading"
      data-testid="workspace-panel"
      className="flex flex-col gap-3 rounded-lg border border-stone-200 p-4 text-sm lg:sticky lg:top-4 dark:border-stone-800"
    >
      <h2 id="workspace-panel-heading" className="font-medium">
        Workspace
      </h2>
      {isPending ? <p className="text-stone-600 dark:text-stone-400">Loading workspace…</p> : null}
      {!isPending && !workspace ? <p className="text-stone-600 dark:text-stone-400">No workspace yet.</p> : null}
      {workspace ? (
        <>
          <div className="flex flex-wrap items-center gap-2">
            <Link
              href={`/workspaces/${workspace.id}`}
              data-testid="workspace-name"
              className="font-medium break-all text-orange-700 hover:underline focus-visible:outline-2 focus-visible:outline-orange-500 dark:text-orange-400"
            >
              {workspace.ownerName}/{workspace.name}
            </Link>
            <StatusBadge status={workspaceState(workspace, agentId)} testId="workspace-state" />
            <Link
              href={`/workspaces/${workspace.id}?tab=terminal`}
              data-testid="open-terminal"
              className="ml-auto text-xs text-orange-700 hover:underline dark:text-orange-400"
            >
              Open terminal
            </Link>
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
            <dt className="text-stone-600 dark:text-stone-400">Template</dt>
            <dd>{workspace.templateDisplayName || workspace.templateName}</dd>
            <dt className="text-stone-600 dark:text-stone-400">Build</dt>
            <dd>
              #{workspace.latestBuild.buildNumber} {workspace.latestBuild.transition}, {workspace.latestBuild.status}
            </dd>
            {agent ? (
              <>
                <dt className="text-stone-600 dark:text-stone-400">Agent</dt>
                <dd>
                  {agent.name}, {agent.status}
                </dd>
                <dt className="text-stone-600 dark:text-stone-400">Lifecycle</dt>
                <dd>
                  <StatusBadge status={agent.lifecycleState} testId="agent-lifecycle" />
                </dd>
              </>
            ) : null}
          </dl>
          {agent && agent.scripts.length > 0 ? (
            <ul aria-label="Startup scripts" className="flex flex-col gap-1 text-xs">
              {agent.scripts.map((script) => (
                <li key={script.id} className="flex items-center justify-between gap-2">
                  <span className="truncate">{script.name}</span>
                  <StatusBadge status={script.status} />
                </li>
              ))}
            </ul>
          ) : null}
          {agent && agent.apps.length > 0 ? (
            <ul aria-label="Apps" className="flex flex-wrap gap-2">
              {agent.apps.map((app) => (
                <li key={app.slug}>
                  {/* A new tab, not an iframe: the app's origin is another site, whose SameSite cookies a frame would not get. */}
                  <AppLink app={app} />
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </aside>
  );
}
