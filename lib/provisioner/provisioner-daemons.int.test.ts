import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
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
    // Each run waits for a file the test makes, then appends to another, both in the workspace's own
    // home: a sandboxed step sees no other folder of the host (a file of this test's temporary folder
    // stayed out of its reach: every job failed).
    const { actor, templateId } = await seedUserWithTemplate({
      spec: {
        name: "count-runs",
        build: [{ name: "Run", run: 'while [ ! -e "$KILN_WORKSPACE_DIR/go" ]; do sleep 0.05; done; echo "$KILN_WORKSPACE_NAME" >> "$KILN_WORKSPACE_DIR/runs.txt"' }],
      },
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

    // A daemon holds at most 2 jobs, and no job ends before the test lets it: 4 claimed jobs are 2
    // per daemon, however far apart the two cold starts were (a daemon up 1.5 s before the other
    // used to run all 6 short jobs alone).
    const claimed = await eventually(
      async () => {
        const rows = await database.prisma.provisionerJob.findMany({ where: { workerId: { not: null } } });
        return rows.length >= 4 ? rows : null;
      },
      { timeoutMs: 60_000, what: "both daemons to claim jobs" },
    );
    expect(new Set(claimed.map((job) => job.workerId)).size).toBe(2);
    for (const { id } of await database.prisma.workspace.findMany({ select: { id: true } })) {
      mkdirSync(path.join(dataDir, "workspaces", id), { recursive: true });
      writeFileSync(path.join(dataDir, "workspaces", id, "go"), "");
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
