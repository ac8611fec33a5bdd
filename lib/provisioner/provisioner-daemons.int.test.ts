import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, initDb } from "@/lib/db/client";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { eventually, seedUserWithTemplate } from "@/lib/testing/engine-fixtures";
import { createScratchDatabase, testDbKind } from "@/lib/testing/test-database";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { jobStatus } from "./job-status";

const JOBS = 6;
const daemons: ChildProcess[] = [];
let drop = async () => {};

afterAll(async () => {
  for (const daemon of daemons) daemon.kill("SIGKILL");
  await closePubSub();
  await closeDb();
  await drop();
});

// Separate provisioner processes need PostgreSQL: the embedded database has one owner.
describe.skipIf(testDbKind !== "postgres")("provisioner daemons", () => {
  it("runs each job exactly once when two daemons claim at the same time", async () => {
    const scratch = await createScratchDatabase();
    drop = scratch.drop;
    const database = await initDb({ kind: "postgres", url: scratch.url });
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-daemons-"));
    // Each run appends to a file of the workspace's own home: a sandboxed step sees no other folder
    // of the host (a file of this test's temporary folder stayed out of its reach: every job failed).
    const { actor, templateId } = await seedUserWithTemplate({
      spec: { name: "count-runs", build: [{ name: "Run", run: 'sleep 0.5; echo "$KILN_WORKSPACE_NAME" >> "$KILN_WORKSPACE_DIR/runs.txt"' }] },
    });
    // All jobs are queued before either daemon starts, so both claim from the first moment.
    const names = Array.from({ length: JOBS }, (_, i) => `job-${i}`);
    for (const name of names) await createWorkspace({ input: { templateId, name }, actor });

    for (let i = 0; i < 2; i++) {
      daemons.push(
        spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/provisioner.ts"], {
          env: { ...process.env, DATABASE_URL: scratch.url, KILN_DATA_DIR: dataDir, KILN_PROVISIONER_CONCURRENCY: "2" },
          stdio: ["ignore", "ignore", "inherit"],
        }),
      );
    }

    const jobs = await eventually(
      async () => {
        const rows = await database.prisma.provisionerJob.findMany();
        return rows.length === JOBS && rows.every((job) => job.completedAt) ? rows : null;
      },
      { timeoutMs: 60_000, what: "all jobs to finish" },
    );
    expect(jobs.map(jobStatus)).toEqual(Array(JOBS).fill("succeeded"));
    expect(new Set(jobs.map((job) => job.workerId)).size).toBe(2);
    const workspaces = await database.prisma.workspace.findMany({ select: { id: true } });
    const runs = workspaces
      .flatMap(({ id }) => readFileSync(path.join(dataDir, "workspaces", id, "runs.txt"), "utf8").trim().split("\n"))
      .sort();
    expect(runs).toEqual([...names].sort());
  });
});
