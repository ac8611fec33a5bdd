import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { signalGroup } from "./support/process-group";

/** How long agents get to shut down on SIGTERM (report `off`, stop their scripts) before SIGKILL. */
const GRACE_MS = 3000;
const POLL_MS = 100;

/**
 * Agents are detached process groups that outlive the server by design (a workspace's "machine"),
 * so a run would leave every workspace it started running. This stops the groups of every pid
 * file in the run's data folder: SIGTERM, then SIGKILL for those still there after GRACE_MS.
 */
export default async function globalTeardown() {
  const dataDir = process.env.KILN_E2E_DATA_DIR;
  if (!dataDir) return;
  // The run's server, and any extra servers a spec started (e2e/support/next-server.ts).
  const extra = await readdir(path.join(dataDir, "servers")).catch(() => [] as string[]);
  const agentDirs = [path.join(dataDir, "agents"), ...extra.map((name) => path.join(dataDir, "servers", name, "agents"))];
  const groups = (await Promise.all(agentDirs.map(agentGroups))).flat();

  for (const { pid } of groups) signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + GRACE_MS;
  while (groups.some(({ pid }) => groupExists(pid)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  for (const { pid } of groups) if (groupExists(pid)) signalGroup(pid, "SIGKILL");
}

/** The agents whose pid files are in `agentsDir`, still running. */
async function agentGroups(agentsDir: string): Promise<{ agentId: string; pid: number }[]> {
  const files = await readdir(agentsDir).catch(() => [] as string[]);
  const groups = await Promise.all(
    files
      .filter((file) => file.endsWith(".pid"))
      .map(async (file) => ({
        agentId: file.slice(0, -".pid".length),
        pid: Number((await readFile(path.join(agentsDir, file), "utf8").catch(() => "")).trim()),
      })),
  );
  return groups.filter(({ pid, agentId }) => Number.isInteger(pid) && pid > 0 && isAgentGroup(pid, agentId));
}

/**
 * Whether `pid` still names the agent's process group. A pid is not handed out again while a
 * group of that id has members, so members without a (live) leader are still the agent's; a live
 * leader must carry the agent's marker in its command line, or the pid now belongs to something
 * else. Without /proc (macOS), liveness alone, as lib/workspace-agents/agent-process.ts does.
 */
function isAgentGroup(pid: number, agentId: string): boolean {
  if (!groupExists(pid)) return false;
  const stat = readProc(pid, "stat");
  // The state letter follows the command name, which is in parentheses and may contain spaces.
  if (stat === null || stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") return true;
  const cmdline = readProc(pid, "cmdline");
  return cmdline === null || cmdline.split("\0").includes(`--kiln-agent-id=${agentId}`);
}

function groupExists(pgid: number): boolean {
  try {
    // Signal 0 to -pgid: checks that some process of the group is there, sends nothing.
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null;
  }
}
