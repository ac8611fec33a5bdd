import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";

/**
 * Seeds `workspaces` running workspaces with `agentsPerWorkspace` agents and one app each, in a
 * handful of SQL statements (not the engine): a succeeded start build per workspace, and every
 * agent connected with its last heartbeat at `lastHeartbeatAt`. Ids are derived from the row
 * number (md5), so the statements can refer to each other's rows.
 */
export async function seedRunningAgents({
  workspaces,
  agentsPerWorkspace,
  lastHeartbeatAt,
}: {
  workspaces: number;
  agentsPerWorkspace: number;
  lastHeartbeatAt: Date;
}): Promise<{ actor: Actor; agents: number }> {
  const prisma = await db();
  const { actor, templateId, organizationId } = await seedUserWithTemplate({ spec: { name: "metrics-seed" } });
  const { activeVersionId } = await prisma.template.findUniqueOrThrow({ where: { id: templateId } });
  const tag = actor.id.slice(0, 8);
  const agents = workspaces * agentsPerWorkspace;
  await prisma.$executeRaw`
    INSERT INTO provisioner_jobs (id, "organizationId", "createdAt", "updatedAt", "startedAt", "completedAt")
    SELECT md5(${tag} || 'job' || i)::uuid, ${organizationId}::uuid, now(), now(), now(), now() FROM generate_series(1, ${workspaces}) i`;
  await prisma.$executeRaw`
    INSERT INTO workspaces (id, "ownerId", "organizationId", "templateId", name, "updatedAt")
    SELECT md5(${tag} || 'ws' || i)::uuid, ${actor.id}::uuid, ${organizationId}::uuid, ${templateId}::uuid, 'ws-' || i, now()
      FROM generate_series(1, ${workspaces}) i`;
  await prisma.$executeRaw`
    INSERT INTO workspace_builds (id, "workspaceId", "buildNumber", transition, "templateVersionId", "jobId", "updatedAt")
    SELECT md5(${tag} || 'build' || i)::uuid, md5(${tag} || 'ws' || i)::uuid, 1, 'start', ${activeVersionId}::uuid, md5(${tag} || 'job' || i)::uuid, now()
      FROM generate_series(1, ${workspaces}) i`;
  await prisma.$executeRaw`
    INSERT INTO workspace_resources (id, "jobId", name, type)
    SELECT md5(${tag} || 'res' || i)::uuid, md5(${tag} || 'job' || i)::uuid, 'machine', 'kiln_agent' FROM generate_series(1, ${workspaces}) i`;
  await prisma.$executeRaw`
    INSERT INTO workspace_agents (id, "resourceId", name, "tokenHash", "firstConnectedAt", "lastConnectedAt", "lifecycleState", "updatedAt")
    SELECT md5(${tag} || 'agent' || i)::uuid, md5(${tag} || 'res' || ((i - 1) / ${agentsPerWorkspace} + 1))::uuid,
           'agent-' || ((i - 1) % ${agentsPerWorkspace}), md5(${tag} || 'token' || i), ${lastHeartbeatAt}, ${lastHeartbeatAt}, 'ready', now()
      FROM generate_series(1, ${agents}) i`;
  await prisma.$executeRaw`
    INSERT INTO workspace_apps (id, "agentId", slug, port, health)
    SELECT md5(${tag} || 'app' || i)::uuid, md5(${tag} || 'agent' || i)::uuid, 'web', 3000, 'healthy'
      FROM generate_series(1, ${agents}) i`;
  return { actor, agents };
}
