import { describe, expect, it } from "vitest";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { heartbeatJob } from "./heartbeat-job";

const getDb = useTestDatabase();

describe("heartbeatJob", () => {
  it("stamps a job this worker runs and tells ok, canceled, or lost", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: { name: "beat" } });
    const jobId = (await createWorkspace({ input: { templateId, name: "beat" }, actor })).latestBuild.job.id;
    const prisma = getDb().prisma;
    await prisma.provisionerJob.update({ where: { id: jobId }, data: { workerId: "w1", startedAt: new Date() } });
    const now = new Date("2026-11-24T12:00:00.000Z");
    expect(await heartbeatJob({ jobId, workerId: "w1", now })).toBe("ok");
    expect((await prisma.provisionerJob.findUniqueOrThrow({ where: { id: jobId } })).heartbeatAt).toEqual(now);
    expect(await heartbeatJob({ jobId, workerId: "w2" })).toBe("lost");
    await prisma.provisionerJob.update({ where: { id: jobId }, data: { canceledAt: new Date() } });
    expect(await heartbeatJob({ jobId, workerId: "w1" })).toBe("canceled");
    await prisma.provisionerJob.update({ where: { id: jobId }, data: { completedAt: new Date() } });
    expect(await heartbeatJob({ jobId, workerId: "w1" })).toBe("lost");
  });
});
