import { afterEach, describe, expect, it } from "vitest";
import { setToolConfig, toolConfig } from "@/lib/chat/tools/tool-config";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { waitForBuild } from "./wait-for-build";

const getDb = useTestDatabase();

describe("waitForBuild", () => {
  const saved = toolConfig();
  afterEach(() => setToolConfig(saved));

  it("still ends when the notification is lost: the shared re-check finds the finished build, and leaves the others waiting", async () => {
    // No subscription at all: only the fallback can wake the waits.
    setToolConfig({ eventDriven: false, recheckMs: 100 });
    const { actor, templateId } = await seedUserWithTemplate({ spec: { name: "lost" } });
    const [finished, pending] = await Promise.all(
      ["lost-1", "lost-2"].map(async (name) => (await createWorkspace({ input: { templateId, name }, actor })).latestBuild),
    );
    const controller = new AbortController();
    const waits = [finished!, pending!].map((build) => waitForBuild({ buildId: build.id, signal: controller.signal, timeoutMs: 30_000 }));
    let pendingSettled = false;
    void waits[1]!.then(() => (pendingSettled = true));

    const now = new Date();
    await getDb().prisma.provisionerJob.update({ where: { id: finished!.job.id }, data: { startedAt: now, completedAt: now } });
    expect(await waits[0]).toEqual({ ok: true, agents: [] });
    expect(pendingSettled).toBe(false);
    controller.abort();
    expect(await waits[1]).toMatchObject({ ok: false, kind: "timeout" });
  });
});
