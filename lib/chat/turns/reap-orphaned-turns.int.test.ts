import { expect, it } from "vitest";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { closeOrphanedToolCalls } from "../tools/close-orphaned-tool-calls";
import { INTERRUPTED_TOOL_ERROR } from "../tools/close-waiting-tool-parts";
import { ORPHANED_TOOL_CALL_ERROR, reapOrphanedToolCalls } from "../tools/reap-orphaned-tool-calls";
import { ORPHANED_TURN_ERROR, reapOrphanedTurns } from "./reap-orphaned-turns";

const getDb = useTestDatabase();

it("marks failed, with a clear message, a turn whose server stopped heartbeating, and only that one", async () => {
  const { actor, organizationId } = await seedUserWithTemplate({ spec: { name: "t" } });
  const prisma = getDb().prisma;
  const now = new Date("2026-11-24T12:00:00Z");
  const chat = (data: object) => prisma.chat.create({ data: { ownerId: actor.id, organizationId, status: "running", turnWorkerId: "w", ...data } });
  const crashed = await chat({ turnHeartbeatAt: new Date(now.getTime() - 30_001) });
  const alive = await chat({ turnHeartbeatAt: new Date(now.getTime() - 30_000) });
  const idle = await prisma.chat.create({ data: { ownerId: actor.id, organizationId } });

  expect(await reapOrphanedTurns({ now, staleMs: 30_000 })).toEqual([crashed.id]);
  const rows = await prisma.chat.findMany({ where: { id: { in: [crashed.id, alive.id, idle.id] } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  expect(byId.get(crashed.id)).toMatchObject({ status: "error", error: ORPHANED_TURN_ERROR, turnWorkerId: null });
  expect(byId.get(alive.id)).toMatchObject({ status: "running", error: null });
  expect(byId.get(idle.id)).toMatchObject({ status: "idle" });
  // On restart of the embedded database every running turn is an orphan.
  expect(await reapOrphanedTurns({ now, staleMs: 0 })).toEqual([alive.id]);
});

it("on a start of the embedded database, marks interrupted the tool calls left waiting (a tools API call cut off by a stop)", async () => {
  const { actor, organizationId } = await seedUserWithTemplate({ spec: { name: "calls" } });
  const prisma = getDb().prisma;
  const chat = await prisma.chat.create({ data: { ownerId: actor.id, organizationId } });
  const waiting = { type: "tool-create_workspace", toolCallId: "c1", state: "input-available", input: {} };
  const finished = { type: "tool-list_templates", toolCallId: "c0", state: "output-available", input: {}, output: {} };
  const message = await prisma.chatMessage.create({ data: { chatId: chat.id, role: "assistant", parts: [finished, waiting] } });
  const untouched = await prisma.chatMessage.create({ data: { chatId: chat.id, role: "assistant", parts: [finished] } });

  expect(await closeOrphanedToolCalls()).toBe(1);
  expect((await prisma.chatMessage.findUniqueOrThrow({ where: { id: message.id } })).parts).toEqual([
    finished,
    { ...waiting, state: "output-error", errorText: INTERRUPTED_TOOL_ERROR },
  ]);
  expect((await prisma.chatMessage.findUniqueOrThrow({ where: { id: untouched.id } })).version).toBe(untouched.version);
  expect(await closeOrphanedToolCalls()).toBe(0);
});

it("marks interrupted a tools API call whose server stopped heartbeating, and only that one", async () => {
  const { actor, organizationId } = await seedUserWithTemplate({ spec: { name: "owned-calls" } });
  const prisma = getDb().prisma;
  const now = new Date("2026-11-24T12:00:00Z");
  const chat = await prisma.chat.create({ data: { ownerId: actor.id, organizationId } });
  const waiting = { type: "tool-create_workspace", toolCallId: "c1", state: "input-available", input: {} };
  const ended = { ...waiting, state: "output-available", output: {} };
  const call = (parts: object[], heartbeatMsAgo: number) =>
    prisma.chatMessage.create({
      data: { chatId: chat.id, role: "assistant", parts, toolWorkerId: "dead-server", toolHeartbeatAt: new Date(now.getTime() - heartbeatMsAgo) },
    });
  const crashed = await call([waiting], 30_000);
  const alive = await call([waiting], 29_999);
  // Its server wrote the result, then died before letting go of it.
  const finished = await call([ended], 60_000);

  expect(await reapOrphanedToolCalls({ now, staleMs: 30_000 })).toEqual([crashed.id]);
  const byId = new Map((await prisma.chatMessage.findMany({ where: { chatId: chat.id } })).map((row) => [row.id, row]));
  expect(byId.get(crashed.id)).toMatchObject({
    parts: [{ ...waiting, state: "output-error", errorText: ORPHANED_TOOL_CALL_ERROR }],
    toolWorkerId: null,
    toolHeartbeatAt: null,
  });
  expect(byId.get(crashed.id)!.version).toBeGreaterThan(crashed.version);
  expect(byId.get(alive.id)).toMatchObject({ parts: [waiting], toolWorkerId: "dead-server" });
  expect(byId.get(finished.id)).toMatchObject({ parts: [ended], toolWorkerId: null, version: finished.version });
  expect(await reapOrphanedToolCalls({ now, staleMs: 30_000 })).toEqual([]);
});
