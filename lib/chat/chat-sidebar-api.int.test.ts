import { beforeAll, describe, expect, it } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { DELETE as deleteChat, PATCH as renameChat } from "@/app/api/v1/chats/[chatId]/route";
import { GET as listChats, POST as createChat } from "@/app/api/v1/chats/route";
import { POST as createWorkspace } from "@/app/api/v1/workspaces/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";
import { chatListItemSchema } from "./schemas";
import { runningTurns } from "./turns/running-turns";

const getDb = useTestDatabase();
const admin = { email: "admin@example.com", username: "admin", password: "correct horse battery" };
const member = { email: "member@example.com", username: "member", password: "member password 1" };
let adminSession = "";
let memberSession = "";

async function newChat(session: string, title?: string): Promise<string> {
  const response = await callRoute(createChat, { session, body: title === undefined ? {} : { title } });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function listed(session: string) {
  const response = await callRoute(listChats, { session });
  expect(response.status).toBe(200);
  return chatListItemSchema.array().parse(response.body);
}

beforeAll(async () => {
  adminSession = (await callRoute(createFirstUser, { body: admin })).session!;
  expect((await callRoute(createUser, { session: adminSession, body: member })).status).toBe(201);
  memberSession = (await callRoute(login, { body: member })).session!;
});

describe("chats for the sidebar", () => {
  it("renames my chat; another user's is a 404 and stays as it was; bad titles are 400s", async () => {
    const chatId = await newChat(memberSession, "first");
    const rename = (session: string, body: unknown) => callRoute(renameChat, { method: "PATCH", session, params: { chatId }, body });
    const renamed = await rename(memberSession, { title: "  Node box  " });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe("Node box");
    expect((await rename(adminSession, { title: "mine now" })).status).toBe(404);
    for (const body of [{ title: "" }, { title: "   " }, { title: "x".repeat(201) }, { title: 5 }, {}, { title: "a\u0000b" }]) {
      expect((await rename(memberSession, body)).status).toBe(400);
    }
    expect((await listed(memberSession)).find((c) => c.id === chatId)?.title).toBe("Node box");
  });

  it("gives each chat its activity from its turn and its bound build", async () => {
    const prisma = getDb().prisma;
    const idle = await newChat(memberSession);
    const answering = await newChat(memberSession);
    const building = await newChat(memberSession);
    const failed = await newChat(memberSession);
    await prisma.chat.update({ where: { id: answering }, data: { status: "running" } });
    await prisma.chat.update({ where: { id: failed }, data: { status: "error", error: "model down" } });
    // A workspace whose first build no provisioner takes: it stays pending, so the chat waits on it.
    const templateId = (await prisma.template.findFirstOrThrow({ where: { name: "quick" } })).id;
    const workspace = await callRoute(createWorkspace, { session: memberSession, body: { templateId, name: "sidebar-box" } });
    expect(workspace.status).toBe(201);
    await prisma.chat.update({
      where: { id: building },
      data: { status: "running", workspaceId: workspace.body.id, buildId: workspace.body.latestBuild.id },
    });
    const activities = new Map((await listed(memberSession)).map((c) => [c.id, c.activity]));
    expect([idle, answering, building, failed].map((id) => activities.get(id))).toEqual(["done", "answering", "building", "failed"]);
    expect((await listed(adminSession)).some((c) => activities.has(c.id))).toBe(false);
  });

  it("deletes my chat with its messages, interrupting its running turn first; others get 404", async () => {
    const prisma = getDb().prisma;
    const chatId = await newChat(memberSession, "to delete");
    await prisma.chatMessage.create({ data: { chatId, role: "user", parts: [{ type: "text", text: "hi" }] } });
    await prisma.chat.update({ where: { id: chatId }, data: { status: "running" } });
    const turn = new AbortController();
    runningTurns().set(chatId, turn);

    expect((await callRoute(deleteChat, { method: "DELETE", session: adminSession, params: { chatId } })).status).toBe(404);
    expect(turn.signal.aborted).toBe(false);
    expect(await prisma.chat.count({ where: { id: chatId } })).toBe(1);

    const response = await callRoute(deleteChat, { method: "DELETE", session: memberSession, params: { chatId } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ deleted: true });
    expect(turn.signal.aborted).toBe(true);
    expect(await prisma.chat.count({ where: { id: chatId } })).toBe(0);
    expect(await prisma.chatMessage.count({ where: { chatId } })).toBe(0);
    expect((await callRoute(deleteChat, { method: "DELETE", session: memberSession, params: { chatId } })).status).toBe(404);
    runningTurns().delete(chatId);
  });
});
