import { describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { db } from "@/lib/db/client";
import { useTestDatabase } from "@/lib/testing/test-database";
import { collectAgentMetrics } from "./collect-agent-metrics";
import { seedRunningAgents } from "./testing/seed-agents";

const getDb = useTestDatabase();

const TIMEOUT_MS = 30_000;

/** The database client with every query counted. */
async function countingClient() {
  const prisma = await db();
  const counter = { queries: 0 };
  const client = {
    $queryRaw: (...args: Parameters<PrismaClient["$queryRaw"]>) => {
      counter.queries += 1;
      return prisma.$queryRaw(...args);
    },
  } as Pick<PrismaClient, "$queryRaw">;
  return { client, counter };
}

describe("agent metrics", () => {
  it("reports 10,000 healthy agents across 2,500 workspaces as connected, in at most 5 queries", async () => {
    const now = new Date();
    const { actor } = await seedRunningAgents({ workspaces: 2500, agentsPerWorkspace: 4, lastHeartbeatAt: new Date(now.getTime() - 5_000) });
    const { client, counter } = await countingClient();
    const snapshot = await collectAgentMetrics({ now, inactivityTimeoutMs: TIMEOUT_MS, prisma: client });
    const mine = snapshot.connections.filter((c) => c.username === actor.username);
    expect(mine).toHaveLength(10_000);
    expect(mine.filter((c) => c.status !== "connected")).toEqual([]);
    expect(counter.queries).toBeLessThanOrEqual(5);
    const up = snapshot.up.filter((u) => u.labels.username === actor.username);
    expect(up).toHaveLength(2500);
    expect(up.every((u) => u.value === 4 && u.labels.template_name === "metrics-seed" && u.labels.template_version === "v1")).toBe(true);
    expect(snapshot.apps.filter((a) => a.username === actor.username && a.health === "healthy")).toHaveLength(10_000);
  }, 120_000);

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
