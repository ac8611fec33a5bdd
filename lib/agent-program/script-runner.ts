import { mkdir } from "node:fs/promises";
import type { AgentLogLine, AgentManifestScript, AgentScriptStatus } from "../workspace-agents/schemas";
import { mapWithConcurrency } from "../processes/map-with-concurrency";
import { runScript, type ScriptOutcome } from "../processes/run-script";
import { readOomKillCount } from "../sandbox/oom-kills";

/**
 * Most startup scripts running at once. Each takes a process and three pipes; thousands started
 * together exhausted the agent's file descriptors (EMFILE) and crashed it. Scripts that leave a
 * server in the background end, so they do not hold a slot.
 */
export const MAX_CONCURRENT_SCRIPTS = 32;

/** The workspace's memory limit and the cgroup counter of processes the kernel killed for it. */
export type MemoryLimit = { limitMb: number; eventsFile: string };

export type ScriptResult = {
  id: string;
  status: AgentScriptStatus;
  exitCode: number | null;
  startedAt: string;
  endedAt: string;
};

function resultStatus(outcome: ScriptOutcome): { status: AgentScriptStatus; exitCode: number | null } {
  switch (outcome.kind) {
    case "exited":
      return { status: outcome.exitCode === 0 ? "succeeded" : "failed", exitCode: outcome.exitCode };
    case "timeout":
      return { status: "timed_out", exitCode: null };
    case "aborted":
      return { status: "canceled", exitCode: null };
    case "spawn_error":
      return { status: "failed", exitCode: null };
  }
}

/** The agent's own line after a script that ended without an exit code, so users see why. */
function outcomeLine(script: AgentManifestScript, outcome: ScriptOutcome): string | null {
  if (outcome.kind === "timeout") return `${script.name}: timed out after ${script.timeoutSeconds}s`;
  if (outcome.kind === "spawn_error") return `${script.name}: could not start: ${outcome.message}`;
  return null;
}

/**
 * Runs the startup scripts in parallel, at most `concurrency` at once in manifest order, each in
 * its own process group with its own timeout, in `cwd` with exactly `env`. Every output line goes
 * to `onLine` as it is written (stderr as level error). Processes a script leaves in the
 * background keep running: a dev server started with `&` is what startup scripts are for.
 */
export async function runStartupScripts({
  scripts,
  cwd,
  env,
  signal,
  onLine,
  onProcessGroup,
  memory,
  concurrency = MAX_CONCURRENT_SCRIPTS,
}: {
  scripts: AgentManifestScript[];
  cwd: string;
  env: Record<string, string>;
  signal?: AbortSignal;
  onLine: (line: AgentLogLine) => void;
  /** Each script's process group, which outlives it when it leaves something running. */
  onProcessGroup?: (pgid: number) => void;
  /** In a sandbox with a memory cgroup: a script that fails while its count rises was killed for memory. */
  memory?: MemoryLimit;
  /** Most scripts running at once. */
  concurrency?: number;
}): Promise<ScriptResult[]> {
  // The workspace folder is the machine's disk: it exists before anything runs in it.
  await mkdir(cwd, { recursive: true });
  // A script still waiting for a slot when the shutdown comes is not started: runScript answers
  // "aborted" for an aborted signal without spawning, so it ends as canceled.
  return mapWithConcurrency(scripts, {
    concurrency,
    work: async (script): Promise<ScriptResult> => {
      const startedAt = new Date().toISOString();
      const killsBefore = memory ? await readOomKillCount(memory.eventsFile) : null;
      const outcome = await runScript({
        script: script.script,
        cwd,
        env,
        timeoutSeconds: script.timeoutSeconds,
        signal,
        killLeftovers: false,
        onSpawn: onProcessGroup,
        onLine: (output, stream) =>
          onLine({ scriptId: script.id, level: stream === "stderr" ? "error" : "info", output, createdAt: new Date().toISOString() }),
      });
      const note = outcomeLine(script, outcome);
      if (note) onLine({ scriptId: script.id, level: "error", output: note, createdAt: new Date().toISOString() });
      if (memory && killsBefore !== null && outcome.kind === "exited" && outcome.exitCode !== 0) {
        // The kernel kills without a word; only the cgroup's counter says a process went over.
        const killsAfter = await readOomKillCount(memory.eventsFile);
        if (killsAfter !== null && killsAfter > killsBefore) {
          const output = `${script.name}: a process was killed: the workspace went over its memory limit of ${memory.limitMb} MB`;
          onLine({ scriptId: script.id, level: "error", output, createdAt: new Date().toISOString() });
        }
      }
      return { id: script.id, ...resultStatus(outcome), startedAt, endedAt: new Date().toISOString() };
    },
  });
}

/** The lifecycle state a finished startup ends in: any timeout wins over any failure. */
export function startupState(results: ScriptResult[]): "ready" | "start_error" | "start_timeout" {
  if (results.some((result) => result.status === "timed_out")) return "start_timeout";
  if (results.some((result) => result.status !== "succeeded")) return "start_error";
  return "ready";
}
