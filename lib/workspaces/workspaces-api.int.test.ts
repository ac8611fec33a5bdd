import { beforeAll, describe, expect, it } from "vitest";
import { POST as cancelBuild } from "@/app/api/v1/workspacebuilds/[buildId]/cancel/route";
import { GET as buildLogs } from "@/app/api/v1/workspacebuilds/[buildId]/logs/route";
import { POST as createBuild } from "@/app/api/v1/workspaces/[workspaceId]/builds/route";
import { GET as getWorkspace } from "@/app/api/v1/workspaces/[workspaceId]/route";
import { GET as listWorkspaces, POST as createWorkspace } from "@/app/api/v1/workspaces/route";
import { createSession } from "@/lib/auth/create-session";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { callRoute } from "@/lib/testing/call-route";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";

// No provisioner runs here: builds stay pending, which is what the 409 cases need.
const getDb = useTestDatabase();
let session = "";
let otherSession = "";
let templateId = "";

async function counts() {
  const prisma = getDb().prisma;
  const [workspaces, builds, jobs] = await Promise.all([prisma.workspace.count(), prisma.workspaceBuild.count(), prisma.provisionerJob.count()]);
  return { workspaces, builds, jobs };
}

beforeAll(async () => {
  const nodeDev = (await listExampleTemplates()).find((t) => t.spec.name === "node-dev")!;
  const owner = await seedUserWithTemplate({ spec: nodeDev.spec });
  const other = await seedUserWithTemplate({ spec: nodeDev.spec });
  templateId = owner.templateId;
  session = (await createSession({ userId: owner.actor.id })).secret;
  otherSession = (await createSession({ userId: other.actor.id })).secret;
});

describe("workspaces API", () => {
  it("creates a workspace with its first build and job, parameters resolved", async () => {
    const response = await callRoute(createWorkspace, { session, body: { templateId, name: "My-Box", parameters: { greeting: "hey" } } });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      name: "My-Box",
      status: "pending",
      latestBuild: { buildNumber: 1, transition: "start", status: "pending", job: { status: "pending", error: null } },
      agents: [],
    });
    expect(response.body.latestBuild.parameters).toEqual([
      { name: "node_version", value: "20" },
      { name: "greeting", value: "hey" },
    ]);
    const list = await callRoute(listWorkspaces, { session });
    expect(list.body.map((w: { name: string }) => w.name)).toEqual(["My-Box"]);
  });

  it("refuses bad input with a clear 4xx and creates nothing", async () => {
    const before = await counts();
    const cases: [unknown, number, string][] = [
      [{ templateId: "not-a-uuid", name: "a" }, 400, "templateId"],
      [{ templateId: "00000000-0000-4000-8000-000000000000", name: "a" }, 400, "templateId"],
      [{ templateId, name: "x".repeat(33) }, 400, "name"],
      [{ templateId, name: "new" }, 400, "name"],
      [{ templateId, name: "bad name!" }, 400, "name"],
      [{ templateId, name: "ok", parameters: { node_version: "16" } }, 400, "parameters.node_version"],
      [{ templateId, name: "ok", parameters: { greeting: 42 } }, 400, "parameters.greeting"],
      [{ templateId, name: "ok", parameters: { greeting: "UPPER" } }, 400, "parameters.greeting"],
      [{ templateId, name: "ok", parameters: { nope: "x" } }, 400, "parameters.nope"],
      [{ templateId, name: "ok", ttlMs: 5 }, 400, "ttlMs"],
      [{ templateId, name: "my-box" }, 409, "name"],
    ];
    for (const [body, status, field] of cases) {
      const response = await callRoute(createWorkspace, { session, body });
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(response.body.message).toEqual(expect.any(String));
      expect(response.body.validations.map((v: { field: string }) => v.field)).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });

  it("answers 409 to a second build while one is in progress", async () => {
    const [workspace] = (await callRoute(listWorkspaces, { session })).body;
    const before = await counts();
    const response = await callRoute(createBuild, { session, params: { workspaceId: workspace.id }, body: { transition: "stop" } });
    expect(response.status).toBe(409);
    expect(await counts()).toEqual(before);
    const badTransition = await callRoute(createBuild, { session, params: { workspaceId: workspace.id }, body: { transition: "explode" } });
    expect(badTransition.status).toBe(400);
  });

  it("hides one user's workspace, builds and logs from another with 404", async () => {
    const [workspace] = (await callRoute(listWorkspaces, { session })).body;
    const buildId = workspace.latestBuild.id;
    expect((await callRoute(getWorkspace, { session: otherSession, params: { workspaceId: workspace.id } })).status).toBe(404);
    expect((await callRoute(createBuild, { session: otherSession, params: { workspaceId: workspace.id }, body: { transition: "delete" } })).status).toBe(404);
    expect((await callRoute(buildLogs, { session: otherSession, params: { buildId } })).status).toBe(404);
    expect((await callRoute(cancelBuild, { session: otherSession, params: { buildId }, method: "POST" })).status).toBe(404);
    expect((await callRoute(listWorkspaces, { session: otherSession })).body).toEqual([]);
    expect((await callRoute(getWorkspace, { params: { workspaceId: workspace.id } })).status).toBe(401);
  });

  it("cancels a pending build at once, and refuses to cancel it twice", async () => {
    const [workspace] = (await callRoute(listWorkspaces, { session })).body;
    const buildId = workspace.latestBuild.id;
    expect((await callRoute(cancelBuild, { session, params: { buildId }, method: "POST" })).status).toBe(200);
    const after = await callRoute(getWorkspace, { session, params: { workspaceId: workspace.id } });
    expect(after.body).toMatchObject({ status: "canceled", latestBuild: { status: "canceled", job: { error: "build was canceled" } } });
    expect((await callRoute(cancelBuild, { session, params: { buildId }, method: "POST" })).status).toBe(409);
  });
});
