import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/lib/testing/test-database";
import { collectAgentMetrics, type AgentMetricsSnapshot } from "./collect-agent-metrics";
import { collectAgentMetricsBefore } from "./testing/collect-agent-metrics-before";
import { seedRunningAgents } from "./testing/seed-agents";

const getDb = useTestDatabase();

const TIMEOUT_MS = 30_000;

/** The database client with every statement counted. */
async function countingClient() {
  const prisma = await db();
  const counter = { queries: 0 };
  const client = {
    $queryRaw: (...args: Parameters<PrismaClient["$queryRaw"]>) => {
      counter.queries += 1;
      return prisma.$queryRaw(...args);
    },
    $executeRaw: (...args: Parameters<PrismaClient["$executeRaw"]>) => {
      counter.queries += 1;
      return prisma.$executeRaw(...args);
    },
    $transaction: prisma.$transaction.bind(prisma),
  } as Pick<PrismaClient, "$queryRaw" | "$executeRaw" | "$transaction">;
  return { client, counter };
}

/** A snapshot in a fixed order, so that two collectors can be compared whatever order they list in. */
function sorted(snapshot: AgentMetricsSnapshot) {
  const byJson = <T,>(items: T[]) => items.map((item) => JSON.stringify(item)).sort();
  return { up: byJson(snapshot.up), connections: byJson(snapshot.connections), apps: byJson(snapshot.apps) };
}

const LIFECYCLE_STATES = ["created", "starting", "ready", "start_error", "start_timeout", "shutting_down", "shutdown_error", "shutdown_timeout", "off"];
const HEALTHS = ["disabled", "initializing", "healthy", "unhealthy"];
/** Connection times that lead to each status, some of them at a boundary of the rules (agent-status.ts). */
const TIME_CASES = 7;

describe("agent metrics", () => {
  it("reports 10,000 healthy agents across 2,500 workspaces as connected, in one query (its transaction sets the planner up first)", async () => {
    const now = new Date();
    const { actor } = await seedRunningAgents({ workspaces: 2500, agentsPerWorkspace: 4, lastHeartbeatAt: new Date(now.getTime() - 5_000) });
    const { client, counter } = await countingClient();
    const snapshot = await collectAgentMetrics({ now, inactivityTimeoutMs: TIMEOUT_MS, prisma: client });
    const mine = snapshot.connections.filter((c) => c.username === actor.username);
    expect(mine).toHaveLength(10_000);
    expect(mine.filter((c) => c.status !== "connected")).toEqual([]);
    expect(counter.queries).toBeLessThanOrEqual(4);
    const up = snapshot.up.filter((u) => u.labels.username === actor.username);
    expect(up).toHaveLength(2500);
    expect(up.every((u) => u.value === 4 && u.labels.template_name === "metrics-seed" && u.labels.template_version === "v1")).toBe(true);
    expect(snapshot.apps.filter((a) => a.username === actor.username && a.health === "healthy")).toHaveLength(10_000);
  }, 120_000);

  it("gives the numbers the previous collector gave, for every status, lifecycle state and app health, and leaves out what it left out", async () => {
    const now = new Date("2026-06-01T12:00:00.000Z");
    const { actor } = await seedRunningAgents({ workspaces: 40, agentsPerWorkspace: 9, lastHeartbeatAt: now });
    const prisma = getDb().prisma;
    // Agent i (by workspace name, then agent name) gets lifecycle state i % 9, connection times
    // (i / 9) % 7 and app health (i / 63) % 4: the agents of the first 28 workspaces make every
    // combination; the other 12 workspaces are changed below.
    await prisma.$executeRaw`
      UPDATE workspace_agents a
         SET "lifecycleState" = (${LIFECYCLE_STATES}::text[])[n.i % 9 + 1]::"AgentLifecycleState",
             "createdAt" = ${now}::timestamptz - CASE n.i / 9 % ${TIME_CASES} WHEN 1 THEN interval '121 seconds' WHEN 2 THEN interval '1 day' ELSE interval '60 seconds' END,
             "connectionTimeoutSeconds" = CASE n.i / 9 % ${TIME_CASES} WHEN 2 THEN 0 ELSE 120 END,
             "firstConnectedAt" = CASE WHEN n.i / 9 % ${TIME_CASES} < 3 THEN NULL ELSE ${now}::timestamptz - interval '50 seconds' END,
             "lastConnectedAt" = CASE n.i / 9 % ${TIME_CASES}
                                   WHEN 3 THEN ${now}::timestamptz - ${TIMEOUT_MS} * interval '1 millisecond'
                                   WHEN 4 THEN ${now}::timestamptz - (${TIMEOUT_MS} + 1) * interval '1 millisecond'
                                   WHEN 5 THEN ${now}::timestamptz - interval '1 second' END,
             "disconnectedAt" = CASE n.i / 9 % ${TIME_CASES} WHEN 5 THEN ${now}::timestamptz - interval '1 second'
                                                             WHEN 6 THEN ${now}::timestamptz - interval '51 seconds' END
        FROM (SELECT a.id, (row_number() OVER (ORDER BY w.name, a.name) - 1)::int AS i
                FROM workspace_agents a JOIN workspace_resources r ON r.id = a."resourceId"
                JOIN workspace_builds b ON b."jobId" = r."jobId" JOIN workspaces w ON w.id = b."workspaceId"
               WHERE w."ownerId" = ${actor.id}::uuid) n
       WHERE a.id = n.id`;
    await prisma.$executeRaw`
      UPDATE workspace_apps p SET health = (${HEALTHS}::text[])[n.i / 63 % 4 + 1]::"AppHealth"
        FROM (SELECT a.id, (row_number() OVER (ORDER BY w.name, a.name) - 1)::int AS i
                FROM workspace_agents a JOIN workspace_resources r ON r.id = a."resourceId"
                JOIN workspace_builds b ON b."jobId" = r."jobId" JOIN workspaces w ON w.id = b."workspaceId"
               WHERE w."ownerId" = ${actor.id}::uuid) n
       WHERE p."agentId" = n.id`;
    const workspaces = await prisma.workspace.findMany({
      where: { ownerId: actor.id },
      orderBy: { name: "asc" },
      include: { builds: { include: { job: { include: { resources: { include: { agents: { orderBy: { name: "asc" } } } } } } } } },
    });
    const jobOf = (index: number) => workspaces[index]!.builds[0]!.job;
    const agentsOf = (index: number) => jobOf(index).resources.flatMap((r) => r.agents);
    // Agents with two apps and without any; a workspace without apps and one without agents (up 0).
    await prisma.workspaceApp.create({ data: { agentId: agentsOf(39)[0]!.id, slug: "api", port: 4000, health: "unhealthy" } });
    await prisma.workspaceApp.deleteMany({ where: { agentId: agentsOf(39)[1]!.id } });
    await prisma.workspaceApp.deleteMany({ where: { agentId: { in: agentsOf(38).map((a) => a.id) } } });
    await prisma.workspaceAgent.deleteMany({ where: { resourceId: jobOf(37).resources[0]!.id } });
    // Left out: deleted, failed, canceled, unfinished, and a start build followed by a stop build.
    await prisma.workspace.update({ where: { id: workspaces[36]!.id }, data: { deleted: true } });
    await prisma.provisionerJob.update({ where: { id: jobOf(35).id }, data: { error: "boom" } });
    await prisma.provisionerJob.update({ where: { id: jobOf(34).id }, data: { canceledAt: now } });
    await prisma.provisionerJob.update({ where: { id: jobOf(33).id }, data: { completedAt: null } });
    const stopJob = await prisma.provisionerJob.create({ data: { organizationId: workspaces[32]!.organizationId, startedAt: now, completedAt: now } });
    await prisma.workspaceBuild.create({
      data: { workspaceId: workspaces[32]!.id, buildNumber: 2, transition: "stop", templateVersionId: workspaces[32]!.builds[0]!.templateVersionId, jobId: stopJob.id },
    });

    const mine = (snapshot: AgentMetricsSnapshot) => ({
      up: snapshot.up.filter((u) => u.labels.username === actor.username),
      connections: snapshot.connections.filter((c) => c.username === actor.username),
      apps: snapshot.apps.filter((a) => a.username === actor.username),
    });
    const [after, before] = await Promise.all([
      collectAgentMetrics({ now, inactivityTimeoutMs: TIMEOUT_MS }).then(mine),
      collectAgentMetricsBefore({ now, inactivityTimeoutMs: TIMEOUT_MS }).then(mine),
    ]);
    expect(sorted(after)).toEqual(sorted(before));

    // The comparison covers what it claims to: every combination, and each case left out.
    const statusOf = new Map(after.connections.map((c) => [`${c.workspace_name}/${c.agent_name}`, `${c.status}/${c.lifecycle_state}`]));
    const combinations = new Set(after.apps.map((a) => `${statusOf.get(`${a.workspace_name}/${a.agent_name}`)}/${a.health}`));
    expect(combinations.size).toBe(4 * LIFECYCLE_STATES.length * HEALTHS.length);
    expect(after.up.map((u) => u.labels.workspace_name).sort()).toEqual(
      workspaces.filter((_, index) => index < 32 || index > 36).map((w) => w.name).sort(),
    );
    expect(after.up.find((u) => u.labels.workspace_name === workspaces[37]!.name)?.value).toBe(0);
    expect(after.apps.filter((a) => a.workspace_name === workspaces[38]!.name)).toEqual([]);
    expect(after.apps.filter((a) => a.workspace_name === workspaces[39]!.name)).toHaveLength(9);
  });

  it("judges every agent at the one `now` it is given: just past the inactivity timeout is disconnected, at it still connected", async () => {
    const heartbeat = new Date("2026-01-01T00:00:00.000Z");
    const { actor } = await seedRunningAgents({ workspaces: 2, agentsPerWorkspace: 2, lastHeartbeatAt: heartbeat });
    const statuses = async (now: Date) =>
      new Set(
        (await collectAgentMetrics({ now, inactivityTimeoutMs: TIMEOUT_MS })).connections.filter((c) => c.username === actor.username).map((c) => c.status),
      );
    expect(await statuses(new Date(heartbeat.getTime() + TIMEOUT_MS))).toEqual(new Set(["connected"]));
    expect(await statuses(new Date(heartbeat.getTime() + TIMEOUT_MS + 1))).toEqual(new Set(["disconnected"]));
  });

  it("reports a never-connected agent as connecting until its connection timeout has passed, then timeout", async () => {
    const { actor } = await seedRunningAgents({ workspaces: 1, agentsPerWorkspace: 1, lastHeartbeatAt: new Date() });
    const agent = await getDb().prisma.workspaceAgent.findFirstOrThrow({ where: { resource: { job: { build: { workspace: { ownerId: actor.id } } } } } });
    await getDb().prisma.workspaceAgent.update({
      where: { id: agent.id },
      data: { firstConnectedAt: null, lastConnectedAt: null, connectionTimeoutSeconds: 120, lifecycleState: "created" },
    });
    const status = async (now: Date) =>
      (await collectAgentMetrics({ now, inactivityTimeoutMs: TIMEOUT_MS })).connections.find((c) => c.username === actor.username)!.status;
    expect(await status(new Date(agent.createdAt.getTime() + 120_000))).toBe("connecting");
    expect(await status(new Date(agent.createdAt.getTime() + 120_001))).toBe("timeout");
  });

  it("leaves out workspaces whose latest build is not a succeeded start, and deleted ones", async () => {
    const { actor } = await seedRunningAgents({ workspaces: 3, agentsPerWorkspace: 1, lastHeartbeatAt: new Date() });
    const prisma = getDb().prisma;
    const [first, second] = await prisma.workspace.findMany({ where: { ownerId: actor.id }, orderBy: { name: "asc" } });
    await prisma.workspace.update({ where: { id: first!.id }, data: { deleted: true } });
    const build = await prisma.workspaceBuild.findFirstOrThrow({ where: { workspaceId: second!.id } });
    await prisma.provisionerJob.update({ where: { id: build.jobId }, data: { error: "boom" } });
    const snapshot = await collectAgentMetrics({ now: new Date(), inactivityTimeoutMs: TIMEOUT_MS });
    expect(snapshot.up.filter((u) => u.labels.username === actor.username).map((u) => u.labels.workspace_name)).toEqual(["ws-3"]);
  });
});
