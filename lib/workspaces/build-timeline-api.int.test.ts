import { beforeAll, describe, expect, it } from "vitest";
import { GET as getTimeline } from "@/app/api/v1/workspacebuilds/[buildId]/timeline/route";
import { POST as createWorkspace } from "@/app/api/v1/workspaces/route";
import { createSession } from "@/lib/auth/create-session";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { callRoute } from "@/lib/testing/call-route";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { buildTimeline } from "./build-timeline";
import { buildTimelineDataSchema } from "./schemas";

// The provisioner's and the agent's records are written directly with known times, so that the
// durations the route gives can be checked to the millisecond against what is stored.
const getDb = useTestDatabase();
const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (ms: number) => new Date(T0 + ms);
let session = "";
let otherSession = "";
let buildId = "";

beforeAll(async () => {
  const nodeDev = (await listExampleTemplates()).find((t) => t.spec.name === "node-dev")!;
  const owner = await seedUserWithTemplate({ spec: nodeDev.spec });
  const other = await seedUserWithTemplate({ spec: nodeDev.spec });
  session = (await createSession({ userId: owner.actor.id })).secret;
  otherSession = (await createSession({ userId: other.actor.id })).secret;
  const created = await callRoute(createWorkspace, { session, body: { templateId: owner.templateId, name: "timed" } });
  expect(created.status).toBe(201);
  buildId = created.body.latestBuild.id;
  const prisma = getDb().prisma;
  const { jobId } = await prisma.workspaceBuild.findUniqueOrThrow({ where: { id: buildId } });
  await prisma.provisionerJob.update({ where: { id: jobId }, data: { createdAt: at(0), startedAt: at(250), completedAt: at(4_000), error: "step failed", errorCode: "build_failed" } });
  await prisma.provisionerJobTiming.createMany({
    data: [
      { jobId, stage: "install", position: 0, startedAt: at(300), endedAt: at(2_345), exitCode: 0 },
      { jobId, stage: "compile", position: 1, startedAt: at(2_400), endedAt: at(3_990), exitCode: 1 },
    ],
  });
  const resource = await prisma.workspaceResource.create({ data: { jobId, name: "main", type: "kiln_agent" } });
  await prisma.workspaceAgent.create({
    data: {
      resourceId: resource.id,
      name: "main",
      tokenHash: `hash-${buildId}`,
      firstConnectedAt: at(5_000),
      scripts: { create: [{ name: "serve", script: "true", startedAt: at(5_100), endedAt: at(7_600), exitCode: 0, status: "succeeded" }] },
    },
  });
});

describe("GET /workspacebuilds/:id/timeline", () => {
  it("gives the stored step, connect and script times, with the failing step marked", async () => {
    const response = await callRoute(getTimeline, { session, params: { buildId } });
    expect(response.status).toBe(200);
    const data = buildTimelineDataSchema.parse(response.body);
    const timeline = buildTimeline({ ...data, now: at(60_000) });
    expect(timeline.phases.map((p) => [p.label, p.endMs === null ? null : p.endMs - p.startMs, p.failed])).toEqual([
      ["queued", 250, false],
      ["install", 2_045, false],
      ["compile", 1_590, true],
      ["main: connect", 1_000, false],
      ["main: serve", 2_500, false],
    ]);
  });

  it("answers 404 for another user's build and for an unknown one, 400 for a bad id", async () => {
    expect((await callRoute(getTimeline, { session: otherSession, params: { buildId } })).status).toBe(404);
    expect((await callRoute(getTimeline, { session, params: { buildId: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
    expect((await callRoute(getTimeline, { session, params: { buildId: "nope" } })).status).toBe(400);
    expect((await callRoute(getTimeline, { params: { buildId } })).status).toBe(401);
  });
});
