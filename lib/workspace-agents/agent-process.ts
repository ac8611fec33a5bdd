import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";
import { SpawnFailedError, spawnFailureReason } from "@/lib/processes/spawn-failure";

// A workspace agent is a separate, detached Node process: the workspace's "machine". It outlives
// the provisioner that started it (as a VM would), so it is found again by the pid file in the
// data folder, whichever process asks.

const agentsDir = () => path.join(config().dataDir, "agents");
const pidPath = (agentId: string) => path.join(agentsDir(), `${agentId}.pid`);
const logPath = (agentId: string) => path.join(agentsDir(), `${agentId}.log`);

/** Marks an agent's processes in their command line, so a pid reused by another program is never taken for one. */
const processMarker = (agentId: string) => `--kiln-agent-id=${agentId}`;

const POLL_MS = 50;
/** How long to wait for a SIGKILLed group to go away before giving up on it. */
const KILL_WAIT_MS = 5000;

const hasProcFs = existsSync("/proc/self/stat");

/** Whether `pid` is a live (not zombie) process of this agent. Without /proc, liveness alone. */
function isAgentPid(pid: number, agentId: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: another user's process, so not an agent we started.
    return false;
  }
  if (!hasProcFs) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The state letter follows the command name, which is in parentheses and may contain spaces.
    if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") return false;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(processMarker(agentId));
  } catch {
    return false;
  }
}

async function readPid(agentId: string): Promise<number | null> {
  try {
    const pid = Number((await readFile(pidPath(agentId), "utf8")).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Signals the agent's process group (tsx, the agent under it), or the process alone if it has none. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}

async function waitForExit(pid: number, agentId: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAgentPid(pid, agentId)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/**
 * Only what the agent needs: the server's own environment (DATABASE_URL, ...) must not reach the
 * workspace.
 */
function agentEnv(options: { token: string; serverUrl: string; heartbeatMs: number | undefined; root: string }) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    // The project's tsconfig, never one that a workspace folder happens to contain.
    TSX_TSCONFIG_PATH: path.join(options.root, "tsconfig.json"),
    KILN_AGENT_URL: options.serverUrl,
    KILN_AGENT_TOKEN: options.token,
  };
  for (const name of ["HOME", "LANG", "TMPDIR"]) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  if (options.heartbeatMs) env.KILN_AGENT_HEARTBEAT_MS = String(options.heartbeatMs);
  return env;
}

/**
 * Starts the agent for `agentId`, detached in its own process group, with its output appended
 * to `<dataDir>/agents/<agentId>.log` and its pid in `<agentId>.pid`. Returns the pid. An agent
 * already running for this id is kept and its pid returned, so a retried start never makes two.
 * Throws SpawnFailedError ("could not start: …") when the process cannot be started.
 */
export async function startAgentProcess({
  agentId,
  token,
  directory,
  serverUrl,
  heartbeatMs,
}: {
  agentId: string;
  token: string;
  /** The workspace folder: the agent's working directory and where its scripts run. */
  directory: string;
  /** Base URL of the server's API, as the agent reaches it. */
  serverUrl: string;
  /** Overrides the heartbeat interval of the manifest (tests). */
  heartbeatMs?: number;
}): Promise<number> {
  const running = await readPid(agentId);
  if (running !== null && isAgentPid(running, agentId)) return running;

  await Promise.all([mkdir(agentsDir(), { recursive: true }), mkdir(directory, { recursive: true })]);
  const root = process.cwd();
  const output = openSync(logPath(agentId), "a");
  try {
    const failed = (error: unknown) => new SpawnFailedError(spawnFailureReason({ error, command: process.execPath, cwd: directory }));
    let child: ReturnType<typeof spawn>;
    try {
      // Through the current node rather than the tsx shebang, which would need node on PATH.
      child = spawn(
        process.execPath,
        [path.join(root, "node_modules/.bin/tsx"), path.join(root, "lib/agent-program/main.ts"), processMarker(agentId)],
        {
          cwd: directory,
          detached: true,
          stdio: ["ignore", output, output],
          env: agentEnv({ token, serverUrl, heartbeatMs, root }) as NodeJS.ProcessEnv,
        },
      );
    } catch (error) {
      // Invalid arguments throw at once; everything else arrives as an "error" event.
      throw failed(error);
    }
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", (error) => reject(failed(error)));
    });
    child.unref();
    const pid = child.pid!;
    await writeFile(pidPath(agentId), `${pid}\n`);
    return pid;
  } finally {
    closeSync(output);
  }
}

/**
 * Stops the agent: SIGTERM (it reports shutting_down and off, then exits), SIGKILL to its group
 * after `graceMs`. Resolves once it is gone; returns whether it had been running.
 */
export async function stopAgentProcess({ agentId, graceMs = 10_000 }: { agentId: string; graceMs?: number }): Promise<boolean> {
  const pid = await readPid(agentId);
  if (pid === null) return false;
  const wasRunning = isAgentPid(pid, agentId);
  if (wasRunning) {
    signalGroup(pid, "SIGTERM");
    // Only while the leader lives is the group surely still ours: a group whose leader is gone
    // and reaped can have its id reused, so a clean exit is not followed by a blind SIGKILL.
    if (!(await waitForExit(pid, agentId, graceMs))) {
      signalGroup(pid, "SIGKILL");
      await waitForExit(pid, agentId, KILL_WAIT_MS);
    }
  }
  await rm(pidPath(agentId), { force: true });
  return wasRunning;
}

/** Whether the agent's process is alive, by its pid file. */
export async function isAgentProcessRunning({ agentId }: { agentId: string }): Promise<boolean> {
  const pid = await readPid(agentId);
  return pid !== null && isAgentPid(pid, agentId);
}
