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

/** The window the test gives the reaper; the child heartbeats well inside it. */
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  if (testDbKind === "postgres") {
    // Another server on the same database: while the owner lives, its heartbeat keeps the call.
    database = await initDb({ kind: "postgres", url: target });
    await sleep(2 * STALE_MS);
    expect(await reapOrphanedToolCalls({ now: new Date(), staleMs: STALE_MS })).toEqual([]);
  }

  child.kill("SIGKILL");
  await new Promise((resolve) => child!.once("exit", resolve));
  // On the embedded database the next server opens the folder of the dead one.
  database ??= await initDb({ kind: "pglite", dataDir: pgliteDir });
  // From the kill on PostgreSQL (the other server is up), from the restart on the embedded one.
  const reaperFrom = Date.now();
  const orphan = await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } });
  expect(orphan.parts).toMatchObject([{ type: "tool-create_workspace", state: "input-available" }]);
  expect(orphan.toolWorkerId).not.toBeNull();

  // The reaper loop's pass, as often as a test can afford.
  let reaped: string[] = [];
  while (reaped.length === 0 && Date.now() - reaperFrom < 10 * STALE_MS) {
    reaped = await reapOrphanedToolCalls({ now: new Date(), staleMs: STALE_MS });
    if (reaped.length === 0) await sleep(100);
  }
  expect(reaped).toEqual([messageId]);
  // Within the window (plus one reaper pass), not forever.
  expect(Date.now() - reaperFrom).toBeLessThan(STALE_MS + 1000);
  const closed = await database.prisma.chatMessage.findUniqueOrThrow({ where: { id: messageId } });
  expect(closed.parts).toMatchObject([{ type: "tool-create_workspace", state: "output-error", errorText: ORPHANED_TOOL_CALL_ERROR }]);
  expect(closed.toolWorkerId).toBeNull();
});
