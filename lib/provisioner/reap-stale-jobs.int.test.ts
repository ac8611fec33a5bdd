import { describe, expect, it } from "vitest";
import { isAgentProcessRunning } from "@/lib/workspace-agents/agent-process";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { reapStaleJobs } from "./reap-stale-jobs";

const getDb = useTestDatabase();
const engine = useEngine(getDb);

describe("reaping an abandoned start build", () => {
  it("stops the agents it started, running or not, so none stays up on a failed workspace", async () => {
    const { actor, templateId } = await seedUserWithTemplate({
      spec: { name: "three-agents", agents: ["one", "two", "three"].map((name) => ({ name })) },
    });
    const created = await createWorkspace({ input: { templateId, name: "abandoned" }, actor });
    const jobId = created.latestBuild.job.id;
    const { prisma } = getDb();
    await eventually(async () => (await prisma.provisionerJob.findUniqueOrThrow({ where: { id: jobId } })).completedAt, { what: "the build" });
    await engine.stopProvisioner();
    const agents = await prisma.workspaceAgent.findMany({ where: { resource: { jobId } }, select: { id: true } });
    expect(agents).toHaveLength(3);
    for (const agent of agents) expect(await isAgentProcessRunning({ agentId: agent.id })).toBe(true);

    // As a crash while the agents were being started leaves it: the job running, silent.
    const now = new Date();
    await prisma.provisionerJob.update({
      where: { id: jobId },
      data: { completedAt: null, error: null, heartbeatAt: new Date(now.getTime() - 60_000) },
    });
    expect(await reapStaleJobs({ now, staleMs: 30_000 })).toEqual([jobId]);

    for (const agent of agents) expect(await isAgentProcessRunning({ agentId: agent.id })).toBe(false);
    const states = await prisma.workspaceAgent.findMany({ where: { resource: { jobId } }, select: { lifecycleState: true, disconnectedAt: true } });
    expect(states.every((state) => state.lifecycleState === "off" && state.disconnectedAt !== null)).toBe(true);
  });
});
