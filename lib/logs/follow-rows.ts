import "server-only";
import { pubsub } from "@/lib/pubsub/pubsub";
import type { SseSink } from "@/lib/sse/sse-response";
import { Wakeup } from "@/lib/sse/wait-for-signal";

/** The slow re-check that covers a lost notification. */
export const FOLLOW_FALLBACK_MS = 2000;

/**
 * Streams rows with increasing numeric ids as SSE events (id = row id) from a cursor on: it
 * subscribes first, then replays from the database, then goes live, so no row is lost between
 * the two. When `isDone` holds and nothing is left after the cursor, it sends `end` and closes.
 */
export async function followRows<T extends { id: number }>({
  sink,
  after,
  channel,
  event,
  load,
  isDone,
}: {
  sink: SseSink;
  after: number;
  channel: string;
  event: string;
  load: (after: number) => Promise<T[]>;
  isDone: () => Promise<boolean>;
}): Promise<void> {
  const wakeup = new Wakeup();
  const bus = await pubsub();
  const unsubscribe = await bus.subscribe(channel, wakeup.notify);
  const offReconnect = bus.onReconnect(wakeup.notify);
  try {
    let cursor = after;
    while (!sink.signal.aborted) {
      await sink.ready();
      // Read "done" before the rows: rows stored before the end are then surely loaded.
      const done = await isDone();
      const rows = await load(cursor);
      for (const row of rows) {
        sink.send({ id: String(row.id), event, data: row });
        cursor = row.id;
      }
      if (rows.length > 0) continue;
      if (done) {
        sink.send({ event: "end", data: { after: cursor } });
        return;
      }
      await wakeup.wait(FOLLOW_FALLBACK_MS, sink.signal);
    }
  } finally {
    unsubscribe();
    offReconnect();
  }
}
