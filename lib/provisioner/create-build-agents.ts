import "server-only";
import { randomUUID } from "node:crypto";
import { hashSecret, newSecret } from "@/lib/auth/secrets";
import { db } from "@/lib/db/client";
import { narrowShare } from "@/lib/workspace-apps/app-share";
import type { JobContext } from "./load-job-context";

export type CreatedAgent = { id: string; name: string; token: string };

/**
 * Records what a successful start build made: one resource holding the template's agents,
 * each with its own secret token (only its hash is stored), scripts and apps.
 *
 * One statement, whatever the number of agents, scripts and apps (every start build pays for it;
 * the nested create it replaces cost a transaction of about ten): the inserts of a WITH do not
 * see each other's rows, but their foreign keys are checked at the end of the statement, when
 * all of them are in.
 */
export async function createBuildAgents(
  context: JobContext,
  /** Where the agent's scripts run, as the agent sees it (the home inside its sandbox). */
  { directory = context.directory, now = new Date() }: { directory?: string; now?: Date } = {},
): Promise<CreatedAgent[]> {
  if (context.spec.agents.length === 0) return [];
  const prisma = await db();
  const resourceId = randomUUID();
  const agents = context.spec.agents.map((spec) => ({ spec, id: randomUUID(), token: newSecret("kiln_a_") }));
  const scripts = agents.flatMap(({ spec, id }) => spec.scripts.map((script, position) => ({ agentId: id, script, position })));
  const apps = agents.flatMap(({ spec, id }) => spec.apps.map((app) => ({ agentId: id, app })));
  await prisma.$executeRaw`
    WITH resource AS (
      INSERT INTO workspace_resources (id, "jobId", name, type, "createdAt")
      VALUES (${resourceId}::uuid, ${context.jobId}::uuid, 'workspace', 'kiln_process', ${now})
    ), agents AS (
      INSERT INTO workspace_agents (id, "resourceId", name, "tokenHash", "connectionTimeoutSeconds", "displayOrder", "isChat", directory, "createdAt", "updatedAt")
      SELECT a.id, ${resourceId}::uuid, a.name, a.token_hash, a.connection_timeout, a.display_order, a.is_chat, ${directory}, ${now}, ${now}
        FROM unnest(
          ${agents.map((a) => a.id)}::uuid[],
          ${agents.map((a) => a.spec.name)}::text[],
          ${agents.map((a) => hashSecret(a.token))}::text[],
          ${agents.map((a) => a.spec.connection_timeout)}::int[],
          ${agents.map((a) => a.spec.display_order)}::int[],
          ${agents.map((a) => a.spec.chat)}::boolean[]
        ) AS a(id, name, token_hash, connection_timeout, display_order, is_chat)
    ), scripts AS (
      INSERT INTO workspace_agent_scripts (id, "agentId", name, script, "runOnStart", "timeoutSeconds", position)
      SELECT gen_random_uuid(), s.agent_id, s.name, s.script, s.run_on_start, s.timeout, s.position
        FROM unnest(
          ${scripts.map((s) => s.agentId)}::uuid[],
          ${scripts.map((s) => s.script.name)}::text[],
          ${scripts.map((s) => s.script.run)}::text[],
          ${scripts.map((s) => s.script.run_on_start)}::boolean[],
          ${scripts.map((s) => s.script.timeout)}::int[],
          ${scripts.map((s) => s.position)}::int[]
        ) AS s(agent_id, name, script, run_on_start, timeout, position)
    )
    INSERT INTO workspace_apps (id, "agentId", slug, "displayName", port, path, share, "healthcheckPath", "healthcheckInterval", "healthcheckThreshold", health, "createdAt")
    SELECT gen_random_uuid(), p.agent_id, p.slug, p.display_name, p.port, p.path, p.share::"AppShare", p.healthcheck_path, p.healthcheck_interval,
           p.healthcheck_threshold, p.health::"AppHealth", ${now}
      FROM unnest(
        ${apps.map((p) => p.agentId)}::uuid[],
        ${apps.map((p) => p.app.slug)}::text[],
        ${apps.map((p) => p.app.display_name ?? p.app.slug)}::text[],
        ${apps.map((p) => p.app.port)}::int[],
        ${apps.map((p) => p.app.path)}::text[],
        ${apps.map((p) => narrowShare(p.app.share, context.spec.max_app_share))}::text[],
        ${apps.map((p) => p.app.healthcheck?.path ?? null)}::text[],
        ${apps.map((p) => p.app.healthcheck?.interval ?? 0)}::int[],
        ${apps.map((p) => p.app.healthcheck?.threshold ?? 0)}::int[],
        ${apps.map((p) => (p.app.healthcheck ? "initializing" : "disabled"))}::text[]
      ) AS p(agent_id, slug, display_name, port, path, share, healthcheck_path, healthcheck_interval, healthcheck_threshold, health)`;
  return agents.map(({ id, spec, token }) => ({ id, name: spec.name, token }));
}
