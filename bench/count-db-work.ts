// Counts the database work of this process for the benches: statements (round trips to the
// database, BEGIN and COMMIT included), transactions and pubsub publishes. It wraps the drivers
// (pg's Client, the embedded PGlite) and the pubsub, so every path is seen, raw SQL included.
import pg from "pg";
import type { Database } from "@/lib/db/client";
import { pubsub } from "@/lib/pubsub/pubsub";

export type DbWork = { statements: number; transactions: number; publishes: number };

type Query = (...args: unknown[]) => Promise<unknown>;

/** Starts counting; the returned function reads the counts so far. */
export async function countDbWork(database: Database): Promise<() => DbWork> {
  const work: DbWork = { statements: 0, transactions: 0, publishes: 0 };
  const bus = await pubsub();
  const publish = bus.publish.bind(bus);
  bus.publish = (...args) => {
    work.publishes += 1;
    return publish(...args);
  };
  if (database.pglite) {
    const pglite = database.pglite as unknown as { query: Query; exec: Query; transaction: (fn: (tx: { query: Query; exec: Query }) => Promise<unknown>) => Promise<unknown> };
    const counted = (query: Query): Query => (...args) => {
      work.statements += 1;
      return query(...args);
    };
    pglite.query = counted(pglite.query.bind(pglite));
    pglite.exec = counted(pglite.exec.bind(pglite));
    const transaction = pglite.transaction.bind(pglite);
    pglite.transaction = (fn) => {
      work.transactions += 1;
      work.statements += 2; // BEGIN, COMMIT
      return transaction((tx) => {
        tx.query = counted(tx.query.bind(tx));
        tx.exec = counted(tx.exec.bind(tx));
        return fn(tx);
      });
    };
  } else {
    const query = pg.Client.prototype.query as unknown as Query;
    (pg.Client.prototype as unknown as { query: Query }).query = function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === "string" ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      // The pubsub's NOTIFY is counted as a publish, not as a statement.
      if (!/^\s*(SELECT pg_notify|NOTIFY|LISTEN|UNLISTEN)/i.test(text ?? "")) work.statements += 1;
      if (/^\s*BEGIN/i.test(text ?? "")) work.transactions += 1;
      return query.apply(this, args);
    } as Query;
  }
  return () => ({ ...work });
}
