import { describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { POST as logout } from "@/app/api/v1/auth/logout/route";
import { POST as createOrganization } from "@/app/api/v1/organizations/route";
import { POST as addMember } from "@/app/api/v1/organizations/[organizationId]/members/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { GET as getMe } from "@/app/api/v1/users/me/route";
import { POST as createToken } from "@/app/api/v1/users/me/tokens/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";

const getDb = useTestDatabase();

const admin = { email: "admin@example.com", username: "admin", password: "correct horse battery" };
const member = { email: "member@example.com", username: "member", password: "member password 1" };

async function signIn(credentials: { email: string; password: string }) {
  const response = await callRoute(login, { body: credentials });
  expect(response.status).toBe(200);
  return response.session!;
}

describe("accounts API", () => {
  it("refuses to sign in before setup, then setup makes the admin and the default organisation", async () => {
    expect((await callRoute(login, { body: admin })).status).toBe(401);

    const created = await callRoute(createFirstUser, { body: { ...admin, email: "Admin@Example.com", name: "Ada" } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ user: { email: "admin@example.com", role: "admin", name: "Ada" } });
    expect(created.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Lax/);

    const me = await callRoute(getMe, { session: created.session });
    expect(me.body).toMatchObject({ username: "admin", organizations: [{ name: "default", isDefault: true }] });
    expect(JSON.stringify(me.body)).not.toContain("passwordHash");
  });

  it("answers a second first-user request with 409", async () => {
    const second = await callRoute(createFirstUser, { body: { ...member } });
    expect(second.status).toBe(409);
    expect(second.body).toEqual({ message: "The first user has already been created. Sign in instead." });
  });

  it("stores only hashes of passwords and session secrets", async () => {
    const session = await signIn(admin);
    const prisma = getDb().prisma;
    const user = await prisma.user.findUniqueOrThrow({ where: { email: admin.email } });
    expect(user.passwordHash).toMatch(/^scrypt\$/);
    expect(user.passwordHash).not.toContain(admin.password);
    const keys = await prisma.apiKey.findMany({ where: { userId: user.id } });
    expect(keys.some((key) => key.secretHash.includes(session))).toBe(false);
    expect(keys.every((key) => /^[0-9a-f]{64}$/.test(key.secretHash))).toBe(true);
  });

  it("gives an unknown email and a wrong password the same answer", async () => {
    const wrongPassword = await callRoute(login, { body: { email: admin.email, password: "not it" } });
    const unknownEmail = await callRoute(login, { body: { email: "nobody@example.com", password: "not it" } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.session).toBeUndefined();
  });

  it("rejects malformed JSON, wrong types and oversized bodies with the error shape", async () => {
    const malformed = await callRoute(login, { body: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ message: "Malformed JSON body." });

    // Screened before the schema: PostgreSQL cannot compare with a NUL (it answered 500).
    const nul = await callRoute(login, { body: '{"email":"\\u0000","password":"x"}' });
    expect(nul.status).toBe(400);
    expect(nul.body).toEqual({ message: "Validation failed", validations: [{ field: "email", detail: "must not contain NUL characters" }] });

    const wrongTypes = await callRoute(login, { body: { email: 42, password: ["x"] } });
    expect(wrongTypes.status).toBe(400);
    expect(wrongTypes.body).toMatchObject({
      message: "Validation failed",
      validations: [{ field: "email" }, { field: "password" }],
    });

    const session = await signIn(admin);
    const badUser = await callRoute(createUser, { session, body: { email: "x", username: "-bad-", password: "short" } });
    expect(badUser.status).toBe(400);
    expect(badUser.body.validations.map((v: { field: string }) => v.field).sort()).toEqual(["email", "password", "username"]);

    const huge = await callRoute(login, { body: JSON.stringify({ email: "a@example.com", password: "x".repeat(2_000_000) }) });
    expect(huge.status).toBe(413);

    const notJson = await callRoute(login, { body: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(notJson.status).toBe(415);
  });

  it("lets an admin create members, and refuses admin routes to members with 403", async () => {
    const session = await signIn(admin);
    const created = await callRoute(createUser, { session, body: member });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: "member", role: "member" });

    const taken = await callRoute(createUser, { session, body: { ...member, username: "other" } });
    expect(taken.status).toBe(409);
    expect(taken.body.validations).toEqual([{ field: "email", detail: "email is already in use" }]);

    const memberSession = await signIn(member);
    const forbidden = await callRoute(createUser, {
      session: memberSession,
      body: { email: "x@example.com", username: "x", password: "password 123", role: "admin" },
    });
    expect(forbidden.status).toBe(403);
    expect((await callRoute(createOrganization, { session: memberSession, body: { name: "acme" } })).status).toBe(403);
    expect(await getDb().prisma.user.count({ where: { email: "x@example.com" } })).toBe(0);
  });

  it("answers 401 without a session, with an unknown token, and after logout", async () => {
    expect((await callRoute(getMe)).status).toBe(401);
    expect((await callRoute(getMe, { token: "kiln_t_made-up" })).status).toBe(401);
    const session = await signIn(member);
    expect((await callRoute(getMe, { session })).status).toBe(200);
    const out = await callRoute(logout, { method: "POST", session });
    expect(out.headers.get("set-cookie")).toMatch(/kiln_session=; .*Max-Age=0/);
    expect((await callRoute(getMe, { session })).status).toBe(401);
  });

  it("issues API tokens that act only as their owner", async () => {
    const adminToken = (await callRoute(createToken, { session: await signIn(admin), body: { name: "cli" } })).body.token;
    const memberToken = (await callRoute(createToken, { session: await signIn(member), body: { name: "cli" } })).body.token;
    expect(adminToken).toMatch(/^kiln_t_/);

    const asMember = await callRoute(getMe, { token: memberToken });
    expect(asMember.body).toMatchObject({ username: "member" });
    expect(JSON.stringify(asMember.body)).not.toContain(admin.email);
    expect((await callRoute(createUser, { token: memberToken, body: { ...member, email: "y@example.com" } })).status).toBe(403);
    expect((await callRoute(getMe, { token: adminToken })).body).toMatchObject({ username: "admin" });
  });

  it("refuses a cookie-authenticated write from another origin", async () => {
    const session = await signIn(admin);
    const response = await callRoute(createToken, { session, body: { name: "x" }, headers: { origin: "http://evil.example" } });
    expect(response.status).toBe(403);
  });

  it("lets an admin create an organisation and add a member", async () => {
    const session = await signIn(admin);
    const organization = await callRoute(createOrganization, { session, body: { name: "acme", displayName: "Acme" } });
    expect(organization.status).toBe(201);
    const memberId = (await callRoute(getMe, { session: await signIn(member) })).body.id as string;
    const added = await callRoute(addMember, { session, params: { organizationId: organization.body.id }, body: { userId: memberId } });
    expect(added.status).toBe(200);
    const me = await callRoute(getMe, { session: await signIn(member) });
    expect(me.body.organizations.map((o: { name: string }) => o.name).sort()).toEqual(["acme", "default"]);
    expect((await callRoute(createOrganization, { session, body: { name: "acme" } })).status).toBe(409);
    const badId = await callRoute(addMember, { session, params: { organizationId: "nope" }, body: { userId: memberId } });
    expect(badId.status).toBe(400);
  });
});
