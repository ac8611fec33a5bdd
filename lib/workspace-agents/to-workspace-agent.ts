import type { WorkspaceAgent as AgentRow, WorkspaceAgentScript, WorkspaceApp } from "@/generated/prisma/client";
import { config } from "@/lib/config";
import { appHostName } from "@/lib/workspace-apps/app-host";
import { agentStatus } from "./agent-status";
import { agentScriptStatusSchema, type AgentScriptStatus, type WorkspaceAgent } from "./schemas";

export type WorkspaceAgentRow = AgentRow & { apps: WorkspaceApp[]; scripts: WorkspaceAgentScript[] };

// The column is free text so that a status added later does not need a migration; a value this
// version does not know is shown as pending rather than failing the whole workspace view.
function scriptStatus(value: string): AgentScriptStatus {
  const parsed = agentScriptStatusSchema.safeParse(value);
  return parsed.success ? parsed.data : "pending";
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The API's view of an agent. `now` is the caller's one instant for the whole response, so that
 * every agent of a workspace is judged at the same time.
 */
export function toWorkspaceAgent(
  row: WorkspaceAgentRow,
  now: Date,
  /** The workspace and owner names, for the apps' host names. */
  names: { workspace: string; owner: string },
): WorkspaceAgent {
  return {
    id: row.id,
    name: row.name,
    status: agentStatus({ agent: row, now, inactivityTimeoutMs: config().agentInactivityTimeoutMs }),
    lifecycleState: row.lifecycleState,
    displayOrder: row.displayOrder,
    isChat: row.isChat,
    address: row.address,
    firstConnectedAt: iso(row.firstConnectedAt),
    lastConnectedAt: iso(row.lastConnectedAt),
    disconnectedAt: iso(row.disconnectedAt),
    startedAt: iso(row.startedAt),
    readyAt: iso(row.readyAt),
    createdAt: row.createdAt.toISOString(),
    connectionTimeoutSeconds: row.connectionTimeoutSeconds,
    apps: [...row.apps]
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0))
      .map((app) => ({
        slug: app.slug,
        displayName: app.displayName,
        port: app.port,
        path: app.path,
        share: app.share,
        host: appHostName({ target: app.slug, agent: row.name, ...names, appHostname: config().appHostname }),
        health: app.health,
      })),
    scripts: [...row.scripts]
      .sort((a, b) => a.position - b.position)
      .map((script) => ({
        id: script.id,
        name: script.name,
        runOnStart: script.runOnStart,
        timeoutSeconds: script.timeoutSeconds,
        status: scriptStatus(script.status),
        exitCode: script.exitCode,
        startedAt: iso(script.startedAt),
        endedAt: iso(script.endedAt),
      })),
  };
}
