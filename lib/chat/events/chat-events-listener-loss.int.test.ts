import pg from "pg";
import { describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/create-session";
import { channels } from "@/lib/pubsub/channels";
import { pubsub } from "@/lib/pubsub/pubsub";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { GET as events } from "@/app/api/v1/chats/[chatId]/events/route";
import { chatEventStreamOpener } from "@/lib/testing/open-chat-event-stream";
import { testDbKind, useTestDatabase } from "@/lib/testing/test-database";

const openChatEventStream = chatEventStreamOpener(events);

// The chat streams keep no re-check timer of their own: a notification can only be lost with the
// listener's database connection, and its reconnect makes every stream re-read (docs/event-stream.md).
// This kills that connection under open streams and checks that what was stored while nobody
// listened arrives, once, and that the streams are live again after. PGlite has no such
// connection: its pubsub is the process's own memory, where a notification cannot be lost.
const getDb = useTestDatabase();
const STREAMS = 12;

const messageVersions = (received: { event: string; data: unknown }[]) =>
  received.filter((e) => e.event === "message").map((e) => (e.data as { id: string; version: number }).id);

describe.skipIf(testDbKind !== "postgres")("chat event streams when the pubsub listener's connection is killed", () => {
  it("every open stream recovers: events stored while it was down arrive exactly once, and later ones live", async () => {
    const prisma = getDb().prisma;
    const { actor, organizationId } = await seedUserWithTemplate({ spec: { name: "loss", build: [] } });
    const session = (await createSession({ userId: actor.id })).secret;
    const chats = await Promise.all(Array.from({ length: STREAMS }, () => prisma.chat.create({ data: { ownerId: actor.id, organizationId } })));
    const streams = chats.map((chat) => openChatEventStream({ chatId: chat.id, session }));
    await eventually(async () => streams.every((s) => s.received.some((e) => e.event === "synced")), { what: "every stream synced" });
    const bus = await pubsub();
    let reconnects = 0;
    const stopCounting = bus.onReconnect(() => reconnects++);

    // Stored with no notification at all: exactly what a stream sees of a change whose
    // notification was lost while its listener was down.
    const lost = await Promise.all(chats.map((chat) => prisma.chatMessage.create({ data: { chatId: chat.id, role: "user", parts: [{ type: "text", text: "lost" }] } })));
    const { target } = getDb();
    const admin = new pg.Client({ connectionString: target.kind === "postgres" ? target.url : "" });
    await admin.connect();
    try {
      // This file's own database: the listener of no other test or process is touched.
      const { rows } = await admin.query<{ terminated: boolean }>(
        "SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = 'kiln-pubsub' AND datname = current_database()",
      );
      expect(rows.filter((row) => row.terminated)).toHaveLength(1);
    } finally {
      await admin.end();
    }
    await eventually(async () => reconnects >= 1, { what: "the listener's reconnect" });
    await eventually(async () => streams.every((s, i) => messageVersions(s.received).includes(lost[i]!.id)), { what: "every lost message on its stream" });

    // Live again: a change told by notification after the reconnect.
    const live = await Promise.all(
      chats.map(async (chat) => {
        const message = await prisma.chatMessage.create({ data: { chatId: chat.id, role: "user", parts: [{ type: "text", text: "live" }] } });
        await bus.publish(channels.chat(chat.id), `message:${message.id}`);
        return message;
      }),
    );
    await eventually(async () => streams.every((s, i) => messageVersions(s.received).includes(live[i]!.id)), { what: "every live message on its stream" });
    for (const [i, stream] of streams.entries()) {
      expect(messageVersions(stream.received)).toEqual([lost[i]!.id, live[i]!.id]);
      expect(stream.received.filter((e) => e.event === "synced")).toHaveLength(1);
    }
    stopCounting();
    for (const stream of streams) stream.close();
    await Promise.all(streams.map((s) => s.finished));
  });
});
