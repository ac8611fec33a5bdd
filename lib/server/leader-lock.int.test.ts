import { expect, it } from "vitest";
import { testDbKind, useTestDatabase } from "@/lib/testing/test-database";
import { LeaderLock } from "./leader-lock";

useTestDatabase();

// Exclusivity needs separate database sessions: PostgreSQL. On the embedded database only one
// process can open the data folder at all (lib/db/data-dir-lock.test.ts proves that), so the one
// process that has it leads.
it.runIf(testDbKind === "postgres")("lets exactly one holder lead, and hands leadership over when the leader lets go", async () => {
  const a = new LeaderLock(77_001);
  const b = new LeaderLock(77_001);
  expect(await a.isLeader()).toBe(true);
  expect(await b.isLeader()).toBe(false);
  expect(await a.isLeader()).toBe(true);
  expect(await b.isLeader()).toBe(false);
  await a.release();
  expect(await b.isLeader()).toBe(true);
  expect(await a.isLeader()).toBe(false);
  await b.release();
});

it.runIf(testDbKind === "pglite")("on the embedded database the process that holds the data folder leads", async () => {
  expect(await new LeaderLock(77_002).isLeader()).toBe(true);
});
