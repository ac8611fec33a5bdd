import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { config } from "@/lib/config";
import { SpawnFailedError, spawnFailureReason } from "@/lib/processes/spawn-failure";
import {
  AGENT_MODULES_INSIDE,
  AGENT_PROGRAM_INSIDE,
  AGENT_SOCKET_NAME,
  agentChannelDir,
  API_SOCKET_NAME,
  CHANNEL_INSIDE,
  MEMORY_EVENTS_INSIDE,
} from "@/lib/sandbox/sandbox-paths";
import { type SandboxedChild, spawnSandboxed } from "@/lib/sandbox/spawn-sandboxed";
import type { LaunchCommand } from "@/lib/sandbox/sandbox-launcher";
import type { WorkspaceSandbox } from "@/lib/sandbox/workspace-sandbox";
import { closeAgentApiRelay, ensureAgentApiRelay } from "@/lib/provisioner/agent-api-relay";
import { AGENT_NATIVE_PACKAGES, ensureAgentBundle, nativePackageDir } from "./agent-bundle";
import { procStatFields } from "@/lib/processes/proc-stat";

// A workspace agent is a separate, detached Node process (the bundled agent, run by node): the
// workspace's "machine". It outlives the provisioner that started it (as a VM would), so it is
// found again by the pid file in the data folder, whichever process asks. In a sandbox the pid is
// bwrap's: its process group holds the agent, and killing it ends the whole PID namespace.

const agentsDir = () => path.join(config().dataDir, "agents");
const pidPath = (agentId: string) => path.join(agentsDir(), `${agentId}.pid`);
const logPath = (agentId: string) => path.join(agentsDir(), `${agentId}.log`);
/** slirp4netns of a sandboxed agent with outbound network. */
const networkPidPath = (agentId: string) => path.join(agentsDir(), `${agentId}.net.pid`);

/**
 * Node flags of the agent: an idle agent is mostly V8's heap reservations, and a small young
 * generation with a capped old one keeps it smaller (bench/sandbox-cost.ts measures each flag).
 * --jitless and --lite-mode would save more but disable WebAssembly, which Node's fetch (undici)
 * needs as soon as Response or Headers are touched: the agent then crashes.
 */
export const AGENT_NODE_FLAGS = ["--max-semi-space-size=1", "--max-old-space-size=64"];

const globalFlags = globalThis as unknown as { __kilnAgentNodeFlags?: string[] };

/** Replaces the agent's node flags for agents started from now on (the benchmark); undefined restores them. */
export function setAgentNodeFlags(flags: string[] | undefined): void {
  globalFlags.__kilnAgentNodeFlags = flags;
}

const agentNodeFlags = () => globalFlags.__kilnAgentNodeFlags ?? AGENT_NODE_FLAGS;

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
    if (procStatFields(stat)[0] === "Z") return false;
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(processMarker(agentId));
  } catch {
    return false;
  }
}

async function readPid(agentId: string, file = pidPath(agentId)): Promise<number | null> {
  try {
    const pid = Number((await readFile(file, "utf8")).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Signals the agent's process group (bwrap, the agent inside), or the process alone if it has none. */
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
function agentEnv(options: { token: string; serverUrl: string; heartbeatMs: number | undefined; listen: string }) {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    KILN_AGENT_URL: options.serverUrl,
    KILN_AGENT_TOKEN: options.token,
    KILN_AGENT_LISTEN: options.listen,
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
 * With a sandbox it runs inside it, reaching the API through a relay socket of this process and
 * listening on a socket of its channel folder; without, it runs as a process of this host.
 * Throws SpawnFailedError ("could not start: …") when the process cannot be started.
 */
export async function startAgentProcess({
  agentId,
  token,
  directory,
  serverUrl,
  heartbeatMs,
  sandbox = null,
}: {
  agentId: string;
  token: string;
  /** The workspace folder on the host: the agent's working directory and where its scripts run. */
  directory: string;
  /** Base URL of the server's API, as the agent (or its relay) reaches it. */
  serverUrl: string;
  /** Overrides the heartbeat interval of the manifest (tests). */
  heartbeatMs?: number;
  sandbox?: WorkspaceSandbox | null;
}): Promise<number> {
  const running = await readPid(agentId);
  if (running !== null && isAgentPid(running, agentId)) {
    // A provisioner restarted since: the agent keeps its process, the relay is this process's.
    if (sandbox) await ensureAgentApiRelay({ agentId, targetUrl: serverUrl });
    return running;
  }

  const channel = agentChannelDir(agentId);
  await Promise.all([mkdir(agentsDir(), { recursive: true }), mkdir(directory, { recursive: true }), mkdir(channel, { recursive: true })]);
  const program = await ensureAgentBundle();
  const output = openSync(logPath(agentId), "a");
  try {
    const hostSocket = path.join(channel, AGENT_SOCKET_NAME);
    let command: LaunchCommand | { file: string; args: string[]; env: Record<string, string> };
    if (sandbox) {
      await ensureAgentApiRelay({ agentId, targetUrl: serverUrl });
      const env: Record<string, string> = {
        // The host part is never dialled: every request goes through the relay socket.
        KILN_AGENT_URL: "http://kiln.invalid",
        KILN_AGENT_API_SOCKET: `${CHANNEL_INSIDE}/${API_SOCKET_NAME}`,
        KILN_AGENT_TOKEN: token,
        KILN_AGENT_LISTEN: `${CHANNEL_INSIDE}/${AGENT_SOCKET_NAME}`,
        KILN_AGENT_ADDRESS: `unix:${hostSocket}`,
      };
      if (heartbeatMs) env.KILN_AGENT_HEARTBEAT_MS = String(heartbeatMs);
      const binds = [
        { source: channel, target: CHANNEL_INSIDE, readOnly: false },
        { source: program, target: AGENT_PROGRAM_INSIDE, readOnly: true },
        // The project's node_modules stays outside: only the native packages the bundle needs.
        ...AGENT_NATIVE_PACKAGES.filter((name) => existsSync(nativePackageDir(name))).map((name) => ({
          source: nativePackageDir(name),
          target: `${AGENT_MODULES_INSIDE}/${name}`,
          readOnly: true,
        })),
      ];
      if (sandbox.limits.kind !== "rlimit") {
        // The agent cannot see its cgroup: its kill counter, read-only, says when a script died for memory.
        binds.push({ source: sandbox.limits.oomFile, target: MEMORY_EVENTS_INSIDE, readOnly: true });
        env.KILN_AGENT_MEMORY_EVENTS = MEMORY_EVENTS_INSIDE;
        env.KILN_AGENT_MEMORY_LIMIT_MB = String(sandbox.limits.memoryMb);
      }
      command = sandbox.command(["/usr/bin/node", ...agentNodeFlags(), AGENT_PROGRAM_INSIDE, processMarker(agentId)], {
        env,
        binds,
        dieWithParent: false,
        ignoreTerm: true,
      });
    } else {
      command = {
        file: process.execPath,
        args: [...agentNodeFlags(), program, processMarker(agentId)],
        env: agentEnv({ token, serverUrl, heartbeatMs, listen: hostSocket }),
      };
    }
    const failed = (error: unknown) => new SpawnFailedError(spawnFailureReason({ error, command: command.file, cwd: directory }));
    let launched: SandboxedChild;
    try {
      const options = { cwd: directory, detached: true, stdio: ["ignore", output, output] as ["ignore", number, number] };
      launched =
        "options" in command
          ? spawnSandboxed(command, options)
          : { child: spawn(command.file, command.args, { ...options, env: command.env as NodeJS.ProcessEnv }), network: null };
    } catch (error) {
      // Invalid arguments throw at once; everything else arrives as an "error" event.
      throw failed(error);
    }
    const { child } = launched;
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", (error) => reject(failed(error)));
    });
    child.unref();
    const pid = child.pid!;
    await writeFile(pidPath(agentId), `${pid}\n`);
    if (launched.network) {
      const network = await launched.network;
      if (network.pid !== null) await writeFile(networkPidPath(agentId), `${network.pid}\n`);
      else writeSync(output, `${new Date().toISOString()} outbound network unavailable: ${network.error}\n`);
    }
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
  const networkPid = await readPid(agentId, networkPidPath(agentId));
  if (networkPid !== null) {
    try {
      // slirp4netns's command line names no agent: its pid is only trusted while its file is.
      if (readFileSync(`/proc/${networkPid}/cmdline`, "utf8").startsWith("slirp4netns")) process.kill(networkPid, "SIGKILL");
    } catch {
      // Gone with the namespace.
    }
    await rm(networkPidPath(agentId), { force: true });
  }
  await closeAgentApiRelay({ agentId });
  await rm(agentChannelDir(agentId), { recursive: true, force: true });
  return wasRunning;
}

/** Whether the agent's process is alive, by its pid file. */
export async function isAgentProcessRunning({ agentId }: { agentId: string }): Promise<boolean> {
  return (await agentProcessPid({ agentId })) !== null;
}

/** The pid of the agent's live process (bwrap's in a sandbox), by its pid file; null when it is not running here. */
export async function agentProcessPid({ agentId }: { agentId: string }): Promise<number | null> {
  const pid = await readPid(agentId);
  return pid !== null && isAgentPid(pid, agentId) ? pid : null;
}
