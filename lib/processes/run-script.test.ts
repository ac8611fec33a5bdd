import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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
    expect(Date.now() - started).toBeLessThan(4000);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(pid)).toBe(false);
  });

  it("stops on abort, children included", async () => {
    const pidFile = path.join(cwd, "abort.pid");
    const controller = new AbortController();
    const running = runScript({ script: `sleep 30 & echo $! > ${pidFile}; wait`, cwd, env, timeoutSeconds: 0, signal: controller.signal, onLine: () => {} });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    expect(await running).toEqual({ kind: "aborted" });
    await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(Number(readFileSync(pidFile, "utf8")))).toBe(false);
  });

  it("finishes when bash exits even if a background child keeps the pipes open", async () => {
    const pidFile = path.join(cwd, "leftover.pid");
    const started = Date.now();
    const outcome = await runScript({ script: `sleep 30 & echo $! > ${pidFile}; echo done`, cwd, env, timeoutSeconds: 10, onLine: () => {}, killLeftovers: false });
    expect(outcome).toEqual({ kind: "exited", exitCode: 0 });
    expect(Date.now() - started).toBeLessThan(2000);
    const pid = Number(readFileSync(pidFile, "utf8"));
    expect(isAlive(pid)).toBe(true);
    process.kill(pid, "SIGKILL");
  });
});
