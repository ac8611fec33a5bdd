import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The lock holder in its own OS process. `child` is the tsx CLI the test spawned; `pid` is the
 * process that runs the script and holds the lock (tsx runs scripts in a child of its own).
 */
type Holder = { child: ChildProcessWithoutNullStreams; pid: number; exited: Promise<number | null> };

const holders: Holder[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "kiln-lock-"));
  dirs.push(dir);
  return dir;
}

/** Starts hold-data-dir-lock.ts on `dir` and resolves once it printed "locked <pid>". */
async function holdLockInAnotherProcess(dir: string): Promise<Holder> {
  const child = spawn(
    path.join(root, "node_modules/.bin/tsx"),
    // server-only resolves to an empty module under the react-server condition.
    ["--conditions=react-server", path.join(root, "lib/db/testing/hold-data-dir-lock.ts"), dir],
    { cwd: root, stdio: ["pipe", "pipe", "pipe"] },
  );
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^locked (\d+)\n/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`lock holder exited with ${code} before locking: ${stderr}`)));
  });
  const holder = { child, pid, exited };
  holders.push(holder);
  return holder;
}

const isRunning = (holder: Holder) => holder.child.exitCode === null && holder.child.signalCode === null;

/**
 * Both signals go to the holder itself, not through the tsx CLI: tsx relays a signal only once its
 * child has told it which signals it handles, and a SIGTERM that beats that message kills tsx with
 * 143 while the holder lives on until its stdin closes.
 */
async function stop(holder: Holder, signal: "SIGTERM" | "SIGKILL"): Promise<number | null> {
  if (!isRunning(holder)) return holder.exited;
  try {
    process.kill(holder.pid, signal);
  } catch {
    // already gone
  }
  // The holder also exits when its stdin (this pipe, inherited through tsx) closes.
  holder.child.stdin.end();
  return holder.exited;
}

afterEach(async () => {
  await Promise.all(holders.splice(0).map((holder) => stop(holder, "SIGKILL")));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("lockDataDir", () => {
  it("refuses a folder that a live process in another OS process holds, naming that process", async () => {
    const dir = tempDir();
    const holder = await holdLockInAnotherProcess(dir);
    expect(readFileSync(path.join(dir, "kiln.pid"), "utf8")).toBe(String(holder.pid));

    let thrown: unknown;
    try {
      lockDataDir(dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DataDirLockedError);
    expect((thrown as Error).message).toBe(new DataDirLockedError(dir, holder.pid).message);
    expect((thrown as Error).message).toContain(`Another Kiln process (pid ${holder.pid}) is using the embedded database in ${dir}`);
    // The refused attempt left the holder's lock alone.
    expect(readFileSync(path.join(dir, "kiln.pid"), "utf8")).toBe(String(holder.pid));
  }, 30_000);

  it("frees the folder when the holding process exits cleanly", async () => {
    const dir = tempDir();
    const holder = await holdLockInAnotherProcess(dir);
    expect(await stop(holder, "SIGTERM")).toBe(0);
    expect(existsSync(path.join(dir, "kiln.pid"))).toBe(false);

    const release = lockDataDir(dir);
    release();
  }, 30_000);

  it("takes over the pid file of a process that died without releasing it", async () => {
    const dir = tempDir();
    const holder = await holdLockInAnotherProcess(dir);
    await stop(holder, "SIGKILL");
    // SIGKILL skips exit handlers: the dead process's pid is still in the file.
    expect(readFileSync(path.join(dir, "kiln.pid"), "utf8")).toBe(String(holder.pid));

    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, "kiln.pid"), "utf8")).toBe(String(process.pid));
    release();
  }, 30_000);

  it("takes over a pid file that holds no pid", () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, "kiln.pid"), "not a pid");
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, "kiln.pid"), "utf8")).toBe(String(process.pid));
    release();
  });

  it("creates a missing folder, and its release removes the pid file (a second release is harmless)", () => {
    const dir = path.join(tempDir(), "nested", "data");
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, "kiln.pid"), "utf8")).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(dir, "kiln.pid"))).toBe(false);
    release();
    expect(existsSync(dir)).toBe(true);
  });

  it("does not remove a later holder's pid file when an old release runs again", () => {
    const dir = tempDir();
    const release = lockDataDir(dir);
    release();
    writeFileSync(path.join(dir, "kiln.pid"), "424242");
    release();
    expect(readFileSync(path.join(dir, "kiln.pid"), "utf8")).toBe("424242");
  });
});
