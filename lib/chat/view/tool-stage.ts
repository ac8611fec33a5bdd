import type { Workspace } from "@/lib/workspaces/schemas";
import { chatAgent } from "./workspace-state";

/** What the running workspace tool is waiting for, and how far its build is. */
export type ToolStage = {
  label: string;
  /** Steps begun of all the build runs, while it runs; null when it has no steps (a stop). */
  step: { current: number; total: number } | null;
  /** Since the bound build's job started, while it runs. */
  elapsedMs: number | null;
  /** The bound build while it can still be canceled (pending or running). */
  cancelableBuildId: string | null;
};

export const STAGE_LABELS = {
  starting: "Starting…",
  queued: "Waiting in build queue…",
  building: "Building workspace…",
  stopping: "Stopping workspace…",
  connecting: "Waiting for the agent to connect…",
  scripts: "Running startup scripts…",
  finishing: "Finishing…",
} as const;

const NO_PROGRESS = { step: null, elapsedMs: null, cancelableBuildId: null };

/**
 * The stage of a running create/start/stop call, from the chat's binding and its workspace.
 * The binding moves to the tool's build only once the tool has made it, so a bound build the
 * tool cannot be waiting for (the wrong transition, or already failed) reads "Starting…".
 * `now` comes from the caller, which ticks it.
 */
export function toolStage({
  toolName,
  workspace,
  buildId,
  agentId,
  now,
}: {
  toolName: string;
  workspace: Workspace | null;
  buildId: string | null;
  agentId: string | null;
  now: number;
}): ToolStage {
  const build = workspace?.latestBuild;
  const isStop = toolName === "stop_workspace";
  const isToolsBuild =
    workspace && build?.id === buildId && build.transition === (isStop ? "stop" : "start") && build.status !== "failed" && build.status !== "canceled";
  if (!workspace || !build || !isToolsBuild) return { label: STAGE_LABELS.starting, ...NO_PROGRESS };
  if (build.status === "pending") return { label: STAGE_LABELS.queued, ...NO_PROGRESS, cancelableBuildId: build.id };
  if (build.status === "running" || build.status === "canceling") {
    const startedAt = build.job.startedAt ? Date.parse(build.job.startedAt) : null;
    return {
      label: isStop ? STAGE_LABELS.stopping : STAGE_LABELS.building,
      step: build.stepCount > 0 ? { current: Math.min(build.timings.length, build.stepCount), total: build.stepCount } : null,
      elapsedMs: startedAt === null ? null : Math.max(0, now - startedAt),
      cancelableBuildId: build.status === "running" ? build.id : null,
    };
  }
  // The build succeeded. A stop call is done with it; a create or start call waits for the agent
  // and then its startup scripts. Progress is the build's, so it ends with the build: a start on
  // a running workspace waits on a build that finished long ago.
  if (isStop) return { label: STAGE_LABELS.stopping, ...NO_PROGRESS };
  const agent = chatAgent(workspace, agentId);
  if (!agent) return { label: STAGE_LABELS.finishing, ...NO_PROGRESS };
  if (agent.status !== "connected") return { label: STAGE_LABELS.connecting, ...NO_PROGRESS };
  if (agent.lifecycleState === "created" || agent.lifecycleState === "starting") return { label: STAGE_LABELS.scripts, ...NO_PROGRESS };
  return { label: STAGE_LABELS.finishing, ...NO_PROGRESS };
}

/** "42s", "3m 05s", "1h 02m": short enough to tick every second next to the stage. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}
