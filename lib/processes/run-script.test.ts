import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { runScript } from "./run-script";

const cwd = mkdtempSync(path.join(os.tmpdir(), "kiln-run-script-"));
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };

function collect() {
  const lines: string[] = [];
  return { lines, onLine: (line: string, stream: string) => lines.push(`${stream}:${line}`) };
}

/** Alive and not a zombie (a killed orphan may wait a while for init to reap it). */
const isAlive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

describe("runScript", () => {
  it("streams stdout and stderr line by line and reports the exit code", async () => {
    const { lines, onLine } = collect();
    const outcome = await runScript({ script: 'echo one; echo two >&2; printf "no newline"; exit 3', cwd, env, timeoutSeconds: 10, onLine });
    expect(outcome).toEqual({ kind: "exited", exitCode: 3 });
    expect(lines).toEqual(expect.arrayContaining(["stdout:one", "stderr:two", "stdout:no newline"]));
  });

  it("passes values only through the environment, verbatim", async () => {
    const { lines, onLine } = collect();
    const marker = path.join(cwd, "injected");
    const value = `$(touch ${marker}); \`touch ${marker}\` ; rm -rf ~ "quoted"`;
    const outcome = await runScript({
      script: 'printf "%s\\n" "$KILN_PARAM_X"',
      cwd,
      env: { ...env, KILN_PARAM_X: value },
      timeoutSeconds: 10,
      onLine,
    });
    expect(outcome).toEqual({ kind: "exited", exitCode: 0 });
    expect(lines).toEqual([`stdout:${value}`]);
    expect(existsSync(marker)).toBe(false);
  });

  it("kills the whole process group on timeout", async () => {
    const pidFile = path.join(cwd, "timeout.pid");
    const started = Date.now();
    const outcome = await runScript({
      script: `sleep 30 & echo $! > ${pidFile}; wait`,
      cwd,
      env,
      timeoutSeconds: 1,
      onLine: () => {},
    });
    expect(outcome).toEqual({ kind: "timeout" });
    // Well under the 30 s its child would run.
    expect(Date.now() - started).toBeLessThan(15_000);
    const pid = Number(readFileSync(pidFile, "utf8"));
    // A killed process dies when next scheduled: asked again, not once after a pause.
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
  }, 30_000);

  it("stops on abort, children included", async () => {
    const pidFile = path.join(cwd, "abort.pid");
    const controller = new AbortController();
    const running = runScript({ script: `sleep 30 & echo $! > ${pidFile}; wait`, cwd, env, timeoutSeconds: 0, signal: controller.signal, onLine: () => {} });
    // Aborted once the child is running (its pid written), however long a loaded machine takes to get there.
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, "utf8").endsWith("\n"), { timeout: 10_000 }).toBe(true);
    controller.abort();
    expect(await running).toEqual({ kind: "aborted" });
    const pid = Number(readFileSync(pidFile, "utf8"));
    await expect.poll(() => isAlive(pid), { timeout: 5000 }).toBe(false);
  }, 30_000);

  it("finishes when bash exits even if a background child keeps the pipes open", async () => {
    const pidFile = path.join(cwd, "leftover.pid");
    const started = Date.now();
    const outcome = await runScript({ script: `sleep 30 & echo $! > ${pidFile}; echo done`, cwd, env, timeoutSeconds: 10, onLine: () => {}, killLeftovers: false });
    expect(outcome).toEqual({ kind: "exited", exitCode: 0 });
    // Well under the 30 s the child holds the pipes (and the 10 s timeout, which would say "timeout").
    expect(Date.now() - started).toBeLessThan(8000);
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(isAlive(pid)).toBe(true);
    process.kill(pid, "SIGKILL");
  }, 30_000);
});

describe("runScript when the script cannot start", () => {
  it("says the folder is missing, never throws", async () => {
    const { lines, onLine } = collect();
    const missing = path.join(cwd, "no-such-folder");
    const outcome = await runScript({ script: "echo never", cwd: missing, env, timeoutSeconds: 10, onLine });
    expect(outcome).toEqual({ kind: "spawn_error", message: `the folder ${missing} does not exist` });
    expect(lines).toEqual([]);
  });

  it("says the folder is a file", async () => {
    const file = path.join(cwd, "a-file");
    writeFileSync(file, "");
    expect(await runScript({ script: "echo never", cwd: file, env, timeoutSeconds: 10, onLine: () => {} })).toEqual({
      kind: "spawn_error",
      message: `${file} is not a folder`,
    });
  });

  it("says the command is missing", async () => {
    const outcome = await runScript({ script: "echo never", cwd, env: { PATH: path.join(cwd, "empty-path") }, timeoutSeconds: 10, onLine: () => {} });
    expect(outcome).toEqual({ kind: "spawn_error", message: "bash: command not found" });
  });

  it("turns arguments Node refuses (a NUL byte) into a spawn_error", async () => {
    const outcome = await runScript({ script: "echo a\0b", cwd, env, timeoutSeconds: 10, onLine: () => {} });
    expect(outcome).toMatchObject({ kind: "spawn_error", message: expect.stringContaining("null bytes") });
  });

  it("survives running out of file descriptors, in the server and in the agent", async () => {
    // A real EMFILE: a child that has used up its descriptors (ulimit -n 64) runs a build-step
    // script and the agent's startup scripts; an unhandled "error" event would kill it.
    const child = path.join(import.meta.dirname, "testing/spawn-without-fds-process.ts");
    const { stdout } = await promisify(execFile)("bash", ["-c", 'ulimit -n 64 && exec "$0" --import tsx "$1" "$2"', process.execPath, child, cwd], {
      timeout: 30_000,
    });
    const printed = stdout.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(printed[0]).toEqual({ type: "script", outcome: { kind: "spawn_error", message: "too many open files" } });
    expect(printed[1]).toMatchObject({
      type: "startup",
      results: [{ status: "failed", exitCode: null }],
      lines: [{ level: "error", output: "dev server: could not start: too many open files" }],
    });
    expect(printed[2]).toEqual({ type: "alive" });
  });
});
