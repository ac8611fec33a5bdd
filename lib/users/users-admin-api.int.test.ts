import { beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { PUT as putSettings } from "@/app/api/v1/chat-settings/route";
import { PATCH as patchUser } from "@/app/api/v1/users/[userId]/route";
import { POST as resetPassword } from "@/app/api/v1/users/[userId]/password/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { GET as getMe } from "@/app/api/v1/users/me/route";
import { POST as changePassword } from "@/app/api/v1/users/me/password/route";
import { GET as listTokens, POST as createToken } from "@/app/api/v1/users/me/tokens/route";
import { DELETE as revokeToken } from "@/app/api/v1/users/me/tokens/[tokenId]/route";
import { GET as listUsers, POST as createUser } from "@/app/api/v1/users/route";
import { POST as createWorkspace } from "@/app/api/v1/workspaces/route";
import { runChatTool } from "@/lib/chat/tools/run-chat-tool";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";

const getDb = useTestDatabase();

const admin = { email: "admin@example.com", username: "admin", password: "correct horse battery" };
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let adminSession: string;

async function signIn(credentials: { email: string; password: string }) {
  const response = await callRoute(login, { body: credentials });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.session!;
}

async function newMember(username: string, password = `${username} password 1`) {
  const created = await callRoute(createUser, { session: adminSession, body: { email: `${username}@example.com`, username, password } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, email: `${username}@example.com`, password, session: await signIn({ email: `${username}@example.com`, password }) };
}

const patch = (userId: string, body: unknown, session = adminSession) =>
  callRoute(patchUser, { method: "PATCH", session, params: { userId }, body });

beforeAll(async () => {
  const first = await callRoute(createFirstUser, { body: admin });
  expect(first.status).toBe(201);
  adminSession = first.session!;
});

describe("users admin API", () => {
  it("creates a user with a generated password shown once, and lists users with status, last seen and workspace count", async () => {
    const created = await callRoute(createUser, { session: adminSession, body: { email: "gen@example.com", username: "gen" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: "gen", role: "member", status: "active", lastSeenAt: null, workspaceCount: 0 });
    const password = created.body.generatedPassword as string;
    expect(password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    await signIn({ email: "gen@example.com", password });

    const typed = await callRoute(createUser, { session: adminSession, body: { email: "typed@example.com", username: "typed", password: "typed password" } });
    expect(typed.body.generatedPassword).toBeUndefined();

    const list = await callRoute(listUsers, { session: adminSession });
    expect(list.status).toBe(200);
    const gen = list.body.find((u: { username: string }) => u.username === "gen");
    // Signing in and one request set last seen.
    expect(gen).toMatchObject({ status: "active", workspaceCount: 0 });
    expect(list.body.find((u: { username: string }) => u.username === "admin").lastSeenAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain("passwordHash");
  });

  it("refuses members (403), unknown ids (404) and bad bodies (400)", async () => {
    const member = await newMember("plain");
    expect((await callRoute(listUsers, { session: member.session })).status).toBe(403);
    expect((await patch(member.id, { role: "admin" }, member.session)).status).toBe(403);
    expect((await callRoute(resetPassword, { session: member.session, params: { userId: member.id }, body: {} })).status).toBe(403);
    expect((await callRoute(createUser, { session: member.session, body: { email: "x@example.com", username: "x" } })).status).toBe(403);
    expect((await patch(UNKNOWN_ID, { role: "admin" })).status).toBe(404);
    expect((await callRoute(resetPassword, { session: adminSession, params: { userId: UNKNOWN_ID }, body: {} })).status).toBe(404);
    for (const body of [{}, { role: "owner" }, { status: "deleted" }, { role: "admin", extra: 1 }, "[]", { status: "\u0000" }]) {
      const response = await patch(member.id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await patch("not-a-uuid", { role: "admin" })).status).toBe(400);
    expect((await callRoute(resetPassword, { session: adminSession, params: { userId: member.id }, body: { password: "short" } })).status).toBe(400);
  });

  it("changes a role, and never demotes or suspends the last active admin (409)", async () => {
    const adminRow = await getDb().prisma.user.findUniqueOrThrow({ where: { email: admin.email } });
    const demote = await patch(adminRow.id, { role: "member" });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toMatch(/last active admin/);
    expect((await patch(adminRow.id, { status: "suspended" })).status).toBe(409);

    const second = await newMember("second");
    expect((await patch(second.id, { role: "admin" })).body).toMatchObject({ role: "admin" });
    // A suspended admin is no admin to count on.
    expect((await patch(second.id, { status: "suspended" })).status).toBe(200);
    expect((await patch(adminRow.id, { role: "member" })).status).toBe(409);
    expect((await patch(second.id, { status: "active" })).status).toBe(200);
    expect((await patch(adminRow.id, { role: "member" })).status).toBe(200);
    // Back, by the other admin.
    const secondSession = await signIn(second);
    expect((await patch(adminRow.id, { role: "admin" }, secondSession)).status).toBe(200);
    expect((await patch(second.id, { role: "member" })).status).toBe(200);
  });

  it("suspends: sessions and tokens answer 401 at once, sign-in is refused; reactivated, sign-in works", async () => {
    const member = await newMember("suspendee");
    const token = (await callRoute(createToken, { session: member.session, body: { name: "ci" } })).body.token as string;
    expect((await callRoute(getMe, { token })).status).toBe(200);
    const template = await getDb().prisma.template.findFirstOrThrow({ where: { name: "quick" } });
    const workspace = await callRoute(createWorkspace, { session: member.session, body: { templateId: template.id, name: "running" } });
    expect(workspace.status).toBe(201);
    // Its start build done, as a provisioner would leave it.
    await getDb().prisma.provisionerJob.updateMany({ where: { completedAt: null }, data: { startedAt: new Date(), completedAt: new Date() } });

    const suspended = await patch(member.id, { status: "suspended" });
    expect(suspended.body).toMatchObject({ status: "suspended" });
    // Their workspace is being stopped, by the admin who suspended them.
    const builds = await getDb().prisma.workspaceBuild.findMany({ where: { workspaceId: workspace.body.id }, orderBy: { buildNumber: "asc" } });
    expect(builds.map((b) => b.transition)).toEqual(["start", "stop"]);
    const adminRow = await getDb().prisma.user.findUniqueOrThrow({ where: { email: admin.email } });
    expect(builds[1]!.initiatorId).toBe(adminRow.id);
    expect((await callRoute(getMe, { session: member.session })).status).toBe(401);
    expect((await callRoute(getMe, { token })).status).toBe(401);
    const refused = await callRoute(login, { body: member });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/suspended/);
    expect(refused.session).toBeUndefined();

    expect((await patch(member.id, { status: "active" })).status).toBe(200);
    expect((await callRoute(getMe, { session: await signIn(member) })).status).toBe(200);
  });

  it("resets a password: generated once, the old one and the old sessions stop working", async () => {
    const member = await newMember("forgetful");
    const reset = await callRoute(resetPassword, { session: adminSession, params: { userId: member.id }, body: {} });
    expect(reset.status).toBe(200);
    const generated = reset.body.generatedPassword as string;
    expect(generated).toBeTruthy();
    expect((await callRoute(getMe, { session: member.session })).status).toBe(401);
    expect((await callRoute(login, { body: member })).status).toBe(401);
    await signIn({ email: member.email, password: generated });
  });
});

describe("account API", () => {
  it("changes my password with the old one; other sessions end, this one stays", async () => {
    const member = await newMember("changer");
    const other = await signIn(member);
    const wrong = await callRoute(changePassword, { session: member.session, body: { oldPassword: "nope", newPassword: "a new password" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.validations).toEqual([{ field: "oldPassword", detail: "not your current password" }]);
    expect((await callRoute(changePassword, { session: member.session, body: { oldPassword: member.password, newPassword: "short" } })).status).toBe(400);
    expect((await callRoute(changePassword, { body: { oldPassword: member.password, newPassword: "a new password" } })).status).toBe(401);

    const changed = await callRoute(changePassword, { session: member.session, body: { oldPassword: member.password, newPassword: "a new password" } });
    expect(changed.status).toBe(200);
    expect((await callRoute(getMe, { session: member.session })).status).toBe(200);
    expect((await callRoute(getMe, { session: other })).status).toBe(401);
    expect((await callRoute(login, { body: member })).status).toBe(401);
    await signIn({ email: member.email, password: "a new password" });
  });

  it("lists and revokes my tokens; a revoked token gets 401; another user's token id is a 404", async () => {
    const owner = await newMember("tokenowner");
    const stranger = await newMember("stranger");
    const created = await callRoute(createToken, { session: owner.session, body: { name: "laptop" } });
    expect(created.status).toBe(201);
    const list = await callRoute(listTokens, { session: owner.session });
    expect(list.body).toEqual([expect.objectContaining({ id: created.body.id, name: "laptop", lastUsedAt: null })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect((await callRoute(listTokens, { session: stranger.session })).body).toEqual([]);

    const foreign = await callRoute(revokeToken, { method: "DELETE", session: stranger.session, params: { tokenId: created.body.id } });
    expect(foreign.status).toBe(404);
    expect((await callRoute(getMe, { token: created.body.token })).status).toBe(200);
    // A session id is no token to revoke here either.
    const sessionKey = await getDb().prisma.apiKey.findFirstOrThrow({ where: { userId: owner.id, kind: "session" } });
    expect((await callRoute(revokeToken, { method: "DELETE", session: owner.session, params: { tokenId: sessionKey.id } })).status).toBe(404);

    const revoked = await callRoute(revokeToken, { method: "DELETE", session: owner.session, params: { tokenId: created.body.id } });
    expect(revoked.status).toBe(200);
    expect((await callRoute(getMe, { token: created.body.token })).status).toBe(401);
    expect((await callRoute(listTokens, { session: owner.session })).body).toEqual([]);
    expect((await callRoute(revokeToken, { method: "DELETE", session: owner.session, params: { tokenId: "x" } })).status).toBe(400);
  });
});

describe("workspaces per user quota", () => {
  it("refuses a workspace over the quota with 409 INSUFFICIENT_QUOTA on the API and the chat tool; parallel creates cannot both pass", async () => {
    const member = await newMember("quota");
    const template = await getDb().prisma.template.findFirstOrThrow({ where: { name: "quick" } });
    const settings = await callRoute(putSettings, { method: "PUT", session: adminSession, body: { workspaceTtlMs: 0, workspacesPerUser: 1 } });
    expect(settings.body).toEqual({ workspaceTtlMs: 0, workspacesPerUser: 1 });
    expect((await callRoute(putSettings, { method: "PUT", session: adminSession, body: { workspaceTtlMs: 0, workspacesPerUser: -1 } })).status).toBe(400);

    const create = (name: string) => callRoute(createWorkspace, { session: member.session, body: { templateId: template.id, name } });
    const results = await Promise.all([create("one"), create("two")]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body).toEqual({ message: expect.stringMatching(/most allowed per user/), code: "INSUFFICIENT_QUOTA" });
    expect(await getDb().prisma.workspace.count({ where: { ownerId: member.id, deleted: false } })).toBe(1);

    const actor = { id: member.id, email: member.email, username: "quota", name: "", role: "member" as const };
    const chat = await getDb().prisma.chat.create({ data: { ownerId: member.id, organizationId: template.organizationId } });
    const tool = await runChatTool({ chatId: chat.id, actor, tool: "create_workspace", input: { template_id: template.id } });
    expect(tool.isError).toBe(false);
    expect(tool.output).toMatchObject({ error: expect.stringMatching(/most allowed per user/), code: "INSUFFICIENT_QUOTA" });

    // 0 = unlimited again.
    await callRoute(putSettings, { method: "PUT", session: adminSession, body: { workspaceTtlMs: 0, workspacesPerUser: 0 } });
    expect((await create("three")).status).toBe(201);
    const list = await callRoute(listUsers, { session: adminSession });
    expect(list.body.find((u: { username: string }) => u.username === "quota").workspaceCount).toBe(2);
  });
});
