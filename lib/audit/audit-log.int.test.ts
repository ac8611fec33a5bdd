import { beforeAll, describe, expect, it } from "vitest";
import { PUT as putSettings } from "@/app/api/v1/chat-settings/route";
import { GET as getAudit } from "@/app/api/v1/audit/route";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { PATCH as patchTemplate } from "@/app/api/v1/templates/[templateId]/route";
import { POST as createBuild } from "@/app/api/v1/workspaces/[workspaceId]/builds/route";
import { PATCH as patchUser } from "@/app/api/v1/users/[userId]/route";
import { POST as resetPassword } from "@/app/api/v1/users/[userId]/password/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { POST as createToken } from "@/app/api/v1/users/me/tokens/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { POST as createWorkspace } from "@/app/api/v1/workspaces/route";
import { CONNECTION_ADDRESS_HEADER } from "@/lib/api/client-address";
import { requestWorkspace, toolOrigin } from "@/lib/chat/tools/workspace-service";
import { db } from "@/lib/db/client";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";
import { recordAudit } from "./record-audit";

const getDb = useTestDatabase();

const admin = { email: "admin@example.com", username: "admin", password: "correct horse battery" };
const member = { email: "member@example.com", username: "member", password: "member password 1" };
const fromAddress = { [CONNECTION_ADDRESS_HEADER]: "203.0.113.7" };

let adminSession: string;
let memberSession: string;
let memberId: string;

const audit = (query: Record<string, string> = {}, session = adminSession) =>
  callRoute(getAudit, { session, path: `/api/v1/audit?${new URLSearchParams(query)}` });

beforeAll(async () => {
  adminSession = (await callRoute(createFirstUser, { body: admin })).session!;
  const created = await callRoute(createUser, { session: adminSession, body: member, headers: fromAddress });
  memberId = created.body.id;
  memberSession = (await callRoute(login, { body: member })).session!;
});

describe("audit log", () => {
  it("writes one row per admin change with actor, diff and request IP", async () => {
    const template = await getDb().prisma.template.findFirstOrThrow({ where: { name: "quick" } });
    await callRoute(patchUser, { method: "PATCH", session: adminSession, params: { userId: memberId }, body: { status: "suspended" } });
    await callRoute(patchUser, { method: "PATCH", session: adminSession, params: { userId: memberId }, body: { status: "active" } });
    await callRoute(resetPassword, { session: adminSession, params: { userId: memberId }, body: { password: member.password } });
    await callRoute(patchTemplate, { method: "PATCH", session: adminSession, params: { templateId: template.id }, body: { allowedInChat: false } });
    await callRoute(putSettings, { method: "PUT", session: adminSession, body: { workspaceTtlMs: 3_600_000, workspacesPerUser: 3 } });

    const page = await audit();
    expect(page.status).toBe(200);
    const actions = page.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(["chat_settings.update", "template.update", "user.password_reset", "user.reactivate", "user.suspend", "user.create"]);
    const [settings, templateUpdate, , , suspend, create] = page.body.entries;
    expect(create).toMatchObject({ actor: { username: "admin" }, targetType: "user", targetId: memberId, ip: "203.0.113.7" });
    expect(create.diff.username).toEqual({ before: null, after: "member" });
    expect(suspend.diff).toEqual({ status: { before: "active", after: "suspended" } });
    expect(templateUpdate.diff).toEqual({ allowedInChat: { before: true, after: false } });
    expect(settings.diff).toEqual({ workspaceTtlMs: { before: 0, after: 3_600_000 }, workspacesPerUser: { before: 0, after: 3 } });
    // The password itself never reaches the log.
    expect(JSON.stringify(page.body)).not.toContain(member.password);
  });

  it("records workspace builds with who and via page or api", async () => {
    memberSession = (await callRoute(login, { body: member })).session!;
    const template = await getDb().prisma.template.findFirstOrThrow({ where: { name: "quick" } });
    const token = (await callRoute(createToken, { session: memberSession, body: { name: "ci" } })).body.token;
    const workspace = await callRoute(createWorkspace, { session: memberSession, body: { templateId: template.id, name: "audited" } });
    expect(workspace.status).toBe(201);
    // Let the first build finish as a provisioner would, so a stop may follow.
    await getDb().prisma.provisionerJob.updateMany({ data: { completedAt: new Date(), startedAt: new Date() } });
    const stop = await callRoute(createBuild, { token, params: { workspaceId: workspace.body.id }, body: { transition: "stop" } });
    expect(stop.status, JSON.stringify(stop.body)).toBe(201);

    const page = await audit({ targetType: "workspace" });
    expect(page.body.entries.map((e: { action: string; diff: { via: { after: string } } }) => [e.action, e.diff.via.after])).toEqual([
      ["workspace.build", "api"],
      ["workspace.create", "page"],
    ]);
    expect(page.body.entries[0]).toMatchObject({ actor: { username: "member" }, diff: { transition: { before: "start", after: "stop" } } });
  });

  it("records a chat tool's change twice in its transaction: the workspace row via chat and the tool call row", async () => {
    const prisma = getDb().prisma;
    const template = await prisma.template.findFirstOrThrow({ where: { name: "quick" } });
    const chat = await prisma.chat.create({ data: { ownerId: memberId, organizationId: template.organizationId } });
    const actor = { id: memberId, email: member.email, username: member.username, name: "", role: "member" as const };
    const origin = toolOrigin({ chatId: chat.id, requestIp: "198.51.100.9" }, "create_workspace");
    const created = await requestWorkspace(actor, { templateId: template.id, name: "from-chat" }, origin);
    expect(created.ok).toBe(true);
    const rows = await prisma.auditLog.findMany({ where: { resourceId: created.ok ? created.value.id : "" }, orderBy: { action: "asc" } });
    expect(rows.map((r) => [r.action, r.ip])).toEqual([
      ["chat.tool_call", "198.51.100.9"],
      ["workspace.create", "198.51.100.9"],
    ]);
    expect(rows[0]!.diff).toMatchObject({ tool: { after: "create_workspace" }, chat: { after: chat.id }, via: { after: "chat" } });

    // A refused tool call (a taken name) changes nothing and logs nothing.
    const before = await prisma.auditLog.count();
    const refused = await requestWorkspace(actor, { templateId: template.id, name: "from-chat" }, origin);
    expect(refused.ok).toBe(false);
    expect(await prisma.auditLog.count()).toBe(before);
  });

  it("filters by actor, action and time; pages by cursor; exports CSV", async () => {
    const byMember = await audit({ actor: "MEMBER" });
    expect(byMember.body.entries.length).toBeGreaterThan(0);
    expect(byMember.body.entries.every((e: { actor: { username: string } }) => e.actor.username === "member")).toBe(true);
    expect((await audit({ action: "user.suspend" })).body.entries).toHaveLength(1);
    expect((await audit({ from: new Date(Date.now() + 60_000).toISOString() })).body.entries).toEqual([]);

    const all = (await audit({ limit: "100" })).body.entries.map((e: { id: string }) => e.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { entries: { id: string }[]; nextCursor: string | null } } = await audit({ limit: "3", ...(cursor ? { cursor } : {}) });
      seen.push(...page.body.entries.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);

    const bads: Record<string, string>[] = [{ cursor: "garbage" }, { limit: "0" }, { action: "nope" }, { from: "yesterday" }];
    for (const bad of bads) {
      expect((await audit(bad)).status, JSON.stringify(bad)).toBe(400);
    }

    const csv = await getAudit(
      new Request("http://kiln.test/api/v1/audit?format=csv&action=user.create", { headers: { cookie: `kiln_session=${adminSession}` } }),
      { params: Promise.resolve({}) },
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("time,actor,action,target_type,target_id,diff,ip");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,admin,user.create,user,${memberId},"{`);
    expect(lines[1]).toContain('""username"":{""before"":null,""after"":""member""}');
    expect(lines[1]).toMatch(/,203\.0\.113\.7$/);
  });

  it("is a 404 to members, on JSON and CSV", async () => {
    expect((await audit({}, memberSession)).status).toBe(404);
    expect((await audit({ format: "csv" }, memberSession)).status).toBe(404);
    expect((await callRoute(getAudit)).status).toBe(401);
  });

  it("writes the row in the change's transaction: a change that fails after the insert leaves none", async () => {
    const prisma = await db();
    const before = await prisma.auditLog.count();
    const failure = new Error("forced failure after the audit insert");
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: memberId }, data: { role: "admin" } });
        await recordAudit({ tx, actor: { id: memberId }, action: "user.role", target: { type: "user", id: memberId }, diff: { role: { before: "member", after: "admin" } } });
        expect(await tx.auditLog.count()).toBe(before + 1);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await prisma.auditLog.count()).toBe(before);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: memberId } })).role).toBe("member");

    // And a refused change (the last admin) writes none either.
    const adminRow = await prisma.user.findUniqueOrThrow({ where: { email: admin.email } });
    const refused = await callRoute(patchUser, { method: "PATCH", session: adminSession, params: { userId: adminRow.id }, body: { role: "member" } });
    expect(refused.status).toBe(409);
    expect(await prisma.auditLog.count()).toBe(before);
  });
});
