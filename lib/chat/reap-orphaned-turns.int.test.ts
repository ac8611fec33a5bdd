import { expect, it } from "vitest";
import { seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { useTestDatabase } from "@/lib/testing/test-database";
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
