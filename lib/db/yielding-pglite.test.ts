import { afterAll, describe, expect, it } from "vitest";
import { YieldingPGlite } from "@/lib/db/yielding-pglite";

const pglite = new YieldingPGlite();
afterAll(() => pglite.close());

/** Where, among `count` queued statements of `sql`, a callback of the next event-loop turn (a socket read) runs. */
async function turnAmongStatements(sql: string, count = 50): Promise<number> {
  await pglite.waitReady;
  const order: string[] = [];
  const statements = Array.from({ length: count }, (_, i) => pglite.query(sql).then(() => order.push(`statement ${i}`)));
  setImmediate(() => order.push("turn"));
  await Promise.all(statements);
  await new Promise((resolve) => setImmediate(resolve));
  return order.indexOf("turn");
}

describe("YieldingPGlite", () => {
  it("lets the event loop turn once queued statements have run for 10 ms, in their order", async () => {
    // 3 ms each: the turn comes after three or four, not after all fifty.
    expect(await turnAmongStatements("SELECT pg_sleep(0.003)")).toBeLessThanOrEqual(6);
    const rows = await Promise.all([1, 2, 3].map((n) => pglite.query<{ n: number }>("SELECT $1::int AS n", [n])));
    expect(rows.map((result) => result.rows[0]!.n)).toEqual([1, 2, 3]);
  });

  it("runs a short chain of quick statements without a turn before each", async () => {
    // 5 when nothing stalls this process for 10 ms meanwhile; a turn per statement would put it first.
    expect(await turnAmongStatements("SELECT 1", 5)).toBeGreaterThan(1);
  });

  it("without the turn, a queue of statements runs through before anything else (the previous design)", async () => {
    pglite.yieldBetweenStatements = false;
    try {
      expect(await turnAmongStatements("SELECT pg_sleep(0.003)")).toBe(50);
    } finally {
      pglite.yieldBetweenStatements = true;
    }
  });

  it("keeps a transaction's statements together and rolls back on error", async () => {
    await pglite.exec("CREATE TABLE IF NOT EXISTS t (n int)");
    await expect(
      pglite.transaction(async (tx) => {
        await tx.query("INSERT INTO t VALUES (1)");
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    await pglite.transaction(async (tx) => {
      await tx.query("INSERT INTO t VALUES (2)");
    });
    expect((await pglite.query<{ n: number }>("SELECT n FROM t")).rows).toEqual([{ n: 2 }]);
  });
});
