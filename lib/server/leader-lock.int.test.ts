import { expect, it } from "vitest";
import { useTestDatabase } from "@/lib/testing/test-database";
import { LeaderLock } from "./leader-lock";

useTestDatabase();

it("lets exactly one holder lead, and hands leadership over when the leader lets go", async () => {
  const a = new LeaderLock(77_001);
  const b = new LeaderLock(77_001);
  expect(await a.isLeader()).toBe(true);
  // Separate connections contend on PostgreSQL; the embedded database has one process, which leads.
  const isPglite = process.env.KILN_TEST_DB !== "postgres";
  expect(await b.isLeader()).toBe(isPglite);
  expect(await a.isLeader()).toBe(true);
  await a.release();
  expect(await b.isLeader()).toBe(true);
  await b.release();
});
