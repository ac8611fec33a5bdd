import { afterEach, describe, expect, it } from "vitest";
import { GET as healthz } from "@/app/api/v1/healthz/route";
import { GET as getMetrics } from "@/app/metrics/route";
import { config, setConfig } from "@/lib/config";
import { checkHealth } from "@/lib/health/check-health";
import { finishJob } from "@/lib/provisioner/finish-job";
import { reapStaleJobs } from "@/lib/provisioner/reap-stale-jobs";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { cancelWorkspaceBuild } from "@/lib/workspaces/cancel-workspace-build";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { collectMetricsOnce } from "./metrics-loop";
import { metrics } from "./registry";
import { seedRunningAgents } from "./testing/seed-agents";

const getDb = useTestDatabase();

const TOKEN = "a-metrics-token-of-32-characters";
const scrape = (headers: Record<string, string> = {}) => getMetrics(new Request("http://kiln.test/metrics", { headers }));

afterEach(() => setConfig({ metricsToken: undefined }));

describe("GET /metrics", () => {
  it("serves the last snapshot in the Prometheus text format: agents, jobs, builds, streams, process", async () => {
    const { actor } = await seedRunningAgents({ workspaces: 2, agentsPerWorkspace: 2, lastHeartbeatAt: new Date() });
    await collectMetricsOnce();
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain(`kiln_agents_up{username="${actor.username}",workspace_name="ws-1",template_name="metrics-seed",template_version="v1"} 2`);
    expect(text).toMatch(new RegExp(`kiln_agents_connections\\{agent_name="agent-0",username="${actor.username}",workspace_name="ws-1",status="connected",lifecycle_state="ready"\\} 1`));
    expect(text).toContain(`kiln_agents_apps{agent_name="agent-1",username="${actor.username}",workspace_name="ws-2",app_name="web",health="healthy"} 1`);
    for (const name of ["kiln_agents_metrics_duration_seconds_count", 'kiln_provisioner_jobs{status="pending"}', "kiln_event_streams_open", "process_cpu_user_seconds_total"]) {
      expect(text).toContain(name);
    }
  });

  it("with KILN_METRICS_TOKEN set, answers 401 without the token or with a wrong one", async () => {
    setConfig({ metricsToken: TOKEN });
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: "Bearer wrong" })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await scrape({ authorization: TOKEN })).status).toBe(401);
    expect((await scrape({ authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect(config().metricsToken).toBe(TOKEN);
  });

  it("counts finished builds by transition and outcome, with their duration", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: { name: "counted" } });
    const workspace = await createWorkspace({ input: { templateId, name: "counted" }, actor });
    const before = (await metrics().builds.get()).values.find((v) => v.labels.transition === "start" && v.labels.outcome === "failed")?.value ?? 0;
    expect(await finishJob({ jobId: workspace.latestBuild.job.id, workspaceId: workspace.id, error: "boom", errorCode: "step_failed" })).toBe(true);
    expect(await finishJob({ jobId: workspace.latestBuild.job.id, workspaceId: workspace.id, error: "again" })).toBe(false);
    const after = (await metrics().builds.get()).values.find((v) => v.labels.transition === "start" && v.labels.outcome === "failed")?.value;
    expect(after).toBe(before + 1);
  });

  it("counts builds canceled before they started and builds the reaper failed", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: { name: "ended" } });
    const count = async (outcome: string) => (await metrics().builds.get()).values.find((v) => v.labels.transition === "start" && v.labels.outcome === outcome)?.value ?? 0;
    const [canceledBefore, failedBefore] = [await count("canceled"), await count("failed")];
    const pending = await createWorkspace({ input: { templateId, name: "pending" }, actor });
    await cancelWorkspaceBuild({ buildId: pending.latestBuild.id, actor });
    expect(await count("canceled")).toBe(canceledBefore + 1);
    const abandoned = await createWorkspace({ input: { templateId, name: "abandoned" }, actor });
    const longAgo = new Date(Date.now() - 120_000);
    await getDb().prisma.provisionerJob.update({ where: { id: abandoned.latestBuild.job.id }, data: { startedAt: longAgo, heartbeatAt: longAgo, workerId: "gone" } });
    expect(await reapStaleJobs({ now: new Date(), staleMs: 30_000 })).toEqual([abandoned.latestBuild.job.id]);
    expect(await count("failed")).toBe(failedBefore + 1);
  });
});

describe("GET /api/v1/healthz", () => {
  it("reports the database, pubsub and the provisioner queue", async () => {
    const response = await healthz(new Request("http://kiln.test/api/v1/healthz"), { params: Promise.resolve({}) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      database: "ok",
      pubsub: "ok",
      provisioner: { embedded: "off", queue: "ok" },
    });
  });

  it("says the queue is stalled when a job has waited over a minute and none runs", async () => {
    const { actor, templateId } = await seedUserWithTemplate({ spec: { name: "waiting" } });
    const workspace = await createWorkspace({ input: { templateId, name: "waiting" }, actor });
    const queuedAt = new Date(workspace.latestBuild.job.createdAt).getTime();
    expect((await checkHealth({ now: new Date(queuedAt + 1000) })).provisioner).toMatchObject({ queue: "ok", pendingJobs: 1 });
    expect((await checkHealth({ now: new Date(queuedAt + 61_000) })).provisioner).toMatchObject({ queue: "stalled", oldestPendingSeconds: 61 });
  });
});
