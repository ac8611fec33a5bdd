import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { closeLockPool } from "@/lib/db/advisory-lock";
import { closeDb, initDb, type Database } from "@/lib/db/client";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { createScratchDatabase, testDbKind } from "@/lib/testing/test-database";
import { ORPHANED_TOOL_CALL_ERROR, reapOrphanedToolCalls } from "./reap-orphaned-tool-calls";

/** The window the test gives the reaper; the child heartbeats every HEARTBEAT_MS. */
const STALE_MS = 1500;
const HEARTBEAT_MS = 200;

const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-tool-crash-"));
let child: ChildProcess | undefined;
let dropDatabase = async () => {};

afterAll(async () => {
  child?.kill("SIGKILL");
  await closeLockPool();
  await closePubSub();
  await closeDb();
  await dropDatabase();
});

it("marks interrupted, within the stale window, a tools API call whose server was killed with SIGKILL", async () => {
  const pgliteDir = path.join(dataDir, "db");
  let target = pgliteDir;
  if (testDbKind === "postgres") {
    const scratch = await createScratchDatabase();
    target = scratch.url;
    dropDatabase = scratch.drop;
  }
  // Node itself runs the script (tsx as a loader), so SIGKILL hits the process that runs the call.
  child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/chat/testing/tool-call-crash-process.ts", target, dataDir, String(HEARTBEAT_MS)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! });
  const { messageId } = await new Promise<{ messageId: string }>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith('{"type":"running"')) resolve(JSON.parse(line) as { messageId: string });
    });
    child!.once("exit", (code) => reject(new Error(`server process exited early (${code})`)));
  });

  let database: Database | undefined;
  const heartbeatAt = async () => (await database!.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } })).toolHeartbeatAt!.getTime();
  if (testDbKind === "postgres") {
    // Another server on the same database: while the owner lives, it keeps the call's heartbeat fresh.
    database = await initDb({ kind: "postgres", url: target });
    const seen = await heartbeatAt();
    await expect.poll(heartbeatAt, { timeout: 10 * STALE_MS }).toBeGreaterThan(seen);
  }

  child.kill("SIGKILL");
  await new Promise((resolve) => child!.once("exit", resolve));
  // On the embedded database the next server opens the folder of the dead one.
  database ??= await initDb({ kind: "pglite", dataDir: pgliteDir });
  const orphan = await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } });
  expect(orphan.parts).toMatchObject([{ type: "tool-create_workspace", state: "input-available" }]);
  expect(orphan.toolWorkerId).not.toBeNull();

  // The reaper's decision by its clock (one `now` per pass), not by how fast a loaded machine
  // runs passes: kept until the last heartbeat is STALE_MS old, reaped from then on.
  const lastBeat = await heartbeatAt();
  expect(await reapOrphanedToolCalls({ now: new Date(lastBeat + STALE_MS - 1), staleMs: STALE_MS })).toEqual([]);
  expect(await reapOrphanedToolCalls({ now: new Date(lastBeat + STALE_MS), staleMs: STALE_MS })).toEqual([messageId]);
  const closed = await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } });
  expect(closed.parts).toMatchObject([{ type: "tool-create_workspace", state: "output-error", errorText: ORPHANED_TOOL_CALL_ERROR }]);
  expect(closed.toolWorkerId).toBeNull();
});
