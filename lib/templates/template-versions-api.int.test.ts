import { beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { PATCH as updateTemplate } from "@/app/api/v1/templates/[templateId]/route";
import { GET as listVersions, POST as createVersion } from "@/app/api/v1/templates/[templateId]/versions/route";
import { POST as createTemplate } from "@/app/api/v1/templates/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";
import { templateVersionDetailSchema } from "./schemas";

const getDb = useTestDatabase();
const admin = { email: "admin@example.com", username: "boss", password: "correct horse battery" };
const member = { email: "member@example.com", username: "member", password: "member password 1" };

let adminSession = "";
let memberSession = "";
let templateId = "";
let otherTemplateVersionId = "";

const v1 = "name: versioned\ndisplay_name: First\n";
const v2 = "name: versioned\ndisplay_name: Second\nparameters:\n  - name: size\n    type: number\n    default: 2\n";

beforeAll(async () => {
  adminSession = (await callRoute(createFirstUser, { body: admin })).session!;
  expect((await callRoute(createUser, { session: adminSession, body: member })).status).toBe(201);
  memberSession = (await callRoute(login, { body: member })).session!;
  const created = await callRoute(createTemplate, { session: adminSession, body: { spec: v1 } });
  expect(created.status).toBe(201);
  templateId = created.body.id;
  expect((await callRoute(createVersion, { session: adminSession, params: { templateId }, body: { spec: v2 } })).status).toBe(201);
  const other = await callRoute(createTemplate, { session: adminSession, body: { spec: { name: "other-one" } } });
  otherTemplateVersionId = other.body.activeVersion.id;
});

describe("template versions API", () => {
  it("lists versions newest first with author, time and spec text, to members too", async () => {
    const response = await callRoute(listVersions, { session: memberSession, params: { templateId } });
    expect(response.status).toBe(200);
    const versions = templateVersionDetailSchema.array().parse(response.body);
    expect(versions.map((v) => [v.name, v.createdBy, v.source])).toEqual([
      ["v2", "boss", v2],
      ["v1", "boss", v1],
    ]);
  });

  it("gives a spec sent as a JSON object back as its JSON text", async () => {
    const prisma = getDb().prisma;
    const other = await prisma.template.findFirstOrThrow({ where: { name: "other-one" } });
    const response = await callRoute(listVersions, { session: adminSession, params: { templateId: other.id } });
    expect(JSON.parse(response.body[0].source)).toEqual({ name: "other-one" });
  });

  it("makes an older version active through PATCH, taking its display name", async () => {
    const versions = (await callRoute(listVersions, { session: adminSession, params: { templateId } })).body;
    const first = versions.find((v: { name: string }) => v.name === "v1");
    const response = await callRoute(updateTemplate, { method: "PATCH", session: adminSession, params: { templateId }, body: { activeVersionId: first.id } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ activeVersionId: first.id, activeVersion: { name: "v1" }, displayName: "First", parameters: [] });
  });

  it("audits the template's creation, its new version and the change of active version, by their author", async () => {
    const prisma = getDb().prisma;
    const { id: adminId } = await prisma.user.findUniqueOrThrow({ where: { username: "boss" } });
    // By action: rows written within one millisecond have no order by time.
    const rows = await prisma.auditLog.findMany({ where: { resourceType: "template", resourceId: templateId }, orderBy: { action: "asc" } });
    expect(rows.map((row) => [row.action, row.userId, row.diff])).toEqual([
      ["template.create", adminId, { name: { before: null, after: "versioned" }, activeVersion: { before: null, after: "v1" } }],
      ["template.update", adminId, expect.objectContaining({ activeVersionId: { before: expect.any(String), after: expect.any(String) } })],
      ["template.version", adminId, { activeVersion: { before: "v1", after: "v2" } }],
    ]);
  });

  it("refuses another template's version, members, and bad ids without changing anything", async () => {
    const before = await getDb().prisma.template.findUniqueOrThrow({ where: { id: templateId } });
    const patch = (session: string, body: unknown) => callRoute(updateTemplate, { method: "PATCH", session, params: { templateId }, body });
    const foreign = await patch(adminSession, { activeVersionId: otherTemplateVersionId });
    expect(foreign.status).toBe(400);
    expect(foreign.body.validations).toEqual([{ field: "activeVersionId", detail: "must be a version of this template" }]);
    expect((await patch(adminSession, { activeVersionId: "nope" })).status).toBe(400);
    expect((await patch(memberSession, { activeVersionId: before.activeVersionId })).status).toBe(403);
    const unknownTemplate = await callRoute(updateTemplate, {
      method: "PATCH",
      session: adminSession,
      params: { templateId: "00000000-0000-4000-8000-000000000000" },
      body: { activeVersionId: otherTemplateVersionId },
    });
    expect(unknownTemplate.status).toBe(404);
    const after = await getDb().prisma.template.findUniqueOrThrow({ where: { id: templateId } });
    expect(after.activeVersionId).toBe(before.activeVersionId);
    expect((await callRoute(listVersions, { session: adminSession, params: { templateId: "00000000-0000-4000-8000-000000000000" } })).status).toBe(404);
    expect((await callRoute(listVersions, { params: { templateId } })).status).toBe(401);
  });
});
