import { describe, expect, it } from "vitest";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { heartbeatJobs } from "./heartbeat-jobs";

const getDb = useTestDatabase();

describe("heartbeatJobs", () => {
  it("stamps the jobs this worker runs, in one call, and tells each ok, canceled, or lost", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: { name: "beat" } });
    const [first, second, other] = await Promise.all(
      ["beat-1", "beat-2", "beat-3"].map(async (name) => (await createWorkspace({ input: { templateId, name }, actor })).latestBuild.job.id),
    );
    const prisma = getDb().prisma;
    await prisma.provisionerJob.updateMany({ where: { id: { in: [first!, second!] } }, data: { workerId: "w1", startedAt: new Date() } });
    await prisma.provisionerJob.update({ where: { id: other! }, data: { workerId: "w2", startedAt: new Date() } });
    const now = new Date("2026-11-24T12:00:00.000Z");
    expect(await heartbeatJobs({ jobIds: [first!, second!, other!], workerId: "w1", now })).toEqual(
      new Map([
        [first, "ok"],
        [second, "ok"],
        [other, "lost"],
      ]),
    );
    expect((await prisma.provisionerJob.findUniqueOrThrow({ where: { id: first! } })).heartbeatAt).toEqual(now);
    expect((await prisma.provisionerJob.findUniqueOrThrow({ where: { id: other! } })).heartbeatAt).not.toEqual(now);

    await prisma.provisionerJob.update({ where: { id: first! }, data: { canceledAt: new Date() } });
    await prisma.provisionerJob.update({ where: { id: second! }, data: { completedAt: new Date() } });
    expect(await heartbeatJobs({ jobIds: [first!, second!], workerId: "w1" })).toEqual(
      new Map([
        [first, "canceled"],
        [second, "lost"],
      ]),
    );
    expect(await heartbeatJobs({ jobIds: [], workerId: "w1" })).toEqual(new Map());
  });
});
