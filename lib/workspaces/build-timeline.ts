import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import type { WorkspaceBuild } from "./schemas";

export type TimelinePhaseKind = "queued" | "step" | "agent" | "script";

/** One bar of the build timeline: times in ms since the job was created. */
export type TimelinePhase = {
  kind: TimelinePhaseKind;
  label: string;
  startMs: number;
  /** Null while the phase is still running; the bar then reaches `now`. */
  endMs: number | null;
  failed: boolean;
};

export type BuildTimeline = {
  phases: TimelinePhase[];
  /** The axis length in ms: the latest end (or `now` while something runs). */
  totalMs: number;
};

const SCRIPT_FAILURES = new Set(["failed", "timed_out"]);

/**
 * The phases of a build, in the order they happen: waiting in the queue, each build step as the
 * provisioner stored it, each agent's connection, each startup script. Durations come straight
 * from the stored times, so the picture says what the database says. `now` closes running bars.
 */
export function buildTimeline({
  build,
  agents,
  now,
}: {
  build: WorkspaceBuild;
  agents: WorkspaceAgent[];
  now: Date;
}): BuildTimeline {
  const origin = Date.parse(build.job.createdAt);
  const at = (iso: string | null) => (iso === null ? null : Date.parse(iso) - origin);
  const nowMs = now.getTime() - origin;
  const phases: TimelinePhase[] = [];
  const jobEnded = build.job.completedAt !== null;

  // A job canceled before it was picked up ends its wait when it completes.
  const queuedEnd = at(build.job.startedAt) ?? (jobEnded ? at(build.job.completedAt) : null);
  phases.push({ kind: "queued", label: "queued", startMs: 0, endMs: queuedEnd, failed: false });
  for (const timing of build.timings) {
    const endMs = at(timing.endedAt);
    phases.push({
      kind: "step",
      label: timing.stage,
      startMs: at(timing.startedAt)!,
      // A step left open by a job that ended (a crash) ends with the job.
      endMs: endMs ?? (jobEnded ? at(build.job.completedAt) : null),
      failed: timing.endedAt !== null ? timing.exitCode !== 0 : jobEnded,
    });
  }
  // Agents belong to a start build; the ones listed on a stop build are those of an earlier start.
  if (build.transition === "start" && build.job.completedAt !== null) {
    const buildEnd = at(build.job.completedAt)!;
    for (const agent of agents) {
      const connected = at(agent.firstConnectedAt);
      if (connected !== null || build.status === "succeeded") {
        phases.push({
          kind: "agent",
          label: `${agent.name}: connect`,
          startMs: buildEnd,
          endMs: connected === null ? null : Math.max(connected, buildEnd),
          failed: agent.status === "timeout",
        });
      }
      for (const script of agent.scripts) {
        const startMs = at(script.startedAt);
        if (startMs === null) continue;
        phases.push({
          kind: "script",
          label: `${agent.name}: ${script.name}`,
          startMs,
          endMs: at(script.endedAt),
          failed: SCRIPT_FAILURES.has(script.status),
        });
      }
    }
  }
  const ends = phases.map((phase) => phase.endMs ?? Math.max(nowMs, phase.startMs));
  return { phases, totalMs: Math.max(1, ...ends) };
}

/** "850 ms", "12.3 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export type TimelineBar = TimelinePhase & { x: number; width: number; durationMs: number; running: boolean };

/**
 * Where each bar goes on an axis `width` units wide. Bars are at least `minWidth` wide, so that a
 * step of a few milliseconds is still seen; running bars reach `now`.
 */
export function layoutTimeline({
  timeline,
  width,
  now,
  minWidth = 2,
}: {
  timeline: BuildTimeline;
  width: number;
  /** The same instant as given to buildTimeline, as ms since the job was created. */
  now: number;
  minWidth?: number;
}): TimelineBar[] {
  const scale = width / timeline.totalMs;
  return timeline.phases.map((phase) => {
    const end = phase.endMs ?? Math.max(now, phase.startMs);
    const durationMs = end - phase.startMs;
    const x = phase.startMs * scale;
    return { ...phase, x, width: Math.max(minWidth, durationMs * scale), durationMs, running: phase.endMs === null };
  });
}
