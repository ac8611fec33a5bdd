"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { WorkspaceAgent } from "@/lib/workspace-agents/schemas";
import { buildTimeline, formatDuration, layoutTimeline, type TimelineBar } from "@/lib/workspaces/build-timeline";
import { buildTimelineData } from "@/lib/workspaces/queries";
import type { WorkspaceBuild } from "@/lib/workspaces/schemas";

const LABEL_WIDTH = 190;
const BAR_AREA = 420;
const DURATION_WIDTH = 90;
const ROW = 22;
const WIDTH = LABEL_WIDTH + BAR_AREA + DURATION_WIDTH;

const BAR_TONE = {
  failed: "fill-red-600",
  running: "fill-amber-500",
  queued: "fill-stone-400 dark:fill-stone-500",
  done: "fill-emerald-600",
};

function tone(bar: TimelineBar): string {
  if (bar.failed) return BAR_TONE.failed;
  if (bar.running) return BAR_TONE.running;
  return bar.kind === "queued" ? BAR_TONE.queued : BAR_TONE.done;
}

function barText(bar: TimelineBar): string {
  return `${bar.label}: ${formatDuration(bar.durationMs)}${bar.running ? " so far" : ""}${bar.failed ? ", failed" : ""}`;
}

/** While a phase runs its bar grows: one clock for the picture, ticking once a second. */
function useNow(isRunning: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!isRunning) return;
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, [isRunning]);
  return now;
}

/**
 * Where a build spent its time: one bar per phase (queued, each build step, each agent's
 * connection, each startup script) on one time axis, the failing one in red. Labels are SVG text,
 * so they can be selected and copied; each bar also says its duration and outcome in words.
 */
export function BuildTimeline({ build, agents }: { build: WorkspaceBuild; agents: WorkspaceAgent[] }) {
  const isRunning = build.job.completedAt === null || agents.some((a) => a.scripts.some((s) => s.startedAt !== null && s.endedAt === null));
  const now = useNow(isRunning);
  const timeline = buildTimeline({ build, agents, now });
  const bars = layoutTimeline({ timeline, width: BAR_AREA, now: now.getTime() - Date.parse(build.job.createdAt) });
  const height = bars.length * ROW + 20;
  return (
    <figure className="flex flex-col gap-1" data-testid="build-timeline">
      <figcaption className="text-sm font-medium">Timeline, {formatDuration(timeline.totalMs)}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} className="w-full max-w-3xl text-xs" role="list" aria-label={`Build #${build.buildNumber} timeline`}>
        {bars.map((bar, index) => (
          <g
            key={`${bar.kind}-${bar.label}-${index}`}
            role="listitem"
            aria-label={barText(bar)}
            data-testid="timeline-bar"
            data-kind={bar.kind}
            data-label={bar.label}
            data-failed={bar.failed}
            data-duration-ms={bar.durationMs}
            transform={`translate(0 ${index * ROW})`}
          >
            <text x={0} y={15} className="fill-stone-800 dark:fill-stone-200">
              {bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label}
            </text>
            <rect x={LABEL_WIDTH + bar.x} y={4} width={bar.width} height={ROW - 8} rx={2} className={tone(bar)} />
            <text x={LABEL_WIDTH + bar.x + bar.width + 4} y={15} className={bar.failed ? "fill-red-700 dark:fill-red-400" : "fill-stone-700 dark:fill-stone-300"}>
              {formatDuration(bar.durationMs)}
              {bar.failed ? " failed" : ""}
            </text>
          </g>
        ))}
        <g aria-hidden="true" transform={`translate(${LABEL_WIDTH} ${bars.length * ROW + 4})`}>
          <line x1={0} x2={BAR_AREA} y1={0} y2={0} className="stroke-stone-400" />
          <text x={0} y={14} className="fill-stone-700 dark:fill-stone-300">
            0
          </text>
          <text x={BAR_AREA} y={14} textAnchor="end" className="fill-stone-700 dark:fill-stone-300">
            {formatDuration(timeline.totalMs)}
          </text>
        </g>
      </svg>
    </figure>
  );
}

/** The timeline of one build fetched by id: the finished create_workspace card shows it. */
export function BuildTimelineById({ buildId }: { buildId: string }) {
  const { data } = useQuery(buildTimelineData(buildId));
  if (!data) return null;
  return <BuildTimeline build={data.build} agents={data.agents} />;
}
