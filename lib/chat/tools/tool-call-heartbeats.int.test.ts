import { afterEach, describe, expect, it } from "vitest";
import { config, setConfig } from "@/lib/config";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
import { recordToolCallStart } from "./record-tool-call";
import { keepToolCallAlive } from "./tool-call-heartbeats";

const getDb = useTestDatabase();

describe("keepToolCallAlive", () => {
  const heartbeatMs = config().chatHeartbeatMs;
  afterEach(() => setConfig({ chatHeartbeatMs: heartbeatMs }));

  it("beats every running call of the process in one timer, and stops beating a call once it is let go", async () => {
    setConfig({ chatHeartbeatMs: 50 });
    const { actor, organizationId } = await seedUserWithTemplate({ spec: { name: "beats" } });
    const prisma = getDb().prisma;
    const started = new Date("2026-01-01T00:00:00.000Z");
    const calls = await Promise.all(
      ["a", "b"].map(async (id) => {
        const chat = await prisma.chat.create({ data: { ownerId: actor.id, organizationId } });
        const part = { type: "tool-list_templates" as const, toolCallId: `call_${id}`, state: "input-available" as const, input: {} };
        return (await recordToolCallStart({ chatId: chat.id, actor, part, now: started })).messageId;
      }),
    );
    const heartbeatOf = async (messageId: string) =>
      (await prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId }, select: { toolHeartbeatAt: true } })).toolHeartbeatAt!.getTime();
    /** Resolves once the call's heartbeat is later than `after`; returns it. */
    const beatAfter = (messageId: string, after: number) =>
      eventually(async () => {
        const at = await heartbeatOf(messageId);
        return at > after ? at : null;
      }, { timeoutMs: 20_000, intervalMs: 20, what: `a heartbeat of ${messageId}` });

    const [first, second] = calls as [string, string];
    const stopFirst = keepToolCallAlive(first);
    const stopSecond = keepToolCallAlive(second);
    try {
      await Promise.all([beatAfter(first, started.getTime()), beatAfter(second, started.getTime())]);
      stopFirst();
      // Beats stamp their own time: any beat of the first call was sent before this moment.
      const stoppedAt = Date.now();
      await beatAfter(second, await beatAfter(second, stoppedAt));
      expect(await heartbeatOf(first)).toBeLessThanOrEqual(stoppedAt);
    } finally {
      stopFirst();
      stopSecond();
    }
  });
});
