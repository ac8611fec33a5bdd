import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, expect, it } from "vitest";
import { setConfig } from "@/lib/config";
import { closeDb, initDb } from "@/lib/db/client";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { eventually } from "@/lib/testing/engine-fixtures";
import { createScratchDatabase, testDbKind } from "@/lib/testing/test-database";
import { jobStatus } from "./job-status";
import { Provisioner } from "./provisioner";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-crash-"));
let child: ChildProcess | undefined;
let provisioner: Provisioner | undefined;
let dropDatabase = async () => {};

afterAll(async () => {
  child?.kill("SIGKILL");
  await provisioner?.stop();
  await closePubSub();
  await closeDb();
  await dropDatabase();
});

it("fails a build whose server was killed with SIGKILL, with a clear error, after a restart", async () => {
  let target = dataDir;
  if (testDbKind === "postgres") {
    const scratch = await createScratchDatabase();
    target = scratch.url;
    dropDatabase = scratch.drop;
  }
  // Node itself runs the script (tsx as a loader), so SIGKILL hits the process that holds the
  // database, as it would hit a crashed server.
  child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/provisioner/testing/crashing-server-process.ts", target, dataDir],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout! });
  const { jobId } = await new Promise<{ jobId: string }>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith("{")) resolve(JSON.parse(line) as { jobId: string });
    });
    child!.once("exit", (code) => reject(new Error(`server process exited early (${code})`)));
  });

  child.kill("SIGKILL");
  await new Promise((resolve) => child!.once("exit", resolve));

  // "Restart": open the same database (the PGlite lock of the dead process is taken over).
  const database = await initDb(testDbKind === "postgres" ? { kind: "postgres", url: target } : { kind: "pglite", dataDir });
  const orphan = await database.prisma.provisionerJob.findUniqueOrThrow({ where: { id: jobId } });
  expect(jobStatus(orphan)).toBe("running");

  setConfig({ dataDir });
  const restartedAt = Date.now();
  provisioner = new Provisioner({ concurrency: 1, staleMs: 3000, log: () => {} });
  await provisioner.start();
  const failed = await eventually(
    async () => {
      const job = await database.prisma.provisionerJob.findUniqueOrThrow({ where: { id: jobId } });
      return job.completedAt ? job : null;
    },
    { timeoutMs: 60_000, what: "the reaper" },
  );
  expect(Date.now() - restartedAt).toBeLessThan(60_000);
  expect(jobStatus(failed)).toBe("failed");
  expect(failed.errorCode).toBe("provisioner_lost");
  expect(failed.error).toMatch(/^provisioner .+ stopped responding \(no heartbeat for \d+ s\); the build was abandoned$/);
});
