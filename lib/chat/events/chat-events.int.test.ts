import { describe, expect, it } from "vitest";
import { GET as events } from "@/app/api/v1/chats/[chatId]/events/route";
import { POST as postMessage } from "@/app/api/v1/chats/[chatId]/messages/route";
import { POST as runTool } from "@/app/api/v1/chats/[chatId]/tools/[tool]/route";
import { createSession } from "@/lib/auth/create-session";
import { listExampleTemplates } from "@/lib/templates/example-templates";
import type { TemplateSpecInput } from "@/lib/templates/schemas";
import { callRoute } from "@/lib/testing/call-route";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { chatEventStreamOpener } from "@/lib/testing/open-chat-event-stream";
import type { ReceivedEvent } from "@/lib/testing/read-sse";
import { useTestDatabase } from "@/lib/testing/test-database";
import { useEngine } from "@/lib/testing/use-engine";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { readSse } from "@/lib/testing/read-sse";
import { sseResponse } from "@/lib/sse/sse-response";
import { toChatMessage } from "../to-chat";
import type { ChatWithMessages } from "../schemas";
import { applyChatRow, applyDelta, applyMessage, applyTool } from "./apply-chat-event";
import { chatEventSchemas, type BuildLogEvent } from "./schemas";
import { START_CURSOR } from "./cursor";
import { openChatEvents } from "./stream-chat-events";

const openStream = chatEventStreamOpener(events);

const getDb = useTestDatabase();
useEngine(getDb, { prefix: "kiln-chat-events-" });

async function chatWith(spec: TemplateSpecInput) {
  const seeded = await seedUserWithTemplate({ spec });
  const chat = await getDb().prisma.chat.create({ data: { ownerId: seeded.actor.id, organizationId: seeded.organizationId } });
  const session = (await createSession({ userId: seeded.actor.id })).secret;
  return { ...seeded, chatId: chat.id, session };
}

const exampleSpec = async (name: string) => (await listExampleTemplates()).find((t) => t.spec.name === name)!.spec;

const isIdle = (event: ReceivedEvent) => event.event === "chat" && (event.data as { status: string }).status !== "running";

/** Replays events into the cache shapes the browser hook keeps. */
function replay(received: ReceivedEvent[]) {
  let chat: ChatWithMessages | undefined;
  const buildLines = new Map<string, number[]>();
  for (const { event, data } of received) {
    if (event === "chat") chat = applyChatRow(chat, chatEventSchemas.chat.parse(data));
    if (event === "message") chat = applyMessage(chat, chatEventSchemas.message.parse(data));
    if (event === "message.delta") chat = applyDelta(chat, chatEventSchemas["message.delta"].parse(data));
    if (event === "tool") chat = applyTool(chat, chatEventSchemas.tool.parse(data));
    if (event === "build.log") {
      const { buildId, lines } = data as BuildLogEvent;
      buildLines.set(buildId, [...(buildLines.get(buildId) ?? []), ...lines.map((l) => l.id)]);
    }
  }
  return { chat, buildLines };
}

describe("the chat event stream", () => {
  it("carries the turn, its tool calls, the build and startup logs and the workspace, and follows a new build", async () => {
    const { chatId, session } = await chatWith(await exampleSpec("quick"));
    const stream = openStream({ chatId, session });
    await eventually(async () => stream.received.some((e) => e.event === "chat"), { what: "the first chat event" });
    const send = (content: string) => callRoute(postMessage, { session, params: { chatId }, body: { content } });
    expect((await send("create a workspace from quick called demo")).status).toBe(202);
    await eventually(async () => stream.received.filter(isIdle).length >= 2, { timeoutMs: 30_000, what: "the turn to end" });
    await eventually(
      async () =>
        stream.received.some((e) => {
          const workspace = e.event === "workspace" ? (e.data as { workspace: { agents: { lifecycleState: string }[] } | null }).workspace : null;
          return workspace?.agents[0]?.lifecycleState === "ready";
        }),
      { what: "a workspace event with the agent ready" },
    );
    const names = new Set(stream.received.map((e) => e.event));
    for (const name of ["chat", "message", "tool", "workspace", "build.log", "agent.log"]) expect(names, name).toContain(name);
    // Every event is a cursor; applied in order they rebuild exactly what is stored.
    expect(stream.received.filter((e) => e.event !== "synced").every((e) => typeof e.id === "string" && e.id.length > 0)).toBe(true);
    expect(stream.received.filter((e) => e.event === "synced")).toHaveLength(1);
    const rows = await getDb().prisma.chatMessage.findMany({ where: { chatId }, orderBy: { seq: "asc" } });
    await eventually(async () => replay(stream.received).chat?.messages.length === rows.length, { what: "all messages" });
    expect(replay(stream.received).chat!.messages).toEqual(rows.map(toChatMessage));
    // The tool's end arrives as a `tool` event, or inside a whole `message` when the follower read
    // it together with the text after it (one event per version read, not per version written).
    const parts = replay(stream.received).chat!.messages.flatMap((message) => message.parts);
    expect(parts).toContainEqual(expect.objectContaining({ type: "tool-create_workspace", state: "output-available" }));
    const firstBuild = (await getDb().prisma.chat.findUniqueOrThrow({ where: { id: chatId } })).buildId!;
    const startup = stream.received.filter((e) => e.event === "agent.log").flatMap((e) => (e.data as { lines: { output: string }[] }).lines);
    expect(startup.map((l) => l.output)).toContain("hello from demo: hi");

    // A stop build moves the binding: its log arrives on the same connection.
    expect((await callRoute(runTool, { session, params: { chatId, tool: "stop_workspace" }, body: { input: {} } })).body.isError).toBe(false);
    const secondBuild = (await getDb().prisma.chat.findUniqueOrThrow({ where: { id: chatId } })).buildId!;
    expect(secondBuild).not.toBe(firstBuild);
    await eventually(
      async () => stream.received.some((e) => e.event === "build.log" && (e.data as BuildLogEvent).buildId === secondBuild && (e.data as BuildLogEvent).done),
      { what: "the stop build's log on the same stream" },
    );
    const { buildLines } = replay(stream.received);
    for (const ids of buildLines.values()) expect(new Set(ids).size).toBe(ids.length);
    // The stop build has no agent to follow: the start's startup log is not sent again.
    const agentLineIds = stream.received.filter((e) => e.event === "agent.log").flatMap((e) => (e.data as { lines: { id: number }[] }).lines.map((l) => l.id));
    expect(new Set(agentLineIds).size).toBe(agentLineIds.length);
    stream.close();
    await stream.finished;
  });

  it("resumes from any event id with nothing lost and nothing repeated: 50 reconnects during a 5,000-line build", async () => {
    const { chatId, session, templateId } = await chatWith({
      name: "long-log",
      build: [
        {
          name: "Count",
          timeout: 120,
          run: 'i=1; while [ "$i" -le 5000 ]; do echo "line-$i"; if [ $((i % 100)) -eq 0 ]; then sleep 0.1; fi; i=$((i + 1)); done',
        },
      ],
    });
    const create = callRoute(runTool, { session, params: { chatId, tool: "create_workspace" }, body: { input: { template_id: templateId, name: "long" } } });
    const all: ReceivedEvent[] = [];
    let lastEventId: string | undefined;
    let reconnects = 0;
    const buildDone = () => all.some((e) => e.event === "build.log" && (e.data as BuildLogEvent).done);
    while (!buildDone()) {
      const stream = openStream({ chatId, session, lastEventId });
      if (reconnects < 50) {
        await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60));
        reconnects += 1;
      } else {
        await eventually(async () => stream.received.some((e) => e.event === "build.log" && (e.data as BuildLogEvent).done), {
          timeoutMs: 60_000,
          what: "the end of the build log",
        });
      }
      stream.close();
      await stream.finished;
      all.push(...stream.received);
      // As EventSource does: an event without an id (synced) leaves the last id as it was.
      lastEventId = stream.received.findLast((e) => e.id)?.id ?? lastEventId;
    }
    expect(reconnects).toBe(50);
    const lines = all.filter((e) => e.event === "build.log").flatMap((e) => (e.data as BuildLogEvent).lines);
    const ids = lines.map((l) => l.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const counted = lines.filter((l) => l.stage === "Count").map((l) => l.output);
    expect(counted).toEqual(Array.from({ length: 5000 }, (_, i) => `line-${i + 1}`));
    // The first half of the build was still running when the reconnects were done.
    const stored = await getDb().prisma.provisionerJobLog.count({ where: { job: { build: { workspace: { name: "long" } } } } });
    expect(lines.length).toBe(stored);
    // Messages and tool states: each version once.
    const versions = all.filter((e) => ["message", "message.delta", "tool"].includes(e.event)).map((e) => JSON.stringify([(e.data as { id?: string; messageId?: string }).messageId ?? (e.data as { id: string }).id, (e.data as { version: number }).version]));
    expect(new Set(versions).size).toBe(versions.length);
    expect((await create).status).toBe(200);
  }, 120_000);

  it("misses no change notified between the open's read of the chat and the first pass", async () => {
    const { chatId, actor } = await chatWith({ name: "race" });
    const run = await openChatEvents({ chatId, actor, cursor: START_CURSOR });
    // The open read the chat's head (no message yet); a message stored and notified now must
    // still reach the stream, whose first pass starts only after the notification arrived.
    const bus = await pubsub();
    let isNotified = false;
    const stopListening = await bus.subscribe(channels.chat(chatId), () => (isNotified = true));
    const message = await getDb().prisma.chatMessage.create({ data: { chatId, role: "user", parts: [{ type: "text", text: "between" }] } });
    await bus.publish(channels.chat(chatId), `message:${message.id}`);
    await eventually(async () => isNotified, { what: "the notification" });
    stopListening();
    const controller = new AbortController();
    const received: ReceivedEvent[] = [];
    const finished = readSse(sseResponse(new Request("http://kiln.test/", { signal: controller.signal }), run), (event) => received.push(event)).catch(() => {});
    await eventually(async () => received.some((e) => e.event === "synced"), { what: "the replay" });
    await eventually(async () => received.some((e) => e.event === "message" && (e.data as { id: string }).id === message.id), { what: "the message" });
    controller.abort();
    await finished;
  });

  it("answers 404 for another user's chat, 401 without a session and 400 for a cursor that is not ours", async () => {
    const mine = await chatWith({ name: "a" });
    const theirs = await chatWith({ name: "b" });
    const call = (chatId: string, headers: Record<string, string> = {}, session?: string) =>
      callRoute(events, { session, params: { chatId }, headers });
    expect((await call(theirs.chatId, {}, mine.session)).status).toBe(404);
    expect((await call(mine.chatId)).status).toBe(401);
    const bad = await call(mine.chatId, { "last-event-id": "not-a-cursor" }, mine.session);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/Last-Event-ID/);
    expect((await call("not-a-uuid", {}, mine.session)).status).toBe(400);
  });
});
