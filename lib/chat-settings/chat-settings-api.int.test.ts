import { beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { GET as getSettings, PUT as putSettings } from "@/app/api/v1/chat-settings/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";
import { CHAT_WORKSPACE_TTL_KEY, readChatWorkspaceTtl } from "./read-chat-workspace-ttl";
import { MAX_CHAT_TTL_MS, MIN_CHAT_TTL_MS } from "./schemas";

const getDb = useTestDatabase();

const admin = { email: "admin@example.com", username: "admin", password: "correct horse battery" };
const member = { email: "member@example.com", username: "member", password: "member password 1" };

const HOUR_MS = 3_600_000;

let adminSession: string;
let memberSession: string;

const put = (body: unknown, session = adminSession) => callRoute(putSettings, { method: "PUT", session, body });

async function read(session = memberSession): Promise<unknown> {
  const response = await callRoute(getSettings, { session });
  expect(response.status).toBe(200);
  return response.body;
}

beforeAll(async () => {
  const first = await callRoute(createFirstUser, { body: admin });
  expect(first.status).toBe(201);
  adminSession = first.session!;
  expect((await callRoute(createUser, { session: adminSession, body: member })).status).toBe(201);
  const signedIn = await callRoute(login, { body: member });
  memberSession = signedIn.session!;
});

describe("chat settings API", () => {
  it("answers 0 (template default) before anything is set", async () => {
    expect(await read()).toEqual({ workspaceTtlMs: 0, workspacesPerUser: 0 });
    expect(await read(adminSession)).toEqual({ workspaceTtlMs: 0, workspacesPerUser: 0 });
    expect(await readChatWorkspaceTtl()).toBeNull();
  });

  it("round-trips valid values, 0 included", async () => {
    for (const workspaceTtlMs of [2 * HOUR_MS, MIN_CHAT_TTL_MS, MAX_CHAT_TTL_MS, 0, 90 * 60_000]) {
      const response = await put({ workspaceTtlMs });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({ workspaceTtlMs, workspacesPerUser: 0 });
      expect(await read()).toEqual({ workspaceTtlMs, workspacesPerUser: 0 });
      expect(await readChatWorkspaceTtl()).toBe(workspaceTtlMs === 0 ? null : workspaceTtlMs);
    }
    // One row, overwritten in place.
    expect(await getDb().prisma.siteSetting.count({ where: { key: CHAT_WORKSPACE_TTL_KEY } })).toBe(1);
  });

  it("refuses out-of-range and non-number values with 400 on workspaceTtlMs and keeps the old value", async () => {
    expect((await put({ workspaceTtlMs: HOUR_MS })).status).toBe(200);
    const cases: [unknown, string][] = [
      [-60_000, "must not be negative"],
      [1000, "must be 0 (template default) or at least 1 minute (60000 ms)"],
      [MAX_CHAT_TTL_MS + 1, "must be at most 30 days (2592000000 ms)"],
      ["3600000", "must be a number of milliseconds"],
      [null, "must be a number of milliseconds"],
      [undefined, "must be a number of milliseconds"],
      [90_000.5, "must be a whole number of milliseconds"],
    ];
    for (const [workspaceTtlMs, detail] of cases) {
      const response = await put({ workspaceTtlMs });
      expect(response.status, `${String(workspaceTtlMs)}`).toBe(400);
      expect(response.body.message).toBe("Validation failed");
      expect(response.body.validations, `${String(workspaceTtlMs)}`).toContainEqual({ field: "workspaceTtlMs", detail });
      expect(response.body.validations.every((v: { field: string }) => v.field === "workspaceTtlMs")).toBe(true);
    }
    const notJson = await put("{workspaceTtlMs: 1");
    expect(notJson.status).toBe(400);
    expect(await read()).toEqual({ workspaceTtlMs: HOUR_MS, workspacesPerUser: 0 });
  });

  it("refuses a member's PUT with 403 and a visitor's calls with 401", async () => {
    const response = await put({ workspaceTtlMs: 5 * HOUR_MS }, memberSession);
    expect(response.status).toBe(403);
    expect(await read()).toEqual({ workspaceTtlMs: HOUR_MS, workspacesPerUser: 0 });
    expect((await callRoute(getSettings)).status).toBe(401);
    expect((await callRoute(putSettings, { method: "PUT", body: { workspaceTtlMs: 0 } })).status).toBe(401);
  });

  it("reads an invalid stored value as 0, and the tools' reader as the template default", async () => {
    const prisma = getDb().prisma;
    for (const value of [-5, 1000, MAX_CHAT_TTL_MS * 2, "3600000", { ms: HOUR_MS }, [HOUR_MS], true, 1.5]) {
      await prisma.siteSetting.upsert({
        where: { key: CHAT_WORKSPACE_TTL_KEY },
        create: { key: CHAT_WORKSPACE_TTL_KEY, value },
        update: { value },
      });
      expect(await read(), JSON.stringify(value)).toEqual({ workspaceTtlMs: 0, workspacesPerUser: 0 });
      expect(await readChatWorkspaceTtl(), JSON.stringify(value)).toBeNull();
    }
    // An admin can write over it.
    expect((await put({ workspaceTtlMs: HOUR_MS })).status).toBe(200);
    expect(await readChatWorkspaceTtl()).toBe(HOUR_MS);
  });
});
