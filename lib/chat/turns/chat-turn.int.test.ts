import { describe, expect, it } from "vitest";
import { POST as interrupt } from "@/app/api/v1/chats/[chatId]/interrupt/route";
import { POST as postMessage } from "@/app/api/v1/chats/[chatId]/messages/route";
import { createSession } from "@/lib/auth/create-session";
import { INTERRUPTED_TOOL_ERROR } from "../tools/close-waiting-tool-parts";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import { callRoute } from "@/lib/testing/call-route";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";

const getDb = useTestDatabase();
useEngine(getDb, { prefix: "kiln-turn-" });

async function chatFor(templateName: string) {
  const spec = (await listExampleTemplates()).find((t) => t.spec.name === templateName)!.spec;
  const seeded = await seedUserWithTemplate({ spec });
  const chat = await getDb().prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
  const session = (await createSession({ userId: seeded.actor.id })).secret;
  const send = (content: string) => callRoute(postMessage, { session, params: { chatId: chat.id }, body: { content } });
  const idle = () =>
    eventually(async () => {
      const row = await getDb().prisma.chat.findUniqueOrThrow({ where: { id: chat.id } });
      return row.status !== "running" ? row : null;
    }, { timeoutMs: 30_000, what: "the turn to end" });
  const messages = async () =>
    (await getDb().prisma.chatMessage.findMany({ where: { chatId: chat.id }, orderBy: { seq: "asc" } })).map((m) => ({
      role: m.role,
      parts: m.parts as { type: string; state?: string; text?: string; output?: Record<string, unknown> }[],
    }));
  return { ...seeded, chatId: chat.id, session, send, idle, messages };
}

describe("assistant turns on the server", () => {
  it("answers 202, runs the turn with the built-in assistant and the real tools, and stores every part", async () => {
    const { send, idle, messages, actor } = await chatFor("quick");
    const response = await send("create a workspace from quick called demo");
    expect(response.status).toBe(202);
    const chat = await idle();
    expect(chat).toMatchObject({ status: "idle", error: null });
    expect(chat.workspaceId).not.toBeNull();
    const [user, assistant] = await messages();
    expect(user).toEqual({ role: "user", parts: [{ type: "text", text: "create a workspace from quick called demo" }] });
    const tools = assistant!.parts.filter((p) => p.type.startsWith("tool-"));
    expect(tools.map((p) => [p.type, p.state])).toEqual([
      ["tool-list_templates", "output-available"],
      ["tool-create_workspace", "output-available"],
    ]);
    expect(tools[1]!.output).toMatchObject({ created: true, workspace_name: `${actor.username}/demo` });
    const text = assistant!.parts.filter((p) => p.type === "text").map((p) => p.text).join(" ");
    expect(text).toContain(`${actor.username}/demo`);
  });

  it("refuses a second message while a turn runs (409), and an interrupt ends the turn", async () => {
    const { send, idle, chatId, session, messages } = await chatFor("node-dev");
    expect((await send("create a workspace from node-dev")).status).toBe(202);
    const second = await send("stop my workspace");
    expect(second.status).toBe(409);
    // Interrupt while create_workspace waits for its build (node-dev builds for ~3 s).
    await eventually(
      async () => (await messages()).flatMap((m) => m.parts).some((p) => p.type === "tool-create_workspace" && p.state === "input-available"),
      { what: "create_workspace to be called" },
    );
    const stopped = await callRoute(interrupt, { session, params: { chatId }, method: "POST" });
    expect(stopped.body).toEqual({ interrupted: true });
    expect(await idle()).toMatchObject({ status: "idle" });
    // The call cut off with its turn is recorded as interrupted, not left looking as if it ran on.
    const tools = (await messages()).flatMap((m) => m.parts).filter((p) => p.type.startsWith("tool-"));
    expect(tools.filter((p) => p.state === "input-available")).toEqual([]);
    expect(tools.at(-1)).toMatchObject({ state: "output-error", errorText: INTERRUPTED_TOOL_ERROR });
    expect((await send("")).status).toBe(400);
  });
});
