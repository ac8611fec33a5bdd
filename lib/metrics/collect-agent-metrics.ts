import "server-only";
import type { PrismaClient } from "@/generated/prisma/client";
import { agentStatus } from "@/lib/workspace-agents/agent-status";
import { db } from "@/lib/db/client";

/** One agent as the query packs it: a JSON array, timestamps in epoch milliseconds. */
type PackedAgent = [
  name: string,
  createdAt: number,
  firstConnectedAt: number | null,
  lastConnectedAt: number | null,
  disconnectedAt: number | null,
  connectionTimeoutSeconds: number,
  lifecycleState: string,
  apps: [slug: string, health: string][] | null,
];

/** One workspace as the query packs it. */
type WorkspaceRow = [username: string, workspace_name: string, template_name: string, template_version: string, agents: PackedAgent[]];

export type AgentMetricsSnapshot = {
  up: { labels: { username: string; workspace_name: string; template_name: string; template_version: string }; value: number }[];
  connections: { agent_name: string; username: string; workspace_name: string; status: string; lifecycle_state: string }[];
  apps: { agent_name: string; username: string; workspace_name: string; app_name: string; health: string }[];
};

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * The agent metrics from one `now` and one query whatever the number of agents: every workspace
 * whose latest build is a succeeded start, with owner, template and version, its agents and their
 * apps. Every agent is judged at the same instant, so a long pass cannot push healthy agents past
 * the inactivity timeout.
 */
export async function collectAgentMetrics({
  now,
  inactivityTimeoutMs,
  prisma,
}: {
  now: Date;
  inactivityTimeoutMs: number;
  prisma?: Pick<PrismaClient, "$queryRaw">;
}): Promise<AgentMetricsSnapshot> {
  const client = prisma ?? (await db());
  // One row, one text cell: the embedded database decodes results cell by cell, and 10,000 rows
  // of columns took longer than the query itself; JSON.parse of one string is fast everywhere.
  const [result] = await client.$queryRaw<{ workspaces: string }[]>`
    WITH latest AS (
           SELECT DISTINCT ON ("workspaceId") "workspaceId", "jobId", transition, "templateVersionId"
             FROM workspace_builds ORDER BY "workspaceId", "buildNumber" DESC),
         running AS (
           SELECT b."jobId", u.username, w.name AS workspace_name, t.name AS template_name, tv.name AS template_version
             FROM latest b
             JOIN provisioner_jobs j ON j.id = b."jobId"
             JOIN workspaces w ON w.id = b."workspaceId"
             JOIN users u ON u.id = w."ownerId"
             JOIN templates t ON t.id = w."templateId"
             JOIN template_versions tv ON tv.id = b."templateVersionId"
            WHERE b.transition = 'start' AND NOT w.deleted
              AND j."completedAt" IS NOT NULL AND j."canceledAt" IS NULL AND j.error IS NULL),
         agents AS (
           SELECT a.*, r."jobId" FROM running JOIN workspace_resources r ON r."jobId" = running."jobId" JOIN workspace_agents a ON a."resourceId" = r.id),
         apps AS (
           SELECT p."agentId", json_agg(json_build_array(p.slug, p.health) ORDER BY p.slug) AS apps
             FROM agents JOIN workspace_apps p ON p."agentId" = agents.id GROUP BY p."agentId"),
         packed AS (
           SELECT agents."jobId",
                  json_agg(json_build_array(
                    agents.name, extract(epoch FROM agents."createdAt") * 1000, extract(epoch FROM agents."firstConnectedAt") * 1000,
                    extract(epoch FROM agents."lastConnectedAt") * 1000, extract(epoch FROM agents."disconnectedAt") * 1000,
                    agents."connectionTimeoutSeconds", agents."lifecycleState", apps.apps
                  ) ORDER BY agents."displayOrder", agents.name) AS agents
             FROM agents LEFT JOIN apps ON apps."agentId" = agents.id GROUP BY agents."jobId")
    SELECT COALESCE(json_agg(json_build_array(
             running.username, running.workspace_name, running.template_name, running.template_version, COALESCE(packed.agents, '[]'::json))), '[]')::text AS workspaces
      FROM running LEFT JOIN packed ON packed."jobId" = running."jobId"`;
  const rows = JSON.parse(result?.workspaces ?? "[]") as WorkspaceRow[];

  const snapshot: AgentMetricsSnapshot = { up: [], connections: [], apps: [] };
  for (const [username, workspace_name, template_name, template_version, agents] of rows) {
    snapshot.up.push({ labels: { username, workspace_name, template_name, template_version }, value: agents.length });
    for (const [agent_name, createdAt, firstConnectedAt, lastConnectedAt, disconnectedAt, connectionTimeoutSeconds, lifecycle_state, apps] of agents) {
      const status = agentStatus({
        agent: {
          createdAt: new Date(createdAt),
          firstConnectedAt: date(firstConnectedAt),
          lastConnectedAt: date(lastConnectedAt),
          disconnectedAt: date(disconnectedAt),
          connectionTimeoutSeconds,
        },
        now,
        inactivityTimeoutMs,
      });
      snapshot.connections.push({ agent_name, username, workspace_name, status, lifecycle_state });
      for (const [app_name, health] of apps ?? []) snapshot.apps.push({ agent_name, username, workspace_name, app_name, health });
    }
  }
  return snapshot;
}
