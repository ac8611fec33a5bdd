import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { closeDb, initDb, type Database } from "@/lib/db/client";
import { jobStatus } from "@/lib/provisioner/job-status";
import { closePubSub } from "@/lib/pubsub/pubsub";
import { createScratchDatabase, testDbKind } from "@/lib/testing/test-database";

// The server process as `next start` runs it (lib/server/testing/serving-process.ts), stopped
// by a signal or killed during a build whose step prints 1,000 lines.

const children: ChildProcess[] = [];
const drops: (() => Promise<void>)[] = [];

afterEach(async () => {
  await closePubSub();
  await closeDb();
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const drop of drops) await drop();
});

type Target = { target: string; dataDir: string };

async function newTarget(): Promise<Target> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "kiln-stop-"));
  if (testDbKind !== "postgres") return { target: dataDir, dataDir };
  const scratch = await createScratchDatabase();
  drops.push(scratch.drop);
  return { target: scratch.url, dataDir };
}

/** Starts the server child; resolves with its first JSON line. */
async function serve<T>({ target, dataDir }: Target, mode: "build" | "restart"): Promise<{ child: ChildProcess; message: T }> {
  const child = spawn(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "lib/server/testing/serving-process.ts", target, dataDir, mode],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const message = await new Promise<T>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith("{")) resolve(JSON.parse(line) as T);
    });
    child.once("exit", (code) => reject(new Error(`server process exited early (${code})`)));
  });
  return { child, message };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

function open({ target, dataDir }: Target): Promise<Database> {
  return initDb(target.startsWith("postgres") ? { kind: "postgres", url: target } : { kind: "pglite", dataDir });
}

/** Alive and not a zombie. */
function isLive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/**
 * Host pids of the job's live processes. Build steps carry KILN_JOB_ID in their environment,
 * sandboxed or not (inside a sandbox their own idea of their pid is another namespace's).
 */
function jobPids(jobId: string): number[] {
  const marker = `KILN_JOB_ID=${jobId}`;
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker) && isLive(pid);
      } catch {
        return false;
      }
    });
}

/**
 * The job's processes are gone, or going: SIGKILL is sent without waiting for them to die, and a
 * sandboxed step dies after its provisioner (bwrap --die-with-parent), each when next scheduled.
 * Asked again for up to 10 s (a step left running would sleep for 600 s).
 */
async function expectNoJobProcess(jobId: string): Promise<void> {
  await expect.poll(() => jobPids(jobId), { timeout: 10_000 }).toEqual([]);
}

type Running = { jobId: string; directory: string };

describe("stopping the server during a build", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`on ${signal}: stores every line, ends the build with a clear error, leaves no process`, { timeout: 120_000 }, async () => {
      const target = await newTarget();
      const { child, message } = await serve<Running>(target, "build");
      const pids = jobPids(message.jobId);
      // The step and the sleep it left in the background: seen now, so their absence later means something.
      expect(pids.length).toBeGreaterThanOrEqual(2);
      const stoppedAt = Date.now();
      child.kill(signal);
      expect(await exited(child)).toBe(signal === "SIGTERM" ? 143 : 130);
      const stopMs = Date.now() - stoppedAt;

      const { prisma } = await open(target);
      const job = await prisma.provisionerJob.findUniqueOrThrow({ where: { id: message.jobId } });
      expect(jobStatus(job)).toBe("failed");
      expect(job).toMatchObject({ error: "the server stopped during the build", errorCode: "provisioner_shutdown" });
      const lines = await prisma.provisionerJobLog.findMany({ where: { jobId: message.jobId, stage: "Chatty step" }, orderBy: { id: "asc" } });
      const printed = lines.map((line) => line.output).filter((output) => output.startsWith("line "));
      expect(printed).toEqual(Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`));
      await expectNoJobProcess(message.jobId);
      expect(stopMs).toBeLessThan(10_000);
    });
  }

  it.runIf(testDbKind === "pglite")("after kill -9, a restart on the embedded database fails the abandoned build at once and kills its step", { timeout: 120_000 }, async () => {
    const target = await newTarget();
    const { child, message } = await serve<Running>(target, "build");
    expect(jobPids(message.jobId).length).toBeGreaterThanOrEqual(2);
    child.kill("SIGKILL");
    await exited(child);
    // Unsandboxed, the step runs on in its own process group after the crash, and the restart must
    // kill it; a sandboxed step dies with the provisioner (bwrap --die-with-parent).

    const restartedAt = Date.now();
    const restarted = await serve<{ type: "started" }>(target, "restart");
    const startedMs = Date.now() - restartedAt;
    restarted.child.kill("SIGTERM");
    expect(await exited(restarted.child)).toBe(143);

    const { prisma } = await open(target);
    const job = await prisma.provisionerJob.findUniqueOrThrow({ where: { id: message.jobId } });
    expect(jobStatus(job)).toBe("failed");
    expect(job.errorCode).toBe("provisioner_lost");
    expect(job.error).toMatch(/^the server stopped during the build \(it did not shut down cleanly\)/);
    // Failed while the restarted server started, not a stale period (60 s here) later.
    expect(job.completedAt!.getTime() - restartedAt).toBeLessThan(startedMs);
    await expectNoJobProcess(message.jobId);
    console.log(`restart to started: ${startedMs} ms; build failed ${job.completedAt!.getTime() - restartedAt} ms after the restart began`);
  });
});
