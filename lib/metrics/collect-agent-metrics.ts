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

/** One workspace as the query packs it; a workspace without agents may have null for them. */
export type PackedWorkspace = [username: string, workspace_name: string, template_name: string, template_version: string, agents: PackedAgent[] | null];

export type AgentMetricsSnapshot = {
  up: { labels: { username: string; workspace_name: string; template_name: string; template_version: string }; value: number }[];
  connections: { agent_name: string; username: string; workspace_name: string; status: string; lifecycle_state: string }[];
  apps: { agent_name: string; username: string; workspace_name: string; app_name: string; health: string }[];
};

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/** The gauges' samples from packed workspaces, every agent judged at the one `now`. */
export function snapshotFromPacked({
  workspaces,
  now,
  inactivityTimeoutMs,
}: {
  workspaces: PackedWorkspace[];
  now: Date;
  inactivityTimeoutMs: number;
}): AgentMetricsSnapshot {
  const snapshot: AgentMetricsSnapshot = { up: [], connections: [], apps: [] };
  for (const [username, workspace_name, template_name, template_version, agents] of workspaces) {
    snapshot.up.push({ labels: { username, workspace_name, template_name, template_version }, value: agents?.length ?? 0 });
    for (const [agent_name, createdAt, firstConnectedAt, lastConnectedAt, disconnectedAt, connectionTimeoutSeconds, lifecycle_state, apps] of agents ?? []) {
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

/**
 * The agent metrics from one `now` and one query (in a transaction that sets the planner up for
 * it) whatever the number of agents: every workspace whose latest build is a succeeded start,
 * with owner, template and version, its agents and their apps. Every agent is judged at the same
 * instant, so a long pass cannot push healthy agents past the inactivity timeout.
 */
export async function collectAgentMetrics({
  now,
  inactivityTimeoutMs,
  prisma,
}: {
  now: Date;
  inactivityTimeoutMs: number;
  prisma?: Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;
}): Promise<AgentMetricsSnapshot> {
  const client = prisma ?? (await db());
  // The plan must not depend on row estimates: the embedded database never analyzes its tables,
  // and the previous query's guesses (one running workspace, one agent) had it join 100,000
  // agents by nested loops and sort them on disk. So, for this transaction only: no nested loops
  // (every join is one pass over each side, hashed, whatever the estimates), enough memory for
  // the sorts and hashes of 100,000 agents, and no JIT compilation on PostgreSQL (it took longer
  // than the query). Each level is aggregated once: apps per agent, agents per build.
  // One row, one text cell: the embedded database decodes results cell by cell, and 10,000 rows
  // of columns took longer than the query itself; JSON.parse of one string is fast everywhere.
  // Timestamps leave as float8 epoch milliseconds: extract() computes in numeric, slower.
  const [, , , [result]] = await client.$transaction([
    client.$executeRaw`SET LOCAL enable_nestloop = off`,
    client.$executeRaw`SET LOCAL work_mem = '64MB'`,
    client.$executeRaw`SET LOCAL jit = off`,
    client.$queryRaw<{ workspaces: string }[]>`
      WITH running AS (
             SELECT b."jobId", u.username, w.name AS workspace_name, t.name AS template_name, tv.name AS template_version
               FROM (SELECT DISTINCT ON ("workspaceId") "workspaceId", "jobId", transition, "templateVersionId"
                       FROM workspace_builds ORDER BY "workspaceId", "buildNumber" DESC) b
               JOIN provisioner_jobs j ON j.id = b."jobId"
               JOIN workspaces w ON w.id = b."workspaceId"
               JOIN users u ON u.id = w."ownerId"
               JOIN templates t ON t.id = w."templateId"
               JOIN template_versions tv ON tv.id = b."templateVersionId"
              WHERE b.transition = 'start' AND NOT w.deleted
                AND j."completedAt" IS NOT NULL AND j."canceledAt" IS NULL AND j.error IS NULL)
      SELECT COALESCE(json_agg(json_build_array(
               running.username, running.workspace_name, running.template_name, running.template_version, packed.agents)), '[]')::text AS workspaces
        FROM running
        LEFT JOIN (
          SELECT agents."jobId", json_agg(json_build_array(
                   agents.name, round(date_part('epoch', agents."createdAt") * 1000), round(date_part('epoch', agents."firstConnectedAt") * 1000),
                   round(date_part('epoch', agents."lastConnectedAt") * 1000), round(date_part('epoch', agents."disconnectedAt") * 1000),
                   agents."connectionTimeoutSeconds", agents."lifecycleState", agents.apps
                 ) ORDER BY agents."displayOrder", agents.name) AS agents
            FROM (SELECT r."jobId", a.name, a."createdAt", a."firstConnectedAt", a."lastConnectedAt", a."disconnectedAt",
                         a."connectionTimeoutSeconds", a."lifecycleState", a."displayOrder",
                         json_agg(json_build_array(p.slug, p.health) ORDER BY p.slug) FILTER (WHERE p.id IS NOT NULL) AS apps
                    FROM running
                    JOIN workspace_resources r ON r."jobId" = running."jobId"
                    JOIN workspace_agents a ON a."resourceId" = r.id
                    LEFT JOIN workspace_apps p ON p."agentId" = a.id
                   GROUP BY a.id, r."jobId") agents
           GROUP BY agents."jobId") packed ON packed."jobId" = running."jobId"`,
  ]);
  return snapshotFromPacked({ workspaces: JSON.parse(result?.workspaces ?? "[]") as PackedWorkspace[], now, inactivityTimeoutMs });
}
