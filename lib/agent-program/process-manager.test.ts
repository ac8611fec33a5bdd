import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_TIMEOUT_MS } from "../workspace-agents/workspace-api-schemas";
import { EXITED_RETENTION_MS, ProcessManager } from "./process-manager";

// Real `sh -c` processes.

const home = mkdtempSync(path.join(os.tmpdir(), "kiln-procs-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Gone or a zombie waiting for init to reap it: either way it no longer runs. */
function isGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z";
  } catch {
    return true;
  }
}

const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home };

describe("ProcessManager", () => {
  it("runs sh -c in the home without a terminal, with the non-interactive environment and the request's", async () => {
    const manager = new ProcessManager({ home, env });
    const { created, result } = await manager.start({
      command: 'echo "$TERM $NO_COLOR $PAGER $GIT_TERMINAL_PROMPT $GREETING"; pwd; [ -t 0 ] || echo no-tty; read x || echo stdin-closed; echo err >&2; exit 4',
      env: { GREETING: "hi $(x)" },
    });
    expect(created).toBe(true);
    expect(result).toMatchObject({ status: "exited", exitCode: 4, truncated: false });
    expect(result.output).toBe(`dumb 1 cat 0 hi $(x)\n${home}\nno-tty\nstdin-closed\nerr\n`);
  });

  it("answers running past timeoutMs with the output so far, and the output waits for the exit", async () => {
    const manager = new ProcessManager({ home, env });
    // The command waits for a file only the test makes: it is running when timeoutMs passes, however
    // slowly a loaded machine starts it (a shell may not have printed anything 100 ms after its spawn).
    const gate = path.join(home, "gate-timeout");
    const startedAt = Date.now();
    const { result } = await manager.start({ command: `echo started; while [ ! -e ${gate} ]; do sleep 0.02; done; echo done`, timeoutMs: 100 });
    expect(result).toMatchObject({ status: "running", exitCode: null });
    // By its timeoutMs, not the default wait.
    expect(Date.now() - startedAt).toBeLessThan(DEFAULT_TIMEOUT_MS / 2);
    await expect.poll(() => manager.output({ id: result.id }), { timeout: 10_000 }).toMatchObject({ status: "running", output: "started\n" });
    writeFileSync(gate, "");
    const later = await manager.output({ id: result.id, wait: true, timeoutMs: 10_000 });
    expect(later).toMatchObject({ status: "exited", exitCode: 0, output: "started\ndone\n" });
  }, 30_000);

  it("re-attaches a retried start with the same id and refuses another command under it", async () => {
    const manager = new ProcessManager({ home, env });
    const command = `echo run >> ${home}/runs.txt; sleep 0.3`;
    const [first, second] = await Promise.all([manager.start({ command, id: "job-1" }), manager.start({ command, id: "job-1" })]);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect((await manager.start({ command: "cat runs.txt", id: "count" })).result.output).toBe("run\n");
    await expect(manager.start({ command: "echo other", id: "job-1" })).rejects.toMatchObject({ code: "conflict" });
    expect(manager.list().map((process) => process.id).sort()).toEqual(["count", "job-1"]);
  });

  it("terminate and kill reach the whole process group", async () => {
    const manager = new ProcessManager({ home, env });
    for (const signal of ["terminate", "kill"] as const) {
      const { result } = await manager.start({ command: "sleep 30 & echo child=$!; wait", background: true });
      // A background start answers at once: the child's pid comes when the shell has printed it.
      await expect.poll(async () => (await manager.output({ id: result.id })).output, { timeout: 10_000 }).toMatch(/child=\d+/);
      const child = Number(/child=(\d+)/.exec((await manager.output({ id: result.id })).output)![1]);
      manager.signal({ id: result.id, signal });
      const ended = await manager.output({ id: result.id, wait: true, timeoutMs: 5000 });
      expect(ended).toMatchObject({ status: "exited", signal: signal === "kill" ? "SIGKILL" : "SIGTERM" });
      await expect.poll(() => isGone(child), { timeout: 3000 }).toBe(true);
    }
  }, 30_000);

  it("does not stay running for a child left in the background holding the pipes", async () => {
    const manager = new ProcessManager({ home, env });
    const { result } = await manager.start({ command: "sleep 5 & echo bye" });
    expect(result).toMatchObject({ status: "exited", exitCode: 0, output: "bye\n" });
    manager.signal({ id: result.id, signal: "kill" });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(manager.liveGroups()).toEqual([]);
  });

  it("forgets exited processes after the retention, by its clock", async () => {
    let now = 1_000_000;
    const manager = new ProcessManager({ home, env, now: () => now });
    const { result } = await manager.start({ command: "true" });
    now += EXITED_RETENTION_MS - 1;
    expect((await manager.output({ id: result.id })).status).toBe("exited");
    now += 1;
    await expect(manager.output({ id: result.id })).rejects.toMatchObject({ code: "not_found" });
  });

  it("bounds the processes running at once, and refuses a missing folder", async () => {
    const manager = new ProcessManager({ home, env, maxLive: 1 });
    const { result } = await manager.start({ command: "sleep 5", background: true });
    await expect(manager.start({ command: "true" })).rejects.toMatchObject({ code: "conflict" });
    manager.signal({ id: result.id, signal: "kill" });
    await manager.output({ id: result.id, wait: true });
    expect((await manager.start({ command: "true" })).result.exitCode).toBe(0);
    await expect(manager.start({ command: "true", cwd: "no/such" })).rejects.toMatchObject({ code: "bad_request" });
  });
});
