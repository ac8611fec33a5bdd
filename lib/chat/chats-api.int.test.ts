import { beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { GET as getChat } from "@/app/api/v1/chats/[chatId]/route";
import { POST as runTool } from "@/app/api/v1/chats/[chatId]/tools/[tool]/route";
import { GET as listChats, POST as createChat } from "@/app/api/v1/chats/route";
import { POST as createOrganization } from "@/app/api/v1/organizations/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";
import { chatSchema, chatWithMessagesSchema, type Chat } from "./schemas";

const getDb = useTestDatabase();

const admin = { email: "admin@example.com", username: "admin", password: "correct horse battery" };
const member = { email: "member@example.com", username: "member", password: "member password 1" };

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let adminSession: string;
let memberSession: string;
let memberId: string;
let defaultOrganizationId: string;

async function signIn(credentials: { email: string; password: string }) {
  const response = await callRoute(login, { body: credentials });
  expect(response.status).toBe(200);
  return response.session!;
}

async function create(session: string, body: unknown = {}): Promise<Chat> {
  const response = await callRoute(createChat, { session, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return chatSchema.parse(response.body);
}

async function list(session: string): Promise<Chat[]> {
  const response = await callRoute(listChats, { session });
  expect(response.status).toBe(200);
  return chatSchema.array().parse(response.body);
}

beforeAll(async () => {
  const first = await callRoute(createFirstUser, { body: admin });
  expect(first.status).toBe(201);
  adminSession = first.session!;
  const created = await callRoute(createUser, { session: adminSession, body: member });
  expect(created.status).toBe(201);
  memberId = created.body.id;
  memberSession = await signIn(member);
  defaultOrganizationId = (await getDb().prisma.organization.findFirstOrThrow({ where: { isDefault: true } })).id;
});

describe("chats API", () => {
  it("creates an idle, unbound chat in the user's default organisation", async () => {
    const chat = await create(memberSession, { title: "  Node workspace  " });
    expect(chat).toMatchObject({
      ownerId: memberId,
      organizationId: defaultOrganizationId,
      title: "Node workspace",
      status: "idle",
      error: null,
      workspaceId: null,
      buildId: null,
      agentId: null,
    });
    expect(await getDb().prisma.chat.count({ where: { id: chat.id } })).toBe(1);

    const untitled = await create(memberSession);
    expect(untitled.title).toBe("");
  });

  it("lists only my chats, most recently active first", async () => {
    const older = await create(memberSession, { title: "older" });
    const newer = await create(memberSession, { title: "newer" });
    const mine = await list(memberSession);
    expect(mine.every((chat) => chat.ownerId === memberId)).toBe(true);
    expect(mine.map((chat) => chat.title).slice(0, 2)).toEqual(["newer", "older"]);

    // Activity on the older chat moves it to the top.
    await getDb().prisma.chat.update({ where: { id: older.id }, data: { status: "running" } });
    const reordered = await list(memberSession);
    expect(reordered.map((chat) => chat.id).slice(0, 2)).toEqual([older.id, newer.id]);
    const updatedAts = reordered.map((chat) => Date.parse(chat.updatedAt));
    expect(updatedAts).toEqual([...updatedAts].sort((a, b) => b - a));

    // Admins are not exempt: chats are private.
    expect(await list(adminSession)).toEqual([]);
  });

  it("answers a chat with its binding and its messages in order", async () => {
    const chat = await create(memberSession, { title: "with messages" });
    const prisma = getDb().prisma;
    for (const [role, text] of [
      ["user", "make me a workspace"],
      ["assistant", "on it"],
      ["user", "thanks"],
    ] as const) {
      await prisma.chatMessage.create({ data: { chatId: chat.id, role, parts: [{ type: "text", text }] } });
    }

    const response = await callRoute(getChat, { session: memberSession, params: { chatId: chat.id } });
    expect(response.status).toBe(200);
    const detail = chatWithMessagesSchema.parse(response.body);
    expect(detail).toMatchObject({ id: chat.id, title: "with messages", status: "idle", workspaceId: null, buildId: null, agentId: null });
    expect(detail.messages.map((m) => [m.role, m.parts[0]?.text])).toEqual([
      ["user", "make me a workspace"],
      ["assistant", "on it"],
      ["user", "thanks"],
    ]);
    const seqs = detail.messages.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const empty = await create(memberSession);
    const emptyDetail = await callRoute(getChat, { session: memberSession, params: { chatId: empty.id } });
    expect(emptyDetail.body.messages).toEqual([]);
  });

  it("hides another user's chat with 404, from admins too", async () => {
    const chat = await create(memberSession, { title: "private" });
    const asAdmin = await callRoute(getChat, { session: adminSession, params: { chatId: chat.id } });
    expect(asAdmin.status).toBe(404);
    expect(asAdmin.body).toEqual({ message: "chat not found" });

    const adminChat = await create(adminSession);
    const asMember = await callRoute(getChat, { session: memberSession, params: { chatId: adminChat.id } });
    expect(asMember.status).toBe(404);
    expect(asMember.body).toEqual({ message: "chat not found" });

    const toolOnTheirs = await callRoute(runTool, {
      session: memberSession,
      params: { chatId: adminChat.id, tool: "list_templates" },
      body: { input: {} },
    });
    expect(toolOnTheirs.status).toBe(404);
    expect(toolOnTheirs.body).toEqual({ message: "chat not found" });
    expect(await getDb().prisma.chatMessage.count({ where: { chatId: adminChat.id } })).toBe(0);

    const unknown = await callRoute(getChat, { session: memberSession, params: { chatId: UNKNOWN_ID } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual(asMember.body);

    const malformed = await callRoute(getChat, { session: memberSession, params: { chatId: "nope" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.validations).toEqual([expect.objectContaining({ field: "chatId" })]);
  });

  it("creates a chat in a named organisation only when the user belongs to it", async () => {
    const acme = await callRoute(createOrganization, { session: adminSession, body: { name: "acme" } });
    expect(acme.status).toBe(201);

    // The admin is a member of acme (its creator), so it is theirs to use.
    const inAcme = await create(adminSession, { organizationId: acme.body.id });
    expect(inAcme.organizationId).toBe(acme.body.id);
    // Without a name, the default organisation wins over a later membership.
    expect((await create(adminSession)).organizationId).toBe(defaultOrganizationId);

    const before = await getDb().prisma.chat.count();
    for (const organizationId of [acme.body.id, UNKNOWN_ID]) {
      const refused = await callRoute(createChat, { session: memberSession, body: { organizationId } });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({
        message: "You cannot start a chat in that organization.",
        validations: [{ field: "organizationId", detail: "you are not a member of this organization" }],
      });
    }
    const malformed = await callRoute(createChat, { session: memberSession, body: { organizationId: "acme" } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.validations).toEqual([expect.objectContaining({ field: "organizationId" })]);
    const longTitle = await callRoute(createChat, { session: memberSession, body: { title: "x".repeat(201) } });
    expect(longTitle.status).toBe(400);
    expect(longTitle.body.validations).toEqual([{ field: "title", detail: "at most 200 characters" }]);
    expect(await getDb().prisma.chat.count()).toBe(before);
  });

  it("uses the first organisation of a user outside the default one", async () => {
    const acme = await getDb().prisma.organization.findUniqueOrThrow({ where: { name: "acme" } });
    const outsider = { email: "outsider@example.com", username: "outsider", password: "outsider password" };
    const created = await callRoute(createUser, { session: adminSession, body: { ...outsider, organizationId: acme.id } });
    expect(created.status).toBe(201);
    const chat = await create(await signIn(outsider));
    expect(chat.organizationId).toBe(acme.id);
  });

  it("answers 404 for a tool that is not on the allow-list", async () => {
    const chat = await create(memberSession);
    for (const tool of ["delete_workspace", "list-templates", "LIST_TEMPLATES"]) {
      const response = await callRoute(runTool, {
        session: memberSession,
        params: { chatId: chat.id, tool },
        body: { input: {} },
      });
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ message: "unknown tool" });
    }
  });

  it("needs a signed-in user", async () => {
    expect((await callRoute(listChats)).status).toBe(401);
    expect((await callRoute(createChat, { body: {} })).status).toBe(401);
    expect((await callRoute(getChat, { params: { chatId: UNKNOWN_ID } })).status).toBe(401);
    const tool = await callRoute(runTool, { params: { chatId: UNKNOWN_ID, tool: "list_templates" }, body: { input: {} } });
    expect(tool.status).toBe(401);
  });
});
