import type { PrismaClient } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { snapshotFromPacked, type AgentMetricsSnapshot, type PackedWorkspace } from "@/lib/metrics/collect-agent-metrics";

/**
 * The agent metrics as Kiln collected them before issue 16, kept as the yardstick: the
 * integration test checks that today's collector gives the same numbers for every status,
 * lifecycle state and app health, and bench/agent-metrics.ts measures both in one run. Its CTEs
 * are materialized with estimates of one row, so PostgreSQL and the embedded database joined
 * 100,000 agents by nested loops and sorted them on disk (2.7 s embedded, 1.7 s PostgreSQL).
 */
export async function collectAgentMetricsBefore({
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
  return snapshotFromPacked({ workspaces: JSON.parse(result?.workspaces ?? "[]") as PackedWorkspace[], now, inactivityTimeoutMs });
}
